import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import { REPO_ROOT } from '../../bot/config';
import { transpileFiles } from '../../scripts/transpile';
import type { CompileCacheReport } from '../../bot/runtime/compileCache';
import { tempDir } from '../support/botUnderTest';

const CACHE_FILE = 'modules.v8cache';
const nodeHasCompileCache = typeof (Module as { enableCompileCache?: unknown }).enableCompileCache === 'function';

interface Run {
  report: CompileCacheReport;
  a: { value: string; dirname: string; filename: string; resolved: string; isMain: boolean; line: string };
  b: { value: string; sameCache: boolean };
  esm: string;
  syntaxError: string;
}

/**
 * bot/runtime/compileCache.ts, compiled as `npm start` compiles it, in a fresh Node process per start: modules loaded after
 * it is enabled come from the cache at the next start, a changed file is compiled afresh, and a cache that is
 * unsafe or unreadable is not used. `useNodeCache: false` runs the Node 20 compile step on Node 22 too.
 */
describe('server: compile cache', function () {
  this.timeout(30_000);
  let dir: string;
  let cacheDir: string;

  beforeEach(() => {
    dir = tempDir();
    cacheDir = path.join(dir, 'cache');
    transpileFiles(REPO_ROOT, ['bot/runtime/compileCache.ts'], path.join(dir, 'build'));
    mkdirSync(path.join(dir, 'mods', 'esm'), { recursive: true });
    writeFileSync(
      path.join(dir, 'mods', 'a.js'),
      [
        "'use strict';",
        "const b = require('./b');",
        'module.exports = {',
        "  value: 'first',",
        '  dirname: __dirname,',
        '  filename: __filename,',
        "  resolved: require.resolve('./b'),",
        '  isMain: require.main === module,',
        "  line: (new Error().stack.split('\\n')[1] || '').trim(),",
        '};',
      ].join('\n'),
    );
    writeFileSync(
      path.join(dir, 'mods', 'b.js'),
      "exports.value = 'AAAA';\nexports.sameCache = require.cache === require('module')._cache;\n",
    );
    writeFileSync(path.join(dir, 'mods', 'esm', 'package.json'), '{ "type": "module" }');
    writeFileSync(path.join(dir, 'mods', 'esm', 'e.js'), "export const value = 'from an ES module';\n");
    writeFileSync(path.join(dir, 'mods', 'broken.js'), 'module.exports = {;\n');
    writeFileSync(
      path.join(dir, 'run.js'),
      `
      const { enableCompileCache, compileCacheReport } = require('./build/bot/runtime/compileCache.js');
      enableCompileCache(process.argv[2], { useNodeCache: process.argv[3] === 'node' });
      const a = require('./mods/a.js');
      const b = require('./mods/b.js');
      let esm;
      try { esm = require('./mods/esm/e.js').value; } catch (err) { esm = 'not loaded: ' + err.code; }
      let syntaxError = '';
      try { require('./mods/broken.js'); } catch (err) { syntaxError = err.name + ': ' + err.message; }
      process.stdout.write(JSON.stringify({ report: compileCacheReport(), a, b, esm, syntaxError }));
      // Killed, as a process can be, with no chance to write at exit: only the write while running is left.
      if (process.argv[4] === 'killed') setTimeout(() => process.kill(process.pid, 'SIGKILL'), 3000);
      // A module loaded after the write while running, then a normal exit: the file is written again, whole.
      if (process.argv[4] === 'late') setTimeout(() => require('./mods/c.js'), 3000);
      `,
    );
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function start(
    env: Record<string, string> = {},
    which: 'own' | 'node' = 'own',
    end: 'exit' | 'killed' | 'late' = 'exit',
  ): Run {
    const env0: Record<string, string | undefined> = { ...process.env, ...env };
    if (!('NODE_DISABLE_COMPILE_CACHE' in env)) delete env0.NODE_DISABLE_COMPILE_CACHE;
    delete env0.NODE_COMPILE_CACHE;
    delete env0.NODE_OPTIONS;
    const run = spawnSync(process.execPath, [path.join(dir, 'run.js'), cacheDir, which, end], {
      cwd: dir,
      env: env0,
      encoding: 'utf8',
    });
    if (end !== 'killed') assert.equal(run.status, 0, run.stderr);
    else assert.equal(run.signal, 'SIGKILL', run.stderr);
    return JSON.parse(run.stdout) as Run;
  }

  /** Modules compiled afresh, and taken from the cache, by a start. */
  const counts = (run: Run): [number | undefined, number | undefined] => [run.report.compiled, run.report.fromCache];

  it('compiles each module once, then takes it from the cache, and loads it as Node does', () => {
    const first = start();
    assert.equal(first.report.kind, 'bot');
    // a.js and b.js; the ES module and the file that does not parse go to Node's own compile step.
    assert.deepEqual(counts(first), [2, 0]);
    assert.equal(statSync(cacheDir).mode & 0o777, 0o700);
    assert.equal(statSync(path.join(cacheDir, CACHE_FILE)).mode & 0o777, 0o600);

    const second = start();
    assert.deepEqual(counts(second), [0, 2]);
    for (const run of [first, second]) {
      assert.equal(run.a.value, 'first');
      assert.equal(run.a.dirname, path.join(dir, 'mods'));
      assert.equal(run.a.filename, path.join(dir, 'mods', 'a.js'));
      assert.equal(run.a.resolved, path.join(dir, 'mods', 'b.js'));
      assert.equal(run.a.isMain, false);
      // Stack traces name the file and the line, as without the cache.
      assert.match(run.a.line, /mods\/a\.js:9:/);
      assert.deepEqual(run.b, { value: 'AAAA', sameCache: true });
      assert.equal(run.esm, 'from an ES module');
      assert.match(run.syntaxError, /^SyntaxError: Unexpected token/);
    }
  });

  it('writes the cache while the process runs, a moment after the last module compiled', () => {
    assert.deepEqual(counts(start({}, 'own', 'killed')), [2, 0]);
    assert.deepEqual(counts(start()), [0, 2]);
    // One module changed, one taken from the cache: the write while running reads the latter's data back.
    const b = path.join(dir, 'mods', 'b.js');
    writeFileSync(b, readFileSync(b, 'utf8').replace('AAAA', 'CCCC'));
    assert.deepEqual(counts(start({}, 'own', 'killed')), [1, 1]);
    assert.deepEqual(counts(start()), [0, 2]);
  });

  it('writes the file again at exit for a module loaded after the write while running', () => {
    writeFileSync(path.join(dir, 'mods', 'c.js'), "exports.value = 'late';\n");
    assert.equal(start({}, 'own', 'late').report.compiled, 2);
    // c.js was loaded after the report was printed; all three are in the file.
    const next = start({}, 'own', 'late');
    assert.deepEqual(counts(next), [0, 2]);
    const file = readFileSync(path.join(cacheDir, CACHE_FILE));
    const index = JSON.parse(file.toString('utf8', 4, 4 + file.readUInt32LE(0))) as {
      modules: Record<string, unknown>;
    };
    assert.deepEqual(
      Object.keys(index.modules)
        .map((f) => path.basename(f))
        .sort(),
      ['a.js', 'b.js', 'c.js'],
    );
  });

  it('compiles a changed file afresh, even one whose length did not change', () => {
    start();
    const b = path.join(dir, 'mods', 'b.js');
    writeFileSync(b, readFileSync(b, 'utf8').replace('AAAA', 'BBBB'));
    const changed = start();
    assert.equal(changed.b.value, 'BBBB');
    assert.deepEqual(counts(changed), [1, 1]);
  });

  it('starts without the cache when its file is unreadable, and writes it again', () => {
    start();
    const file = path.join(cacheDir, CACHE_FILE);
    const bytes = readFileSync(file);
    writeFileSync(file, bytes.subarray(0, 10));
    const cut = start();
    assert.equal(cut.a.value, 'first');
    assert.deepEqual(counts(cut), [2, 0]);
    assert.deepEqual(counts(start()), [0, 2]);

    // Garbage after a sound index: V8 refuses the data (it checks its own header), and the module is compiled.
    const garbled = readFileSync(file);
    const indexEnd = 4 + garbled.readUInt32LE(0);
    garbled.fill(0x5a, indexEnd);
    writeFileSync(file, garbled);
    const refused = start();
    assert.equal(refused.b.value, 'AAAA');
    assert.deepEqual(counts(refused), [2, 0]);
  });

  it('is not used in a folder or from a file other users may write to, or when NODE_DISABLE_COMPILE_CACHE is set', function () {
    if (typeof process.getuid !== 'function') this.skip();
    mkdirSync(cacheDir, { mode: 0o700 });
    chmodSync(cacheDir, 0o777);
    const open = start();
    assert.equal(open.report.kind, 'off');
    assert.match(open.report.reason ?? '', /may be written by other users/);
    assert.equal(open.a.value, 'first');
    assert.throws(() => statSync(path.join(cacheDir, CACHE_FILE)), /ENOENT/);

    chmodSync(cacheDir, 0o700);
    // A cache file others may write to is not read; the one written in its place is the bot's own.
    start();
    chmodSync(path.join(cacheDir, CACHE_FILE), 0o666);
    assert.deepEqual(counts(start()), [2, 0]);
    assert.deepEqual(counts(start()), [0, 2]);
    assert.equal(statSync(path.join(cacheDir, CACHE_FILE)).mode & 0o777, 0o600);

    const disabled = start({ NODE_DISABLE_COMPILE_CACHE: '1' });
    assert.equal(disabled.report.kind, 'off');
    assert.match(disabled.report.reason ?? '', /NODE_DISABLE_COMPILE_CACHE/);
  });

  it("uses Node's own compile cache where Node has one", () => {
    const run = start({}, 'node');
    assert.equal(run.report.kind, nodeHasCompileCache ? 'node' : 'bot');
    // Node writes its cache (a folder per Node version) as the process exits.
    if (nodeHasCompileCache) assert.ok(readdirSync(cacheDir).length > 0, 'Node wrote no compile cache');
    assert.equal(run.a.value, 'first');
    assert.equal(run.esm, 'from an ES module');
  });
});
