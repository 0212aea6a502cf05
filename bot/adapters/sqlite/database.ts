import { statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { type StoreLifecycle, UpstreamUnavailableError } from '../../core';
import type { WriteFailures } from '../storeWrites';
import { errorCode, isCannotWrite } from './sqliteFailures';

/** Free space below which a store whose writes failed stays read-only: far more than one change writes. */
const MIN_FREE_BYTES = 1024 * 1024;

/**
 * The open SQLite database the store's port modules share: the connection they prepare their statements on, how
 * they write, and how their failures reach the caller.
 */
export interface SqliteDatabase extends StoreLifecycle {
  readonly db: BetterSqlite3.Database;
  /**
   * `fn` as one write transaction that takes the write lock first (BEGIN IMMEDIATE): a deferred transaction that
   * reads and then writes can fail at once under WAL instead of waiting out busy_timeout, and two processes cannot
   * both read version N and both write N+1.
   */
  writeTransaction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R;
  /** The port with every method's failure mapped as `cannotWrite` says. */
  guarded<P extends object>(port: P): P;
}

/**
 * One small committed write, of the schema bookkeeping (the newest migration's row, to the value it has): what
 * every change needs of the file, the disk and the journal, and nothing a reader could see.
 */
export function writeProbe(db: BetterSqlite3.Database): void {
  db.prepare(
    'UPDATE schema_migrations SET applied_at = applied_at WHERE version = (SELECT max(version) FROM schema_migrations)',
  ).run();
}

export function sqliteDatabase(db: BetterSqlite3.Database, file: string, writes: WriteFailures): SqliteDatabase {
  const ping = db.prepare('SELECT 1').pluck();
  let closed = false;

  /**
   * A store that cannot be written is an outage for the person, not a defect: UpstreamUnavailableError, worded
   * as the store not answering. Nothing was written (the transaction rolled back), and health says read-only.
   */
  const cannotWrite = (err: unknown): never => {
    if (isCannotWrite(err)) {
      const code = errorCode(err) ?? 'unknown';
      writes.noted(code);
      throw new UpstreamUnavailableError('store', code);
    }
    throw err;
  };

  /** Whether the file takes a write now, for health while writes fail. */
  const probeWrite = async () => {
    try {
      // The probe's one page may fit where a failed change left room in the WAL file while a change does not:
      // a disk this close to full stays read-only.
      const { bavail, bsize } = statfsSync(dirname(file));
      if (bavail * bsize < MIN_FREE_BYTES) return 'read-only' as const;
      writeProbe(db);
      return 'open' as const;
    } catch (err) {
      return isCannotWrite(err) ? ('read-only' as const) : ('down' as const);
    }
  };

  return {
    db,
    writeTransaction: (fn) => db.transaction(fn).immediate,
    guarded: (port) => withErrorsMapped(port, cannotWrite),
    async health() {
      if (closed) return 'down';
      try {
        if (ping.get() !== 1) return 'down';
      } catch {
        return 'down';
      }
      return writes.health(probeWrite);
    },
    async close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}

/** The port with every method's failure passed through `mapError`. */
function withErrorsMapped<P extends object>(port: P, mapError: (err: unknown) => never): P {
  const mapped: Record<string, unknown> = { ...(port as Record<string, unknown>) };
  for (const [name, value] of Object.entries(port)) {
    if (typeof value !== 'function') continue;
    const method = value as (...args: unknown[]) => Promise<unknown>;
    mapped[name] = async (...args: unknown[]) => {
      try {
        return await method(...args);
      } catch (err) {
        return mapError(err);
      }
    };
  }
  return mapped as unknown as P;
}
