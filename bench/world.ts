import { closeSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import { openSqliteStore, SQLITE_FILE_NAME } from '../bot/adapters/sqlite/sqliteStore';
import { SERVICES } from '../bot/core';
import { BenchUser } from './harness';
import { progress } from './progress';

/**
 * A large world, written straight to disk: the seed file (tenants, each with one owner and its subscriptions) and
 * the SQLite store a bot has after a long life (every owner's chat stored, every subscription with a partner of
 * record attached: its assignment and audit entry), filled with bulk inserts rather than through the bot.
 * The store is created by the bot's own openSqliteStore first, so its schema is whatever the current code makes.
 */

export interface WorldShape {
  tenants: number;
  subscriptionsPerTenant: number;
  partners: number;
}

const hex12 = (n: number): string => n.toString(16).padStart(12, '0');
const HISTORY_START = Date.parse('2024-01-01T00:00:00Z');

export class World {
  readonly seedFile: string;
  readonly dataDir: string;
  readonly dbFile: string;

  constructor(
    readonly dir: string,
    readonly shape: WorldShape,
    /** The channel every stored chat points at (the bench's channel stand-in). */
    readonly channelUrl: string,
  ) {
    this.seedFile = path.join(dir, 'seed.json');
    this.dataDir = path.join(dir, 'data');
    this.dbFile = path.join(this.dataDir, SQLITE_FILE_NAME);
  }

  get subscriptions(): number {
    return this.shape.tenants * this.shape.subscriptionsPerTenant;
  }

  tenantId = (t: number) => `c0000000-0000-4000-8000-${hex12(t + 1)}`;
  ownerId = (t: number) => `c1000000-0000-4000-8000-${hex12(t + 1)}`;
  ownerName = (t: number) => `Owner ${t + 1}`;
  subscriptionId = (t: number, s: number) => `t${t + 1}-s${s + 1}`;
  subscriptionName = (s: number) => `Subscription ${s + 1}`;
  partner = (p: number) => ({
    partnerId: String(40000001 + p),
    name: `Partner ${p + 1}`,
    email: `por@partner${p + 1}.example`,
  });
  /** The partner attached to a subscription when the world was made. */
  initialPartner = (t: number, s: number) => (t * 7 + s) % this.shape.partners;

  /** The owner of tenant t, in the chat the store knows for them. */
  user(t: number): BenchUser {
    return new BenchUser(
      this.channelUrl,
      this.tenantId(t),
      this.ownerId(t),
      this.ownerName(t),
      `a:personal-owner-${t + 1}`,
    );
  }

  seedBytes(): number {
    return statSync(this.seedFile).size;
  }

  storeBytes(): number {
    return statSync(this.dbFile).size;
  }

  /** Opens the store's file directly (the bench's own writes, e.g. to the outbox), waiting for the bot's lock as it waits for ours. */
  open(): BetterSqlite3.Database {
    const db = new BetterSqlite3(this.dbFile);
    db.pragma('busy_timeout = 30000');
    return db;
  }
}

const TENANTS_PER_CHUNK = 1000;

function writeSeed(world: World): void {
  const { tenants, subscriptionsPerTenant: subs, partners } = world.shape;
  const fd = openSync(world.seedFile, 'w');
  try {
    const partnerList = Array.from({ length: partners }, (_, p) => world.partner(p));
    writeSync(fd, `{"partners":${JSON.stringify(partnerList)},"tenants":[`);
    for (let from = 0; from < tenants; from += TENANTS_PER_CHUNK) {
      const chunk: string[] = [];
      for (let t = from; t < Math.min(tenants, from + TENANTS_PER_CHUNK); t++) {
        chunk.push(
          JSON.stringify({
            id: world.tenantId(t),
            name: `Tenant ${t + 1}`,
            users: [
              {
                aadObjectId: world.ownerId(t),
                name: world.ownerName(t),
                email: `owner@t${t + 1}.example`,
                role: 'owner',
              },
            ],
            subscriptions: Array.from({ length: subs }, (_, s) => ({
              id: world.subscriptionId(t, s),
              service: SERVICES[s % SERVICES.length],
              name: world.subscriptionName(s),
              createdAt: '2023-06-01T00:00:00Z',
            })),
          }),
        );
      }
      writeSync(fd, (from === 0 ? '' : ',') + chunk.join(','));
      progress.tick(
        `seed file, ${Math.min(tenants, from + TENANTS_PER_CHUNK).toLocaleString('en-US')} of ${tenants.toLocaleString('en-US')} tenants`,
      );
    }
    writeSync(fd, ']}');
  } finally {
    closeSync(fd);
  }
}

async function fillStore(world: World): Promise<void> {
  // The bot's own code creates the file and its schema.
  await openSqliteStore({ dataDir: world.dataDir }).close();
  const db = world.open();
  try {
    db.pragma('synchronous = OFF');
    const { tenants, subscriptionsPerTenant: subs } = world.shape;
    const assignment = db.prepare(
      'INSERT INTO assignments (tenant_id, subscription_id, partner_id, version, updated_at, updated_by) VALUES (?, ?, ?, 1, ?, ?)',
    );
    const audit = db.prepare(
      `INSERT INTO audit_log (tenant_id, subscription_id, kind, old_partner_id, new_partner_id, actor_id, actor_name, at, version)
       VALUES (?, ?, 'attach', NULL, ?, ?, ?, ?, 1)`,
    );
    const chat = db.prepare(
      'INSERT INTO conversations (tenant_id, aad_object_id, conversation_id, reference, updated_at) VALUES (?, ?, ?, ?, ?)',
    );
    const chunk = db.transaction((from: number, to: number) => {
      for (let t = from; t < to; t++) {
        const tenantId = world.tenantId(t);
        const owner = world.user(t);
        const at = new Date(HISTORY_START + t * 60_000).toISOString();
        chat.run(tenantId, owner.aadObjectId, owner.conversationId, JSON.stringify(owner.reference()), at);
        for (let s = 0; s < subs; s++) {
          const subscriptionId = world.subscriptionId(t, s);
          const partnerId = world.partner(world.initialPartner(t, s)).partnerId;
          assignment.run(tenantId, subscriptionId, partnerId, at, owner.name);
          audit.run(tenantId, subscriptionId, partnerId, owner.aadObjectId, owner.name, at);
        }
      }
    });
    for (let from = 0; from < tenants; from += TENANTS_PER_CHUNK) {
      const to = Math.min(tenants, from + TENANTS_PER_CHUNK);
      chunk(from, to);
      progress.tick(
        `store, ${to.toLocaleString('en-US')} of ${tenants.toLocaleString('en-US')} tenants (${(to * subs).toLocaleString('en-US')} subscriptions with history)`,
      );
    }
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

/** Writes a world into `dir` (which must exist); resolves with it and how long each part took. */
export async function generateWorld(
  dir: string,
  shape: WorldShape,
  channelUrl: string,
): Promise<{ world: World; seedMs: number; storeMs: number }> {
  const world = new World(dir, shape, channelUrl);
  mkdirSync(world.dataDir, { recursive: true });
  const t0 = performance.now();
  writeSeed(world);
  const t1 = performance.now();
  await fillStore(world);
  return { world, seedMs: t1 - t0, storeMs: performance.now() - t1 };
}

/** The ids of the outbox rows the bench added. */
export interface OutboxRange {
  first: number;
  last: number;
}

/**
 * Adds `count` pending Teams messages (an owner told that a partner was emailed), due at `dueAt`, spread over the
 * owners of the world; resolves with their ids.
 */
export function fillOutbox(world: World, count: number, dueAt: string): OutboxRange {
  const db = world.open();
  try {
    db.pragma('synchronous = OFF');
    const insert = db.prepare(
      `INSERT INTO outbox (message_id, channel, tenant_id, subscription_id, audit_id, payload, notify_owner, next_attempt_at, created_at)
       VALUES (?, 'teams', ?, ?, NULL, ?, NULL, ?, ?)`,
    );
    const { tenants, subscriptionsPerTenant: subs } = world.shape;
    let first = 0;
    let last = 0;
    const chunk = db.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const t = i % tenants;
        const s = Math.floor(i / tenants) % subs;
        const partner = world.partner(world.initialPartner(t, s));
        const payload = {
          kind: 'partnerNotified',
          to: { tenantId: world.tenantId(t), aadObjectId: world.ownerId(t) },
          partnerName: partner.name,
          partnerEmail: partner.email,
          subscriptionName: world.subscriptionName(s),
          template: 'added',
        };
        const { lastInsertRowid } = insert.run(
          `<bench-${i}@partner-of-record.local>`,
          world.tenantId(t),
          world.subscriptionId(t, s),
          JSON.stringify(payload),
          dueAt,
          dueAt,
        );
        last = Number(lastInsertRowid);
        if (i === 0) first = last;
      }
    });
    for (let from = 0; from < count; from += 10_000) {
      chunk(from, Math.min(count, from + 10_000));
      progress.tick(
        `${Math.min(count, from + 10_000).toLocaleString('en-US')} of ${count.toLocaleString('en-US')} pending messages`,
      );
    }
    db.pragma('wal_checkpoint(TRUNCATE)');
    return { first, last };
  } finally {
    db.close();
  }
}
