/**
 * `npm run package [-- --out <file>]`: builds the Teams app package (default build/appPackage.zip) from
 * manifest.template.json, with MicrosoftAppId and BOT_DOMAIN from the environment or .env, and the version
 * from package.json. Prints the zip's path; any bad setting or invalid manifest exits 1 naming it.
 * The zip of an earlier run is removed first, so a run that fails leaves no package to upload by mistake.
 */
import 'dotenv/config';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { TemplateError } from './fillTemplate';
import { buildAppPackage, PackageError } from './buildPackage';
import { PackageSettingsError, readPackageSettings } from './packageSettings';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** The zip this run writes; set once it is known, so a failure can say what became of an earlier one. */
let target: { zipFile: string; removed: boolean } | undefined;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const zipFile = path.resolve(values.out ?? path.join(REPO_ROOT, 'build', 'appPackage.zip'));
  // Before anything is checked: a package built from other settings must not outlive a failed run.
  const removed = existsSync(zipFile);
  rmSync(zipFile, { force: true });
  target = { zipFile, removed };
  const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version?: unknown };
  const settings = readPackageSettings(process.env, pkg.version);
  const built = await buildAppPackage({ settings, zipFile });
  process.stdout.write(`${built.zipFile}\n`);
}

main().catch((err: unknown) => {
  // The errors a person can cause carry their own explanation; anything else is a bug and keeps its stack.
  const known = err instanceof PackageSettingsError || err instanceof PackageError || err instanceof TemplateError;
  process.stderr.write(`${known ? (err as Error).message : err instanceof Error ? err.stack : String(err)}\n`);
  if (target?.removed) {
    process.stderr.write(
      `No package was built; the previous ${path.relative(process.cwd(), target.zipFile) || target.zipFile} was removed, so that it is not uploaded by mistake.\n`,
    );
  }
  process.exit(1);
});
