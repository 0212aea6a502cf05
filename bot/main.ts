// First: the modules loaded after it are compiled with the code cached at the last start (compileCache.ts).
import './runtime/useCompileCache';
// Then: before anything loads zod.
import './runtime/zodLocales';
import { existsSync } from 'node:fs';
import { isAnonymousMode, listenHost, loadConfigOrExit, mailGoesToFolder } from './config';
import { isLoopbackHost } from './runtime/loopback';
import { createLogger } from './runtime/logger';
import type * as AppModule from './app';
import { cannotListenMessage, checkCanListen, listenOn, type ListenTarget } from './runtime/listenPort';
import { reportEventLoopDelay } from './runtime/eventLoopDelay';
import { limitHeapGrowth } from './runtime/heapTuning';
import { compileCacheReport } from './runtime/compileCache';
import { StoreUnusableError } from './adapters/storeWrites';
import { demoSeedRefusal } from './adapters/seed/demoSeed';

/** Settings from a `.env` file in the working directory, when there is one (dotenv is not loaded otherwise). */
function loadDotEnv(): void {
  if (existsSync('.env')) require('dotenv/config');
}

/**
 * Start-up: any configuration or seed problem, a port that cannot be listened on, or a database that cannot be
 * reached (after retrying) or is newer than this build, stops here with a message that names it.
 */
async function main(): Promise<void> {
  loadDotEnv();
  const config = loadConfigOrExit();
  const log = createLogger(config.LOG_LEVEL);
  const host = listenHost(config);
  const target: ListenTarget = { port: config.PORT, host: config.HOST, owner: 'the bot', portSetting: 'PORT' };
  const cannotListen = (err: unknown): void => {
    log.fatal({ port: config.PORT, host, code: (err as NodeJS.ErrnoException).code }, 'start-up failed: cannot listen');
    process.stderr.write(`${cannotListenMessage(err, target)}\n`);
  };

  // A port taken (another bot, say) stops start-up before the store is opened or any background work runs.
  try {
    await checkCanListen(config.PORT, host);
  } catch (err) {
    cannotListen(err);
    process.exit(1);
  }

  // Loaded only now: importing restify makes Node print deprecation warnings, which would bury the one line above.
  const { createApp, describeStore, mailDropDir } = require('./app') as typeof AppModule;
  // Only now, before the store and the seed directory are opened (a first import of a large seed allocates a lot):
  // loading the modules above is a burst of allocation that a tighter heap would only collect more often.
  limitHeapGrowth();
  let app: ReturnType<typeof createApp>;
  try {
    app = createApp(config, log);
  } catch (err) {
    // A store that cannot be used says all in its message (which file, what to do): no stack for it.
    if (err instanceof StoreUnusableError) {
      log.fatal(
        { err: { message: err.message }, store: describeStore(config) },
        'start-up failed: the store is not usable',
      );
    } else {
      log.fatal({ err }, 'start-up failed');
    }
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }

  try {
    await app.ports.ready?.();
  } catch (err) {
    // The store's messages name the database's host and the schema versions, never the URL's password.
    log.fatal(
      { err: { message: err instanceof Error ? err.message : String(err) }, store: describeStore(config) },
      'start-up failed: the store is not usable',
    );
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    await app.close().catch(() => undefined);
    process.exit(1);
  }

  // Production never serves the demo's made-up people and partners by mistake (ALLOW_DEMO_SEED=true to try it).
  const demoSeed = await demoSeedRefusal(config, app.ports.seed ?? null);
  if (demoSeed) {
    log.fatal({ seedFile: config.SEED_FILE }, 'start-up refused: the demo seed in production');
    process.stderr.write(`${demoSeed}\n`);
    await app.close().catch(() => undefined);
    process.exit(1);
  }

  if (isAnonymousMode(config)) {
    log.warn(
      'LOCAL ANONYMOUS MODE: MicrosoftAppId is not set, so requests to /api/messages are NOT authenticated. ' +
        'Use this only on your own machine; set MicrosoftAppId and MicrosoftAppPassword before exposing the bot.',
    );
    if (!isLoopbackHost(host)) {
      log.warn(
        { host },
        `HOST=${host} IN LOCAL ANONYMOUS MODE: anyone who can reach this address can act as any person of the directory, without a password.`,
      );
    }
  }

  try {
    // Taken in the moment since the check above: the same message, and nothing has started yet.
    await listenOn(app.server, config.PORT, host);
  } catch (err) {
    cannotListen(err);
    await app.close().catch(() => undefined);
    process.exit(1);
  }
  log.info(
    {
      url: app.server.url,
      dataDir: config.DATA_DIR,
      store: describeStore(config),
      directory: config.DIRECTORY,
      partnerDirectory: config.PARTNER_DIRECTORY,
      ...(config.DIRECTORY === 'seed' || config.PARTNER_DIRECTORY === 'seed' ? { seedFile: config.SEED_FILE } : {}),
      anonymous: isAnonymousMode(config),
      mail: mailGoesToFolder(config) ? `eml files in ${mailDropDir(config)}, not sent` : 'smtp',
      compileCache: compileCacheReport(),
    },
    'partner-of-record bot listening',
  );
  // A parent that started this process with an IPC channel (`npm run playground`) learns that this process,
  // and not another one on the same port, is the one listening.
  if (process.send && process.connected) process.send({ listening: app.server.url }, () => undefined);
  // `npm run bench` watches the event loop while the background work (the nudge pass first) runs.
  if (process.env.BENCH_EVENT_LOOP === '1') await reportEventLoopDelay(log);
  app.startBackgroundWork();

  const shutdown = (signal: string) => {
    log.info({ signal }, 'shutting down');
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

void main();
