import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication, MessageFactory } from 'botbuilder';
import restify from 'restify';
import { MAX_REQUEST_BYTES } from '../bot/server/createServer';

/**
 * The ceiling: the same stack as the real bot (restify 11, the same body parser settings, CloudAdapter in
 * anonymous mode) with a handler that only echoes the text back, so the gap to it is the bot's own work.
 */
export function createEchoServer(): restify.Server {
  // No settings at all: no app id, so anonymous mode, as the real bot runs here.
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const bot = new ActivityHandler();
  bot.onMessage(async (context, next) => {
    await context.sendActivity(MessageFactory.text(context.activity.text ?? ''));
    await next();
  });

  const server = restify.createServer({ name: 'echo-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_REQUEST_BYTES, mapParams: false }));
  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    try {
      await adapter.process(req, res, (context) => bot.run(context));
    } catch {
      if (!res.headersSent) res.send(500, { error: 'The bot could not process this activity.' });
    }
  });
  return server;
}
