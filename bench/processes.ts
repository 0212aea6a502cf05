import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { MAX_REQUEST_BYTES } from '../bot/server/jsonBody';
import { childScript } from './build';

/**
 * The processes the bench measures: the bot as production runs it (the compiled bot/main.js) and the echo bot,
 * each a child started here and stopped by its pid, listening on a loopback port of its own.
 */

const LISTEN_TIMEOUT_MS = 15 * 60_000;
const STOP_TIMEOUT_MS = 15_000;
const OUTPUT_KEPT = 16 * 1024;

/** One second of the bot's event loop, as bot/runtime/eventLoopDelay.ts reports it (BENCH_EVENT_LOOP=1). */
export interface EventLoopReport {
  /** When it arrived, in ms since the process was started. */
  atMs: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  samples: number;
  /** How long the second actually was: a blocked loop reports late. */
  windowMs: number;
  /** The V8 heap at the end of the second: in use (live and not yet collected), and reserved. */
  heapUsedBytes: number;
  heapTotalBytes: number;
}

const EVENT_LOOP_RESOLUTION_MS = 10;

/**
 * A second's p99 counting the samples the histogram could not take: while the loop is blocked for B ms, the B/10
 * samples due in that stretch are held up (their delays would have run evenly from B down to 0), and the histogram
 * records one. The missing ones are added back as if all held up by the longest stretch (its max); a loop that was
 * never blocked for long misses none, and keeps its own p99.
 */
export function correctedP99(r: EventLoopReport): number {
  const expected = r.windowMs / EVENT_LOOP_RESOLUTION_MS;
  const missing = expected - r.samples;
  if (missing <= 0.01 * expected) return r.p99Ms;
  return Math.max(r.p99Ms, r.maxMs * (1 - (0.01 * expected) / missing));
}

export interface Child {
  kind: 'bot' | 'echo';
  pid: number;
  url: string;
  /** From fork() until it said it listens, and until /healthz first answered 200: its start-up. */
  listeningMs: number;
  startupMs: number;
  /** performance.now() when it was forked. */
  forkedAt: number;
  eventLoop: EventLoopReport[];
  /** Resident set size now, and the highest it has been (Linux: /proc; elsewhere `ps`, and no peak). */
  rssBytes(): number;
  peakRssBytes(): number;
  /** CPU time (user + system) used so far, in microseconds; NaN where /proc is missing. */
  cpuMicros(): number;
  exited(): boolean;
  /** The last lines it printed, for a message when it fails. */
  output(): string;
  stop(): Promise<void>;
}

/** The environment every child gets: nothing from this shell (no STORE, no MicrosoftAppId from a .env), only what is given. */
function baseEnv(): Record<string, string> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '' };
  for (const key of ['HOME', 'TMPDIR', 'TEMP', 'TMP', 'SystemRoot']) if (process.env[key]) env[key] = process.env[key]!;
  return env;
}

/**
 * Extra Node options for the bot only, to look inside it during a run: `BENCH_BOT_NODE_ARGS="--cpu-prof
 * --cpu-prof-dir=/tmp/prof"`, or `--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=/tmp/heap` and `kill -USR2` its pid.
 */
