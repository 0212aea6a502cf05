import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import {
  openPostgresStore,
  type PostgresStore,
  type PostgresStoreOptions,
} from '../../bot/adapters/postgres/postgresStore';
import { quoteIdent } from '../../bot/adapters/postgres/migrations';
import { skipSuite } from './skipSuite';

/**
 * The PostgreSQL the tests use, from TEST_DATABASE_URL (for example postgres://postgres@127.0.0.1:5432/test).
 * Unset: the calling suite is skipped, saying why; but CI must run these suites, so there it fails instead.
 * Call from a `before` hook.
 */
export function requirePostgres(ctx: Mocha.Context): string {
  const url = process.env.TEST_DATABASE_URL?.trim();
  if (url) return url;
  if (process.env.CI) {
    throw new Error('TEST_DATABASE_URL is not set, and CI must run the PostgreSQL suites: set it (see .ci/run)');
  }
  return skipSuite(
    ctx,
    'TEST_DATABASE_URL is not set; run TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm test',
  );
}

/** Every schema this test run makes starts with this, so the run can drop whatever it left. */
export const RUN_PREFIX = `por_test_${randomBytes(4).toString('hex')}`;
let schemas = 0;

/** A schema name no other run or test uses; the store creates it. */
export function freshSchema(): string {
  schemas += 1;
  return `${RUN_PREFIX}_${schemas}`;
}

/** One statement (or several) on a connection of its own, outside any store. */
export async function adminQuery<R = Record<string, unknown>>(
  url: string,
  text: string,
  values?: unknown[],
): Promise<R[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as R[];
  } finally {
    await client.end();
  }
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  await adminQuery(url, `DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
}

/** Drops every schema this run made (a test that failed half-way may have left one). */
export async function dropRunSchemas(url: string): Promise<void> {
  const rows = await adminQuery<{ nspname: string }>(
    url,
    'SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1)',
    [RUN_PREFIX],
  );
  for (const { nspname } of rows) await dropSchema(url, nspname);
}

/** A store on `schema`, migrated. */
export async function openTestStore(
  url: string,
  schema: string,
  overrides: Partial<PostgresStoreOptions> = {},
): Promise<PostgresStore> {
  const store = openPostgresStore({
    url,
    schema,
    poolSize: 10,
    statementTimeoutMs: 5000,
    connectTimeoutMs: 5000,
    ...overrides,
  });
  try {
    await store.ready();
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}
