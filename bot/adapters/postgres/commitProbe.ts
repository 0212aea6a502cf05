import { Client, type ClientConfig, type Pool } from 'pg';
import type { StoreLog } from '../storeWrites';
import { shortCause } from './connection';
import { sleep } from './database';

/**
 * How long a change whose COMMIT lost its answer may spend finding out whether it committed, before the person is
 * told the outcome is unknown. A few seconds: a database that failed over is usually back by then, and the turn
 * still answers well inside the time Teams waits for an invoke (the change itself took some of it already).
 */
export const COMMIT_PROBE_MS = 4_000;

/**
 * The audit id a committed idempotency key points at (null: the key was not committed), asked on a connection
 * of its own (not the pool's, which may be full of turns waiting for the database). Inserting the key waits for
 * any transaction still holding it, then inserts nothing if that one committed; the probe always rolls back, so
 * it writes nothing, and the deferred foreign key on audit_id is never checked. Tried with a short backoff for
 * COMMIT_PROBE_MS; undefined when the database gave no answer in that time.
 */
export async function storedAuditId(pool: Pool, key: string, log?: StoreLog): Promise<string | null | undefined> {
  const deadline = Date.now() + COMMIT_PROBE_MS;
  let last: unknown;
  for (let delay = 100; ; delay = Math.min(delay * 2, 1_000)) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    try {
      return await probeKey(pool, key, left);
    } catch (err) {
      last = err;
    }
    const wait = Math.min(delay, deadline - Date.now());
    if (wait <= 0) break;
    await sleep(wait);
  }
  log?.warn(
    { upstream: 'store', cause: last === undefined ? 'no time left' : shortCause(last) },
    'could not tell whether a change was committed',
  );
  return undefined;
}

async function probeKey(pool: Pool, key: string, timeoutMs: number): Promise<string | null> {
  const config: ClientConfig = {
    ...pool.options,
    // pg-pool keeps the password out of its options' enumerable keys.
    ...(pool.options.password !== undefined ? { password: pool.options.password } : {}),
    connectionTimeoutMillis: timeoutMs,
    statement_timeout: timeoutMs,
    query_timeout: timeoutMs + 500,
  };
  const client = new Client(config);
  client.on('error', () => undefined);
  let connected = false;
  try {
    await client.connect();
    connected = true;
    // Read committed, whatever the server's default: the SELECT below must see the row the INSERT waited for.
    await client.query('BEGIN ISOLATION LEVEL READ COMMITTED');
    const inserted = await client.query(
      'INSERT INTO idempotency (key, audit_id) VALUES ($1, 0) ON CONFLICT (key) DO NOTHING RETURNING key',
      [key],
    );
    if (inserted.rowCount === 1) return null;
    // A new snapshot: the row the INSERT waited for is visible.
    const { rows } = await client.query<{ audit_id: string }>('SELECT audit_id::text FROM idempotency WHERE key = $1', [
      key,
    ]);
    if (!rows[0]) throw new Error('The idempotency key conflicted but cannot be read');
    return rows[0].audit_id;
  } finally {
    if (connected) await client.query('ROLLBACK').catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}
