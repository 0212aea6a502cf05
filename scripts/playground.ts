/**
 * `npm run playground`: the bot on its embedded default (as `npm start`), plus the Microsoft 365 Agents
 * Playground, a local Teams-like chat page pointed at it. Both run offline. Ctrl+C stops both.
 */
import 'dotenv/config';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT, loadConfigOrExit } from '../bot/config';
import { loadSeedFile } from '../bot/adapters/seed/seedFile';
import { ROLE_LABELS } from '../bot/wording/labels';
import { PLAYGROUND_CONFIG, readPlaygroundUser, startPlayground, type PlaygroundProcess } from './playgroundProcess';

const STARTUP_TIMEOUT_MS = 30_000;
const SHUTDOWN_TIMEOUT_MS = 10_000;

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** Polls /healthz until the bot answers, the bot exits, or the time is up. */
async function waitForHealth(url: string, bot: ChildProcess): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (!isRunning(bot)) throw new Error('the bot exited during start-up (its messages are above)');
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the bot did not answer ${url} within ${STARTUP_TIMEOUT_MS / 1000} s`);
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
    process.stderr.write('PORT=0 is not supported here: the playground needs to know the bot\'s port.\n');
    process.exit(1);
  }
  const botUrl = `http://127.0.0.1:${config.PORT}`;

  // Each child in its own process group: a Ctrl+C reaches this script (and npm) only, and is passed on
  // once, so the bot's shutdown does not run twice.
  const bot = spawn(process.execPath, ['--require', 'tsx/cjs', path.join(REPO_ROOT, 'bot', 'main.ts')], {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit'],
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
    await waitForHealth(`${botUrl}/healthz`, bot);
    playground = await startPlayground({
      botEndpoint: `${botUrl}/api/messages`,
      logFile: path.resolve(REPO_ROOT, config.DATA_DIR, 'playground.log'),
      detached: true,
      timeoutMs: STARTUP_TIMEOUT_MS,
    });
  } catch (err) {
    process.stderr.write(`Could not start: ${err instanceof Error ? err.message : String(err)}\n`);
    stopAll(1);
    return;
  }
  playground.child.once('exit', (code) => {
    if (!stopping) {
      process.stderr.write(`The playground stopped (exit code ${code}):\n${playground?.output() ?? ''}\nStopping the bot.\n`);
      stopAll(code || 1);
    }
  });

  const line = '-'.repeat(78);
  process.stdout.write(
    [
      '',
      line,
      `Open ${playground.url} to chat with the bot as ${describeUser(config.SEED_FILE)}.`,
      'Type "add partner", "status" or "help". The bot answers at ' + `${botUrl}/api/messages.`,
      `Who you are is set in ${path.relative(process.cwd(), PLAYGROUND_CONFIG) || PLAYGROUND_CONFIG}. Ctrl+C stops both.`,
      line,
      '',
    ].join('\n'),
  );
}

void main();
