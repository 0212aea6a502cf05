'use strict';
/*
 * Part of the build (`npm run build`, the Docker image, App Service's build of the code): starts the compiled bot
 * once, as production starts it, until it listens, then stops it, so that its compile cache
 * (bot/runtime/compileCache.ts, `.compile-cache/` beside the compiled bot/) holds V8's code for every module a start
 * loads. The first start after a deployment then starts as a restart does, rather than compiling ~1,300 files.
 *
 *   node scripts/buildCompileCache.js [path/to/compiled/bot/main.js]   (default: dist/bot/main.js)
 *
 * The start is in local anonymous mode on a loopback port, in a temp data dir and working directory, with only
 * PATH and the temp folder from the environment (no .env, no store or mail settings of the shell), and sends nothing anywhere. Plain
 * JavaScript: the runtime image has no TypeScript. A start that fails is said, and the build goes on without a
 * cache (the bot then makes its own at its first start).
 */
const { fork } = require('node:child_process');
const { mkdtempSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const STARTS_WITHIN_MS = 60_000;

/** PATH and where temp files go (and Windows' SystemRoot), from this environment; nothing else of it. */
function baseEnv() {
  const env = {};
  for (const key of ['PATH', 'HOME', 'TMPDIR', 'TEMP', 'TMP', 'SystemRoot'])
    if (process.env[key]) env[key] = process.env[key];
  return env;
}

/**
 * Starts the bot at `main` until it listens and answers, then stops it (its stop writes the cache). Resolves with the
 * cache's folder, or rejects saying why the bot did not start.
 */
function buildCompileCache(main) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'por-compile-cache-'));
  const child = fork(main, [], {
    cwd: dir,
    env: { ...baseEnv(), DATA_DIR: path.join(dir, 'data'), PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'error' },
    execArgv: ['--disable-warning=DEP0111'],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let errors = '';
  child.stderr.on('data', (chunk) => {
    errors = (errors + chunk.toString('utf8')).slice(-4000);
  });
  return new Promise((resolve, reject) => {
    let listened = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), STARTS_WITHIN_MS);
    child.on('message', (m) => {
      if (listened || typeof m?.listening !== 'string') return;
      listened = true;
      // Stopped once /healthz answers: by then the bot has set up its stop on SIGTERM (the one that writes the cache).
      fetch(`${m.listening}/healthz`).finally(() => child.kill('SIGTERM'));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
      if (listened && code === 0) resolve(path.join(path.dirname(main), '..', '.compile-cache'));
      else
        reject(
          new Error(
            `the bot ${listened ? 'did not stop cleanly' : 'did not start'} (${code ?? signal})\n${errors.trim()}`,
          ),
        );
    });
  });
}

if (require.main === module) {
  const main = path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'dist', 'bot', 'main.js'));
  buildCompileCache(main).then(
    (cache) => process.stdout.write(`Compile cache written to ${path.relative(process.cwd(), cache) || '.'}\n`),
    (err) => process.stderr.write(`No compile cache was built: ${err.message}\n`),
  );
}

module.exports = { buildCompileCache };
