import { performance } from 'node:perf_hooks';
import { openSeedDirectories } from '../bot/adapters/seed/seedDirectoryFile';

/**
 * Run as a process by the bench: opens the seed directories for SEED_FILE in DATA_DIR once, cold, as the bot does at
 * start (a first import when DATA_DIR holds none of this seed: read, hash, parse, validate, write the SQLite file;
 * a restart when it does: stat the seed file, finding it as imported, and open the directory), asks one question of
 * it, and sends the time to the parent with whether it imported.
 */
const seedFile = process.env.SEED_FILE;
const dataDir = process.env.DATA_DIR;
if (!seedFile || !dataDir) throw new Error('SEED_FILE and DATA_DIR must be set');
const started = performance.now();
const directories = openSeedDirectories({ seedFile, dataDir });
const info = directories.info();
const opened = performance.now();
void directories.listTenants().then((tenants) => {
  if (tenants.length === 0) throw new Error('the seed directory lists no tenant');
  directories.close();
  const seedLoad = {
    totalMs: opened - started,
    imported: info.imports > 0,
    tenants: info.tenants,
    rssBytes: process.memoryUsage.rss(),
  };
  process.send!({ seedLoad }, () => process.exit(0));
});
