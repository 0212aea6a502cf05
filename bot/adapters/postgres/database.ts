import type { Pool, PoolClient } from 'pg';
import { type StoreHealth, type StoreLifecycle, UpstreamUnavailableError } from '../../core';
import { StoreUnusableError, type StoreLog, WriteFailures } from '../storeWrites';
import {
  cannotWriteReason,
  createPool,
  databaseHost,
  describeDatabase,
  isConnectionError,
  isOutage,
  type PostgresConnectionOptions,
  shortCause,
} from './connection';
import { applyPgMigrations, type PgMigration, pgMigrations, SchemaTooNewError } from './migrations';

export interface PostgresDatabaseOptions extends PostgresConnectionOptions {
  /** How long start-up keeps retrying an unreachable database, with exponential backoff, before giving up. */
  connectTimeoutMs: number;
  /** Told about retries, lost connections and writes refused; never given the URL's password. */
  log?: StoreLog;
  /** For tests: other migration steps. */
  migrations?: readonly PgMigration[];
}

/**
 * Decides what a transaction answers when the connection broke while COMMIT was sent or awaited, given the result
 * the transaction computed and the error.
 */
export type CommitLost<T> = (result: T, err: unknown) => Promise<T>;

/** How the store runs SQL: one statement on any connection, or a transaction on one. */
export interface Db {
  query<R>(text: string, values?: unknown[]): Promise<{ rows: R[]; rowCount: number }>;
  transaction<T>(fn: (client: PoolClient) => Promise<T>, commitLost?: CommitLost<T>): Promise<T>;
}

/**
 * One small committed write, of the schema bookkeeping (the newest version's row, to the value it has): refused
 * by a read-only session or a hot standby, without write privileges, or with the server's disk full.
 */
export const WRITE_PROBE_SQL =
  'UPDATE schema_version SET applied_at = applied_at WHERE version = (SELECT max(version) FROM schema_version)';

const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The database the store's port modules share: a pool whose start-up (connect, migrate, write probe) begins at
 * once and which every statement waits for; statements and transactions with an unreachable database mapped to
 * UpstreamUnavailableError; health and close.
 */
export class PostgresDatabase implements Db, StoreLifecycle {
  readonly pool: Pool;
  /** postgres://user@host:port/database (schema s), for start-up logs: no password. */
  readonly description: string;
  readonly log: StoreLog | undefined;
  private readonly writes: WriteFailures;
  private closed = false;
  private migrated = false;
  private starting: Promise<void> | null = null;

  constructor(private readonly options: PostgresDatabaseOptions) {
    this.pool = createPool(options);
    this.description = `${describeDatabase(options.url)} (schema ${options.schema})`;
    this.log = options.log;
    this.writes = new WriteFailures(options.log);
    // An idle connection the server dropped (restart, pg_terminate_backend, network) is reported here; without a
    // listener pg would crash the process. The pool discards it and opens a new one when next needed.
    this.pool.on('error', (err) =>
      this.log?.warn({ database: this.description, cause: shortCause(err) }, 'PostgreSQL connection lost'),
    );
    // Begin now, so start-up overlaps with the rest of the app's; nobody may be waiting yet.
    this.ready().catch(() => undefined);
  }

  /** The start-up work, once; after a failure the next call starts over (a database that came back is used). */
  ready(): Promise<void> {
    if (this.migrated) return Promise.resolve();
    if (!this.starting) {
      this.starting = this.connectAndMigrate().catch((err: unknown) => {
        this.starting = null;
        throw err;
      });
    }
    return this.starting;
  }

  private async connectAndMigrate(): Promise<void> {
    const deadline = Date.now() + this.options.connectTimeoutMs;
    for (let attempt = 1, delay = 250; ; attempt += 1, delay = Math.min(delay * 2, 5_000)) {
      if (this.closed) throw new Error('The PostgreSQL store is closed');
      try {
        await this.migrate();
        this.migrated = true;
        return;
      } catch (err) {
        if (cannotWriteReason(err)) throw this.cannotWriteAtStart(err);
        if (err instanceof SchemaTooNewError || !isConnectionError(err)) throw err;
        const left = deadline - Date.now();
        if (left <= 0) throw this.notReachable(attempt, err);
        this.log?.warn(
          { database: this.description, attempt, cause: shortCause(err), retryInMs: Math.min(delay, left) },
          'PostgreSQL not reachable yet; retrying',
        );
        await sleep(Math.min(delay, left));
      }
    }
  }

