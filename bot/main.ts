import 'dotenv/config';
import { isAnonymousMode, listenHost, loadConfigOrExit } from './config';
import { isLoopbackHost } from './loopback';
import { createLogger } from './logger';
import { createApp, describeStore, mailDropDir } from './app';

/**
 * Start-up: any configuration or seed problem, or a database that cannot be reached (after retrying) or is
 * newer than this build, stops here with a message that names it.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const log = createLogger(config.LOG_LEVEL);
  let app;
  try {
    app = createApp(config, log);
  } catch (err) {
    log.fatal({ err }, 'start-up failed');
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }

  try {
    await app.ports.ready?.();
  } catch (err) {
    // The store's messages name the database's host and the schema versions, never the URL's password.
    log.fatal({ err: { message: err instanceof Error ? err.message : String(err) }, store: describeStore(config) }, 'start-up failed: the store is not usable');
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    await app.close().catch(() => undefined);
    process.exit(1);
  }

  const host = listenHost(config);
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

  app.startBackgroundWork();
  const onListening = () => {
    log.info(
      {
        url: app.server.url,
        dataDir: config.DATA_DIR,
        store: describeStore(config),
        directory: config.DIRECTORY,
        partnerDirectory: config.PARTNER_DIRECTORY,
        ...(config.DIRECTORY === 'seed' || config.PARTNER_DIRECTORY === 'seed' ? { seedFile: config.SEED_FILE } : {}),
        anonymous: isAnonymousMode(config),
        mail: config.SMTP_URL ? 'smtp' : `eml files in ${mailDropDir(config)}`,
      },
      'partner-of-record bot listening',
    );
  };
  if (host === undefined) app.server.listen(config.PORT, onListening);
  else app.server.listen(config.PORT, host, onListening);

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
