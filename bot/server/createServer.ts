import type { CloudAdapter } from 'botbuilder';
import type { Logger } from 'pino';
import restify from 'restify';
import type { PartnerBot } from '../teams/partnerBot';
import { applyConnectionLimits, type ConnectionLimits } from './connectionLimits';

/** Bot Framework activities are small; anything near this size is not one. */
export const MAX_REQUEST_BYTES = 256 * 1024;

export interface ServerDeps {
  adapter: CloudAdapter;
  bot: PartnerBot;
  isHealthy: () => Promise<boolean>;
  log: Logger;
  limits?: Partial<ConnectionLimits>;
}

export function createServer({ adapter, bot, isHealthy, log, limits }: ServerDeps): restify.Server {
  const server = restify.createServer({ name: 'partner-of-record-bot', handleUncaughtExceptions: false });
  applyConnectionLimits(server.server, limits);
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_REQUEST_BYTES, mapParams: false }));

  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    try {
      await adapter.process(req, res, (context) => bot.run(context));
    } catch (err) {
      log.error({ err }, 'activity processing failed');
      if (!res.headersSent) res.send(500, { error: 'The bot could not process this activity.' });
    }
  });

  server.get('/healthz', async (_req: restify.Request, res: restify.Response) => {
    const healthy = await isHealthy().catch(() => false);
    res.send(healthy ? 200 : 503, { status: healthy ? 'ok' : 'unavailable', store: healthy ? 'open' : 'unavailable' });
  });

  return server;
}
