import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication, MessageFactory } from 'botbuilder';
import restify from 'restify';

/**
 * The reference: a real, minimal bot on the same stack as ours (restify 11, CloudAdapter in anonymous mode,
 * a body limit as large as the bot's) that answers a message with a text reply through the channel, and
 * loads nothing but botbuilder and restify. The gap to it is the bot's own work; its start-up and RSS are
 * what any bot on this stack costs.
 */
export function createEchoServer(maxBodyBytes: number): restify.Server {
  // No settings at all: no app id, so anonymous mode, as the bot runs in the bench.
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const bot = new ActivityHandler();
  bot.onMessage(async (context, next) => {
    await context.sendActivity(MessageFactory.text(context.activity.text ?? ''));
    await next();
  });

  const server = restify.createServer({ name: 'echo-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: maxBodyBytes, mapParams: false }));
  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    try {
      await adapter.process(req, res, (context) => bot.run(context));
    } catch {
      if (!res.headersSent) res.send(500, { error: 'The bot could not process this activity.' });
    }
  });
  server.get('/healthz', async (_req: restify.Request, res: restify.Response) => {
    res.send(200, { status: 'ok' });
  });
  return server;
}

/**
 * Run as a process by the bench, as bot/main.ts is: PORT (0 for any) and HOST, then `{ listening: url }` to the
 * parent once it listens; SIGTERM stops it. ECHO_MAX_BODY_BYTES is the bot's MAX_REQUEST_BYTES, handed over by the
 * parent so this process need not load the bot to learn it.
 */
if (require.main === module) {
  const server = createEchoServer(Number(process.env.ECHO_MAX_BODY_BYTES ?? 256 * 1024));
  server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
    if (process.send && process.connected) process.send({ listening: server.url }, () => undefined);
  });
  process.on('SIGTERM', () => {
    server.close();
    process.exit(0);
  });
}
