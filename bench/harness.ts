import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Card } from '../test/support/cards';

/** No turn of a healthy bot comes near this; it only keeps a hung bot from hanging the bench. */
const TURN_TIMEOUT_MS = 30_000;

export interface TurnResult {
  status: number;
  body: any;
  /** From the first byte written to the last byte of the response read. */
  ms: number;
}

/** Posts activities to the bot's /api/messages over kept-alive loopback connections, as the channel would. */
export class BenchClient {
  private readonly agent: http.Agent;
  private readonly url: URL;

  constructor(botUrl: string, maxSockets: number) {
    this.url = new URL('/api/messages', botUrl);
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  post(activity: unknown): Promise<TurnResult> {
    const payload = Buffer.from(JSON.stringify(activity));
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const req = http.request(
        this.url,
        {
          method: 'POST',
          agent: this.agent,
          headers: { 'content-type': 'application/json', 'content-length': payload.length },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const ms = performance.now() - started;
            const text = Buffer.concat(chunks).toString('utf8');
            let body: unknown = text;
            try {
              body = text ? JSON.parse(text) : undefined;
            } catch {
              /* not JSON: keep the text for the failure message */
            }
            resolve({ status: res.statusCode ?? 0, body, ms });
          });
        },
      );
      req.setTimeout(TURN_TIMEOUT_MS, () => req.destroy(new Error(`no answer within ${TURN_TIMEOUT_MS} ms`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/**
 * The Bot Framework channel at serviceUrl, cut down for load: it keeps only the last card and text per
 * conversation (the test's ChannelServer keeps every activity and scans them all on each lookup).
 */
export class BenchChannel {
  /** Every activity the bot posted, typing indicators included. */
  posts = 0;
  private readonly cards = new Map<string, Card>();
  private readonly texts = new Map<string, string>();
  private readonly server = http.createServer((req, res) => this.handle(req, res));

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  /** The card the bot last sent to the conversation, forgotten once read so a stale one is never read twice. */
  takeCard(conversationId: string): Card | undefined {
    const card = this.cards.get(conversationId);
    this.cards.delete(conversationId);
    return card;
  }

  takeText(conversationId: string): string | undefined {
    const text = this.texts.get(conversationId);
    this.texts.delete(conversationId);
    return text;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const match = /^\/v3\/conversations\/([^/]+)\/activities/.exec(req.url ?? '');
      let activity: Record<string, any> | undefined;
      try {
        activity = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, any>;
      } catch {
        /* answered below */
      }
      if (req.method !== 'POST' || !match || !activity) {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end('{"error":{"code":"BadRequest"}}');
        return;
      }
      this.posts++;
      const conversationId = decodeURIComponent(match[1]!);
      const card = (activity.attachments ?? []).find(
        (a: any) => a.contentType === 'application/vnd.microsoft.card.adaptive',
      );
      if (card) this.cards.set(conversationId, card.content as Card);
      else if (activity.type === 'message' && typeof activity.text === 'string')
        this.texts.set(conversationId, activity.text);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `activity-${this.posts}` }));
    });
  }
}

/**
 * One person in a personal chat with the bot, shaping activities as Teams does (as test/support/teamsUser.ts does),
 * in a conversation whose id the bench may choose: a generated world stores each owner's chat beforehand.
 */
export class BenchUser {
  constructor(
    readonly serviceUrl: string,
    readonly tenantId: string,
    readonly aadObjectId: string,
    readonly name: string,
    readonly conversationId = `a:personal-${randomUUID()}`,
  ) {}

  activity(fields: Record<string, unknown>): Record<string, unknown> {
    return {
      id: randomUUID(),
      channelId: 'msteams',
      serviceUrl: this.serviceUrl,
      timestamp: new Date().toISOString(),
      from: { id: `29:${this.aadObjectId}`, name: this.name, aadObjectId: this.aadObjectId },
      recipient: { id: BOT_ACCOUNT.id, name: BOT_ACCOUNT.name },
      conversation: { id: this.conversationId, conversationType: 'personal', tenantId: this.tenantId },
      channelData: { tenant: { id: this.tenantId } },
      locale: 'en-US',
      ...fields,
    };
  }

  /** The conversation reference the bot keeps for this chat (what TurnContext.getConversationReference gives, less the activity id). */
  reference(): Record<string, unknown> {
    return {
      user: { id: `29:${this.aadObjectId}`, name: this.name, aadObjectId: this.aadObjectId },
      bot: { id: BOT_ACCOUNT.id, name: BOT_ACCOUNT.name },
      conversation: { id: this.conversationId, conversationType: 'personal', tenantId: this.tenantId },
      channelId: 'msteams',
      locale: 'en-US',
      serviceUrl: this.serviceUrl,
    };
  }
}

const BOT_ACCOUNT = { id: '28:bot-app-id', name: 'Partner of Record' };
