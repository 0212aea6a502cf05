import { randomUUID } from 'node:crypto';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { applyMigrations, migrations, type Migration } from '../../bot/adapters/sqlite/migrations';
import {
  openSqliteStore,
  SQLITE_FILE_NAME,
  type SqliteJournalMode,
  type SqliteStore,
} from '../../bot/adapters/sqlite/sqliteStore';
import { PartnerIdSchema, type NewOutboxMessage } from '../../bot/core';
import { assignmentStoreContract, type StoreHarness } from '../contracts/assignmentStore.contract';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'por-sqlite-'));
}

async function sqliteHarness(journalMode?: SqliteJournalMode): Promise<StoreHarness> {
  const root = tempDir();
  // A directory that does not exist yet: the store must create it.
  const dataDir = path.join(root, 'nested', 'data');
  let store: SqliteStore = openSqliteStore({ dataDir, journalMode });
  return {
    store,
    async reopen() {
      await store.close();
      store = openSqliteStore({ dataDir, journalMode });
      return store;
    },
    async cleanup() {
      await store.close();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

assignmentStoreContract('SQLite store', () => sqliteHarness());
// As deployed on App Service, where DATA_DIR is a network share (SQLITE_JOURNAL_MODE=delete).
assignmentStoreContract('SQLite store with a rollback journal', () => sqliteHarness('delete'));

describe('SQLite store specifics', () => {
  let dir: string;
  let store: SqliteStore | undefined;

  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(async () => {
    await store?.close();
    store = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A second, independent connection: what an operator's sqlite3 shell would see. */
  function inspect<T>(fn: (db: BetterSqlite3.Database) => T): T {
    const db = new BetterSqlite3(path.join(dir, SQLITE_FILE_NAME), { readonly: true });
    try {
      return fn(db);
    } finally {
      db.close();
    }
  }

  it('writes its file in the data directory, in WAL mode', () => {
    store = openSqliteStore({ dataDir: dir });
    assert.equal(store.file, path.join(dir, SQLITE_FILE_NAME));
    assert.equal(
      inspect((db) => db.pragma('journal_mode', { simple: true })),
      'wal',
    );
  });

  /** What the file on disk says: SQLite's header marks a WAL database with 2 at bytes 18 and 19, else 1. */
  function onDisk() {
    const file = path.join(dir, SQLITE_FILE_NAME);
    const header = fs.readFileSync(file).subarray(18, 20);
    const size = (suffix: string) => (fs.existsSync(file + suffix) ? fs.statSync(file + suffix).size : undefined);
    return { wal: header[0] === 2 && header[1] === 2, walFile: size('-wal'), journalFile: size('-journal') };
  }

  for (const mode of ['delete', 'truncate'] as const) {
    it(`runs with a rollback journal with journalMode ${mode}, and keeps what it writes`, async () => {
      store = openSqliteStore({ dataDir: dir, journalMode: mode });
      assert.equal((await store.applyChange(attach())).outcome, 'applied');
      // Another connection sees no WAL, and the journal is SQLite's rollback journal: deleted after each commit, or
      // left there truncated to nothing.
      assert.equal(
        inspect((db) => db.pragma('journal_mode', { simple: true })),
        'delete',
      );
      assert.deepEqual(onDisk(), { wal: false, walFile: undefined, journalFile: mode === 'truncate' ? 0 : undefined });

      await store.close();
      store = openSqliteStore({ dataDir: dir, journalMode: mode });
      assert.equal((await store.getAssignments('t', ['s'])).get('s')?.partnerId, '1234567');
      assert.equal((await store.history('t', 's')).length, 1);
      assert.equal((await store.applyChange(removal())).outcome, 'applied');
      assert.equal((await store.getAssignments('t', ['s'])).get('s')?.partnerId, null);
    });
  }

  it('leaves WAL for a rollback journal on a database written in WAL mode, keeping its data', async () => {
    store = openSqliteStore({ dataDir: dir });
    await store.applyChange(attach());
    assert.equal(onDisk().wal, true);
    await store.close();

    store = openSqliteStore({ dataDir: dir, journalMode: 'delete' });
    assert.deepEqual(onDisk(), { wal: false, walFile: undefined, journalFile: undefined });
    assert.equal((await store.getAssignments('t', ['s'])).get('s')?.version, 1);
  });

  it('does not open in a rollback journal while another process holds the database in WAL mode', async () => {
    store = openSqliteStore({ dataDir: dir });
    assert.throws(() => openSqliteStore({ dataDir: dir, journalMode: 'delete' }), /cannot set journal mode delete/);
    assert.equal(await store.health(), 'open');
  });

  it('records each migration once and does not re-apply them on reopen', async () => {
    store = openSqliteStore({ dataDir: dir });
    const recorded = () =>
      inspect((db) => db.prepare('SELECT version, name, applied_at FROM schema_migrations ORDER BY version').all()) as {
        version: number;
        applied_at: string;
      }[];
    const first = recorded();
    assert.deepEqual(
      first.map((r) => r.version),
      migrations.map((m) => m.version),
    );
    await store.close();

    store = openSqliteStore({ dataDir: dir });
    assert.deepEqual(recorded(), first);
  });

  it('creates the tables and indexes the adapters rely on, the outbox and nudges included', () => {
    store = openSqliteStore({ dataDir: dir });
    const names = (type: string) =>
      inspect(
        (db) => db.prepare('SELECT name FROM sqlite_master WHERE type = ? ORDER BY name').pluck().all(type) as string[],
      );
    const tables = names('table');
    for (const t of [
      'assignments',
      'audit_log',
      'conversations',
      'idempotency',
      'pending_prompts',
      'schema_migrations',
      'outbox',
      'nudges',
    ]) {
      assert.ok(tables.includes(t), `missing table ${t}`);
    }
    const indexes = names('index');
    for (const i of ['outbox_pending_due', 'outbox_by_change']) assert.ok(indexes.includes(i), `missing index ${i}`);
  });

  it('upgrades a database written by schema version 1, keeping its data', async () => {
    const old = new BetterSqlite3(path.join(dir, SQLITE_FILE_NAME));
    try {
      assert.deepEqual(applyMigrations(old, migrations.slice(0, 1)), [1]);
      old.exec(`
        INSERT INTO assignments VALUES ('t', 's', '1234567', 1, '2024-06-01T00:00:00.000Z', 'Old Owner');
        INSERT INTO audit_log (tenant_id, subscription_id, kind, old_partner_id, new_partner_id, actor_id, actor_name, at, version)
          VALUES ('t', 's', 'attach', NULL, '1234567', 'aad-old', 'Old Owner', '2024-06-01T00:00:00.000Z', 1);
      `);
    } finally {
      old.close();
    }

    store = openSqliteStore({ dataDir: dir });
    assert.deepEqual(
      inspect((db) => db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()),
      migrations.map((m) => m.version),
    );
    assert.equal((await store.getAssignments('t', ['s'])).get('s')?.updatedBy, 'Old Owner');
    assert.equal((await store.history('t', 's')).length, 1);

    const result = await store.applyChange({ ...removal(), outbox: [teamsNotice()] });
    assert.equal(result.outcome, 'applied');
    assert.equal((await store.claimDue(removal().at, '2025-01-01T01:00:00.000Z', 10)).length, 1);
  });

  it('upgrades a database written by schema version 2, its nudges kept as offered once', async () => {
    const old = new BetterSqlite3(path.join(dir, SQLITE_FILE_NAME));
    try {
      assert.deepEqual(applyMigrations(old, migrations.slice(0, 2)), [1, 2]);
      old.exec(`
        INSERT INTO nudges (tenant_id, aad_object_id, subscription_id, nudged_at) VALUES ('t', 'o', 's-sent', '2024-06-01T00:00:00.000Z');
        INSERT INTO nudges (tenant_id, aad_object_id, subscription_id, dismissed_at) VALUES ('t', 'o', 's-dismissed', '2024-06-01T00:00:00.000Z');
      `);
    } finally {
      old.close();
    }

    store = openSqliteStore({ dataDir: dir });
    assert.deepEqual(
      inspect((db) => db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()),
      migrations.map((m) => m.version),
    );
    const owner = { tenantId: 't', aadObjectId: 'o' };
    const nudge = (subscriptionId: string) => ({
      recipient: owner,
      subscriptionId,
      message: {
        channel: 'teams',
        tenantId: 't',
        subscriptionId,
        payload: { kind: 'nudge', to: owner, subscriptionId, service: 'Azure', subscriptionName: subscriptionId },
      } as NewOutboxMessage,
    });
    const at = '2025-01-01T00:00:00.000Z';
    assert.equal(
      await store.recordNudges([nudge('s-sent'), nudge('s-dismissed')], at),
      0,
      'recorded before the upgrade: not offered again',
    );
    assert.equal(await store.isDismissed(owner, 's-dismissed'), true);
    // An old nudge found undelivered now may be offered again once, like any other.
    await store.nudgeUndelivered(owner, 's-sent', at);
    await store.nudgeUndelivered(owner, 's-dismissed', at);
    assert.equal(await store.reofferUndelivered(owner, ['s-sent', 's-dismissed'], at), 1);
    assert.equal(await store.recordNudges([nudge('s-sent'), nudge('s-dismissed')], at), 1);
    assert.deepEqual(
      inspect((db) =>
        db
          .prepare(
            'SELECT subscription_id, nudged_at, dismissed_at, undelivered_at, reoffer_at, reoffered_at FROM nudges ORDER BY subscription_id',
          )
          .all(),
      ),
      [
        {
          subscription_id: 's-dismissed',
          nudged_at: null,
          dismissed_at: '2024-06-01T00:00:00.000Z',
          undelivered_at: null,
          reoffer_at: null,
          reoffered_at: null,
        },
        {
          subscription_id: 's-sent',
          nudged_at: '2024-06-01T00:00:00.000Z',
          dismissed_at: null,
          undelivered_at: null,
          reoffer_at: null,
          reoffered_at: at,
        },
      ],
    );
  });

  it('upgrades a database written by schema version 4: every audit entry gets an event id, outbox ids go on', async () => {
    const old = new BetterSqlite3(path.join(dir, SQLITE_FILE_NAME));
    try {
      assert.deepEqual(applyMigrations(old, migrations.slice(0, 4)), [1, 2, 3, 4]);
      old.exec(`
        INSERT INTO audit_log (tenant_id, subscription_id, kind, old_partner_id, new_partner_id, actor_id, actor_name, at, version)
          VALUES ('t', 's', 'attach', NULL, '1234567', 'aad-old', 'Old Owner', '2024-06-01T00:00:00.000Z', 1),
                 ('t', 's2', 'attach', NULL, '1234567', 'aad-old', 'Old Owner', '2024-06-01T00:00:00.000Z', 1);
        INSERT INTO outbox (message_id, channel, tenant_id, subscription_id, audit_id, payload, status, next_attempt_at, created_at)
          VALUES ('<a@x>', 'teams', 't', 's', 1, '{}', 'pending', '2024-06-01T00:00:00.000Z', '2024-06-01T00:00:00.000Z'),
                 ('<b@x>', 'teams', 't', 's', 1, '{}', 'pending', '2024-06-01T00:00:00.000Z', '2024-06-01T00:00:00.000Z');
        DELETE FROM outbox WHERE id = 2;
      `);
    } finally {
      old.close();
    }

    store = openSqliteStore({ dataDir: dir });
    const entries = [...(await store.history('t', 's')), ...(await store.history('t', 's2'))];
    assert.equal(entries.length, 2);
    for (const e of entries)
      assert.match(e.eventId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.notEqual(entries[0]!.eventId, entries[1]!.eventId);
    assert.deepEqual(
      inspect((db) => db.prepare('SELECT id, message_id FROM outbox').all()),
      [{ id: 1, message_id: '<a@x>' }],
    );
    await store.enqueue([teamsNotice()], '2025-01-01T00:00:00.000Z');
    // Id 2 was given out before the upgrade: it is not given out again.
    assert.deepEqual(
      inspect((db) => db.prepare('SELECT id FROM outbox ORDER BY id').pluck().all()),
      [1, 3],
    );
  });

  it('upgrades a database written by schema version 8: its chats read as English, in no time zone, until they say', async () => {
    const old = new BetterSqlite3(path.join(dir, SQLITE_FILE_NAME));
    try {
      applyMigrations(
        old,
        migrations.filter((m) => m.version <= 8),
      );
      old.exec(`
        INSERT INTO conversations (tenant_id, aad_object_id, conversation_id, reference, updated_at)
          VALUES ('t', 'o', 'conv-1', '{"locale":"de-DE"}', '2025-01-01T00:00:00.000Z');
      `);
    } finally {
      old.close();
    }

    store = openSqliteStore({ dataDir: dir });
    const saved = {
      tenantId: 't',
      aadObjectId: 'o',
      conversationId: 'conv-1',
      reference: { locale: 'de-DE' },
      updatedAt: '2025-01-01T00:00:00.000Z',
    };
    assert.deepEqual(await store.getReference('t', 'o'), saved);
    await store.saveReference({ ...saved, language: 'de', timeZone: 'Europe/Berlin' });
    assert.deepEqual(await store.getReference('t', 'o'), { ...saved, language: 'de', timeZone: 'Europe/Berlin' });
  });

  it('writes outbox rows as the schema describes them', async () => {
    store = openSqliteStore({ dataDir: dir });
    const result = await store.applyChange({ ...attach(), outbox: [teamsNotice()] });
    if (result.outcome !== 'applied') assert.fail(result.outcome);
    await store.claimDue(attach().at, '2025-01-01T00:30:00.000Z', 10);

    const rows = inspect((db) => db.prepare('SELECT * FROM outbox').all()) as Record<string, unknown>[];
    assert.equal(rows.length, 1);
    const row = rows[0]!;
    assert.match(
      String(row.message_id),
      /^<[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}@partner-of-record\.local>$/,
    );
    assert.deepEqual(
      { ...row, message_id: null, payload: JSON.parse(String(row.payload)) },
      {
        id: 1,
        message_id: null,
        channel: 'teams',
        tenant_id: 't',
        subscription_id: 's',
        audit_id: result.audit.id,
        payload: teamsNotice().payload,
        notify_owner: null,
        status: 'pending',
        attempts: 0,
        next_attempt_at: attach().at,
        lease_until: '2025-01-01T00:30:00.000Z',
        last_error: null,
        created_at: attach().at,
        sent_at: null,
        target: null,
        delivered: null,
      },
    );
  });

  it('refuses times that would not compare correctly as text, and a lease already over', async () => {
    store = openSqliteStore({ dataDir: dir });
    const at = '2025-01-01T00:00:00.000Z';
    const later = '2025-01-01T00:10:00.000Z';
    await assert.rejects(store.claimDue('2025-01-01T00:00:00Z', later, 1), RangeError);
    await assert.rejects(store.claimDue('2025-01-01T01:00:00.000+01:00', later, 1), RangeError);
    await assert.rejects(store.claimDue(at, '2025-13-01T00:00:00.000Z', 1), RangeError);
    await assert.rejects(store.claimDue(later, at, 1), RangeError);
    await assert.rejects(store.claimDue(at, at, 1), RangeError);
    await assert.rejects(store.claimDue(at, later, -1), RangeError);
    await assert.rejects(store.claimDue(at, later, 1.5), RangeError);
    await assert.rejects(store.enqueue([teamsNotice()], 'now'), RangeError);
    await assert.rejects(store.recordNudges([], '1 Jan 2025'), RangeError);
    await assert.rejects(store.applyChange({ ...attach(), at: '2025-01-01', outbox: [teamsNotice()] }), RangeError);
    assert.equal((await store.getAssignments('t', ['s'])).size, 0);
  });

  it('keeps the JSON and status columns honest even against direct writes', () => {
    store = openSqliteStore({ dataDir: dir });
    const db = new BetterSqlite3(path.join(dir, SQLITE_FILE_NAME));
    try {
      const insert = (payload: string, status: string, sentAt: string | null) =>
        db
          .prepare(
            `INSERT INTO outbox (message_id, channel, tenant_id, subscription_id, payload, status, next_attempt_at, created_at, sent_at)
             VALUES (?, 'teams', 't', 's', ?, ?, 'x', 'x', ?)`,
          )
          .run(`<${payload}${status}${sentAt}@x>`, payload, status, sentAt);
      assert.throws(() => insert('{not json', 'pending', null), /CHECK constraint failed/);
      assert.throws(() => insert('{}', 'lost', null), /CHECK constraint failed/);
      assert.throws(() => insert('{}', 'sent', null), /CHECK constraint failed/);
      assert.throws(() => insert('{}', 'pending', 'x'), /CHECK constraint failed/);
      insert('{}', 'pending', null);
    } finally {
      db.close();
    }
  });

  it('applies only new migrations, and rolls back a failing one entirely', () => {
    const db = new BetterSqlite3(path.join(dir, 'm.sqlite'));
    try {
      const base: Migration[] = [{ version: 1, name: 'one', up: (d) => d.exec('CREATE TABLE one (x)') }];
      assert.deepEqual(applyMigrations(db, base), [1]);
      assert.deepEqual(applyMigrations(db, base), []);

      const failing: Migration[] = [
        ...base,
        { version: 2, name: 'two', up: (d) => d.exec('CREATE TABLE two (x)') },
        { version: 3, name: 'broken', up: (d) => d.exec('CREATE TABLE one (x)') },
      ];
      assert.throws(() => applyMigrations(db, failing), /already exists/);
      assert.equal(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'two'").pluck().get(), 0);
      assert.deepEqual(db.prepare('SELECT version FROM schema_migrations').pluck().all(), [1]);

      assert.throws(() => applyMigrations(db, []), /newer than this build/);
      assert.throws(() => applyMigrations(db, [base[0]!, base[0]!]), /ascending/);
    } finally {
      db.close();
    }
  });

  it('is unhealthy once closed, and closing twice is harmless', async () => {
    store = openSqliteStore({ dataDir: dir });
    assert.equal(await store.health(), 'open');
    await store.close();
    assert.equal(await store.health(), 'down');
    await store.close();
    await assert.rejects(store.getAssignments('t', ['s']));
  });

  it('checks the version against writes made by another connection', async () => {
    store = openSqliteStore({ dataDir: dir });
    const other = openSqliteStore({ dataDir: dir });
    try {
      const base = {
        tenantId: 't',
        subscriptionId: 's',
        kind: 'attach' as const,
        expectedVersion: 0,
        initialPartnerId: null,
        newPartnerId: null,
        actorId: 'a',
        actorName: 'A',
        at: '2025-01-01T00:00:00.000Z',
        outbox: [],
      };
      const a = await store.applyChange({ ...base, idempotencyKey: 'k1', eventId: randomUUID() });
      const b = await other.applyChange({ ...base, idempotencyKey: 'k2', eventId: randomUUID() });
      assert.equal(a.outcome, 'applied');
      assert.equal(b.outcome, 'stale');
      assert.equal((await other.getAssignments('t', ['s'])).get('s')?.version, 1);
    } finally {
      await other.close();
    }
  });

  it('rejects a history limit that is not a non-negative integer', async () => {
    store = openSqliteStore({ dataDir: dir });
    await assert.rejects(store.history('t', 's', -1), RangeError);
    await assert.rejects(store.history('t', 's', 1.5), RangeError);
  });
});

function attach() {
  return {
    tenantId: 't',
    subscriptionId: 's',
    kind: 'attach' as const,
    expectedVersion: 0,
    initialPartnerId: null,
    newPartnerId: PartnerIdSchema.parse('1234567'),
    actorId: 'a',
    actorName: 'A',
    at: '2025-01-01T00:00:00.000Z',
    idempotencyKey: 'attach-key',
    outbox: [],
    eventId: randomUUID(),
  };
}

function removal() {
  return { ...attach(), kind: 'remove' as const, expectedVersion: 1, newPartnerId: null, idempotencyKey: 'remove-key' };
}

function teamsNotice(): NewOutboxMessage {
  return {
    channel: 'teams',
    tenantId: 't',
    subscriptionId: 's',
    payload: {
      kind: 'partnerNotified',
      to: { tenantId: 't', aadObjectId: 'a' },
      partnerName: 'Fabrikam',
      partnerEmail: 'por@fabrikam.example',
      subscriptionName: 'Production',
      template: 'removed',
    },
  };
}
