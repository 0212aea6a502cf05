import {
  closeSync,
  fstatSync,
  mkdirSync,
  openSync,
  read,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  type Stats,
} from 'node:fs';
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

let report: CompileCacheReport = { kind: 'off', reason: 'only the compiled bot uses it' };

export function compileCacheReport(): CompileCacheReport {
  return { ...report };
}

/** Why the folder or file `name` (its stats `s`) may not hold code the bot will run; undefined when only this user may write it. */
function unsafeOwnership(name: string, s: Stats): string | undefined {
  // Windows has no owner ids or mode bits to read here: its folder's permissions come from the folder it is in.
  if (typeof process.getuid !== 'function') return undefined;
  if (s.uid !== process.getuid()) return `${name} belongs to another user`;
  if ((s.mode & 0o022) !== 0) return `${name} may be written by other users`;
  return undefined;
}

function unsafeDirectory(dir: string): string | undefined {
  const s = statSync(dir);
  return s.isDirectory() ? unsafeOwnership(dir, s) : `${dir} is not a folder`;
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
    // Node 22's API, which the @types/node for Node 20 does not declare.
    const node = Module as unknown as {
      enableCompileCache?: (dir: string) => { status: number; message?: string };
      constants: { compileCacheStatus: Record<string, number> };
    };
    if (node.enableCompileCache && options.useNodeCache !== false) {
      const { status, message } = node.enableCompileCache(dir);
      const { ENABLED, ALREADY_ENABLED } = node.constants.compileCacheStatus;
      report =
        status === ENABLED || status === ALREADY_ENABLED
          ? { kind: 'node', directory: dir }
          : { kind: 'off', directory: dir, reason: message ?? 'Node did not enable it' };
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
/** The parameters Node gives a CommonJS module's code. */
const WRAPPER_PARAMETERS = ['exports', 'require', 'module', '__filename', '__dirname'];
/** How long after the last module compiled afresh the file is written: once a start (or a first turn) is over. */
const SAVE_AFTER_MS = 2_000;

/**
 * The cache file as this start found it: its index, and the file kept open to read one module's data when that
 * module loads (one read each, rather than the whole file held in memory for the life of the process). A file
 * renamed over it meanwhile does not change what this open file holds.
 */
interface CacheFile {
  index: CacheIndex;
  /** Reads a module's data; undefined if the file no longer has it whole. */
  read(offset: number, length: number): Buffer | undefined;
  /** The same, off the main thread. */
  readLater(offset: number, length: number): Promise<Buffer | undefined>;
  close(): void;
}

function openCache(file: string): CacheFile | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const s = fstatSync(fd);
    if (unsafeOwnership(file, s)) throw new Error('unsafe');
    const length = Buffer.alloc(4);
    if (readSync(fd, length, 0, 4, 0) !== 4) throw new Error('cut short');
    const indexLength = length.readUInt32LE(0);
    if (indexLength > s.size - 4) throw new Error('cut short');
    const indexBytes = Buffer.alloc(indexLength);
    if (readSync(fd, indexBytes, 0, indexLength, 4) !== indexLength) throw new Error('cut short');
    const index = JSON.parse(indexBytes.toString('utf8')) as CacheIndex;
    if (index.node !== process.version || typeof index.modules !== 'object' || index.modules === null)
      throw new Error('another Node');
    const dataStart = 4 + indexLength;
    return {
      index,
      read(offset, size) {
        try {
          const data = Buffer.allocUnsafe(size);
          return readSync(fd, data, 0, size, dataStart + offset) === size ? data : undefined;
        } catch {
          return undefined;
        }
      },
      readLater(offset, size) {
        const data = Buffer.allocUnsafe(size);
        return new Promise((resolve) => {
          read(fd, data, 0, size, dataStart + offset, (err, bytesRead) =>
            resolve(!err && bytesRead === size ? data : undefined),
          );
        });
      },
      close: () => closeSync(fd),
    };
  } catch {
    // Unreadable, cut short, or another Node's: every module is compiled afresh, and the file is written again.
    closeSync(fd);
    return undefined;
  }
}

