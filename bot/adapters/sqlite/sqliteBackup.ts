/**
 * A consistent copy of the SQLite store, taken while the bot runs, with SQLite's online backup API
 * (https://sqlite.org/backup.html). The store is read page by page through a read-only connection of its own; a
 * write by the bot between two steps makes SQLite start the copy again, so the copy is always one committed state.
 * It is written to a temp file beside the destination, checked, fsynced, and only then renamed into place: a crash
 * or a failure never leaves a partial backup under the destination's name.
 */
import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { SQLITE_FILE_NAME } from './sqliteStore';

/** A backup the operator must act on (a missing store, an existing destination...): nothing was written. */
export class BackupRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupRefused';
  }
}

export interface BackupOptions {
  /** DATA_DIR: the folder holding partner-of-record.sqlite. */
  dataDir: string;
  /** The backup file to write. */
  destination: string;
  /** Replace the destination if it exists (never the store itself). */
  force?: boolean;
  /** Pages copied per step at first (each step holds a read lock on the store briefly). */
  stepPages?: number;
  /** How long a step waits for the store's lock, and the longest the copy may make no progress. */
  busyTimeoutMs?: number;
}

export interface TableRows {
  table: string;
  label: string;
  rows: number;
}

export interface BackupResult {
  source: string;
  destination: string;
  pages: number;
  pageSize: number;
  bytes: number;
  /** The newest schema migration in the copy (0 when it has none). */
  schemaVersion: number;
  /** How many times the copy started again because the store changed under it. */
  restarts: number;
  /** Counted in the copy itself: the state it holds, whatever the bot wrote since. */
  tables: TableRows[];
}

/** The store's tables, as the summary names them; a table an older schema lacks is left out. */
const TABLES: readonly (readonly [table: string, label: string])[] = [
  ['assignments', 'assignments'],
  ['audit_log', 'audit entries'],
  ['outbox', 'outbox messages'],
  ['idempotency', 'idempotency keys'],
  ['conversations', 'conversation references'],
  ['pending_prompts', 'pending prompts'],
  ['nudges', 'nudges'],
];

/** 4 MiB of 4 KiB pages: a step is over in milliseconds, so the bot's writes barely wait for it. */
const FIRST_STEP_PAGES = 1024;
/** better-sqlite3 takes at most this many pages per step: the whole file at once. */
const ALL_PAGES = 0x7fffffff;
/** How long a step waits for the store's lock (a rollback journal: while the bot commits). */
const BUSY_TIMEOUT_MS = 5000;

/** The store file, and its side files, which a backup must never replace. */
function storeFiles(source: string): string[] {
  return ['', '-wal', '-shm', '-journal'].map((suffix) => source + suffix);
}

function fsyncPath(path: string, flags: 'r' | 'r+'): void {
  const fd = openSync(path, flags);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** The rename is durable once the folder is synced; some systems (Windows) cannot open a folder to sync it. */
function fsyncFolder(folder: string): void {
  try {
    fsyncPath(folder, 'r');
  } catch {
    // The file itself is synced; only the rename's durability depends on the platform here.
  }
}

function removeTemp(temp: string): void {
  for (const file of [temp, `${temp}-journal`, `${temp}-wal`, `${temp}-shm`]) rmSync(file, { force: true });
}

/** What the copy holds; also makes it one self-contained file (journal mode DELETE) and checks it. */
function describeCopy(file: string): Pick<BackupResult, 'pages' | 'pageSize' | 'schemaVersion' | 'tables'> {
  const copy = new BetterSqlite3(file, { fileMustExist: true });
  try {
    // A copy of a WAL store is marked WAL; as a rollback-journal file it needs no -wal beside it to be read.
    // The bot sets its own journal mode when it opens a restored store.
    copy.pragma('journal_mode = DELETE');
    const check = copy.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`the copy failed SQLite's quick_check: ${String(check)}`);
    const tableNames = copy.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).pluck().all() as string[];
    const names = new Set(tableNames);
    const schemaVersion = names.has('schema_migrations')
      ? ((copy.prepare('SELECT max(version) FROM schema_migrations').pluck().get() as number | null) ?? 0)
      : 0;
    const tables = TABLES.filter(([table]) => names.has(table)).map(([table, label]) => ({
      table,
      label,
      rows: copy.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number,
    }));
    return {
      pages: copy.pragma('page_count', { simple: true }) as number,
      pageSize: copy.pragma('page_size', { simple: true }) as number,
      schemaVersion,
      tables,
    };
  } finally {
    copy.close();
  }
}

