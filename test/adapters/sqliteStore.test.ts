import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { applyMigrations, migrations, type Migration } from '../../bot/adapters/sqlite/migrations';
import { openSqliteStore, SQLITE_FILE_NAME, type SqliteStore } from '../../bot/adapters/sqlite/sqliteStore';
import { assignmentStoreContract, type StoreHarness } from '../contracts/assignmentStore.contract';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'por-sqlite-'));
}

async function sqliteHarness(): Promise<StoreHarness> {
  const root = tempDir();
  // A directory that does not exist yet: the store must create it.
  const dataDir = path.join(root, 'nested', 'data');
  let store: SqliteStore = openSqliteStore({ dataDir });
  return {
    store,
    async reopen() {
      await store.close();
      store = openSqliteStore({ dataDir });
      return store;
    },
    async cleanup() {
      await store.close();
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

assignmentStoreContract('SQLite store', sqliteHarness);

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
    assert.equal(inspect((db) => db.pragma('journal_mode', { simple: true })), 'wal');
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

  it('creates the tables the adapters rely on, and no outbox yet', () => {
    store = openSqliteStore({ dataDir: dir });
    const tables = inspect(
      (db) => db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[],
    );
    for (const t of ['assignments', 'audit_log', 'conversations', 'idempotency', 'pending_prompts', 'schema_migrations']) {
      assert.ok(tables.includes(t), `missing table ${t}`);
    }
    assert.ok(!tables.includes('outbox'));
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
    assert.equal(await store.isHealthy(), true);
    await store.close();
    assert.equal(await store.isHealthy(), false);
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
      const a = await store.applyChange({ ...base, idempotencyKey: 'k1' });
      const b = await other.applyChange({ ...base, idempotencyKey: 'k2' });
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