/**
 * Every module this process loaded through the cache, for the next write of the file: the data made for one compiled
 * afresh, or where the open file has the data of one taken from the cache (read again only when writing).
 */
type Loaded = { checksum: number; data: Buffer } | { checksum: number; offset: number; length: number };

/** The file's bytes: the index, then each module's data (in the order given; one without data is left out). */
function fileBytes(entries: [string, Loaded][], data: (Buffer | undefined)[]): Buffer {
  const modules: CacheIndex['modules'] = {};
  const parts: Buffer[] = [];
  let offset = 0;
  for (const [i, [filename, { checksum }]] of entries.entries()) {
    const bytes = data[i];
    if (!bytes) continue;
    modules[filename] = [checksum, offset, bytes.length];
    parts.push(bytes);
    offset += bytes.length;
  }
  const index = Buffer.from(JSON.stringify({ node: process.version, modules } satisfies CacheIndex));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(index.length);
  return Buffer.concat([length, index, ...parts]);
}

/** The cache of one process on Node 20: what it read at start, what it loaded since, and writing that back. */
class ModuleCache {
  cached: CacheFile | undefined;
  readonly loaded = new Map<string, Loaded>();
  // The report is the count itself, kept up as modules load.
  readonly counts: { kind: 'bot'; directory: string; fromCache: number; compiled: number };
  private unsaved = false;
  private writing = false;
  private timer: NodeJS.Timeout | undefined;
  // Written beside and renamed over, so that a start never reads half a file; a failed write leaves the last one.
  private readonly whileRunning: string;
  private readonly atExit: string;

  constructor(private readonly file: string) {
    this.cached = openCache(file);
    this.counts = { kind: 'bot', directory: path.dirname(file), fromCache: 0, compiled: 0 };
    this.whileRunning = `${file}.${process.pid}`;
    this.atExit = `${file}.${process.pid}.exit`;
    // At exit (a stop, or a start that fails), what is not yet written is written at once.
    process.once('exit', () => this.writeAtExit());
  }

  /** Writes the file soon, once no module has been compiled afresh for a while. One write at a time. */
  saveSoon(): void {
    this.unsaved = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (this.writing) return this.saveSoon();
      this.unsaved = false;
      this.writing = true;
      this.writeWhileRunning()
        .catch(() => rm(this.whileRunning, { force: true }).catch(() => undefined))
        .finally(() => {
          this.writing = false;
        });
    }, SAVE_AFTER_MS).unref();
  }

  /** While the bot runs, without holding up its event loop: the data is read back and written off the main thread. */
  private async writeWhileRunning(): Promise<void> {
    const source = this.cached;
    const entries = [...this.loaded];
    const data = await Promise.all(
      entries.map(([, entry]) => ('data' in entry ? entry.data : source?.readLater(entry.offset, entry.length))),
    );
    await writeFile(this.whileRunning, fileBytes(entries, data), { mode: 0o600 });
    await rename(this.whileRunning, this.file);
    this.adoptWritten();
  }

  /**
   * Once the file is written, the data made here is in it: read from there when next needed, it need not stay in
   * memory (a first start compiles every module, a few MiB of data). Only if the file holds every module loaded so
   * far, as this process last wrote it (another process may have written it since).
   */
  private adoptWritten(): void {
    const written = openCache(this.file);
    if (!written) return;
    const located = new Map<string, { checksum: number; offset: number; length: number }>();
    for (const [filename, { checksum }] of this.loaded) {
      const at = written.index.modules[filename];
      if (!at || at[0] !== checksum) {
        written.close();
        return;
      }
      located.set(filename, { checksum, offset: at[1], length: at[2] });
    }
    this.cached?.close();
    this.cached = written;
    for (const [filename, entry] of located) this.loaded.set(filename, entry);
  }

  private writeAtExit(): void {
    if (!this.unsaved && !this.writing) return;
    try {
      rmSync(this.whileRunning, { force: true });
      const entries = [...this.loaded];
      const data = entries.map(([, entry]) =>
        'data' in entry ? entry.data : this.cached?.read(entry.offset, entry.length),
      );
      writeFileSync(this.atExit, fileBytes(entries, data), { mode: 0o600 });
      renameSync(this.atExit, this.file);
    } catch {
      try {
        rmSync(this.atExit, { force: true });
      } catch {
        // The folder cannot be written to: nothing was left in it.
      }
    }
  }
}