/** Why no backup of `source` can be written to `destination`, if so; checked before anything is written. */
function refusal(source: string, destination: string, options: BackupOptions): string | null {
  const folder = dirname(destination);
  if (!existsSync(source)) return `No SQLite store at ${source} (DATA_DIR ${options.dataDir}): nothing to back up`;
  if (storeFiles(source).includes(destination)) return `${destination} is the store itself: name another file`;
  if (!existsSync(folder)) return `The folder ${folder} does not exist`;
  if (!existsSync(destination)) return null;
  if (statSync(destination).isDirectory()) return `${destination} is a folder: name the backup file`;
  return options.force ? null : `${destination} already exists: name a new file, or add --force to replace it`;
}

/**
 * Copies the store in `dataDir` to `destination`. Throws BackupRefused, having written nothing, when there is no
 * store, the destination exists (without `force`) or names the store itself, or its folder is missing.
 */
export async function backupSqliteStore(options: BackupOptions): Promise<BackupResult> {
  const source = join(resolve(options.dataDir), SQLITE_FILE_NAME);
  const destination = resolve(options.destination);
  const refused = refusal(source, destination, options);
  if (refused) throw new BackupRefused(refused);

  // Beside the destination, so the rename stays within one file system; named by process, so two runs never share it.
  const temp = join(dirname(destination), `${basename(destination)}.${process.pid}.partial`);
  removeTemp(temp);
  const store = new BetterSqlite3(source, { readonly: true, fileMustExist: true });
  try {
    // A step waits this long for the bot's write lock (a rollback journal) instead of failing at once.
    const busyTimeoutMs = options.busyTimeoutMs ?? BUSY_TIMEOUT_MS;
    store.pragma(`busy_timeout = ${busyTimeoutMs}`);
    let step = options.stepPages ?? FIRST_STEP_PAGES;
    let lastRemaining = Number.POSITIVE_INFINITY;
    let progressAt = Date.now();
    let restarts = 0;
    await store.backup(temp, {
      progress({ remainingPages }) {
        if (remainingPages < lastRemaining) {
          progressAt = Date.now();
        } else {
          // Once a step has waited out the busy timeout, SQLite answers the next ones "busy" at once: stop, not spin.
          if (Date.now() - progressAt >= busyTimeoutMs) {
            throw new Error(`the store stayed locked for ${busyTimeoutMs / 1000} s (busy writing): try again`);
          }
          // The store changed and the copy started again. A bigger step each time, up to the whole file in one, so
          // a busy store still gets copied.
          restarts++;
          step = Math.min(step * 2, ALL_PAGES);
        }
        lastRemaining = remainingPages;
        return step;
      },
    });
    store.close();
    // better-sqlite3 reports an unfinished copy whose first step found the store locked as done, and removes the file.
    if (!existsSync(temp)) throw new Error('the store stayed locked: no copy was made');
    const copy = describeCopy(temp);
    fsyncPath(temp, 'r+');
    if (!options.force && existsSync(destination)) {
      throw new BackupRefused(`${destination} appeared meanwhile: the backup was not written`);
    }
    renameSync(temp, destination);
    fsyncFolder(dirname(destination));
    return { source, destination, bytes: statSync(destination).size, restarts, ...copy };
  } catch (err) {
    removeTemp(temp);
    throw err;
  } finally {
    if (store.open) store.close();
  }
}
