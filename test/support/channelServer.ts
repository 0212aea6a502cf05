import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedActivity {
  conversationId: string;
  /** Set when the bot replied to a specific activity (POST .../activities/{replyToId}). */
  replyToId?: string;
  activity: Record<string, any>;
  /** Bytes of the JSON body as it crossed the wire. */
  bytes: number;
}

/**
 * A real HTTP server standing in for the Bot Framework channel (the activity's serviceUrl): it accepts
 * the Connector API calls the bot makes to send messages and records every activity it receives.
 */
export class ChannelServer {
  readonly received: ReceivedActivity[] = [];
  private server?: http.Server;
  private waiters: (() => void)[] = [];
  private nextId = 1;
  /** Status to answer with for sends to these conversation ids (a removed bot gets 403, for example). */
  readonly failConversations = new Map<string, number>();

  get url(): string {
    const address = this.server?.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}/`;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  clear(): void {
    this.received.length = 0;
  }

  messages(conversationId?: string): ReceivedActivity[] {
    return this.received.filter(
      (r) => r.activity.type === 'message' && (conversationId === undefined || r.conversationId === conversationId),
    );
  }

  /** Resolves once `predicate` holds for the received activities, or rejects after `timeoutMs`. */
  async waitFor(predicate: (received: ReceivedActivity[]) => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.received)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`channel: condition not met within ${timeoutMs} ms (${this.received.length} activities received)`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  // restify replaces ServerResponse methods process-wide, so writeHead is not chained here.
  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?/.exec(req.url ?? '');
      if (req.method !== 'POST' || !match) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{"error":{"code":"NotFound"}}');
        return;
      }
      const conversationId = decodeURIComponent(match[1]!);
      const failure = this.failConversations.get(conversationId);
      if (failure) {
        res.writeHead(failure, { 'content-type': 'application/json' });
        res.end('{"error":{"code":"BotNotInConversationRoster","message":"The bot is not part of the conversation roster."}}');
        return;
      }
      const body = Buffer.concat(chunks);
      let activity: Record<string, any>;
      try {
        activity = JSON.parse(body.toString('utf8')) as Record<string, any>;
      } catch {
        res.writeHead(400);
        res.end();
        return;
      }
      this.received.push({
        conversationId,
        replyToId: match[2] ? decodeURIComponent(match[2]) : undefined,
        activity,
        bytes: body.length,
      });
      res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: `activity-${this.nextId++}` }));
      const waiters = this.waiters.splice(0);
      waiters.forEach((w) => w());
    });
  }
}
