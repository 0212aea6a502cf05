import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../bot/config';
import { PlaygroundPortError, startPlayground } from '../../scripts/playgroundProcess';
import { freePort } from '../support/smtpTestServer';

/** What `npm run playground` prints once the bot and the playground are both up. */
const SUCCESS = /Open http:\/\/localhost:\d+ to chat with the bot/;

interface PlaygroundRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** It printed its success line (and was then stopped with Ctrl+C's signal). */
  started: boolean;
}

/**
 * Runs `npm run playground` as npm would, without npm, until it exits. Should it start after all, it is
 * stopped with SIGINT, as Ctrl+C would, so that it stops the bot and the playground it started.
 */
function runPlayground(env: Record<string, string>, timeoutMs = 45_000): Promise<PlaygroundRun> {
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', path.join(REPO_ROOT, 'scripts', 'playground.ts')], {
    cwd: REPO_ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let started = false;
  const interrupt = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
  };
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
    if (!started && SUCCESS.test(stdout)) {
      started = true;
      interrupt();
    }
  });
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const timer = setTimeout(interrupt, timeoutMs);
  const killer = setTimeout(() => child.kill('SIGKILL'), timeoutMs + 15_000);
  return new Promise((resolve) =>
    child.once('close', (code) => {
      clearTimeout(timer);
      clearTimeout(killer);
      resolve({ code, stdout, stderr, started });
    }),
  );
}

/** Something else answering HTTP on a loopback port, 200 to every request, as another bot's /healthz would. */
async function answeringServer(): Promise<http.Server> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'ok', store: 'open' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/** A plain TCP server holding a port on every interface, as the playground's own server would. */
async function tcpServer(): Promise<net.Server> {
  const server = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, resolve));
  return server;
}

function close(server: net.Server | undefined): Promise<void> {
  return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
}

function stderrLines(run: PlaygroundRun): string[] {
  return run.stderr.split('\n').filter((line) => line.trim() !== '');
}

describe('playground: a port in use stops `npm run playground` with one line', function () {
  this.timeout(90_000);
  let dataDir: string;
  let held: net.Server | undefined;

  beforeEach(() => (dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'por-playground-ports-'))));
  afterEach(async () => {
    await close(held);
    held = undefined;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("the bot's port answered by another server (a bot already running): exit 1, and no playground pointed at it", async () => {
    held = await answeringServer();
    const port = (held.address() as AddressInfo).port;
    const run = await runPlayground({
      DATA_DIR: dataDir,
      PORT: String(port),
      PLAYGROUND_PORT: String(await freePort()),
    });
    assert.equal(run.started, false, `it reported success against the other server:\n${run.stdout}`);
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(stderrLines(run), [`port ${port} is in use (is the bot already running? set PORT)`]);
    assert.doesNotMatch(run.stdout, /Open http|Listening on|bot listening/);
    assert.deepEqual(fs.readdirSync(dataDir), [], 'nothing was started: no store, no playground log');
  });

  it("the playground's own port taken: exit 1 naming it, before anything starts", async () => {
    held = await tcpServer();
    const playgroundPort = (held.address() as AddressInfo).port;
    const run = await runPlayground({
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      PLAYGROUND_PORT: String(playgroundPort),
    });
    assert.equal(run.started, false, `it started on another port than the one asked for:\n${run.stdout}`);
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(stderrLines(run), [
      `port ${playgroundPort} is in use (is the playground already running? set PLAYGROUND_PORT)`,
    ]);
    assert.doesNotMatch(run.stdout, /Open http|bot listening/);
    assert.deepEqual(fs.readdirSync(dataDir), [], 'nothing was started: no store, no playground log');
  });

  it('with both ports free it starts both, prints where to chat, and Ctrl+C stops both', async () => {
    const port = await freePort();
    const playgroundPort = await freePort();
    const run = await runPlayground({ DATA_DIR: dataDir, PORT: String(port), PLAYGROUND_PORT: String(playgroundPort) });
    assert.equal(run.started, true, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, new RegExp(`Open http://localhost:${playgroundPort} to chat`));
    assert.match(run.stdout, new RegExp(`The bot answers at http://127\\.0\\.0\\.1:${port}/api/messages`));
    assert.equal(run.code, 0, run.stderr);
    // Both stopped: neither port is held any more.
    for (const p of [port, playgroundPort]) {
      const probe = net.createServer();
      await new Promise<void>((resolve, reject) => probe.once('error', reject).listen(p, resolve));
      await close(probe);
    }
  });

  it('a playground whose port was taken after the check is stopped, not left on another port', async () => {
    held = await tcpServer();
    const playgroundPort = (held.address() as AddressInfo).port;
    const starting = startPlayground({
      botEndpoint: 'http://127.0.0.1:9/api/messages',
      port: playgroundPort,
      logFile: path.join(dataDir, 'playground.log'),
      timeoutMs: 30_000,
    });
    await assert.rejects(
      // Should it start on another port after all, it is stopped here before the test fails.
      starting.then(async (playground) => {
        await playground.stop();
        return playground;
      }),
      (err: unknown) => {
        assert.ok(err instanceof PlaygroundPortError);
        assert.equal(
          err.message,
          `port ${playgroundPort} is in use (is the playground already running? set PLAYGROUND_PORT)`,
        );
        return true;
      },
    );
  });
});
