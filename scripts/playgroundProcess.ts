import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../bot/config';
import { cannotListenMessage, type ListenTarget } from '../bot/runtime/listenPort';

/** Where the Microsoft 365 Agents Playground reads who "you" are and which tenant you are in. */
export const PLAYGROUND_CONFIG = path.join(REPO_ROOT, '.m365agentsplayground.yml');

/** The playground's own default port (PLAYGROUND_PORT moves it). */
export const PLAYGROUND_DEFAULT_PORT = 56150;

/** The playground's port, for the one message about a port that cannot be listened on. */
export function playgroundListenTarget(port: number): ListenTarget {
  return { port, owner: 'the playground', portSetting: 'PLAYGROUND_PORT' };
}

/** The playground's port was taken: its message is the one line to show. */
export class PlaygroundPortError extends Error {}

export interface PlaygroundProcess {
  child: ChildProcess;
  /** The page to open, on the port the playground actually listens on. */
  url: string;
  output: () => string;
  /** Sends the signal and resolves with the exit code once the process is gone. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface PlaygroundOptions {
  /** The bot's messaging endpoint, e.g. http://127.0.0.1:3978/api/messages */
  botEndpoint: string;
  port?: number;
  /** The playground writes a log file; its default is ./devTools/ under the working directory. */
  logFile: string;
  configPath?: string;
  /** In its own process group, so that only our forwarded signal reaches it, once. */
  detached?: boolean;
  timeoutMs?: number;
}

/**
 * Runs the playground's CLI (the pinned @microsoft/m365agentsplayground) and waits until it listens.
 * TEAMSAPPTESTER_BROWSER=none keeps it from opening a browser; telemetry is off, so it needs no network.
 * When the port asked for is taken the CLI would pick another one; that is stopped and reported instead
 * (PlaygroundPortError), so the page is always where it was asked to be.
 */
export async function startPlayground(options: PlaygroundOptions): Promise<PlaygroundProcess> {
  const cli = path.join(path.dirname(require.resolve('@microsoft/m365agentsplayground/package.json')), 'cli.js');
  const configPath = options.configPath ?? PLAYGROUND_CONFIG;
  if (!fs.existsSync(configPath)) throw new Error(`playground configuration not found: ${configPath}`);
  fs.mkdirSync(path.dirname(options.logFile), { recursive: true });

  const askedPort = options.port ?? PLAYGROUND_DEFAULT_PORT;
  const args = [
    cli,
    '--app-endpoint',
    options.botEndpoint,
    '--port',
    String(askedPort),
    '--channel-id',
    'msteams',
    '--disable-telemetry',
  ];
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    detached: options.detached ?? false,
    env: {
      ...process.env,
      TEAMSAPPTESTER_BROWSER: 'none',
      M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath,
      M365_AGENTS_PLAYGROUND_LOGFILE: options.logFile,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const timeoutMs = options.timeoutMs ?? 20_000;
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the playground did not start within ${timeoutMs} ms:\n${out}`));
    }, timeoutMs);
    // Its only line on stdout when ready, with the port it listens on.
    const look = () => {
      const match = /Listening on (\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout!.on('data', look);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the playground exited with ${code} before listening:\n${out}`));
    });
  });

  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  if (askedPort !== 0 && port !== askedPort) {
    await stop();
    const taken = Object.assign(new Error('in use'), { code: 'EADDRINUSE' });
    throw new PlaygroundPortError(cannotListenMessage(taken, playgroundListenTarget(askedPort)));
  }

  return {
    child,
    url: `http://localhost:${port}`,
    output: () => out,
    stop,
  };
}

export interface PlaygroundUser {
  tenantId: string;
  name: string;
  aadObjectId: string;
}

/**
 * The tenant and current user from the playground's YAML file. It reads only the two places this
 * project's file uses (top-level `tenantId`, and `name` and `aadObjectId` under `currentUser`), which is
 * enough for a start-up message and spares a YAML dependency.
 */
export function readPlaygroundUser(configPath = PLAYGROUND_CONFIG): PlaygroundUser {
  const text = fs.readFileSync(configPath, 'utf8');
  const unquote = (v: string | undefined) =>
    (v ?? '')
      .replace(/\s+#.*$/, '')
      .trim()
      .replace(/^(['"])(.*)\1$/, '$2');
  const tenantId = unquote(/^tenantId:(.*)$/m.exec(text)?.[1]);
  const block = /^currentUser:\s*\n((?:[ \t]+.*\n?)*)/m.exec(text)?.[1] ?? '';
  const field = (key: string) => unquote(new RegExp(`^[ \\t]+${key}:(.*)$`, 'm').exec(block)?.[1]);
  return { tenantId, name: field('name'), aadObjectId: field('aadObjectId') };
}
