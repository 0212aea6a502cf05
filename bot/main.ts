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

type Config = ReturnType<typeof loadConfigOrExit>;
type Log = ReturnType<typeof createLogger>;
type App = ReturnType<typeof AppModule.createApp>;

/** Writes a start-up failure's one line for the person at the terminal, and stops. */
async function stopStarting(message: string, app?: App): Promise<never> {
  process.stderr.write(`${message}\n`);
  await app?.close().catch(() => undefined);
  process.exit(1);
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** The app with its store ready and its seed allowed here; any problem stops start-up, naming it. */
async function openApp(config: Config, log: Log): Promise<App> {
  // Loaded only now: importing restify makes Node print deprecation warnings, which would bury an earlier line.
  const { createApp, describeStore } = require('./app') as typeof AppModule;
  // Only now, before the store and the seed directory are opened (a first import of a large seed allocates a lot):
  // loading the modules above is a burst of allocation that a tighter heap would only collect more often.
  limitHeapGrowth();
  let app: App;
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
    return stopStarting(messageOf(err));
  }
  try {
    await app.ports.ready?.();
  } catch (err) {
    // The store's messages name the database's host and the schema versions, never the URL's password.
    log.fatal(
      { err: { message: messageOf(err) }, store: describeStore(config) },
      'start-up failed: the store is not usable',
    );
    return stopStarting(messageOf(err), app);
  }
  // Production never serves the demo's made-up people and partners by mistake (ALLOW_DEMO_SEED=true to try it).
  const demoSeed = await demoSeedRefusal(config, app.ports.seed ?? null);
  if (demoSeed) {
    log.fatal({ seedFile: config.SEED_FILE }, 'start-up refused: the demo seed in production');
    return stopStarting(demoSeed, app);
  }
  return app;
}

function warnIfAnonymous(config: Config, host: string | undefined, log: Log): void {
  if (!isAnonymousMode(config)) return;
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

function logListening(app: App, config: Config, log: Log): void {
  const { describeStore, mailDropDir } = require('./app') as typeof AppModule;
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
}

function stopOnSignals(app: App, log: Log): void {
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
  const cannotListen = (err: unknown, app?: App): Promise<never> => {
    log.fatal({ port: config.PORT, host, code: (err as NodeJS.ErrnoException).code }, 'start-up failed: cannot listen');
    return stopStarting(cannotListenMessage(err, target), app);
  };

  // A port taken (another bot, say) stops start-up before the store is opened or any background work runs.
  await checkCanListen(config.PORT, host).catch((err) => cannotListen(err));
  const app = await openApp(config, log);
  warnIfAnonymous(config, host, log);
  // Taken in the moment since the check above: the same message, and nothing has started yet.
  await listenOn(app.server, config.PORT, host).catch((err) => cannotListen(err, app));
  logListening(app, config, log);
  // A parent that started this process with an IPC channel (`npm run playground`) learns that this process,
  // and not another one on the same port, is the one listening.
  if (process.send && process.connected) process.send({ listening: app.server.url }, () => undefined);
  // `npm run bench` watches the event loop while the background work (the nudge pass first) runs.
  if (process.env.BENCH_EVENT_LOOP === '1') await reportEventLoopDelay(log);
  app.startBackgroundWork();
  stopOnSignals(app, log);
}

void main();