type Compile = (this: Module, content: string, filename: string, format?: string) => unknown;
/** What `vm.compileFunction` returns, with the cached-data fields Node sets on it. */
type CompiledWrapper = ((...args: unknown[]) => unknown) & { cachedData?: Buffer; cachedDataRejected?: boolean };
const moduleInternals = Module as unknown as {
  _resolveFilename(request: string, parent: Module, isMain: boolean, options?: unknown): string;
  _resolveLookupPaths(request: string, parent: Module): string[] | null;
  _extensions: unknown;
  _cache: unknown;
};

/** The `require` Node gives a module's code, made as Node makes it. */
function requireFor(module: Module): NodeJS.Require {
  const require = ((id: string) => module.require(id)) as NodeJS.Require;
  const resolve = ((request: string, options?: unknown) =>
    moduleInternals._resolveFilename(request, module, false, options)) as NodeJS.RequireResolve;
  resolve.paths = (request: string) => moduleInternals._resolveLookupPaths(request, module);
  return Object.assign(require, {
    resolve,
    main: process.mainModule,
    extensions: moduleInternals._extensions,
    cache: moduleInternals._cache,
  });
}

/** Compiles a module's code with the cache's data for it, or compiles it afresh and keeps the data it makes. */
function compileCached(cache: ModuleCache, content: string, filename: string): CompiledWrapper | undefined {
  const checksum = crc32(content);
  const entry = cache.cached?.index.modules[filename];
  const cachedData = entry && entry[0] === checksum ? cache.cached!.read(entry[1], entry[2]) : undefined;
  let wrapper: CompiledWrapper;
  try {
    wrapper = vm.compileFunction(content, WRAPPER_PARAMETERS, {
      filename,
      cachedData,
      produceCachedData: !cachedData,
      importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    }) as CompiledWrapper;
  } catch {
    // Not a script V8 will compile (ES module syntax in a .js file, say): Node's own step decides, and reports.
    return undefined;
  }
  if (cachedData && !wrapper.cachedDataRejected) {
    cache.counts.fromCache++;
    cache.loaded.set(filename, { checksum, offset: entry![1], length: entry![2] });
  } else {
    cache.counts.compiled++;
    // Made as it is compiled, before the module runs: V8 stamps the data with its flags, which the bot changes once
    // loaded (heapTuning.ts), and refuses data whose flags differ from its own when the module is next loaded.
    const data =
      wrapper.cachedData ??
      vm.compileFunction(content, WRAPPER_PARAMETERS, { filename, produceCachedData: true }).cachedData;
    if (data) cache.loaded.set(filename, { checksum, data });
    cache.saveSoon();
  }
  return wrapper;
}

/**
 * Node 20: compiles each CommonJS file as Node does (as the body of a function of the same five parameters, with the
 * same `require`), through `vm.compileFunction`, which takes V8's cached data and makes it. Anything else (ES modules,
 * files Node wants to compile itself, a file V8 will not parse as a script) goes to Node's own compile step unchanged.
 */
function installCacheOnNode20(dir: string): void {
  const cache = new ModuleCache(path.join(dir, CACHE_FILE));
  report = cache.counts;
  const proto = Module.prototype as unknown as { _compile: Compile };
  const nodeCompile = proto._compile;
  proto._compile = function compileWithCache(
    this: Module,
    content: string,
    filename: string,
    format?: string,
  ): unknown {
    const commonJs = (format === undefined || format === 'commonjs') && /\.c?js$/.test(filename);
    const wrapper = commonJs ? compileCached(cache, content, filename) : undefined;
    if (!wrapper) return nodeCompile.call(this, content, filename, format);
    return wrapper.call(this.exports, this.exports, requireFor(this), this, filename, path.dirname(filename));
  };
}
