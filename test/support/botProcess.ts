import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../bot/config';

export interface BotProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  /** Sends the signal and resolves with the exit code once the process is gone. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** The bot from source, with a TypeScript loader: what `npm start` runs, without its compile step. */
const NODE_ARGS = ['--require', 'tsx/cjs', path.join(REPO_ROOT, 'bot', 'main.ts')];

/** How to start the bot: node's arguments, its working directory, and whether it inherits this environment. */
export interface Launch {
  args: string[];
  cwd: string;
  inheritEnv: boolean;
}

/** From source, in the repository, with this process's environment. */
export const FROM_SOURCE: Launch = { args: NODE_ARGS, cwd: REPO_ROOT, inheritEnv: true };

/**
 * `npm start` itself, without npm in between: node with the arguments package.json's start script gives it
 * (scripts/start.js: bot/ compiled to dist/ when it changed, then the compiled bot).
 */
export const NPM_START: Launch = { args: startScriptArgs(), cwd: REPO_ROOT, inheritEnv: true };

function startScriptArgs(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const [command, ...args] = pkg.scripts.start.trim().split(/\s+/);
  if (command !== 'node') throw new Error(`package.json's start script does not run node: ${pkg.scripts.start}`);
  return args;
}

/** Runs the bot as `npm start` does (or as `launch` says), as a separate process, and waits until it listens. */
export async function startBotProcess(
  env: Record<string, string>,
  timeoutMs = 15_000,
  launch = FROM_SOURCE,
): Promise<BotProcess> {
  const base = launch.inheritEnv ? process.env : { PATH: process.env.PATH };
  const child = spawn(process.execPath, launch.args, {
    cwd: launch.cwd,
    env: { ...base, PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bot did not start within ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const look = () => {
      const match = /"url":"http:\/\/\[?[^\]"]*\]?:(\d+)"/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${match[1]}`);
      }
    };
    child.stdout!.on('data', look);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`bot exited with ${code} before listening:\n${out}`));
    });
  });

  return {
    child,
    url,
    output: () => out,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** What a process printed before it exited: everything, and stdout and stderr apart. */
export interface ExitedProcess {
  code: number | null;
  output: string;
  stdout: string;
  stderr: string;
}

/** A user to run a process as (root may start a process as another user). */
export interface RunAs {
  uid: number;
  gid: number;
}

/** Runs the bot expecting it to refuse to start; resolves with its exit code and output. */
export function runBotToExit(env: Record<string, string>, timeoutMs = 15_000, as?: RunAs): Promise<ExitedProcess> {
  return runToExit(NODE_ARGS, { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...env }, timeoutMs, as);
}

/** Runs node with `args` until it exits; resolves with its exit code and everything it printed. */
export function runToExit(
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
  as?: RunAs,
): Promise<ExitedProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], ...as });
    let output = '';
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      output += c.toString();
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      output += c.toString();
      stderr += c.toString();
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${args.at(-1)} kept running; output:\n${output}`));
    }, timeoutMs);
    // 'close', not 'exit': by then everything it printed has been read.
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output, stdout, stderr });
    });
  });
}