  private async migrate(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await applyPgMigrations(client, this.options.schema, this.options.migrations ?? pgMigrations);
      // A database that lets the bot in but not write (read-only mode, a standby, privileges revoked) is found
      // out here, not by the first person's change.
      await client.query(WRITE_PROBE_SQL);
    } finally {
      client.release();
    }
  }

  private cannotWriteAtStart(err: unknown): StoreUnusableError {
    const code = (err as { code?: string }).code;
    return new StoreUnusableError(
      `PostgreSQL ${this.description} cannot be written: ${cannotWriteReason(err)} (SQLSTATE ${code}); ` +
        'the bot needs a primary server that accepts writes and a role that may write to the schema',
    );
  }

  private notReachable(attempt: number, err: unknown): Error {
    const { url, connectTimeoutMs } = this.options;
    return new Error(
      `PostgreSQL at ${databaseHost(url)} did not answer within ${Math.round(connectTimeoutMs / 1000)} s ` +
        `(${attempt} attempts; last: ${shortCause(err)}); check DATABASE_URL and that the server accepts connections`,
    );
  }

  /**
   * A database that cannot be reached, or cannot be written, is an outage, not a defect: callers get
   * UpstreamUnavailableError, which the conversation answers with "not answering, try again in a minute" (nothing
   * was written: every change is one transaction). Health says read-only after a write was refused. Any other
   * error is passed on as it is.
   */
  readonly unreachable = (err: unknown): never => {
    if (cannotWriteReason(err)) {
      this.writes.noted(shortCause(err));
      throw new UpstreamUnavailableError('store', shortCause(err));
    }
    if (isOutage(err)) {
      this.log?.warn({ upstream: 'store', cause: shortCause(err) }, 'the database is not answering');
      throw new UpstreamUnavailableError('store', shortCause(err));
    }
    throw err;
  };

  /** One statement on the pool, after start-up. */
  async query<R>(text: string, values?: unknown[]): Promise<{ rows: R[]; rowCount: number }> {
    await this.ready();
    const result = await this.pool.query(text, values).catch(this.unreachable);
    return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
  }

  /**
   * One transaction on a pooled connection. A failure before COMMIT rolls it back: nothing was written. A
   * connection that breaks while COMMIT is sent or awaited leaves it unknown whether the server committed;
   * `commitLost` (given the result the transaction computed) decides what to answer then. Without it the caller
   * gets UpstreamUnavailableError with outcome 'unknown', never the "nothing was changed" one.
   */
  async transaction<T>(fn: (client: PoolClient) => Promise<T>, commitLost?: CommitLost<T>): Promise<T> {
    await this.ready();
    const client = await this.pool.connect().catch(this.unreachable);
    // A backend that dies between this transaction's statements makes the checked-out client emit 'error';
    // unheard, that would end the process. The next statement then fails and the transaction rolls back.
    const onClientError = (err: Error) =>
      this.log?.warn({ upstream: 'store', cause: shortCause(err) }, 'a database connection broke mid-transaction');
    client.on('error', onClientError);
    let broken: Error | undefined;
    let lost: { result: T; err: unknown };
    try {
      let result: T;
      try {
        await client.query('BEGIN');
        result = await fn(client);
      } catch (err) {
        // A connection that cannot even roll back is in an unknown state: it is destroyed, not reused.
        broken = await client.query('ROLLBACK').then(
          () => undefined,
          (e: unknown) => asError(e),
        );
        return this.unreachable(err);
      }
      try {
        await client.query('COMMIT');
        return result;
      } catch (err) {
        broken = asError(err);
        lost = { result, err: this.commitFailed(err) };
      }
    } finally {
      client.off('error', onClientError);
      client.release(broken);
    }
    // With the broken connection given back, so that a pool of one can still serve what commitLost does.
    if (commitLost) return await commitLost(lost.result, lost.err);
    throw new UpstreamUnavailableError('store', shortCause(lost.err), 'unknown');
  }

  /** COMMIT failed: the error, when its answer may be lost; otherwise it did not commit, and that is thrown. */
  private commitFailed(err: unknown): unknown {
    // The server answered COMMIT with an error (a deferred constraint, a full disk), or pg refused to send it
    // on a connection it already knew was broken: either way the transaction did not commit.
    if (!isOutage(err)) return this.unreachable(err);
    // Otherwise COMMIT may or may not have reached the server and been carried out: its answer is lost.
    this.log?.warn(
      { upstream: 'store', cause: shortCause(err) },
      'the database connection broke during COMMIT; finding out whether it committed',
    );
    return err;
  }

  async health(): Promise<StoreHealth> {
    if (this.closed) return 'down';
    if (!this.migrated) {
      // Not started (yet, or again): answer at once, and let start-up carry on.
      this.ready().catch(() => undefined);
      return 'down';
    }
    try {
      const { rows } = await this.pool.query<{ ok: number }>('SELECT 1 AS ok');
      if (rows[0]?.ok !== 1) return 'down';
    } catch {
      return 'down';
    }
    return this.writes.health(async () => {
      try {
        await this.pool.query(WRITE_PROBE_SQL);
        return 'open';
      } catch (err) {
        return cannotWriteReason(err) ? 'read-only' : 'down';
      }
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.starting?.catch(() => undefined);
    await this.pool.end();
  }
}
