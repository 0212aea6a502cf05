import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { describeDatabase, shortCause } from '../bot/adapters/postgres/connection';
import { quoteIdent } from '../bot/adapters/postgres/migrations';

/** The database the PostgreSQL rounds use: BENCH_DATABASE_URL, else the local one. */
export const DEFAULT_BENCH_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

const PROBE_TIMEOUT_MS = 3_000;

/** Every schema one bench run makes starts with this, so what it leaves behind can be dropped by name. */
export const BENCH_SCHEMA_PREFIX = `por_bench_${randomBytes(4).toString('hex')}`;
let schemas = 0;

/** A schema name no other run uses; the bot creates it when it starts. */
export function freshBenchSchema(): string {
  schemas += 1;
  return `${BENCH_SCHEMA_PREFIX}_${schemas}`;
}

async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: PROBE_TIMEOUT_MS });
  // A server that drops the connection later must not crash the bench.
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Undefined when the database answers; otherwise why not, naming it without its password. */
export async function probeDatabase(url: string): Promise<string | undefined> {
  try {
    await withClient(url, (client) => client.query('SELECT 1'));
    return undefined;
  } catch (err) {
    return `PostgreSQL at ${describeDatabase(url)} is not reachable (${shortCause(err)})`;
  }
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  await withClient(url, (client) => client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`));
}
