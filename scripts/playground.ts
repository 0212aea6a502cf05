/**
 * `npm run playground`: the bot on its embedded default (as `npm start`), plus the Microsoft 365 Agents
 * Playground, a local Teams-like chat page pointed at it. Both run offline. Ctrl+C stops both.
 * Both ports (PORT, PLAYGROUND_PORT) are checked before either starts: a port in use stops it with one line.
 */
import 'dotenv/config';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT, listenHost, loadConfigOrExit } from '../bot/config';
import { loadSeedFile } from '../bot/adapters/seed/seedFile';
import { cannotListenMessage, checkCanListen, type ListenTarget } from '../bot/runtime/listenPort';
import { ROLE_LABELS } from '../bot/wording/labels';
import {
  PLAYGROUND_CONFIG,
  PLAYGROUND_DEFAULT_PORT,
  PlaygroundPortError,
  playgroundListenTarget,
  readPlaygroundUser,
  startPlayground,
  type PlaygroundProcess,
} from './playgroundProcess';

const STARTUP_TIMEOUT_MS = 30_000;
const SHUTDOWN_TIMEOUT_MS = 10_000;

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/**
 * Waits until the bot says it listens (over the IPC channel it was started with), then polls /healthz until it
 * answers. Only the bot's own word counts as listening: another process answering on the port does not.
 */
async function waitForBot(url: string, bot: ChildProcess): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  await new Promise<void>((resolve, reject) => {
    const done = (err?: Error) => {
      clearTimeout(timer);
      bot.off('message', onMessage);
      bot.off('exit', onExit);
      if (err) reject(err);
      else resolve();
    };
    const onMessage = (message: unknown) => {
      if (typeof message === 'object' && message !== null && 'listening' in message) done();
    };
    const onExit = () => done(new Error('the bot exited during start-up (its messages are above)'));
    const timer = setTimeout(
      () => done(new Error(`the bot did not start listening within ${STARTUP_TIMEOUT_MS / 1000} s`)),
      STARTUP_TIMEOUT_MS,
    );
    bot.on('message', onMessage);
    bot.once('exit', onExit);
    if (!isRunning(bot)) onExit();
  });
  while (Date.now() < deadline) {
    if (!isRunning(bot)) throw new Error('the bot exited during start-up (its messages are above)');
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      if (res.ok) return;
    } catch {
      // Not answering yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the bot did not answer ${url} within ${STARTUP_TIMEOUT_MS / 1000} s`);
}

/** PLAYGROUND_PORT (environment or .env), else the playground's default. */
function playgroundPortOrExit(): number {
  const raw = process.env.PLAYGROUND_PORT?.trim();
  if (!raw) return PLAYGROUND_DEFAULT_PORT;
  const port = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(port >= 1 && port <= 65535)) {
    process.stderr.write(`PLAYGROUND_PORT: "${raw}" is not a port (1 to 65535)\n`);
    process.exit(1);
  }
  return port;
}

/** Exits 1 with one line when a port cannot be listened on, before anything has been started. */
async function checkPortOrExit(host: string | undefined, target: ListenTarget): Promise<void> {
  try {
    await checkCanListen(target.port, host);
  } catch (err) {
    process.stderr.write(`${cannotListenMessage(err, target)}\n`);
    process.exit(1);
  }
}

