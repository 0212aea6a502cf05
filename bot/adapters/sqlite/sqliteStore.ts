import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { oneStore, type Store, type StorePorts } from '../storePorts';
import { StoreUnusableError, type StoreLog, WriteFailures } from '../storeWrites';
import { createAssignments } from './assignments';
import { createAuditLog } from './audit';
import { createConversations } from './conversations';
import { type SqliteDatabase, sqliteDatabase, writeProbe } from './database';
import { applyMigrations } from './migrations';
import { createNudges } from './nudges';
import { createOutbox, createOutboxWriter } from './outbox';
import { createPartnerAnswers } from './partnerAnswers';
import { createSigningKeys } from './signingKeys';
import { errorCode, openProblem } from './sqliteFailures';

export { AUDIT_PAGE_SQL } from './audit';

export const SQLITE_FILE_NAME = 'partner-of-record.sqlite';

/**
 * `wal` (the default) for a local disk. `delete` or `truncate`, a rollback journal, where the data directory is a
 * network share (App Service's /home): WAL keeps its index in shared memory, which works only when every process
 * using the database is on the same host (https://sqlite.org/wal.html).
 */
export type SqliteJournalMode = 'wal' | 'delete' | 'truncate';

export interface SqliteStoreOptions {
  dataDir: string;
  journalMode?: SqliteJournalMode;
  /** Told when the store stops, and starts again, being writable. */
  log?: StoreLog;
}

export interface SqliteStore extends Store {
  /** The database file, for start-up logs. */
  readonly file: string;
}

/**
 * Opens (creating if needed) the embedded store under dataDir, brings its schema up to date and checks that it can
 * be written. A file that is not a database, cannot be written or is locked by another process throws a
 * StoreUnusableError that names the file and what to do.
 */
export function openSqliteStore({ dataDir, journalMode = 'wal', log }: SqliteStoreOptions): SqliteStore {
  const file = join(dataDir, SQLITE_FILE_NAME);
  let db: BetterSqlite3.Database | undefined;
  try {
    mkdirSync(dataDir, { recursive: true });
    db = new BetterSqlite3(file);
    // busy_timeout makes a second connection wait for the lock instead of failing at once; set first, so that
    // changing the journal mode waits too.
    db.pragma('busy_timeout = 5000');
    setJournalMode(db, file, journalMode);
    db.pragma('foreign_keys = ON');
    applyMigrations(db);
    // A file SQLite could open only for reading (read-only file, directory or mount) is found out here, not by
    // the first person's change.
    writeProbe(db);
    const database = sqliteDatabase(db, file, new WriteFailures(log));
    return { ...oneStore(sqlitePorts(database), database), file };
  } catch (err) {
    db?.close();
    throw openProblem(err, file, dataDir);
  }
}

/**
 * WAL lets health checks and reads run while a change is being written; NORMAL is durable enough under WAL (a power
 * cut can lose the last commit, never corrupt the file). A rollback journal needs FULL for the same guarantee.
 */
function setJournalMode(db: BetterSqlite3.Database, file: string, journalMode: SqliteJournalMode): void {
  let mode: unknown;
  try {
    mode = db.pragma(`journal_mode = ${journalMode.toUpperCase()}`, { simple: true });
  } catch (err) {
    // Leaving WAL needs the file to itself: with another connection open SQLite refuses ("database is locked").
    if (!/^SQLITE_(BUSY|LOCKED)/.test(errorCode(err) ?? '')) throw err;
    throw new StoreUnusableError(
      `${file}: cannot set journal mode ${journalMode} while another process uses the database (${errorCode(err)})`,
    );
  }
  // Or SQLite keeps the old mode without an error.
  if (mode !== journalMode) {
    throw new StoreUnusableError(
      `${file}: journal mode stays ${String(mode)}, not ${journalMode} (SQLITE_JOURNAL_MODE)`,
    );
  }
  db.pragma(journalMode === 'wal' ? 'synchronous = NORMAL' : 'synchronous = FULL');
}

/** The store's ports, one module each, over the one database; every method's failure mapped alike. */
function sqlitePorts(database: SqliteDatabase): StorePorts {
  const insertOutbox = createOutboxWriter(database.db);
  return {
    assignments: database.guarded(createAssignments(database, insertOutbox)),
    audit: database.guarded(createAuditLog(database)),
    partnerAnswers: database.guarded(createPartnerAnswers(database, insertOutbox)),
    conversations: database.guarded(createConversations(database)),
    outbox: database.guarded(createOutbox(database, insertOutbox)),
    nudges: database.guarded(createNudges(database, insertOutbox)),
    signingKeys: database.guarded(createSigningKeys(database)),
  };
}
