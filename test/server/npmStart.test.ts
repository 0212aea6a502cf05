import assert from 'node:assert/strict';
import { readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import type { CompileCacheReport } from '../../bot/runtime/compileCache';
import { REPO_ROOT } from '../../bot/config';
import { NPM_START, startBotProcess } from '../support/botProcess';
import { tempDir } from '../support/botUnderTest';

const COMPILED_MAIN = path.join(REPO_ROOT, 'dist', 'bot', 'main.js');
const COMPILING = 'Compiling bot/';

/** What the listening line of the bot's log says of the compile cache. */
function compileCacheOf(output: string): CompileCacheReport {
  const line = output.split('\n').find((l) => l.includes('partner-of-record bot listening'));
  assert.ok(line, output);
  return (JSON.parse(line) as { compileCache: CompileCacheReport }).compileCache;
}

/** `npm start` (scripts/start.js): one command that compiles bot/ when it changed and runs the compiled bot. */
describe('server: npm start', function () {
  // The first start may compile all of bot/.
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function startOnce(): Promise<string> {
    const bot = await startBotProcess({ DATA_DIR: dir }, 45_000, NPM_START);
    try {
      const res = await fetch(`${bot.url}/healthz`);
      assert.equal(res.status, 200);
      return bot.output();
    } finally {
      await bot.stop();
    }
  }

  it("prints no DEP0111 (restify's http_parser access, twice on Node 20), and silences no other warning", async () => {
    const output = await startOnce();
    assert.equal(output.split('DEP0111').length - 1, 0, output);
    assert.deepEqual(
      NPM_START.args.filter((a) => /^--(no-warnings|no-deprecation|disable-warning)/.test(a)),
      ['--disable-warning=DEP0111'],
    );
  });

  it('runs the compiled bot, and compiles again only after a source changed', async () => {
    await startOnce();
    const compiledAt = statSync(COMPILED_MAIN).mtimeMs;

    const unchanged = await startOnce();
    assert.ok(!unchanged.includes(COMPILING), unchanged);
    // The modules' compiled code, kept by the first start (bot/runtime/compileCache.ts), is what the second one runs.
    const cache = compileCacheOf(unchanged);
    assert.equal(cache.directory, path.join(REPO_ROOT, 'dist', '.compile-cache'));
    if (cache.kind === 'bot') assert.ok(cache.fromCache! > 500 && cache.compiled! < 10, JSON.stringify(cache));
    else assert.equal(cache.kind, 'node', JSON.stringify(cache));
    assert.equal(statSync(COMPILED_MAIN).mtimeMs, compiledAt, 'dist/ was rewritten though bot/ did not change');
    assert.match(
      readFileSync(COMPILED_MAIN, 'utf8'),
      /require\("\.\/config"\)/,
      'dist/bot/main.js is not the compiled main.ts',
    );

    // An edit (here, only a newer mtime) is compiled before the bot starts.
    const source = path.join(REPO_ROOT, 'bot', 'runtime', 'plainText.ts');
    const { atime, mtime } = statSync(source);
    utimesSync(source, atime, new Date());
    try {
      const edited = await startOnce();
      assert.ok(edited.includes(COMPILING), edited);
      assert.ok(statSync(COMPILED_MAIN).mtimeMs > compiledAt);
    } finally {
      utimesSync(source, atime, mtime);
    }
  });
});
