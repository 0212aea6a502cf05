import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { SQLITE_FILE_NAME } from '../../bot/adapters/sqlite/sqliteStore';
import { startBotProcess, type BotProcess } from '../support/botProcess';
import { startBot, tempDir, type BotUnderTest } from '../support/botUnderTest';
import { eventually } from '../support/eventually';
import { largeWorld, prefillSqliteStore, writeSeedFile } from '../support/largeWorld';

const OWNERS = 10_000;
const SUBSCRIPTIONS = 3;
/** Nudge rows: what the owners' digests cover. */
const NUDGES = OWNERS * SUBSCRIPTIONS;

/** Teams' side of the owners' chats, cut down: it accepts every message the bot sends, and counts them. */
class AcceptingChannel {
  posts = 0;
  private readonly server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      this.posts += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: String(this.posts) }));
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** The nudges the store has recorded so far, read beside the running bot. */
function nudgeRows(dataDir: string): number {
  const db = new BetterSqlite3(path.join(dataDir, SQLITE_FILE_NAME), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT COUNT(*) FROM nudges').pluck().get() as number;
  } finally {
    db.close();
  }
}

describe(`notifications: a nudge pass over ${OWNERS.toLocaleString('en')} owners who installed the bot`, function () {
  this.timeout(120_000);
  const world = largeWorld({ tenants: OWNERS, subscriptionsPerTenant: SUBSCRIPTIONS });
  let dir: string;
  let seedFile: string;
  const channel = new AcceptingChannel();
  let serviceUrl: string;

  before(async () => {
    dir = tempDir();
    seedFile = path.join(dir, 'seed.json');
    writeSeedFile(world, seedFile);
    serviceUrl = await channel.start();
  });
  after(async () => {
    await channel.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers /healthz at a restart before the first nudge pass has finished (bot process)', async () => {
    const dataDir = path.join(dir, 'restart');
    await prefillSqliteStore(dataDir, world, { serviceUrl });
    let bot: BotProcess | undefined;
    try {
      bot = await startBotProcess({ SEED_FILE: seedFile, DATA_DIR: dataDir }, 60_000);
      const health = await fetch(`${bot.url}/healthz`);
      assert.equal(health.status, 200);
      const recorded = nudgeRows(dataDir);
      assert.ok(recorded < NUDGES, `the pass had already recorded all ${recorded} nudges when /healthz answered`);
      assert.doesNotMatch(bot.output(), /nudge pass finished/);

      await eventually(
        () => assert.match(bot!.output(), new RegExp(`"queued":${OWNERS},[^\\n]*"msg":"nudge pass finished"`)),
        90_000,
        100,
      );
      assert.equal(nudgeRows(dataDir), NUDGES);
    } finally {
      assert.equal(await bot?.stop(), 0);
    }
  });

  it('keeps answering /healthz while the pass runs (in process)', async () => {
    const dataDir = path.join(dir, 'in-process');
    await prefillSqliteStore(dataDir, world, { serviceUrl });
    let bot: BotUnderTest | undefined;
    try {
      bot = await startBot({ env: { SEED_FILE: seedFile }, dataDir });
      let finished = false;
      const pass = bot.app.nudgeSync.runOnce().finally(() => (finished = true));
      for (let i = 0; i < 5; i++) {
        const health = await fetch(`${bot.url}/healthz`);
        assert.equal(health.status, 200);
        assert.equal(finished, false, `/healthz request ${i + 1} was answered only once the pass had finished`);
      }
      assert.equal(await pass, OWNERS, 'one digest per owner');
      assert.equal(nudgeRows(bot.dataDir), NUDGES);
    } finally {
      await bot?.stop();
    }
  });
});
