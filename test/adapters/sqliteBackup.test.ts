import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import BetterSqlite3 from 'better-sqlite3';
import { migrations } from '../../bot/adapters/sqlite/migrations';
import { backupSqliteStore } from '../../bot/adapters/sqlite/sqliteBackup';
import {
  openSqliteStore,
  SQLITE_FILE_NAME,
  type SqliteJournalMode,
  type SqliteStore,
} from '../../bot/adapters/sqlite/sqliteStore';
import { REPO_ROOT } from '../../bot/config';
import { main } from '../../scripts/backupStore';
import { runToExit } from '../support/botProcess';
import { WRITER_SUBSCRIPTIONS, WRITER_TENANTS } from '../support/storeWriter';

type Row = Record<string, unknown>;

const BACKUP_SCRIPT = ['--require', 'tsx/cjs', path.join(REPO_ROOT, 'scripts', 'backupStore.ts')];
const WRITER = path.join(REPO_ROOT, 'test', 'support', 'storeWriter.ts');

/** The store writer (test/support/storeWriter.ts) as a process of its own, writing until stopped. */
function startWriter(dataDir: string, journalMode: SqliteJournalMode) {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', WRITER, dataDir, journalMode], {
    cwd: REPO_ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let count = 0;
  let stderr = '';
  const waiting: { n: number; resolve: () => void }[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    const lines = chunk.toString().trim().split('\n');
    count = Math.max(count, Number(lines.at(-1)));
    for (const w of waiting.filter((w) => count >= w.n)) w.resolve();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  return {
    get count() {
      return count;
    },
    /** Resolves once the writer has made at least n changes. */
    reached(n: number): Promise<void> {
      if (count >= n) return Promise.resolve();
      return Promise.race([
        new Promise<void>((resolve) => waiting.push({ n, resolve })),
        exited.then((code) => Promise.reject(new Error(`the writer exited (${code}) at ${count} changes: ${stderr}`))),
      ]);
    },
    async stop(): Promise<number> {
      child.stdin.end();
      const code = await exited;
      assert.equal(code, 0, stderr);
      return count;
    },
    kill: () => child.kill('SIGKILL'),
  };
}

function readRows(file: string): { audit: Row[]; outbox: Row[]; idempotency: Row[]; assignments: Row[] } {
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    const all = (sql: string) => db.prepare(sql).all() as Row[];
    return {
      audit: all('SELECT * FROM audit_log ORDER BY id'),
      outbox: all('SELECT * FROM outbox ORDER BY id'),
      idempotency: all('SELECT * FROM idempotency ORDER BY key'),
      assignments: all('SELECT * FROM assignments ORDER BY tenant_id, subscription_id'),
    };
  } finally {
    db.close();
  }
}

/** The assignments an audit log leads to: each subscription as its newest entry left it. */
function replay(audit: Row[]): Row[] {
  const state = new Map<string, Row>();
  for (const e of audit) {
    state.set(`${e.tenant_id as string} ${e.subscription_id as string}`, {
      tenant_id: e.tenant_id,
      subscription_id: e.subscription_id,
      partner_id: e.new_partner_id,
      version: e.version,
      updated_at: e.at,
      updated_by: e.actor_name,
    });
  }
  return [...state.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, row]) => row);
}

/** The tenant's audit log, read as the CSV export reads it: page after page. */
async function wholeAuditLog(store: SqliteStore, tenantId: string): Promise<unknown[]> {
  const entries = [];
  for (let page = await store.auditPage(tenantId, { afterId: 0, limit: 500 }); page.length > 0; ) {
    entries.push(...page);
    page = await store.auditPage(tenantId, { afterId: page.at(-1)!.id, limit: 500 });
  }
  return entries;
}

