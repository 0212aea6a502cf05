import { closeSync, fstatSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import Module from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { crc32 } from 'node:zlib';

/**
 * V8's compiled code for the modules the bot loads, kept on disk between starts. Most of a start is compiling
 * JavaScript (botbuilder, restify, zod, the bot's own modules: about 1,300 files); with the code from the last start
 * V8 skips that, and the bot listens about 25% sooner (`npm run bench -- --scenario attach` shows both starts).
 *
 * On Node 22 this is Node's own compile cache (`module.enableCompileCache`). Node 20 has none, and gets the same from
 * a CommonJS compile step of our own (`installCacheOnNode20`). Either is keyed by each file's path and a checksum of
 * its text, so a changed file is compiled afresh; V8 also refuses data made by another V8 or with other flags.
 *
 * It runs only for the compiled bot (dist/bot/main.js, as `npm start` and the Docker image run it): under a
 * TypeScript loader, the loader compiles the files itself. The cache is `.compile-cache/` beside the compiled bot/
 * (dist/.compile-cache), a folder only the bot's user may write to: what is in it is code that the bot will run.
 * `NODE_DISABLE_COMPILE_CACHE=1` (Node's own switch) turns it off.
 */

export interface CompileCacheReport {
  /** 'node': Node's own; 'bot': this module's, on Node 20; 'off': not used, and why. */
  kind: 'node' | 'bot' | 'off';
  directory?: string;
  reason?: string;
  /** On Node 20: modules taken from the cache, and compiled afresh, so far. */
  fromCache?: number;
  compiled?: number;
}

let report: CompileCacheReport = { kind: 'off', reason: 'not enabled' };

export function compileCacheReport(): CompileCacheReport {
  return { ...report };
}

/** Why `dir` may not hold code the bot will run, or undefined when only this process's user can write to it. */
function unsafeDirectory(dir: string): string | undefined {
  const s = statSync(dir);
  if (!s.isDirectory()) return `${dir} is not a folder`;
  // Windows has no owner ids or mode bits to read here: its folder's permissions come from the folder it is in.
  if (typeof process.getuid !== 'function') return undefined;
  if (s.uid !== process.getuid()) return `${dir} belongs to another user`;
  if ((s.mode & 0o022) !== 0) return `${dir} may be written by other users`;
  return undefined;
}

/**
 * Turns the cache on for the modules loaded from now on, in `dir` (made if missing). Returns what it did; it never
 * throws: without a cache, the bot starts as it would have.
 */
export function enableCompileCache(dir: string, options: { useNodeCache?: boolean } = {}): CompileCacheReport {
  if (report.kind !== 'off') return compileCacheReport();
  try {
    if (process.env.NODE_DISABLE_COMPILE_CACHE) {
      report = { kind: 'off', reason: 'NODE_DISABLE_COMPILE_CACHE is set' };
      return compileCacheReport();
    }
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const unsafe = unsafeDirectory(dir);
    if (unsafe) {
      report = { kind: 'off', directory: dir, reason: unsafe };
      return compileCacheReport();
    }
    const nodeCache = (Module as { enableCompileCache?: (dir: string) => { status: number; message?: string } }).enableCompileCache;
    if (nodeCache && options.useNodeCache !== false) {
      const { status, message } = nodeCache(dir);
      const { ENABLED, ALREADY_ENABLED } = (Module as unknown as { constants: { compileCacheStatus: Record<string, number> } }).constants.compileCacheStatus;
      report = status === ENABLED || status === ALREADY_ENABLED ? { kind: 'node', directory: dir } : { kind: 'off', directory: dir, reason: message ?? 'Node did not enable it' };
    } else if (process.sourceMapsEnabled) {
      // Node maps stack traces through source maps as it compiles each module; a compile step of our own would skip that.
      report = { kind: 'off', directory: dir, reason: 'source maps are enabled' };
    } else {
      installCacheOnNode20(dir);
    }
  } catch (err) {
    report = { kind: 'off', directory: dir, reason: err instanceof Error ? err.message : String(err) };
  }
  return compileCacheReport();
}

/** The file's layout: a 4-byte length, a JSON index (below), then each module's cached data, one after another. */
interface CacheIndex {
  /** Data made by another Node (so another V8) is not offered to this one. */
  node: string;
  /** filename -> [checksum of its text, offset, length] of its data after the index. */
  modules: Record<string, [number, number, number]>;
}

const CACHE_FILE = 'modules.v8cache';
/** How long after the last module compiled afresh the file is written: once a start (or a first turn) is over. */
const SAVE_AFTER_MS = 2_000;

function readCache(file: string): { index: CacheIndex; data: Buffer } | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const s = fstatSync(fd);
    if (typeof process.getuid === 'function' && (s.uid !== process.getuid() || (s.mode & 0o022) !== 0)) return undefined;
    const buffer = readFileSync(fd);
    const indexLength = buffer.readUInt32LE(0);
    const index = JSON.parse(buffer.toString('utf8', 4, 4 + indexLength)) as CacheIndex;
    if (index.node !== process.version || typeof index.modules !== 'object') return undefined;
    return { index, data: buffer.subarray(4 + indexLength) };
  } catch {
    // Unreadable or cut short: every module is compiled afresh, and the file is written again.
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * Node 20: compiles each CommonJS file as Node does (the same wrapper around its text, the same `require`), through
 * `vm.Script`, which takes V8's cached data and makes it. Anything else (ES modules, files Node wants to compile
 * itself, a file V8 will not parse as a script) goes to Node's own compile step unchanged.
 */
