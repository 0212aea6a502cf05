import assert from 'node:assert/strict';
import { chmodSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openSqliteStore, SQLITE_FILE_NAME } from '../../bot/adapters/sqlite/sqliteStore';
import { runBotToExit, type ExitedProcess } from '../support/botProcess';
import { tempDir } from '../support/botUnderTest';
import { mountTmpfs, nonRootUser, remount, unmountTmpfs } from '../support/fileSystems';
import { dropSchema, freshSchema, requirePostgres } from '../support/postgres';
import { skipSuite } from '../support/skipSuite';

/**
 * The lines it wrote on stderr, but Node's own deprecation warnings (restify's, printed when the app is loaded,
 * before PostgreSQL is reached).
 */
function stderrLines(run: ExitedProcess): string[] {
  return run.stderr
    .split('\n')
    .filter((line) => line.trim() !== '' && !/^\(node:\d+\) \[DEP|^\(Use `node --trace-deprecation/.test(line));
}

/** Exit 1 with one line on stderr, no stack anywhere, and that line. */
function refusedWithOneLine(run: ExitedProcess): string {
  assert.equal(run.code, 1, run.output);
  const lines = stderrLines(run);
  assert.equal(lines.length, 1, run.stderr);
  assert.doesNotMatch(run.output, /\n\s+at |"stack":"[^"]/);
  return lines[0]!;
}

/** A store file as a bot leaves it: created, migrated, closed. */
async function validStore(dir: string): Promise<string> {
  await openSqliteStore({ dataDir: dir }).close();
  return path.join(dir, SQLITE_FILE_NAME);
}

describe('server: start-up refuses a store it cannot use, and says why', () => {
  let dir: string;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('a store file that is not a database', () => {
    const restoreHint = /npm run backup -- --to FILE.*"Back up and restore" in README\.md/;

    it('garbage: names the file, says it is not a valid database, points at restoring a backup', async () => {
      const file = path.join(dir, SQLITE_FILE_NAME);
      writeFileSync(file, 'this is not a database\n'.repeat(500));
      const line = refusedWithOneLine(await runBotToExit({ DATA_DIR: dir }));
      assert.ok(line.startsWith(`${file} is not a valid SQLite database (SQLITE_NOTADB)`), line);
      assert.match(line, restoreHint);
      assert.doesNotMatch(line, /another process/);
    });

    it('cut short after a valid header: the same, as SQLITE_CORRUPT', async () => {
      const file = await validStore(dir);
      truncateSync(file, 4096 + 100);
      const line = refusedWithOneLine(await runBotToExit({ DATA_DIR: dir }));
      assert.ok(line.startsWith(`${file} is not a valid SQLite database (SQLITE_CORRUPT)`), line);
      assert.match(line, restoreHint);
      assert.doesNotMatch(line, /another process/);
    });
  });

  describe('a store that cannot be written, as a user other than root (to whom mode bits apply)', () => {
    let user: ReturnType<typeof nonRootUser> = null;
    before(function () {
      user = nonRootUser();
      if (!user) skipSuite(this, 'this process is root and there is no user nobody to start the bot as');
    });

    it('a read-only store file: refused naming the file and DATA_DIR', async () => {
      const file = await validStore(dir);
      chmodSync(file, 0o444);
      chmodSync(dir, 0o777);
      const line = refusedWithOneLine(await runBotToExit({ DATA_DIR: dir }, 10_000, user!.as));
      assert.equal(
        line,
        `${file} cannot be written (SQLITE_READONLY): the bot needs to create and write files in DATA_DIR ${dir}; ` +
          'check that the directory and the file are writable by this user and on a file system mounted read-write with space left',
      );
    });

    it('a DATA_DIR it may read but not write: refused naming DATA_DIR', async () => {
      chmodSync(dir, 0o555);
      const line = refusedWithOneLine(await runBotToExit({ DATA_DIR: dir }, 10_000, user!.as));
      assert.match(
        line,
        new RegExp(
          `cannot be written \\(SQLITE_CANTOPEN\\): the bot needs to create and write files in DATA_DIR ${dir};`,
        ),
      );
    });
  });

  describe('a store on a file system mounted read-only (read-only to root too)', () => {
    let mounted: string | null = null;
    before(function () {
      mounted = mountTmpfs('8m');
      if (!mounted) skipSuite(this, 'this process may not mount a tmpfs (needs root with CAP_SYS_ADMIN)');
    });
    after(() => {
      if (mounted) unmountTmpfs(mounted);
    });

    it('refused naming the file and DATA_DIR', async () => {
      const file = await validStore(mounted!);
      remount(mounted!, 'ro');
      assert.ok(statSync(file).size > 0);
      const line = refusedWithOneLine(await runBotToExit({ DATA_DIR: mounted! }));
      assert.match(
        line,
        new RegExp(`^${file} cannot be written \\(SQLITE_(CANTOPEN|READONLY)\\w*\\): .*DATA_DIR ${mounted};`),
      );
    });
  });

  describe('PostgreSQL in read-only mode', () => {
    let url = '';
    let schema = '';
    before(function () {
      url = requirePostgres(this);
    });
    beforeEach(() => (schema = freshSchema()));
    afterEach(async () => {
      if (url) await dropSchema(url, schema);
    });

    it('default_transaction_read_only on: refused naming the database, without its password', async () => {
      const u = new URL(url);
      // The server trusts this client, so a password is sent nowhere; it must not be printed either.
      u.password = 'not-to-be-printed';
      u.searchParams.set('options', '-c default_transaction_read_only=on');
      const run = await runBotToExit({
        DATA_DIR: dir,
        STORE: 'postgres',
        DATABASE_URL: u.toString(),
        DATABASE_SCHEMA: schema,
      });
      const line = refusedWithOneLine(run);
      const database = `postgres://${decodeURIComponent(u.username)}@${u.hostname}:${u.port || '5432'}${u.pathname}`;
      assert.equal(
        line,
        `PostgreSQL ${database} (schema ${schema}) cannot be written: the database is in read-only mode ` +
          '(default_transaction_read_only or transaction_read_only is on, or it is a hot standby) (SQLSTATE 25006); ' +
          'the bot needs a primary server that accepts writes and a role that may write to the schema',
      );
      assert.doesNotMatch(run.output, /not-to-be-printed/);
    });
  });
});
