'use strict';
/*
 * `npm start`: runs the compiled bot, dist/bot/main.js, so that no start pays for a TypeScript loader. bot/ is
 * compiled first when it changed since the last compile (a file added, removed or touched: its size and mtime are
 * recorded), which takes a second or two; otherwise the start goes straight to the bot.
 * package.json runs it with --disable-warning=DEP0111: restify's spdy (http-deceiver) reads
 * process.binding('http_parser') twice as it loads, and Node 20 warns at each read. Other warnings still show.
 */
const { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const { filesUnder, transpileFiles } = require('./transpile');

const REPO = path.resolve(__dirname, '..');
const OUT = path.join(REPO, 'dist');
const STAMP = path.join(OUT, '.start-sources.json');

/** What the sources look like now: each file's size and mtime. */
function sourcesNow() {
  return Object.fromEntries(
    filesUnder(REPO, 'bot').map((rel) => {
      const s = statSync(path.join(REPO, rel));
      return [rel, `${s.size}:${s.mtimeMs}`];
    }),
  );
}

function compiledFrom() {
  try {
    return readFileSync(STAMP, 'utf8');
  } catch {
    return undefined;
  }
}

const current = sourcesNow();
const sources = JSON.stringify(current);
if (compiledFrom() !== sources || !existsSync(path.join(OUT, 'bot', 'main.js'))) {
  try {
    require.resolve('typescript');
  } catch {
    process.stderr.write(
      'bot/ changed since it was compiled, and TypeScript is not installed: run `npm install` first.\n',
    );
    process.exit(1);
  }
  process.stdout.write('Compiling bot/ (it changed since the last start)...\n');
  // Written beside and swapped in whole, so a start interrupted here leaves the previous build or none.
  const temp = path.join(OUT, `.bot-${process.pid}`);
  rmSync(temp, { recursive: true, force: true });
  transpileFiles(REPO, Object.keys(current), temp);
  rmSync(path.join(OUT, 'bot'), { recursive: true, force: true });
  renameSync(path.join(temp, 'bot'), path.join(OUT, 'bot'));
  rmSync(temp, { recursive: true, force: true });
  writeFileSync(STAMP, sources);
}

require(path.join(OUT, 'bot', 'main.js'));
