import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import ts from 'typescript';

export const REPO = path.resolve(__dirname, '..');

/**
 * Where the processes the bench starts are compiled to: inside the repository (bench/results/ is ignored by git),
 * so that, as from dist/, they find node_modules, package.json, cards/ and the demo seed by walking up.
 */
export const BUILD_DIR = path.join(REPO, 'bench', 'results', 'build');

/** The bench's own child processes: the echo bot (botbuilder and restify only) and the seed-loading probe. */
const BENCH_ENTRIES = ['bench/echoBot.ts', 'bench/seedLoad.ts'];

function filesUnder(dir: string): string[] {
  return readdirSync(path.join(REPO, dir)).flatMap((name) => {
    const rel = path.join(dir, name);
    return statSync(path.join(REPO, rel)).isDirectory() ? filesUnder(rel) : [rel];
  });
}

/**
 * Compiles bot/ and the bench's child entries to JavaScript, file by file (no type check: `npm test` does that),
 * with the compiler options of the build, so children start as `node dist/bot/main.js` does in production:
 * no TypeScript loader in their start-up time. Returns how long it took.
 */
export function buildChildren(): number {
  const started = performance.now();
  rmSync(BUILD_DIR, { recursive: true, force: true });
  const compilerOptions: ts.CompilerOptions = {
    module: ts.ModuleKind.CommonJS,
    target: ts.ScriptTarget.ES2022,
    esModuleInterop: true,
    resolveJsonModule: true,
  };
  for (const rel of [...filesUnder('bot'), ...BENCH_ENTRIES]) {
    const out = path.join(BUILD_DIR, rel);
    mkdirSync(path.dirname(out), { recursive: true });
    if (rel.endsWith('.json')) {
      copyFileSync(path.join(REPO, rel), out);
    } else if (rel.endsWith('.ts')) {
      const { outputText } = ts.transpileModule(readFileSync(path.join(REPO, rel), 'utf8'), { compilerOptions, fileName: rel });
      writeFileSync(out.replace(/\.ts$/, '.js'), outputText);
    }
  }
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
