import { existsSync, mkdtempSync, rmdirSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { AppConfig } from '../../bot/config';
import { cannotWriteReason, createPool, describeDatabase, shortCause } from '../../bot/adapters/postgres/connection';
import { pgMigrations, quoteIdent } from '../../bot/adapters/postgres/migrations';
import { WRITE_PROBE_SQL } from '../../bot/adapters/postgres/postgresStore';
import { migrations as sqliteMigrations } from '../../bot/adapters/sqlite/migrations';
import { openProblem } from '../../bot/adapters/sqlite/sqliteFailures';
import { SQLITE_FILE_NAME } from '../../bot/adapters/sqlite/sqliteStore';
import { failed, ok, report, type Outcome } from './report';

/**
 * The store, without changing it: reachable, its schema version against this build's, and writable (a probe
 * write, rolled back). A schema older than the build's is fine: the bot migrates it at start; a newer one is
 * what start-up refuses. PostgreSQL is named without its password.
 */
export async function checkStore(config: AppConfig): Promise<void> {
  if (config.STORE === 'postgres') await checkPostgres(config);
  else checkSqlite(config);
}

function schemaOutcome(found: number | null, known: number): Outcome {
  if (found === null) return ok(`none yet: the bot creates it (version ${known}) at its first start`);
  if (found > known) {
    const what = `version ${found} is newer than this build knows (${known})`;
    return failed(`${what}: the bot refuses to start; deploy a build that knows it`);
  }
  return ok(found === known ? `version ${found}, current` : `version ${found}: the bot brings it to ${known} at start`);
}

/** The nearest folder of `dir` that exists: where the bot would create DATA_DIR. */
function existingAncestor(dir: string): string {
  let current = path.resolve(dir);
  while (!existsSync(current) && path.dirname(current) !== current) current = path.dirname(current);
  return current;
}

function checkSqlite(config: AppConfig): void {
  const file = path.resolve(config.DATA_DIR, SQLITE_FILE_NAME);
  const name = `store (SQLite) ${file}`;
  if (!existsSync(file)) {
    report(name, ok('no file yet: the bot creates it at its first start'));
    report('store schema', schemaOutcome(null, sqliteMigrations.at(-1)!.version));
    const parent = existingAncestor(config.DATA_DIR);
    try {
      // What creating DATA_DIR and the file needs of the nearest existing folder: a folder made there and removed.
      rmdirSync(mkdtempSync(path.join(parent, '.check-config-')));
      report('store writes', ok(`${parent} is writable`));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'error';
      const why = `${parent} cannot be written (${code}): the bot creates DATA_DIR and its store there`;
      report('store writes', failed(why));
    }
    return;
  }
  let db: BetterSqlite3.Database | undefined;
  try {
    db = new BetterSqlite3(file, { fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    const bookkeeping = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";
    const hasTable = db.prepare(bookkeeping).get();
    const newest = () => db!.prepare('SELECT max(version) FROM schema_migrations').pluck().get() as number | null;
    const version = hasTable ? newest() : null;
    report(name, ok('opened'));
    report('store schema', schemaOutcome(version, sqliteMigrations.at(-1)!.version));
    // A table made and dropped with the transaction: the file, its journal and the disk take a write; nothing stays.
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec('CREATE TABLE main.check_config_probe (id INTEGER)');
    } finally {
      db.exec('ROLLBACK');
    }
    report('store writes', ok('a probe write, rolled back'));
  } catch (err) {
    report(db ? 'store writes' : name, failed(openProblem(err, file, config.DATA_DIR).message));
  } finally {
    db?.close();
  }
}

async function checkPostgres(config: AppConfig): Promise<void> {
  if (!config.DATABASE_URL) return; // loadConfig refuses STORE=postgres without it
  const schema = config.DATABASE_SCHEMA;
  const name = `store (PostgreSQL) ${describeDatabase(config.DATABASE_URL)} (schema ${schema})`;
  const statementTimeoutMs = config.DATABASE_STATEMENT_TIMEOUT_MS;
  const pool = createPool({ url: config.DATABASE_URL, schema, poolSize: 1, statementTimeoutMs });
  pool.on('error', () => undefined); // a dropped idle connection; the check's own query reports failures
  try {
    const client = await pool.connect().catch((err: unknown) => {
      report(name, failed(`not reachable or refused: ${shortCause(err)}`));
      return null;
    });
    if (!client) return;
    try {
      const table = `${quoteIdent(schema)}.schema_version`;
      const presence = 'SELECT to_regclass($1) IS NOT NULL AS present';
      const { rows } = await client.query<{ present: boolean }>(presence, [table]);
      const present = rows[0]?.present === true;
      const version = present
        ? ((await client.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${table}`)).rows[0]?.v ?? null)
        : null;
      report(name, ok('connected'));
      report('store schema', schemaOutcome(version, pgMigrations.at(-1)!.version));
      await client.query('BEGIN');
      try {
        // As the bot's start-up probe does; or, before its first start, what creating its tables needs.
        if (present) await client.query(WRITE_PROBE_SQL);
        else {
          await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
          await client.query(`CREATE TABLE ${quoteIdent(schema)}.check_config_probe (id integer)`);
        }
        report('store writes', ok('a probe write, rolled back'));
      } catch (err) {
        report('store writes', failed(cannotWriteReason(err) ?? shortCause(err)));
      } finally {
        await client.query('ROLLBACK').catch(() => undefined);
      }
    } catch (err) {
      report(name, failed(shortCause(err)));
    } finally {
      client.release();
    }
  } finally {
    await pool.end().catch(() => undefined);
  }
}
