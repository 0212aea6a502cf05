import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  fstatSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  type Stats,
} from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import { checkSeed } from './seedCheck';
import { readImportMeta, SEED_DIRECTORY_FORMAT, seedWriter, writeValidSeed, type SeedImportMeta } from './seedDatabase';
import {
  directoriesOver,
  seedQueries,
  SEED_DIRECTORY_CACHE_KIB,
  type SeedDirectories,
  type SeedQueries,
} from './seedDirectories';
import { parseSeed, parseSeedJson, seedUnreadable } from './seedFile';
import type { SeedSink } from './seedCheck';

/** The seed directory's file in DATA_DIR: a copy of the seed, apart from the store (which may be PostgreSQL). */
export const SEED_DIRECTORY_FILE_NAME = 'seed-directory.sqlite';

/**
 * How often a running bot looks at the seed file: a stat, and a hash of its bytes only when its size, mtime, ctime or
 * inode changed. An edit is served within this long of being saved.
 */
export const SEED_CHECK_INTERVAL_MS = 5000;

/** An import under way: `seed-directory.sqlite.<pid>.<random>.tmp`, renamed into place once complete. */
const TEMP_FILE = new RegExp(
  `^${SEED_DIRECTORY_FILE_NAME.replace(/\./g, '\\.')}\\.(\\d+)\\.[0-9a-f]+\\.tmp(-journal)?$`,
);

export interface SeedDirectoryLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface SeedDirectoryOptions {
  seedFile: string;
  dataDir: string;
  log?: SeedDirectoryLog;
  /** Look at the seed file this often while running (0: only at start, and when `checkForChanges` is called). */
  checkEveryMs?: number;
}

export interface SeedDirectoryInfo {
  /** The directory's SQLite file. */
  file: string;
  seedFile: string;
  /** sha256 of the seed file's bytes the directory was imported from, hex. */
  seedSha256: string;
  /** When that import was made (by this process or an earlier one). */
  importedAt: string;
  tenants: number;
  /** Imports this process made: 0 when it started on the directory an earlier start left, the seed unchanged. */
  imports: number;
}

export type SeedCheck = 'unchanged' | 'imported' | 'reopened' | 'invalid';

export interface SeedDirectoryHandle extends SeedDirectories {
  info(): SeedDirectoryInfo;
  /** Looks at the seed file now (what the timer does): imports it again if its content changed and it is valid. */
  checkForChanges(): SeedCheck;
  close(): void;
}

interface Open {
  db: BetterSqlite3.Database;
  meta: SeedImportMeta;
  queries: SeedQueries;
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** Hashes a file through one 1 MiB buffer, so an unchanged seed costs no memory the size of the file. */
function hashOpenFile(fd: number): string {
  const hash = createHash('sha256');
  const chunk = Buffer.allocUnsafe(1 << 20);
  let position = 0;
  for (;;) {
    const n = readSync(fd, chunk, 0, chunk.length, position);
    if (n === 0) break;
    hash.update(n === chunk.length ? chunk : chunk.subarray(0, n));
    position += n;
  }
  return hash.digest('hex');
}

/**
 * What changes when the file is edited, replaced or renamed over: checked before reading a byte of it. ctime cannot be
 * set back by a program (utimes sets mtime and moves ctime on), so a file with the same signature has not been written.
 */
const signature = (st: Stats): string => `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;

function openForReading(file: string): Open | null {
  let db: BetterSqlite3.Database | undefined;
  try {
    db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    db.pragma(`cache_size = -${SEED_DIRECTORY_CACHE_KIB}`);
    // Nobody writes this file once it is in place (an import writes a new file and renames it over), so the shared
    // lock is taken once and kept: otherwise every query takes and drops it and rereads the file's header to learn
    // whether another process wrote, about 6 of a lookup's 8 us.
    db.pragma('locking_mode = EXCLUSIVE');
    const meta = readImportMeta(db);
    if (!meta) {
      db.close();
      return null;
    }
    return { db, meta, queries: seedQueries(db) };
  } catch {
    // Missing, or not a database this code wrote: imported again from the seed.
    db?.close();
    return null;
  }
}

/** Removes imports that a process which is no longer running left half-written (a crash, a kill). */
function removeAbandonedImports(dataDir: string): void {
  for (const name of readdirSync(dataDir)) {
    const match = TEMP_FILE.exec(name);
    if (!match) continue;
    const pid = Number(match[1]);
    if (pid !== process.pid && isRunning(pid)) continue;
    rmSync(join(dataDir, name), { force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Writes the seed's directory to a temp file in DATA_DIR, in one transaction with prepared statements, and renames
 * it over `target` only once it is complete and on disk: a crash leaves the previous directory (and a temp file the
 * next start removes), never half an import. A seed the precompiled check doubts is validated by zod, which either
 * throws the SeedFileError naming each field (nothing is renamed) or accepts it, to be written from zod's output.
 */
function importSeed(
  seedFile: string,
  bytes: Buffer,
  seedSha256: string,
  seedFileStat: string,
  target: string,
): SeedImportMeta {
  const data = parseSeedJson(bytes.toString('utf8'), seedFile);
  const meta: SeedImportMeta = {
    format: SEED_DIRECTORY_FORMAT,
    seedSha256,
    importedAt: new Date().toISOString(),
    tenants: 0,
    seedFileStat,
  };
  const temp = `${target}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    if (!writeDirectory(temp, meta, (sink) => checkSeed(data, sink))) {
      const seed = parseSeed(data, seedFile);
      if (
        !writeDirectory(temp, meta, (sink) => {
          writeValidSeed(seed, sink);
          return true;
        })
      )
        throw new Error('unreachable: a valid seed was not written');
    }
    const fd = openSync(temp, 'r+');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, target);
    syncDirectory(target.slice(0, target.length - SEED_DIRECTORY_FILE_NAME.length));
    return meta;
  } finally {
    rmSync(temp, { force: true });
    rmSync(`${temp}-journal`, { force: true });
  }
}