/** "Ada Owner, Owner (administrator) of Contoso Ltd", from the playground file and the seed. */
function describeUser(seedFile: string): string {
  const user = readPlaygroundUser();
  const tenant = loadSeedFile(seedFile).tenants.find((t) => t.id.toLowerCase() === user.tenantId.toLowerCase());
  const seeded = tenant?.users.find((u) => u.aadObjectId.toLowerCase() === user.aadObjectId.toLowerCase());
  if (!tenant) return `${user.name}, in tenant ${user.tenantId}, which is not in the seed (the bot will not know you)`;
  if (!seeded) return `${user.name}, who is not a user of ${tenant.name} in the seed (the bot will not know you)`;
  return `${user.name}, ${ROLE_LABELS[seeded.role]} of ${tenant.name}`;
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  if (config.PORT === 0) {
    process.stderr.write("PORT=0 is not supported here: the playground needs to know the bot's port.\n");
    process.exit(1);
  }
  const playgroundPort = playgroundPortOrExit();
  if (playgroundPort === config.PORT) {
    process.stderr.write(
      `PORT and PLAYGROUND_PORT are both ${config.PORT}: the bot and the playground need a port each\n`,
    );
    process.exit(1);
  }
  // Before starting anything: a bot already running on PORT must not be mistaken for the one started here.
  await checkPortOrExit(listenHost(config), {
    port: config.PORT,
    host: config.HOST,
    owner: 'the bot',
    portSetting: 'PORT',
  });
  await checkPortOrExit(undefined, playgroundListenTarget(playgroundPort));
  const botUrl = `http://127.0.0.1:${config.PORT}`;

  // Each child in its own process group: a Ctrl+C reaches this script (and npm) only, and is passed on
  // once, so the bot's shutdown does not run twice. The IPC channel is how the bot says it listens.
  // DEP0111: restify's spdy (http-deceiver) reads process.binding('http_parser') twice as it loads; Node 20 warns
  // at each read (npm start runs node with the same flag).
  const botArgs = ['--disable-warning=DEP0111', '--require', 'tsx/cjs', path.join(REPO_ROOT, 'bot', 'main.ts')];
  const bot = spawn(process.execPath, botArgs, {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let playground: PlaygroundProcess | undefined;
  let stopping = false;

  const stopAll = (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    const children = [bot, playground?.child].filter((c): c is ChildProcess => !!c && isRunning(c));
    for (const child of children) child.kill('SIGINT');
    const force = setTimeout(() => {
      for (const child of children) if (isRunning(child)) child.kill('SIGKILL');
    }, SHUTDOWN_TIMEOUT_MS);
    Promise.all(children.map((c) => new Promise((r) => (isRunning(c) ? c.once('exit', r) : r(null))))).then(() => {
      clearTimeout(force);
      process.exit(exitCode);
    });
  };
  process.on('SIGINT', () => stopAll(0));
  process.on('SIGTERM', () => stopAll(0));
  // If this script dies some other way, don't leave the children behind.
  process.on('exit', () => {
    for (const child of [bot, playground?.child]) if (child && isRunning(child)) child.kill('SIGKILL');
  });
  bot.once('exit', (code) => {
    if (!stopping) {
      process.stderr.write(`The bot stopped (exit code ${code}); stopping the playground.\n`);
      stopAll(code || 1);
    }
  });

  try {
    await waitForBot(`${botUrl}/healthz`, bot);
    playground = await startPlayground({
      botEndpoint: `${botUrl}/api/messages`,
      port: playgroundPort,
      logFile: path.resolve(REPO_ROOT, config.DATA_DIR, 'playground.log'),
      detached: true,
      timeoutMs: STARTUP_TIMEOUT_MS,
    });
  } catch (err) {
    if (err instanceof PlaygroundPortError) process.stderr.write(`${err.message}\n`);
    else if (!stopping) process.stderr.write(`Could not start: ${err instanceof Error ? err.message : String(err)}\n`);
    stopAll(1);
    return;
  }
  playground.child.once('exit', (code) => {
    if (!stopping) {
      process.stderr.write(
        `The playground stopped (exit code ${code}):\n${playground?.output() ?? ''}\nStopping the bot.\n`,
      );
      stopAll(code || 1);
    }
  });

  const line = '-'.repeat(78);
  process.stdout.write(
    [
      '',
      line,
      `Open ${playground.url} to chat with the bot as ${describeUser(config.SEED_FILE)}.`,
      `Type "add partner", "status" or "help". The bot answers at ${botUrl}/api/messages.`,
      `Who you are is set in ${path.relative(process.cwd(), PLAYGROUND_CONFIG) || PLAYGROUND_CONFIG}. Ctrl+C stops both.`,
      line,
      '',
    ].join('\n'),
  );
}

void main();
