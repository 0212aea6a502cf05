import type { Socket } from 'node:net';
import type { Pool, PoolClient, QueryResult } from 'pg';
import { eventually } from './eventually';
import { adminQuery } from './postgres';

/**
 * What happens to the COMMIT of the transaction a test aims at:
 * - `answerLost`: COMMIT reaches the server and is carried out, and the connection breaks before its answer is
 *   read (the socket is paused while COMMIT is sent, and destroyed once the change is visible to another session);
 * - `notCommitted`: the server ends the backend (pg_terminate_backend) just before COMMIT is sent, so the client
 *   learns of it only while awaiting COMMIT's answer, and nothing was committed.
 * Both are the real pg client meeting a real broken connection at COMMIT; only the timing is arranged.
 */
export type CommitFate = 'answerLost' | 'notCommitted';

interface Aim {
  adminUrl: string;
  schema: string;
  key: string;
  fate: CommitFate;
  /** Run once the fate is certain, before the client learns of it (for example, to lock the bot out). */
  before?: () => Promise<void>;
  settled: (commitError: unknown) => void;
}

/** The aim on each pool, and the pools whose clients are watched (a client is patched once, on its first checkout). */
const aims = new WeakMap<Pool, { aim: Aim; claimers: WeakSet<PoolClient> }>();
const watched = new WeakSet<Pool>();
const patched = new WeakSet<PoolClient>();

/**
 * Makes the next transaction on `pool` that claims idempotency key `key` meet `fate` at COMMIT. `adminUrl`
 * connects as someone else, to watch the server; `schema` is the store's. Resolves, once that COMMIT has been
 * answered, with its error (undefined if it succeeded: then the aim missed).
 */
export function loseNextCommit(
  pool: Pool,
  options: { adminUrl: string; schema: string; key: string; fate: CommitFate; before?: () => Promise<void> },
): Promise<unknown> {
  return new Promise<unknown>((settled) => {
    aims.set(pool, { aim: { ...options, settled }, claimers: new WeakSet() });
    if (watched.has(pool)) return;
    watched.add(pool);
    pool.on('acquire', (client: PoolClient) => {
      if (patched.has(client)) return;
      patched.add(client);
      const original = client.query.bind(client) as (...args: unknown[]) => Promise<QueryResult>;
      (client as { query: unknown }).query = (...args: unknown[]) => {
        const [text, values] = args;
        const current = aims.get(pool);
        if (current && typeof text === 'string') {
          if (/INSERT INTO idempotency/.test(text) && Array.isArray(values) && values[0] === current.aim.key)
            current.claimers.add(client);
          if (text === 'COMMIT' && current.claimers.has(client)) {
            aims.delete(pool);
            return breakCommit(client, original, current.aim);
          }
        }
        return original(...args);
      };
    });
  });

  async function breakCommit(
    client: PoolClient,
    original: (...args: unknown[]) => Promise<QueryResult>,
    taken: Aim,
  ): Promise<QueryResult> {
    const stream = (client as unknown as { connection: { stream: Socket } }).connection.stream;
    const pid = (client as unknown as { processID: number }).processID;
    stream.pause();
    let commit: Promise<QueryResult>;
    if (taken.fate === 'answerLost') {
      commit = original('COMMIT');
      commit.catch(() => undefined);
      // Committed once another session sees the key.
      await eventually(
        async () => {
          const rows = await adminQuery(taken.adminUrl, `SELECT 1 FROM "${taken.schema}".idempotency WHERE key = $1`, [
            taken.key,
          ]);
          if (rows.length !== 1) throw new Error('not committed yet');
        },
        10_000,
        20,
      );
      await taken.before?.();
      stream.destroy();
    } else {
      await adminQuery(taken.adminUrl, 'SELECT pg_terminate_backend($1)', [pid]);
      await eventually(
        async () => {
          const rows = await adminQuery(taken.adminUrl, 'SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid]);
          if (rows.length !== 0) throw new Error('backend still there');
        },
        10_000,
        20,
      );
      await taken.before?.();
      commit = original('COMMIT');
      commit.catch(() => undefined);
      stream.resume();
    }
    commit.then(
      () => taken.settled(undefined),
      (err: unknown) => taken.settled(err ?? new Error('COMMIT failed')),
    );
    return commit;
  }
}