function botNodeArgs(): string[] {
  return (process.env.BENCH_BOT_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
}

/** Settings of the bot in every scenario: anonymous local mode on a free loopback port, quiet. */
export function botEnv(settings: Record<string, string>): Record<string, string> {
  return { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'error', ...settings };
}

/**
 * With BENCH_CPU_PROF=<dir> in the bench's environment, every bot it starts (not the echo bot) writes a V8 CPU profile
 * into that directory when it exits (`node --cpu-prof`), to be opened in Chrome's DevTools. Off by default: profiling
 * slows the bot, so the figures of such a run are not comparable.
 */
function profileArgs(kind: 'bot' | 'echo'): string[] {
  const dir = process.env.BENCH_CPU_PROF?.trim();
  return kind === 'bot' && dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

/** Makes the bot report its event-loop delay every second (bot/runtime/eventLoopDelay.ts). */
export const WATCH_EVENT_LOOP = { BENCH_EVENT_LOOP: '1' };

/**
 * Starts the bot or the echo bot and waits until its /healthz answers 200. Its working directory is `cwd` (a temp
 * dir: the bot reads a .env in its working directory, and the bench wants none).
 */
export async function startChild(kind: 'bot' | 'echo', env: Record<string, string>, cwd = os.tmpdir()): Promise<Child> {
  const script = kind === 'bot' ? childScript.bot : childScript.echo;
  const extra = kind === 'echo' ? { PORT: '0', HOST: '127.0.0.1', ECHO_MAX_BODY_BYTES: String(MAX_REQUEST_BYTES) } : {};
  const forkedAt = performance.now();
  const child = fork(script, [], {
    cwd,
    env: { ...baseEnv(), ...extra, ...env },
    // restify 11 on Node 20 and 22 warns about OutgoingMessage._headers (DEP0111): harmless, for both bots alike.
    execArgv: ['--disable-warning=DEP0111', ...profileArgs(kind), ...(kind === 'bot' ? botNodeArgs() : [])],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let out = '';
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString('utf8')).slice(-OUTPUT_KEPT);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const eventLoop: EventLoopReport[] = [];
  child.on('message', (m: { eventLoopDelay?: Omit<EventLoopReport, 'atMs'> }) => {
    if (m?.eventLoopDelay) eventLoop.push({ atMs: performance.now() - forkedAt, ...m.eventLoopDelay });
  });
  const exit = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const gone = () => child.exitCode !== null || child.signalCode !== null;

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${kind} did not listen within ${LISTEN_TIMEOUT_MS / 1000} s:\n${out}`));
    }, LISTEN_TIMEOUT_MS);
    child.on('message', (m: { listening?: string }) => {
      if (typeof m?.listening !== 'string') return;
      clearTimeout(timer);
      resolve(m.listening);
    });
    void exit.then(() => {
      clearTimeout(timer);
      reject(new Error(`${kind} exited (${child.exitCode ?? child.signalCode}) before it listened:\n${out.trim()}`));
    });
  });
  const listeningMs = performance.now() - forkedAt;
  for (;;) {
    const status = await getStatus(new URL('/healthz', url).toString()).catch(() => 0);
    if (status === 200) break;
    if (gone()) throw new Error(`${kind} exited before /healthz answered:\n${out.trim()}`);
    await sleep(5);
  }
  const startupMs = performance.now() - forkedAt;
  const pid = child.pid!;
  return {
    kind,
    pid,
    url,
    listeningMs,
    startupMs,
    forkedAt,
    eventLoop,
    rssBytes: () => memory(pid).rss,
    peakRssBytes: () => memory(pid).peak,
    cpuMicros: () => cpuMicros(pid),
    exited: gone,
    output: () => out,
    stop: () => stopChild(child, exit),
  };
}

async function stopChild(child: ChildProcess, exit: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  // The bot waits for a nudge pass under way before it exits; a large world's can take minutes.
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exit;
  clearTimeout(timer);
}

export function getStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.setTimeout(60_000, () => req.destroy(new Error('no answer')));
    req.on('error', reject);
  });
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function memory(pid: number): { rss: number; peak: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rss: kib('VmRSS') * 1024, peak: kib('VmHWM') * 1024 };
  } catch {
    try {
      const rss = Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim()) * 1024;
      return { rss, peak: NaN };
    } catch {
      return { rss: NaN, peak: NaN };
    }
  }
}

let clockTicks: number | undefined;
function cpuMicros(pid: number): number {
  try {
    // Fields 14 and 15 of /proc/<pid>/stat (utime, stime), counted after the command name's closing parenthesis.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    return ((Number(fields[11]) + Number(fields[12])) / clockTicks) * 1e6;
  } catch {
    return NaN;
  }
}

/**
 * Waits until the process has been nearly idle (under 5% of a core) for a whole second: its start-up work, the
 * first nudge pass above all, is over. Resolves with performance.now() at the start of that quiet second, or,
 * if it never settles within `maxMs` (or CPU time cannot be read), at the end.
 */
export async function waitUntilSettled(child: Child, maxMs: number): Promise<number> {
  const deadline = performance.now() + maxMs;
  const samples: { at: number; cpu: number }[] = [];
  while (performance.now() < deadline && !child.exited()) {
    const at = performance.now();
    const cpu = child.cpuMicros();
    if (Number.isNaN(cpu)) return performance.now();
    samples.push({ at, cpu });
    const from = samples.find((s) => at - s.at <= 1000 + 1 && at - s.at >= 1000 - 260);
    if (from && (cpu - from.cpu) / 1000 / (at - from.at) < 0.05) return from.at;
    await sleep(250);
  }
  return performance.now();
}

export interface SeedLoad {
  totalMs: number;
  /** Whether it imported the seed (DATA_DIR held no import of it), or opened the import there. */
  imported: boolean;
  tenants: number;
  rssBytes: number;
}

/** Opens the seed directories once in a fresh process, as the bot does at start, with its directory file in dataDir. */
export function loadSeedInChild(seedFile: string, dataDir: string): Promise<SeedLoad> {
  return new Promise((resolve, reject) => {
    const child = fork(childScript.seedLoad, [], {
      cwd: os.tmpdir(),
      env: { ...baseEnv(), SEED_FILE: seedFile, DATA_DIR: dataDir },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let err = '';
    child.stderr!.on('data', (c: Buffer) => (err = (err + c.toString()).slice(-OUTPUT_KEPT)));
    let result: SeedLoad | undefined;
    child.on('message', (m: { seedLoad?: SeedLoad }) => (result = m.seedLoad ?? result));
    child.once('exit', (code, signal) =>
      result ? resolve(result) : reject(new Error(`seed loading exited (${code ?? signal}):\n${err.trim()}`)),
    );
  });
}
