import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { createWriteStream, existsSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import { fillTemplate } from './fillTemplate';
import type { PackageSettings } from './packageSettings';
import { localizationFilesOf, validateAppPackage, type PackageFiles } from './validateManifest';

/** manifest/: the template and the committed icons. */
export const MANIFEST_DIR = path.resolve(__dirname, '..');
export const TEMPLATE_FILE = 'manifest.template.json';
/** Where the language files named by `localizationInfo` are kept; they go in at the zip's root. */
export const LOCALIZATION_DIR = 'localization';
/** The images shipped beside manifest.json; the manifest's `icons` must name these. */
export const ICON_FILES = ['color.png', 'outline.png'] as const;

/** Zip entries get this time, not the build's, so the same inputs always give the same bytes. */
const ENTRY_TIME = new Date(2020, 0, 1);

export class PackageError extends Error {
  constructor(
    message: string,
    readonly problems: readonly string[],
  ) {
    super(message);
  }
}

export interface BuiltPackage {
  zipFile: string;
  manifest: Record<string, unknown>;
}

/**
 * Fills the template, checks the result with its icons and language files, and only then writes the zip
 * (manifest.json, the icons and the language files at its root, as Teams expects). Nothing is written when anything is wrong: a PackageError lists it all.
 */
export async function buildAppPackage(options: {
  settings: PackageSettings;
  zipFile: string;
  manifestDir?: string;
}): Promise<BuiltPackage> {
  const dir = options.manifestDir ?? MANIFEST_DIR;
  const text = fillTemplate(await readFile(path.join(dir, TEMPLATE_FILE), 'utf8'), { ...options.settings });
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch (err) {
    const problem = `${TEMPLATE_FILE}: not JSON once filled (${err instanceof Error ? err.message : String(err)})`;
    throw new PackageError(problem, [problem]);
  }
  const files: Record<string, Buffer> = {};
  for (const name of ICON_FILES) files[name] = await readFile(path.join(dir, name));
  // Each language's strings, from localization/ (a file the manifest names but that is missing is a problem below).
  for (const name of localizationFilesOf(manifest)) {
    const file = path.join(dir, LOCALIZATION_DIR, path.basename(name));
    if (path.basename(name) === name && existsSync(file)) files[name] = await readFile(file);
  }

  const problems = await validateAppPackage(manifest, files);
  if (problems.length > 0) {
    throw new PackageError(
      `The Teams app package is not valid:\n${problems.map((p) => `  ${p}`).join('\n')}`,
      problems,
    );
  }
  await writeZip(options.zipFile, { 'manifest.json': Buffer.from(text), ...files });
  return { zipFile: options.zipFile, manifest: manifest as Record<string, unknown> };
}

/** Written beside the target and renamed into place, so a failed run never leaves half a zip behind. */
async function writeZip(zipFile: string, entries: PackageFiles): Promise<void> {
  await mkdir(path.dirname(zipFile), { recursive: true });
  const partial = `${zipFile}.${process.pid}.partial`;
  const zip = new ZipFile();
  for (const [name, data] of Object.entries(entries)) zip.addBuffer(data, name, { mtime: ENTRY_TIME });
  zip.end();
  try {
    await pipeline(zip.outputStream, createWriteStream(partial));
    await rename(partial, zipFile);
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  }
}
