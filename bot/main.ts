import 'dotenv/config';
import { isAnonymousMode, listenHost, loadConfigOrExit } from './config';
import { isLoopbackHost } from './loopback';
import { createLogger } from './logger';
import { createApp, mailDropDir } from './app';

/** Start-up: any configuration or seed problem stops here with a message that names it. */
function main(): void {
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

main();
