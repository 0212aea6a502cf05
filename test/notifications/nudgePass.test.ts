import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { parseSeed } from '../../bot/adapters/seed/seedFile';
import { createSeedDirectories, type SeedDirectories } from '../../bot/adapters/seed/seedDirectories';
import { openSqliteStore, SQLITE_FILE_NAME, type SqliteStore } from '../../bot/adapters/sqlite/sqliteStore';
import { createLogger } from '../../bot/runtime/logger';
import { NudgeSync, type NudgePassLimits } from '../../bot/notifications/nudgeSync';
import { systemClock, UpstreamUnavailableError, type NudgeStore } from '../../bot/core';
import { tempDir } from '../support/botUnderTest';
import { largeWorld, prefillConversations, storedConversation, type LargeWorld } from '../support/largeWorld';

const CHANNEL = 'http://127.0.0.1:9/';

/** A NudgeSync over a real SQLite store and seed directories, with what it asked of them counted. */
function passOver(
  world: LargeWorld,
  limits: Partial<NudgePassLimits>,
  options: { recordDigests?: NudgeStore['recordDigests']; unreadable?: string } = {},
) {
  const dir = tempDir();
  const store = openSqliteStore({ dataDir: dir });
  const seed = createSeedDirectories(parseSeed(world.seed, 'large world'));
  const calls = {
    listOwners: new Map<string, number>(),
    listSubscriptions: new Map<string, number>(),
    batches: [] as number[],
  };
  const count = (m: Map<string, number>, key: string) => m.set(key, (m.get(key) ?? 0) + 1);
  const directory: SeedDirectories = {
    ...seed,
    listOwners: async (tenantId) => {
      count(calls.listOwners, tenantId);
      if (tenantId === options.unreadable) throw new UpstreamUnavailableError('graph', '503');
      return seed.listOwners(tenantId);
    },
    listSubscriptions: async (tenantId) => {
      count(calls.listSubscriptions, tenantId);
      return seed.listSubscriptions(tenantId);
    },
  };
  const nudges: NudgeStore = {
    ...store,
    recordDigests: async (batch, now) => {
      calls.batches.push(batch.length);
      return (options.recordDigests ?? store.recordDigests)(batch, now);
    },
  };
  const queuedRings: number[] = [];
  const sync = new NudgeSync({
    roles: directory,
    subscriptions: directory,
    store,
    conversations: store,
    nudges,
    clock: systemClock,
    log: createLogger('silent'),
    onQueued: () => queuedRings.push(Date.now()),
    limits,
  });
  return {
    sync,
    store,
    dataDir: dir,
    calls,
    queuedRings,
    async close() {
      await sync.stop();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The digests queued, as "tenant/person", read through the outbox. */
async function queued(store: SqliteStore): Promise<string[]> {
  const messages = await store.claimDue(
    new Date(Date.now() + 60_000).toISOString(),
    new Date(Date.now() + 120_000).toISOString(),
    1_000_000,
  );
  return messages.map((m) =>
    m.channel === 'teams' && m.payload.kind === 'nudgeDigest'
      ? `${m.payload.to.tenantId}/${m.payload.to.aadObjectId}`
      : 'other',
  );
}

/** What the digests covered, as "tenant/person/subscription": the nudge rows, read beside the store. */
function covered(dataDir: string): string[] {
  const db = new BetterSqlite3(path.join(dataDir, SQLITE_FILE_NAME), { readonly: true });
  try {
    const rows = db
      .prepare('SELECT tenant_id, aad_object_id, subscription_id FROM nudges WHERE nudged_at IS NOT NULL')
      .all() as Record<string, string>[];
    return rows.map((r) => `${r.tenant_id}/${r.aad_object_id}/${r.subscription_id}`);
  } finally {
    db.close();
  }
}

describe('notifications: the nudge pass, in slices', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of cleanups.splice(0)) await close();
  });
  const setUp = (...args: Parameters<typeof passOver>) => {
    const pass = passOver(...args);
    cleanups.push(() => pass.close());
    return pass;
  };

  it('sends every owner with a chat one digest covering the subscriptions without a partner, in batches, reading each tenant once', async () => {
    const world = largeWorld({ tenants: 40, subscriptionsPerTenant: 5, withPartner: 2 });
    // Several owners in one tenant, whose chats fall across pages; a member's chat, who is not nudged.
    const big = world.seed.tenants[7]!;
    const extraOwners = [
      'c1000000-0000-4000-8000-000000000001',
      'c1000000-0000-4000-8000-000000000002',
      'c1000000-0000-4000-8000-000000000003',
    ];
    big.users.push(
      ...extraOwners.map((id, i) => ({
        aadObjectId: id,
        name: `Extra owner ${i}`,
        email: `extra${i}@big.example`,
        role: 'owner' as const,
      })),
    );
    big.users.push({
      aadObjectId: 'c2000000-0000-4000-8000-000000000001',
      name: 'Member',
      email: 'member@big.example',
      role: 'member',
    });
    const pass = setUp(world, { pageSize: 3, batchSize: 7, sliceMs: 0 });
    // Every tenant but the last two installed.
    await prefillConversations(pass.store, world, { serviceUrl: CHANNEL, installed: world.tenants - 2 });
    const chat = storedConversation(world, 7, CHANNEL, new Date().toISOString());
    for (const id of [...extraOwners, 'c2000000-0000-4000-8000-000000000001']) {
      await pass.store.saveReference({ ...chat, aadObjectId: id, conversationId: `a:personal-${id}` });
    }

    const owners = world.tenants - 2 + extraOwners.length;
    assert.equal(await pass.sync.runOnce(), owners);
    const digests = await queued(pass.store);
    assert.equal(new Set(digests).size, digests.length, 'a digest was queued twice');
    assert.equal(digests.length, owners);
    assert.ok(digests.includes(`${world.tenantId(7)}/${extraOwners[2]}`));
    const nudged = covered(pass.dataDir);
    assert.equal(nudged.length, owners * world.withoutPartner);
    assert.ok(nudged.includes(`${world.tenantId(7)}/${extraOwners[2]}/${world.subscriptionId(7, 4)}`));
    assert.ok(!nudged.some((n) => n.includes('c2000000-')), 'a member was nudged');
    assert.ok(
      !nudged.some((n) => n.endsWith('-sub-1') || n.endsWith('-sub-2')),
      'a subscription with a partner was nudged',
    );
    assert.ok(
      !nudged.some((n) => n.startsWith(`${world.tenantId(world.tenants - 1)}/`)),
      'a tenant without a chat was nudged',
    );

    assert.ok(Math.max(...pass.calls.batches) <= 7, `a batch of ${Math.max(...pass.calls.batches)}`);
    // Once per installed tenant: never per owner, and never for a tenant where nobody has a chat.
    assert.equal(pass.calls.listOwners.size, world.tenants - 2);
    assert.ok([...pass.calls.listOwners.values(), ...pass.calls.listSubscriptions.values()].every((n) => n === 1));
    assert.ok(pass.queuedRings.length > 1, 'the outbox is woken as digests are queued, not only at the end');

    // Every later pass finds nothing new.
    assert.equal(await pass.sync.runOnce(), 0);
  });

  it('lets the event loop run between slices, and runs one pass at a time', async () => {
    const world = largeWorld({ tenants: 300, subscriptionsPerTenant: 3 });
    const pass = setUp(world, { batchSize: 10, sliceMs: 0 });
    await prefillConversations(pass.store, world, { serviceUrl: CHANNEL });
    let finished = false;
    const running = pass.sync.runOnce();
    void running.then(() => (finished = true));
    assert.equal(pass.sync.runOnce(), running, 'a second pass started while one runs');
    // A timer is a macrotask: it runs only if the pass gives the event loop back before it ends.
    let timersRun = 0;
    while (!finished && timersRun < 5) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (!finished) timersRun += 1;
    }
    assert.equal(timersRun, 5, 'the pass ran to its end without letting timers run');
    assert.equal(await running, world.tenants);
  });

  it('ends a running pass between two slices when stopped; the next pass queues the rest, each digest once', async () => {
    const world = largeWorld({ tenants: 500, subscriptionsPerTenant: 3 });
    const first = setUp(world, { batchSize: 10, sliceMs: 0 });
    await prefillConversations(first.store, world, { serviceUrl: CHANNEL });
    let finished = false;
    const running = first.sync.runOnce().finally(() => (finished = true));
    // Stopped once it has queued some.
    while (first.queuedRings.length < 2 && !finished) await new Promise((resolve) => setTimeout(resolve, 0));
    await first.sync.stop();
    const before = await running;
    assert.ok(before > 0 && before < world.tenants, `the stopped pass queued ${before}`);

    // A new process over the same store (the next start).
    const recorded = await queued(first.store);
    assert.equal(recorded.length, before);
    const store = openSqliteStore({ dataDir: first.dataDir });
    const seed = createSeedDirectories(parseSeed(world.seed, 'large world'));
    const next = new NudgeSync({
      roles: seed,
      subscriptions: seed,
      store,
      conversations: store,
      nudges: store,
      clock: systemClock,
      log: createLogger('silent'),
      onQueued: () => undefined,
    });
    try {
      assert.equal(await next.runOnce(), world.tenants - before);
      const all = await queued(store);
      assert.equal(new Set([...recorded, ...all]).size, world.tenants);
      assert.equal(covered(first.dataDir).length, world.tenants * 3);
    } finally {
      await store.close();
    }
  });

  it("records the other tenants of a batch when the store refuses one tenant's digests", async () => {
    const world = largeWorld({ tenants: 20, subscriptionsPerTenant: 2 });
    const refused = world.tenantId(5);
    let pass: ReturnType<typeof passOver> | undefined;
    pass = setUp(
      world,
      { batchSize: 8, sliceMs: 0 },
      {
        recordDigests: async (batch, now) => {
          if (batch.some((n) => n.recipient.tenantId === refused))
            throw new TypeError('An outbox payload must be JSON-serialisable');
          return pass!.store.recordDigests(batch, now);
        },
      },
    );
    await prefillConversations(pass.store, world, { serviceUrl: CHANNEL });
    assert.equal(await pass.sync.runOnce(), world.tenants - 1);
    const digests = await queued(pass.store);
    assert.ok(!digests.some((n) => n.startsWith(`${refused}/`)));
    assert.equal(digests.length, world.tenants - 1);
    assert.equal(covered(pass.dataDir).length, (world.tenants - 1) * 2);
  });

  it('skips a tenant whose directory cannot be read now, and nudges the others', async () => {
    const world = largeWorld({ tenants: 10, subscriptionsPerTenant: 2 });
    const pass = setUp(world, { batchSize: 5, sliceMs: 0 }, { unreadable: world.tenantId(3) });
    await prefillConversations(pass.store, world, { serviceUrl: CHANNEL });
    assert.equal(await pass.sync.runOnce(), world.tenants - 1);
    assert.ok(!(await queued(pass.store)).some((n) => n.startsWith(`${world.tenantId(3)}/`)));
  });
});