/** What each port of the store answers for the writer's tenants and subscriptions (claimDue last: it leases). */
async function portAnswers(store: SqliteStore): Promise<unknown> {
  const tenants = [];
  for (const tenantId of WRITER_TENANTS) {
    tenants.push({
      assignments: [...(await store.getAssignments(tenantId, WRITER_SUBSCRIPTIONS)).entries()].sort(),
      histories: await Promise.all(WRITER_SUBSCRIPTIONS.map((s) => store.history(tenantId, s))),
      lastChanges: [...(await store.lastChanges(tenantId)).entries()].sort(),
      auditLog: await wholeAuditLog(store, tenantId),
      emailDeliveries: [...(await store.emailDeliveries(tenantId)).entries()].sort(),
    });
  }
  const backlog = await store.webhookBacklog();
  const due = await store.claimDue('2030-01-01T00:00:00.000Z', '2030-01-01T00:05:00.000Z', 100_000);
  return { tenants, backlog, due, chats: await store.listChats(null, 100), tenantIds: await store.listTenantIds() };
}

/**
 * Checks a backup against the writer's final store: it holds the first k changes exactly (k at least `atLeast`, and
 * fewer than the final count), each change whole, and the store adapter answers from it as from the final store cut
 * back to those k changes.
 */
async function checkBackup(
  backup: string,
  finalDir: string,
  journalMode: SqliteJournalMode,
  atLeast: number,
): Promise<number> {
  const final = readRows(path.join(finalDir, SQLITE_FILE_NAME));
  const copy = readRows(backup);
  const k = copy.audit.length;
  const total = final.audit.length;
  assert.ok(k >= atLeast && k < total, `the backup holds ${k} changes: taken after ${atLeast}, before ${total}`);
  assert.deepEqual(copy.audit, final.audit.slice(0, k), 'the audit log is a prefix of the final one');
  const lastId = copy.audit.at(-1)!.id as number;
  const upTo = (rows: Row[]) => rows.filter((r) => (r.audit_id as number) <= lastId);
  assert.deepEqual(copy.outbox, upTo(final.outbox), 'the outbox holds the messages of those changes, and no others');
  assert.deepEqual(copy.idempotency, upTo(final.idempotency));
  assert.deepEqual(copy.assignments, replay(copy.audit), 'the assignments are the replay of the audit log');
  for (const entry of copy.audit) {
    const channels = copy.outbox.filter((m) => m.audit_id === entry.id).map((m) => m.channel);
    assert.deepEqual(channels, ['email', 'webhook'], `the messages of change ${entry.id as number}`);
  }

  // Restored as the README says: the backup as the store file of a DATA_DIR, opened by the bot's store adapter.
  const restored = mkdtempSync(path.join(tmpdir(), 'por-restored-'));
  const reference = mkdtempSync(path.join(tmpdir(), 'por-reference-'));
  copyFileSync(backup, path.join(restored, SQLITE_FILE_NAME));
  // The original as it was after change k: the final store with the later changes taken out.
  copyFileSync(path.join(finalDir, SQLITE_FILE_NAME), path.join(reference, SQLITE_FILE_NAME));
  const cut = new BetterSqlite3(path.join(reference, SQLITE_FILE_NAME));
  cut.transaction(() => {
    cut.prepare('DELETE FROM outbox WHERE audit_id > ?').run(lastId);
    cut.prepare('DELETE FROM idempotency WHERE audit_id > ?').run(lastId);
    cut.prepare('DELETE FROM audit_log WHERE id > ?').run(lastId);
    cut.prepare('DELETE FROM assignments').run();
    const insert = cut.prepare(
      'INSERT INTO assignments VALUES (@tenant_id, @subscription_id, @partner_id, @version, @updated_at, @updated_by)',
    );
    for (const row of replay(copy.audit)) insert.run(row);
  })();
  cut.close();

  const restoredStore = openSqliteStore({ dataDir: restored, journalMode });
  const referenceStore = openSqliteStore({ dataDir: reference, journalMode });
  try {
    for (const tenantId of WRITER_TENANTS) {
      const assignments = await restoredStore.getAssignments(tenantId, WRITER_SUBSCRIPTIONS);
      for (const subscriptionId of WRITER_SUBSCRIPTIONS) {
        const history = await restoredStore.history(tenantId, subscriptionId);
        const assignment = assignments.get(subscriptionId);
        // Each subscription's assignment is what its newest audit entry made it, at the version it counts to.
        assert.deepEqual(
          history.map((e) => e.version),
          history.map((_, i) => history.length - i),
        );
        assert.equal(assignment?.version, history[0]?.version);
        assert.equal(assignment?.partnerId ?? null, history[0]?.newPartnerId ?? null);
      }
    }
    assert.deepEqual(await portAnswers(restoredStore), await portAnswers(referenceStore));
  } finally {
    await restoredStore.close();
    await referenceStore.close();
    rmSync(restored, { recursive: true, force: true });
    rmSync(reference, { recursive: true, force: true });
  }
  return k;
}

