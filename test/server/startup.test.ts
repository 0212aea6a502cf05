import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import { REPO_ROOT } from '../../bot/config';
import { cannotListenMessage } from '../../bot/runtime/listenPort';
import { runBotToExit, startBotProcess, type ExitedProcess } from '../support/botProcess';
import { tempDir } from '../support/botUnderTest';

/** A plain TCP server holding a loopback port, as another program (or a bot already running) would. */
async function holdPort(): Promise<net.Server> {
  const server = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

function portOf(server: net.Server): number {
  return (server.address() as AddressInfo).port;
}

/** The lines it wrote on stderr. */
function stderrLines(run: ExitedProcess): string[] {
  return run.stderr.split('\n').filter((line) => line.trim() !== '');
}

describe('server: start-up', () => {
  let dir: string;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('starts on the embedded default, announces anonymous mode, and answers /healthz', async () => {
    const bot = await startBotProcess({ DATA_DIR: dir });
    try {
      const res = await fetch(`${bot.url}/healthz`);
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { status: 'ok', store: 'open' });
      assert.match(bot.output(), /LOCAL ANONYMOUS MODE/);
    } finally {
      await bot.stop();
    }
  });

  it('stops with a non-zero exit naming the field of a bad seed', async () => {
    const seed = JSON.parse(readFileSync(path.join(REPO_ROOT, 'deployment', 'demo-seed.json'), 'utf8'));
    seed.tenants[0].users[1].role = 'superAdmin';
    const seedFile = path.join(dir, 'bad-seed.json');
    writeFileSync(seedFile, JSON.stringify(seed));
    const { code, output } = await runBotToExit({ DATA_DIR: dir, SEED_FILE: seedFile });
    assert.notEqual(code, 0);
    assert.match(output, /bad-seed\.json/);
    assert.match(output, /tenants\[0\]\.users\[1\]\.role/);
  });

  it('stops with a non-zero exit naming a bad setting', async () => {
    const { code, output } = await runBotToExit({ DATA_DIR: dir, PORT: 'eighty' });
    assert.notEqual(code, 0);
    assert.match(output, /PORT/);
  });

  describe('a port it cannot listen on', () => {
    let held: net.Server | undefined;
    afterEach(async () => {
      await new Promise((resolve) => (held ? held.close(resolve) : resolve(undefined)));
      held = undefined;
    });

    it('a port in use: one line naming the port, exit 1, nothing started and nothing written to DATA_DIR', async () => {
      held = await holdPort();
      const port = portOf(held);
      const run = await runBotToExit({ DATA_DIR: dir, PORT: String(port) });
      assert.equal(run.code, 1, run.output);
      assert.deepEqual(stderrLines(run), [`port ${port} is in use (is the bot already running? set PORT)`]);
      assert.doesNotMatch(run.output, /Unhandled 'error' event|\n\s+at /);
      assert.doesNotMatch(run.stdout, /bot listening/);
      // The store was not opened (no SQLite file, no mail drop): it learnt about the port before anything else.
      assert.deepEqual(readdirSync(dir), []);
    });

    it('names the HOST it was given', async () => {
      held = await holdPort();
      const port = portOf(held);
      const run = await runBotToExit({ DATA_DIR: dir, PORT: String(port), HOST: '127.0.0.1' });
      assert.equal(run.code, 1, run.output);
      assert.deepEqual(stderrLines(run), [
        `port ${port} on 127.0.0.1 is in use (is the bot already running? set PORT)`,
      ]);
      assert.deepEqual(readdirSync(dir), []);
    });

    it("an address that is not this machine's: one line naming it, exit 1", async () => {
      // 192.0.2.1 is a documentation address, never assigned: binding to it fails here, and sends nothing.
      const run = await runBotToExit({ DATA_DIR: dir, PORT: '3978', HOST: '192.0.2.1' });
      assert.equal(run.code, 1, run.output);
      assert.deepEqual(stderrLines(run), [
        'cannot listen on port 3978 on 192.0.2.1: 192.0.2.1 is not an address of this machine (set HOST)',
      ]);
      assert.deepEqual(readdirSync(dir), []);
    });

    it('says what to do about a port that needs privileges (EACCES; this suite may run as root, where none does)', () => {
      const denied = Object.assign(new Error('listen EACCES: permission denied 0.0.0.0:80'), { code: 'EACCES' });
      assert.equal(
        cannotListenMessage(denied, { port: 80, owner: 'the bot', portSetting: 'PORT' }),
        'no permission to listen on port 80 (ports below 1024 need administrator rights; set PORT)',
      );
    });
  });
});
