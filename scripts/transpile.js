'use strict';
/*
 * Compiles TypeScript to JavaScript file by file (ts.transpileModule: no type check, which `npm test` and
 * `npm run build` do), with the build's compiler options. Plain JavaScript so that `npm start` can use it without
 * a TypeScript loader; the bench uses it too, so what it measures is what `npm start` runs.
 */
const { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } = require('node:fs');
const path = require('node:path');

/** Every file under `dir` (relative to `root`), sorted. */
function filesUnder(root, dir) {
  // The directory listing says which entries are folders: no stat per file (npm start walks bot/ at every start).
  return readdirSync(path.join(root, dir), { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => {
      const rel = path.join(dir, entry.name);
      return entry.isDirectory() ? filesUnder(root, rel) : [rel];
    });
}

/** Writes each of `files` (relative to `root`) under `outDir`: .ts compiled to .js, .json copied, others left out. */
function transpileFiles(root, files, outDir) {
  const ts = require('typescript');
  const compilerOptions = {
    module: ts.ModuleKind.CommonJS,
    target: ts.ScriptTarget.ES2022,
    esModuleInterop: true,
    resolveJsonModule: true,
  };
  for (const rel of files) {
    const out = path.join(outDir, rel);
    if (rel.endsWith('.json')) {
      mkdirSync(path.dirname(out), { recursive: true });
      copyFileSync(path.join(root, rel), out);
    } else if (rel.endsWith('.ts') && !rel.endsWith('.d.ts')) {
      mkdirSync(path.dirname(out), { recursive: true });
      const { outputText } = ts.transpileModule(readFileSync(path.join(root, rel), 'utf8'), {
        compilerOptions,
        fileName: rel,
      });
      writeFileSync(out.replace(/\.ts$/, '.js'), outputText);
    }
  }
}

module.exports = { filesUnder, transpileFiles };