describe('npm run backup: a copy of the SQLite store taken while it is written', function () {
  this.timeout(60_000);
  let dir: string;
  let writer: ReturnType<typeof startWriter> | undefined;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'por-backup-'));
  });
  afterEach(() => {
    writer?.kill();
    writer = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  for (const journalMode of ['wal', 'delete'] as const) {
    it(`holds the store as after some change, each change whole (SQLITE_JOURNAL_MODE=${journalMode})`, async () => {
      const dataDir = path.join(dir, 'data');
      const backups = path.join(dir, 'backups');
      mkdirSync(backups);
      writer = startWriter(dataDir, journalMode);
      await writer.reached(100);
      const before = writer.count;
      // The command, and the module with small steps (so that the store changes between them and the copy restarts).
      const [run, stepped] = await Promise.all([
        runToExit(
          [...BACKUP_SCRIPT, '--to', path.join(backups, 'cli.sqlite')],
          { ...process.env, DATA_DIR: dataDir, STORE: 'sqlite', SQLITE_JOURNAL_MODE: journalMode },
          30_000,
        ),
        backupSqliteStore({ dataDir, destination: path.join(backups, 'stepped.sqlite'), stepPages: 4 }),
      ]);
      await writer.reached(writer.count + 30);
      await writer.stop();
      writer = undefined;

      assert.equal(run.code, 0, run.output);
      assert.equal(run.stderr, '');
      const cli = await checkBackup(path.join(backups, 'cli.sqlite'), dataDir, journalMode, before);
      await checkBackup(path.join(backups, 'stepped.sqlite'), dataDir, journalMode, before);
      assert.equal(stepped.source, path.join(dataDir, SQLITE_FILE_NAME));
      const steppedAudit = stepped.tables.find((t) => t.table === 'audit_log')?.rows;
      assert.equal(steppedAudit, readRows(stepped.destination).audit.length);

      const n = (s: number) => s.toLocaleString('en-US');
      const lines = run.stdout.split('\n');
      assert.equal(lines[0], `From ${path.join(dataDir, SQLITE_FILE_NAME)}`);
      assert.equal(lines[1], `To   ${path.join(backups, 'cli.sqlite')}`);
      const schema = migrations.at(-1)!.version;
      const size = String.raw`^Copied [\d,]+ pages of 4,096 bytes \([\d.]+ MiB\)`;
      assert.match(lines[2]!, new RegExp(`${size}, schema version ${schema}, quick_check ok`));
      const rows = readRows(path.join(backups, 'cli.sqlite'));
      const counts = [
        `${n(rows.assignments.length)} assignments`,
        `${n(cli)} audit entries`,
        `${n(rows.outbox.length)} outbox messages`,
      ];
      assert.ok(lines[3]!.startsWith(`Rows: ${counts.join(', ')}, `), lines[3]);
      // Renamed into place: no temp file left beside the backups; and the copies stand alone (no -wal beside them).
      assert.deepEqual(readdirSync(backups).sort(), ['cli.sqlite', 'stepped.sqlite']);
    });
  }
});

