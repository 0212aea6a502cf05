import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunAs } from './botProcess';

/**
 * Who a child process runs as so that file permissions hold for it: this process's own user unless that is root
 * (root writes where the mode bits say no), else `nobody`. Null when this process is root and there is no nobody.
 */
export function nonRootUser(): { as?: RunAs } | null {
  if (process.getuid?.() !== 0) return {};
  try {
    const uid = Number(execFileSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'nobody'], { encoding: 'utf8' }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { as: { uid, gid } } : null;
  } catch {
    return null;
  }
}

/** A tmpfs of `size` (for example `4m`) on a fresh directory, or null when this process may not mount one. */
export function mountTmpfs(size: string): string | null {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'por-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0777`, 'tmpfs', dir], { stdio: 'pipe' });
    return dir;
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
}

/** Mounts it read-only (`ro`) or read-write again (`rw`); refused while a file on it is open for writing. */
export function remount(dir: string, mode: 'ro' | 'rw'): void {
  execFileSync('mount', ['-o', `remount,${mode}`, dir], { stdio: 'pipe' });
}

export function unmountTmpfs(dir: string): void {
  execFileSync('umount', [dir], { stdio: 'pipe' });
  rmSync(dir, { recursive: true, force: true });
}
