import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createApp, createPorts, type App, type AppPorts } from '../../bot/app';
import { loadConfig, type AppConfig } from '../../bot/config';
import { createLogger } from '../../bot/runtime/logger';
import type { Logger } from 'pino';
import { ChannelServer } from './channelServer';
import { TeamsUser } from './teamsUser';

import { DEMO } from './demoSeed';
import { storeSnapshot } from './storeSnapshot';

export { DEMO };

export interface BotUnderTest {
  url: string;
  app: App;
  config: AppConfig;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * The real server (restify + CloudAdapter + SQLite, or PostgreSQL with STORE=postgres) on a free loopback port, in this process.
 * `customizePorts` lets a test wrap a port, for example to make a lookup slow.
 */
export async function startBot(
  options: {
    env?: Record<string, string>;
    dataDir?: string;
    customizePorts?: (ports: AppPorts) => AppPorts;
    /** Deliver the outbox and run nudge passes, as `npm start` does. Off by default, for quiet channels. */
    background?: boolean;
    /** Where the bot logs; by default a logger at TEST_LOG_LEVEL (silent) on stdout. */
    log?: Logger;
  } = {},
): Promise<BotUnderTest> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'por-test-'));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', ...options.env });
  const log = options.log ?? createLogger(config.LOG_LEVEL);
  const ports = createPorts(config, log);
  // PostgreSQL: reached and migrated before the first request, as main.ts waits for it.
  await ports.ready?.().catch(async (err: unknown) => {
    await ports.store.close();
    throw err;
  });
  const app = createApp(config, log, options.customizePorts ? options.customizePorts(ports) : ports);
  if (options.background) app.startBackgroundWork();
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  const address = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    app,
    config,
    dataDir,
    async stop() {
      await app.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function tempDir(prefix = 'por-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface Chat {
  channel: ChannelServer;
  bot: BotUnderTest;
  /** Ada Owner of Contoso, in a personal chat with the bot. */
  owner: TeamsUser;
}

/**
 * Registers mocha hooks giving each test of the calling suite a fresh channel server, bot and data dir,
 * with the demo owner in a chat. Fields are filled in before each test runs. With `unchanged`, each test
 * must also leave Contoso's assignments and audit history as they were (bad input changes nothing).
 */
export function chatWithBot(options: { unchanged?: boolean; background?: boolean } = {}): Chat {
  const chat = {} as Chat;
  let before = '';
  beforeEach(async () => {
    chat.channel = await new ChannelServer().start();
    chat.bot = await startBot(options.background ? { background: true, env: { OUTBOX_POLL_MS: '50' } } : {});
    chat.owner = new TeamsUser(chat.bot.url, chat.channel.url, DEMO.contoso, DEMO.users.owner, 'Ada Owner');
    if (options.unchanged) before = await storeSnapshot(chat.bot.app.ports, DEMO.contoso);
  });
  afterEach(async () => {
    try {
      if (options.unchanged)
        assert.equal(await storeSnapshot(chat.bot.app.ports, DEMO.contoso), before, 'stored data changed');
    } finally {
      await chat.bot.stop();
      await chat.channel.close();
    }
  });
  return chat;
}