describe('npm run backup: refusals and failures', function () {
  this.timeout(30_000);
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'por-backup-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  type Run = { code: number; stdout: string; stderr: string };

  /** The command run in this process, with its own environment and output. */
  async function backup(argv: string[], env: NodeJS.ProcessEnv): Promise<Run> {
    let stdout = '';
    let stderr = '';
    const sink = (add: (s: string) => void) =>
      new Writable({
        write: (chunk: Buffer, _enc, done) => {
          add(chunk.toString());
          done();
        },
      });
    const code = await main(
      argv,
      env,
      sink((s) => (stdout += s)),
      sink((s) => (stderr += s)),
    );
    return { code, stdout, stderr };
  }

  it('refuses in one line, writing nothing: no --to, an existing file, no store, the store itself', async () => {
    const dataDir = path.join(dir, 'data');
    const env = { DATA_DIR: dataDir, STORE: 'sqlite' };
    const target = path.join(dir, 'backup.sqlite');

    const missingStore = await backup(['--to', target], env);
    assert.equal(missingStore.code, 1);
    const file = path.join(dataDir, SQLITE_FILE_NAME);
    assert.equal(missingStore.stderr, `backup: No SQLite store at ${file} (DATA_DIR ${dataDir}): nothing to back up\n`);

    const store = openSqliteStore({ dataDir });
    await store.close();
    const noTo = await backup([], env);
    const usage = 'backup: --to is required: the backup file to write (see --help)\n';
    assert.deepEqual(noTo, { code: 2, stdout: '', stderr: usage });
    assert.equal((await backup(['--to', target, '--bogus'], env)).code, 2);

    writeFileSync(target, 'an earlier backup');
    const exists = await backup(['--to', target], env);
    assert.equal(exists.code, 1);
    assert.equal(exists.stderr, `backup: ${target} already exists: name a new file, or add --force to replace it\n`);
    assert.equal(readFileSync(target, 'utf8'), 'an earlier backup');

    const itself = await backup(['--to', file, '--force'], env);
    assert.equal(itself.code, 1);
    assert.match(itself.stderr, /is the store itself/);
    assert.equal((await backup(['--to', path.join(dir, 'no-such-folder', 'b.sqlite')], env)).code, 1);
    assert.deepEqual(readdirSync(dir).sort(), ['backup.sqlite', 'data']);

    const forced = await backup(['--to', target, '--force'], env);
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal(readRows(target).audit.length, 0);
    assert.match(forced.stdout, /^Rows: 0 assignments, 0 audit entries, 0 outbox messages, /m);
    assert.deepEqual(readdirSync(dir).sort(), ['backup.sqlite', 'data']);
  });

  it('fails with nothing written, not even a temp file, when the store stays locked', async () => {
    const dataDir = path.join(dir, 'data');
    const store = openSqliteStore({ dataDir, journalMode: 'delete' });
    await store.close();
    // A writer holding the store's lock throughout (a rollback journal: no reader gets in).
    const writer = new BetterSqlite3(path.join(dataDir, SQLITE_FILE_NAME));
    writer.exec('BEGIN EXCLUSIVE');
    try {
      const destination = path.join(dir, 'backup.sqlite');
      await assert.rejects(backupSqliteStore({ dataDir, destination, busyTimeoutMs: 100 }), /stayed locked/);
      assert.deepEqual(readdirSync(dir), ['data']);
    } finally {
      writer.exec('ROLLBACK');
      writer.close();
    }
  });

  it('with STORE=postgres, names the pg_dump command instead (as a process: exit codes, no stack)', async () => {
    const url = 'postgres://bot:s3cret@db.example.com/por';
    const env = { ...process.env, STORE: 'postgres', DATABASE_URL: url, DATABASE_SCHEMA: 'por_prod' };
    const [postgres, usage] = await Promise.all([
      runToExit([...BACKUP_SCRIPT, '--to', path.join(dir, 'nightly dump')], env, 20_000),
      runToExit(BACKUP_SCRIPT, { ...process.env, DATA_DIR: dir, STORE: 'sqlite' }, 20_000),
    ]);
    assert.equal(postgres.code, 1);
    assert.equal(
      postgres.stderr,
      'backup: STORE=postgres: this copies the SQLite store only; back up PostgreSQL with pg_dump: ' +
        `pg_dump -Fc -n por_prod -f '${path.join(dir, 'nightly dump')}' "$DATABASE_URL"\n`,
    );
    assert.equal(postgres.stdout, '');
    assert.doesNotMatch(postgres.stderr, /s3cret/);
    assert.equal(usage.code, 2);
    assert.equal(usage.stderr, 'backup: --to is required: the backup file to write (see --help)\n');
    assert.deepEqual(readdirSync(dir), []);
  });
});
