import { StoreUnusableError } from '../storeWrites';

/** SQLite's (extended) result code, or Node's for a file system call; undefined for anything else. */
export function errorCode(err: unknown): string | undefined {
  const code = err instanceof Error ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** The file cannot be written: read-only (file, directory or file system), full, an I/O error, not openable. */
export function isCannotWrite(err: unknown): boolean {
  const code = errorCode(err) ?? '';
  return (
    /^SQLITE_(READONLY|IOERR|CANTOPEN)/.test(code) ||
    ['SQLITE_FULL', 'SQLITE_PERM', 'EACCES', 'EPERM', 'EROFS', 'ENOSPC'].includes(code)
  );
}

/** The file's bytes are not a database, or not a whole one. */
function isNotADatabase(err: unknown): boolean {
  return /^SQLITE_(NOTADB|CORRUPT)/.test(errorCode(err) ?? '');
}

/** Another connection holds the lock the operation needs. */
function isLocked(err: unknown): boolean {
  return /^SQLITE_(BUSY|LOCKED)/.test(errorCode(err) ?? '');
}

/**
 * What stops the store file from being opened, said for the operator in one line: which file and what to do.
 * Errors of no kind named here keep their message, with the file in front.
 */
export function openProblem(err: unknown, file: string, dataDir: string): Error {
  if (err instanceof StoreUnusableError) return err;
  const code = errorCode(err) ?? 'unknown';
  if (isNotADatabase(err)) {
    return new StoreUnusableError(
      `${file} is not a valid SQLite database (${code}): stop the bot and restore the file from a backup ` +
        '(`npm run backup -- --to FILE` makes one; see "Back up and restore" in README.md), ' +
        'or move it away to start with an empty store',
    );
  }
  if (isCannotWrite(err)) {
    return new StoreUnusableError(
      `${file} cannot be written (${code}): the bot needs to create and write files in DATA_DIR ${dataDir}; ` +
        'check that the directory and the file are writable by this user ' +
        'and on a file system mounted read-write with space left',
    );
  }
  if (isLocked(err)) {
    return new StoreUnusableError(
      `${file}: another process uses the database (${code}); stop it, or give this bot its own DATA_DIR`,
    );
  }
  return new Error(`${file}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
}