/** Fills a fresh database at `file`; false (and the file to be thrown away) when `fill` says the seed needs zod. */
function writeDirectory(file: string, meta: SeedImportMeta, fill: (sink: SeedSink) => boolean): boolean {
  rmSync(file, { force: true });
  const db = new BetterSqlite3(file);
  try {
    // A file nobody reads until it is renamed into place: no journal on disk, no syncs until the one fsync after.
    db.pragma('journal_mode = MEMORY');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -32768');
    const doubted = new Error('the precompiled check doubts the seed');
    try {
      db.transaction(() => {
        const writer = seedWriter(db);
        let tenants = 0;
        const counting: SeedSink = {
          ...writer,
          tenant: (t, id, name) => {
            tenants++;
            writer.tenant(t, id, name);
          },
        };
        if (!fill(counting)) throw doubted;
        writer.finish({ ...meta, tenants });
        meta.tenants = tenants;
      })();
    } catch (err) {
      if (err === doubted) return false;
      throw err;
    }
    db.pragma('journal_mode = DELETE');
    return true;
  } finally {
    db.close();
  }
}

function syncDirectory(dir: string): void {
  try {
    const fd = openSync(dir || '.', 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Not every platform can open a directory to sync it (Windows); the rename is still atomic there.
  }
}

/**
 * The seed directories the bot uses: answered from `DATA_DIR/seed-directory.sqlite`, imported from the seed file
 * when that file holds no import of the seed's current bytes (by sha256, and the directory's format version), and
 * otherwise opened as it is, without reading the seed as JSON at all; a start that finds the seed file with the
 * device, inode, size, mtime and ctime it had when imported does not read it at all. A seed that fails validation at
 * start throws the SeedFileError `loadSeedFile` would (start-up stops); with `checkEveryMs`, a running bot looks at
 * the seed file that often and imports an edited one, or, if the edit is invalid, logs why and keeps serving the
 * last good import. An import blocks the event loop while it runs (about half a second at 10,000 tenants x 20
 * subscriptions).
 */
export function openSeedDirectories(options: SeedDirectoryOptions): SeedDirectoryHandle {
  mkdirSync(options.dataDir, { recursive: true });
  removeAbandonedImports(options.dataDir);
  const file = new SeedDirectoryFile(options.seedFile, join(options.dataDir, SEED_DIRECTORY_FILE_NAME), options.log);
  let timer: NodeJS.Timeout | undefined;
  if (options.checkEveryMs && options.checkEveryMs > 0) {
    timer = setInterval(() => file.checkForChanges(), options.checkEveryMs);
    timer.unref();
  }
  return {
    ...directoriesOver(() => file.current.queries),
    info: () => file.info(),
    checkForChanges: () => file.checkForChanges(),
    close() {
      if (timer) clearInterval(timer);
      timer = undefined;
      file.current.db.close();
    },
  };
}

/** The import being served, and how the seed file is looked at again and imported when it changed. */
class SeedDirectoryFile {
  current: Open;
  private imports = 0;
  /** The seed file's signature (or unreadable message) last looked at: a check with the same one does nothing. */
  private seen = '';

  constructor(
    private readonly seedFile: string,
    private readonly target: string,
    private readonly log: SeedDirectoryOptions['log'],
  ) {
    this.current = this.load(null).open;
  }

  info(): SeedDirectoryInfo {
    const { meta } = this.current;
    const { seedFile, target: file, imports } = this;
    return { file, seedFile, seedSha256: meta.seedSha256, importedAt: meta.importedAt, tenants: meta.tenants, imports };
  }

  checkForChanges(): SeedCheck {
    const { seedFile, log } = this;
    let sig: string;
    try {
      sig = signature(statSync(seedFile));
    } catch (err) {
      const message = seedUnreadable(seedFile, err).message;
      if (this.seen !== message)
        log?.error({ seedFile, err: { message } }, 'seed file cannot be read; still serving the last good import');
      this.seen = message;
      return 'invalid';
    }
    if (sig === this.seen) return 'unchanged';
    try {
      const { open, how } = this.load(this.current);
      if (open !== this.current) {
        const old = this.current;
        this.current = open;
        old.db.close();
      }
      return how;
    } catch (err) {
      // Logged once per edit: `seen` now names this one, so the next check is quiet until the file changes again.
      this.seen = sig;
      const message = err instanceof Error ? err.message : String(err);
      log?.error(
        { seedFile, err: { message } },
        'seed file changed but cannot be imported; still serving the last good import',
      );
      return 'invalid';
    }
  }

  /** The directory for the seed's current bytes: the one on disk if it matches, else a new import. */
  private load(previous: Open | null): { open: Open; how: SeedCheck } {
    let fd: number;
    try {
      fd = openSync(this.seedFile, 'r');
    } catch (err) {
      throw seedUnreadable(this.seedFile, err);
    }
    try {
      const sig = signature(fstatSync(fd));
      const found = this.matchingImport(fd, sig, previous);
      this.seen = sig;
      return found ?? { open: this.importNow(fd, sig), how: 'imported' };
    } finally {
      closeSync(fd);
    }
  }

  /** An import of the seed file's current bytes that is already there, if any. */
  private matchingImport(fd: number, sig: string, previous: Open | null): { open: Open; how: SeedCheck } | null {
    // At start, the import an earlier start left; while running, the one being served.
    const onDisk = previous ? null : openForReading(this.target);
    // Hashing the file in place is only worth it when there is an import to compare with.
    const compareWith = previous ?? onDisk;
    // A start finding the very file the import was read from (same device, inode, size, mtime and ctime) opens the
    // import without hashing the file: 215 MiB at 100,000 tenants would take a few tenths of a second.
    if (onDisk && onDisk.meta.seedFileStat === sig) return { open: onDisk, how: 'unchanged' };
    if (!compareWith) return null;
    const sha = hashOpenFile(fd);
    if (sha === compareWith.meta.seedSha256) return { open: compareWith, how: 'unchanged' };
    // Another process sharing DATA_DIR may have imported this very seed already.
    const fresh = previous ? openForReading(this.target) : null;
    if (fresh && fresh.meta.seedSha256 === sha) return { open: fresh, how: 'reopened' };
    fresh?.db.close();
    onDisk?.db.close();
    return null;
  }

  private importNow(fd: number, sig: string): Open {
    const { seedFile, target } = this;
    let bytes: Buffer;
    try {
      bytes = readFileSync(fd);
    } catch (err) {
      throw seedUnreadable(seedFile, err);
    }
    const started = performance.now();
    const meta = importSeed(seedFile, bytes, sha256(bytes), sig, target);
    this.imports++;
    const open = openForReading(target);
    if (!open) throw new Error(`${target}: the seed directory just imported cannot be opened`);
    this.log?.info(
      { seedFile, directory: target, tenants: meta.tenants, ms: Math.round(performance.now() - started) },
      'seed file imported into the seed directory',
    );
    return open;
  }
}
