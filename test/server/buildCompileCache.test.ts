import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../bot/config';
import { tempDir } from '../support/botUnderTest';

const SCRIPT = path.join(REPO_ROOT, 'scripts', 'buildCompileCache.js');

/**
 * scripts/buildCompileCache.js, the build's step that fills the compile cache (test/deployment/builtBot.test.ts runs
 * it on the built bot): a bot that does not start is said, and the build goes on without a cache.
 */
describe('server: the build step that fills the compile cache', function () {
  this.timeout(30_000);
  let dir: string;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function buildWith(mainSource: string) {
    const main = path.join(dir, 'bot', 'main.js');
    mkdirSync(path.dirname(main), { recursive: true });
    writeFileSync(main, mainSource);
    return spawnSync(process.execPath, [SCRIPT, main], { cwd: dir, encoding: 'utf8' });
  }

  it('says that no cache was built, with what the bot wrote, and does not fail the build', () => {
    const run = buildWith("process.stderr.write('PORT is not a number\\n'); process.exit(1);\n");
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /^No compile cache was built: the bot did not start \(1\)\nPORT is not a number\n$/);
    assert.equal(run.stdout, '');
  });

  it('stops the bot once /healthz answers, and says where the cache is', () => {
    // As main.ts: it says where it listens over IPC, and sets up its stop on SIGTERM (which writes the cache) only
    // after that; a SIGTERM before then would end it without a stop. Here that is once /healthz has been asked.
    const run = buildWith(
      [
        'const server = require("node:http").createServer((req, res) => {',
        '  if (req.url === "/healthz") process.on("SIGTERM", () => server.close(() => process.exit(0)));',
        '  res.end("ok");',
        '});',
        'server.listen(0, "127.0.0.1", () => process.send({ listening: `http://127.0.0.1:${server.address().port}` }));',
      ].join('\n'),
    );
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stderr, '');
    assert.equal(run.stdout, `Compile cache written to ${path.join('.compile-cache')}\n`);
  });
});
