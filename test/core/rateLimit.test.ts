import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSeedDirectories, type SeedDirectories } from '../../bot/adapters/seed/seedDirectories';
import { loadSeedFile } from '../../bot/adapters/seed/seedFile';
import { openSqliteStore, type SqliteStore } from '../../bot/adapters/sqlite/sqliteStore';
import {
  isDomainError,
  PartnerOfRecordService,
  type Actor,
  type ActionRateLimiter,
  type RateLimitDecision,
} from '../../bot/core';
import { DEMO } from '../support/demoSeed';

const DEMO_SEED = path.join(__dirname, '..', '..', 'deployment', 'demo-seed.json');
const OWNER: Actor = { tenantId: DEMO.contoso, aadObjectId: DEMO.users.owner };
const MEMBER: Actor = { tenantId: DEMO.contoso, aadObjectId: DEMO.users.member };

/** A limiter the test opens and closes, recording what it was asked. */
class SwitchLimiter implements ActionRateLimiter {
  open = true;
  readonly asked: { actor: Actor; key: string | undefined }[] = [];
  async take(actor: Actor, options: { key?: string } = {}): Promise<RateLimitDecision> {
    this.asked.push({ actor, key: options.key });
    return this.open ? { allowed: true } : { allowed: false, retryAfterSeconds: 42 };
  }
}

async function slowDownOf(work: () => Promise<unknown>): Promise<number> {
  try {
    await work();
  } catch (err) {
    if (isDomainError(err, 'slowDown')) return (err.detail as { retryAfterSeconds: number }).retryAfterSeconds;
    throw err;
  }
  assert.fail('expected slowDown');
}

describe('PartnerOfRecordService with a rate limiter', () => {
  let dirs: SeedDirectories;
  let dataDir: string;
  let store: SqliteStore;
  let limiter: SwitchLimiter;
  let service: PartnerOfRecordService;

  beforeEach(() => {
    dirs = createSeedDirectories(loadSeedFile(DEMO_SEED));
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'por-limit-'));
    store = openSqliteStore({ dataDir });
    limiter = new SwitchLimiter();
    service = new PartnerOfRecordService({
      subscriptions: dirs,
      roles: dirs,
      partners: dirs,
      store,
      clock: { now: () => new Date() },
      rateLimiter: limiter,
    });
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const attachCrm = (idempotencyKey = randomUUID(), expectedVersion = 0) =>
    service.attach(OWNER, {
      subscriptionId: DEMO.subscriptions.crm,
      expectedVersion,
      partnerId: DEMO.partners.wingtip,
      idempotencyKey,
    });

  it('refuses attach, change, remove and Check ID with slowDown and the wait, writing nothing', async () => {
    limiter.open = false;
    const sub = DEMO.subscriptions.o365; // has a partner in the seed
    assert.equal(await slowDownOf(() => attachCrm()), 42);
    assert.equal(
      await slowDownOf(() =>
        service.change(OWNER, {
          subscriptionId: sub,
          expectedVersion: 0,
          partnerId: DEMO.partners.wingtip,
          idempotencyKey: randomUUID(),
        }),
      ),
      42,
    );
    assert.equal(
      await slowDownOf(() =>
        service.remove(OWNER, { subscriptionId: sub, expectedVersion: 0, idempotencyKey: randomUUID() }),
      ),
      42,
    );
    assert.equal(await slowDownOf(() => service.checkPartner(OWNER, sub, DEMO.partners.wingtip)), 42);
    for (const id of [DEMO.subscriptions.crm, sub]) assert.deepEqual(await store.history(DEMO.contoso, id), []);
  });

  it("counts each change by its subscription and idempotency key, as the directory's tenant and the person", async () => {
    const key = randomUUID();
    await service.attach(
      { tenantId: DEMO.contoso.toUpperCase(), aadObjectId: DEMO.users.owner },
      {
        subscriptionId: DEMO.subscriptions.crm,
        expectedVersion: 0,
        partnerId: DEMO.partners.wingtip,
        idempotencyKey: key,
      },
    );
    assert.deepEqual(
      limiter.asked.map((a) => [a.actor.tenantId, a.actor.aadObjectId, a.key]),
      [[DEMO.contoso, DEMO.users.owner, `${DEMO.subscriptions.crm}:${key}`]],
    );
  });

  it("does not count people who may not act: their refusal is notOwner, and the organization's allowance is untouched", async () => {
    await assert.rejects(
      service.attach(MEMBER, {
        subscriptionId: DEMO.subscriptions.crm,
        expectedVersion: 0,
        partnerId: DEMO.partners.wingtip,
        idempotencyKey: randomUUID(),
      }),
      (err) => isDomainError(err, 'notOwner'),
    );
    await assert.rejects(service.checkPartner(MEMBER, DEMO.subscriptions.crm, DEMO.partners.wingtip), (err) =>
      isDomainError(err, 'notOwner'),
    );
    assert.equal(limiter.asked.length, 0);
  });

  it('answers a repeat of an applied change as that change even when the limiter refuses (its key long forgotten)', async () => {
    const key = randomUUID();
    const first = await attachCrm(key);
    limiter.open = false;
    const again = await attachCrm(key);
    assert.equal(again.firstTime, false);
    assert.deepEqual(again.audit, first.audit);
    assert.equal((await store.history(DEMO.contoso, DEMO.subscriptions.crm)).length, 1);
  });

  it('answers a stale request as stale rather than slowDown when the limiter refuses: it could not write anyway', async () => {
    await attachCrm();
    limiter.open = false;
    await assert.rejects(attachCrm(randomUUID(), 0), (err) => isDomainError(err, 'stale'));
    // At the current version it would write, so it is held back.
    assert.equal(
      await slowDownOf(() =>
        service.change(OWNER, {
          subscriptionId: DEMO.subscriptions.crm,
          expectedVersion: 1,
          partnerId: DEMO.partners.litware,
          idempotencyKey: randomUUID(),
        }),
      ),
      42,
    );
  });

  it('works without a limiter, as services built by hand do: no limit at all', async () => {
    const unlimited = new PartnerOfRecordService({
      subscriptions: dirs,
      roles: dirs,
      partners: dirs,
      store,
      clock: { now: () => new Date() },
    });
    for (let i = 0; i < 100; i++) await unlimited.checkPartner(OWNER, DEMO.subscriptions.crm, DEMO.partners.wingtip);
  });
});
