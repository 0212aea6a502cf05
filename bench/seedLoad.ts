import { performance } from 'node:perf_hooks';
import { createSeedDirectories } from '../bot/adapters/seed/seedDirectories';
import { loadSeedFile } from '../bot/adapters/seed/seedFile';

/**
 * Run as a process by the bench: loads SEED_FILE once, cold, as the bot does at start (read, parse, validate,
 * then index it for the directories), and sends the times to the parent.
 */
const file = process.env.SEED_FILE;
if (!file) throw new Error('SEED_FILE must be set');
const started = performance.now();
const seed = loadSeedFile(file);
const loaded = performance.now();
createSeedDirectories(seed);
const indexed = performance.now();
const seedLoad = { loadMs: loaded - started, indexMs: indexed - loaded, totalMs: indexed - started, tenants: seed.tenants.length, rssBytes: process.memoryUsage.rss() };
process.send!({ seedLoad }, () => process.exit(0));
