import { rmSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { filesUnder, transpileFiles } from '../scripts/transpile';

export const REPO = path.resolve(__dirname, '..');

/**
 * Where the processes the bench starts are compiled to: inside the repository (bench/results/ is ignored by git),
 * so that, as from dist/, they find node_modules, package.json, cards/ and the demo seed by walking up.
 */
export const BUILD_DIR = path.join(REPO, 'bench', 'results', 'build');

/** The bench's own child processes: the echo bot (botbuilder and restify only) and the seed-loading probe. */
const BENCH_ENTRIES = ['bench/echoBot.ts', 'bench/seedLoad.ts'];

/**
 * Compiles bot/ and the bench's child entries to JavaScript as `npm start` does (scripts/transpile.js: file by
 * file, no type check), so children start as the compiled bot does: no TypeScript loader in their start-up time.
 * Returns how long it took.
 */
export function buildChildren(): number {
  const started = performance.now();
  rmSync(BUILD_DIR, { recursive: true, force: true });
  transpileFiles(REPO, [...filesUnder(REPO, 'bot'), ...BENCH_ENTRIES], BUILD_DIR);
  return performance.now() - started;
}

export const childScript = {
  bot: path.join(BUILD_DIR, 'bot', 'main.js'),
  echo: path.join(BUILD_DIR, 'bench', 'echoBot.js'),
  seedLoad: path.join(BUILD_DIR, 'bench', 'seedLoad.js'),
};

export function removeBuild(): void {
  rmSync(BUILD_DIR, { recursive: true, force: true });
}