function installCacheOnNode20(dir: string): void {
  const file = path.join(dir, CACHE_FILE);
  const cached = readCache(file);
  const fresh = new Map<string, { checksum: number; data: Buffer }>();
  let fromCache = 0;
  let compiled = 0;
  let unsaved = false;
  let timer: NodeJS.Timeout | undefined;

  /** The file's bytes: the index, then the data of every module this process compiled or took from the cache. */
  const contents = (): Buffer => {
    const modules: CacheIndex['modules'] = {};
    const parts: Buffer[] = [];
    let offset = 0;
    for (const [filename, { checksum, data }] of fresh) {
      modules[filename] = [checksum, offset, data.length];
      parts.push(data);
      offset += data.length;
    }
    const index = Buffer.from(JSON.stringify({ node: process.version, modules } satisfies CacheIndex));
    const length = Buffer.alloc(4);
    length.writeUInt32LE(index.length);
    return Buffer.concat([length, index, ...parts]);
  };
  // Written beside and renamed over, so that a start never reads half a file; a failed write leaves the last one.
  const whileRunning = `${file}.${process.pid}`;
  const atExit = `${file}.${process.pid}.exit`;
  // While the bot runs, without blocking its event loop (the file is a few MiB).
  let writing = false;
  const saveSoon = (): void => {
    unsaved = true;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      unsaved = false;
      writing = true;
      writeFile(whileRunning, contents(), { mode: 0o600 })
        .then(() => rename(whileRunning, file))
        .catch(() => rm(whileRunning, { force: true }).catch(() => undefined))
        .finally(() => (writing = false));
    }, SAVE_AFTER_MS).unref();
  };
  // At exit (a stop, or a start that fails), what is not yet written is written at once.
  process.once('exit', () => {
    if (!unsaved && !writing) return;
    try {
      rmSync(whileRunning, { force: true });
      writeFileSync(atExit, contents(), { mode: 0o600 });
      renameSync(atExit, file);
    } catch {
      try {
        rmSync(atExit, { force: true });
      } catch {
        // The folder cannot be written to: nothing was left in it.
      }
    }
  });

  type Compile = (this: Module, content: string, filename: string, format?: string) => unknown;
  const proto = Module.prototype as unknown as { _compile: Compile };
  const nodeCompile = proto._compile;
  const internals = Module as unknown as {
    wrap(content: string): string;
    _resolveFilename(request: string, parent: Module, isMain: boolean, options?: unknown): string;
    _resolveLookupPaths(request: string, parent: Module): string[] | null;
    _extensions: unknown;
    _cache: unknown;
  };

  proto._compile = function compileWithCache(this: Module, content: string, filename: string, format?: string): unknown {
    if ((format !== undefined && format !== 'commonjs') || !(filename.endsWith('.js') || filename.endsWith('.cjs'))) {
      return nodeCompile.call(this, content, filename, format);
    }
    const checksum = crc32(content);
    const entry = cached?.index.modules[filename];
    const cachedData = entry && entry[0] === checksum ? cached!.data.subarray(entry[1], entry[1] + entry[2]) : undefined;
    let script: vm.Script;
    try {
      script = new vm.Script(internals.wrap(content), {
        filename,
        cachedData,
        importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
      });
    } catch {
      // Not a script V8 will compile (ES module syntax in a .js file, say): Node's own step decides, and reports.
      return nodeCompile.call(this, content, filename, format);
    }
    if (cachedData && !script.cachedDataRejected) {
      fromCache++;
      fresh.set(filename, { checksum, data: cachedData });
    } else {
      compiled++;
      // Made now, before the module runs: V8 stamps the data with its flags, which the bot changes once loaded
      // (heapTuning.ts), and refuses data whose flags differ from its own when the module is next loaded.
      fresh.set(filename, { checksum, data: script.createCachedData() });
      saveSoon();
    }
    report = { kind: 'bot', directory: dir, fromCache, compiled };
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    // The `require` Node gives a module (lib/internal/modules/helpers.js makeRequireFunction).
    const module = this;
    const require = ((id: string) => module.require(id)) as NodeJS.Require;
    const resolve = ((request: string, options?: unknown) => internals._resolveFilename(request, module, false, options)) as NodeJS.RequireResolve;
    resolve.paths = (request: string) => internals._resolveLookupPaths(request, module);
    Object.assign(require, { resolve, main: process.mainModule, extensions: internals._extensions, cache: internals._cache });
    return wrapper.call(module.exports, module.exports, require, module, filename, path.dirname(filename));
  };
  report = { kind: 'bot', directory: dir, fromCache, compiled };
}
