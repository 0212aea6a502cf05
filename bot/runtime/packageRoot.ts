import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The nearest folder at or above `from` that holds a package.json. Run from source, that is the repository
 * root above bot/; run from the build (dist/bot/, which has no package.json of its own), it is the same
 * root, or the image's or App Service's app folder. Files read at run time (cards/, the demo seed) are
 * found from here, so both layouts find them.
 */
export function findPackageRoot(from: string): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No package.json in ${from} or any folder above it`);
  }
}

export const PACKAGE_ROOT = findPackageRoot(__dirname);
