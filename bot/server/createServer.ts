import type http from 'node:http';
import type { Logger } from 'pino';
import restify from 'restify';
import { NotAuthenticatedError, SerializedInvokeBody, type TeamsChannel } from '../channel';
import { isLoopbackUrl } from '../runtime/loopback';
import { applyConnectionLimits, type ConnectionLimits } from './connectionLimits';
import { checkIncomingActivity } from './incomingActivity';
import { jsonBodyOnly } from './jsonBody';
import { hostOf } from '../runtime/hostName';
import type { StoreHealth } from '../core';

export { MAX_REQUEST_BYTES } from './jsonBody';

export interface ServerDeps {
  /** Teams: authenticates each activity and runs its turn. */
  channel: Pick<TeamsChannel, 'receive'>;
  /** The store: `open`, `down` (not answering) or `read-only` (its writes fail); 503 unless open. */
  storeHealth: () => Promise<StoreHealth>;
  /** Webhook receivers and whether they keep up (WEBHOOK_URLS); a failing one does not make the bot unhealthy. */
  webhooks?: () => Promise<unknown[]>;
  log: Logger;
  /** Local anonymous mode: no token checks, so the bot answers only a channel on this machine. */
  anonymous: boolean;
  limits?: Partial<ConnectionLimits>;
}

/** One short body per refusal; no library text, stack or key material ever reaches a response. */
function refuse(res: restify.Response, status: number, code: string, message: string): void {
  res.send(status, { error: { code, message } });
}

export function createServer({ channel, storeHealth, webhooks, log, anonymous, limits }: ServerDeps): restify.Server {
  const server = restify.createServer({ name: 'partner-of-record-bot', handleUncaughtExceptions: false });
  // Without `handleUpgrades`, restify listens for 'upgrade' only to pass it on, so Node hands the socket of every
  // request with `Connection: Upgrade` to nobody, and it stays open for good. The bot offers no upgrade: with no
  // listener, Node answers such a request as an ordinary one.
  server.server.removeAllListeners('upgrade');
  // Without certificate options restify makes a plain HTTP server.
  applyConnectionLimits(server.server as http.Server, limits);
  server.use(jsonBodyOnly());

  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => {
    const checked = checkIncomingActivity(req.body);
    if (!checked.ok) {
      log.info({ field: checked.field }, 'malformed activity refused');
      refuse(res, 400, 'badActivity', `The activity is malformed (${checked.field}).`);
      return;
    }
    const activity = checked.activity;
    if (anonymous && !isLoopbackUrl(activity.serviceUrl)) {
      log.warn(
        { serviceUrlHost: hostOf(activity.serviceUrl) },
        'local anonymous mode: activity from a channel that is not on this machine refused',
      );
      refuse(
        res,
        403,
        'notLocal',
        'In local anonymous mode the bot only answers a channel on this machine (a loopback serviceUrl).',
      );
      return;
    }
    try {
      const invokeResponse = await channel.receive(req.header('authorization') ?? '', activity);
      const body: unknown = invokeResponse?.body;
      // A card's answer comes serialised already (its size was measured on that text); anything else is serialised here.
      if (body instanceof SerializedInvokeBody) {
        const length = String(Buffer.byteLength(body.json, 'utf8'));
        res.sendRaw(invokeResponse?.status ?? 200, body.json, {
          'content-type': 'application/json',
          'content-length': length,
        });
      } else {
        res.send(invokeResponse?.status ?? 200, body);
      }
    } catch (err) {
      if (err instanceof NotAuthenticatedError) {
        log.warn({ errorName: errorName(err.cause) }, 'activity not authenticated');
        refuse(res, 401, 'unauthorized', 'The request is not authorized.');
        return;
      }
      log.error({ err }, 'activity processing failed');
      if (!res.headersSent) refuse(res, 500, 'internal', 'The bot could not process this activity.');
    }
  });

  server.get('/healthz', async (_req: restify.Request, res: restify.Response) => {
    const store = await storeHealth().catch((): StoreHealth => 'down');
    const healthy = store === 'open';
    const receivers = healthy && webhooks ? await webhooks().catch(() => undefined) : undefined;
    const body = { status: healthy ? 'ok' : 'unavailable', store, ...(receivers ? { webhooks: receivers } : {}) };
    res.send(healthy ? 200 : 503, body);
  });

  return server;
}

function errorName(err: unknown): string {
  return err instanceof Error ? err.name : typeof err;
}
