import { fork, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Card } from '../test/support/cards';
import type { ChildMessage } from './botProcess';

/** No turn of a healthy bot comes near this; it only keeps a hung bot from hanging the bench. */
const TURN_TIMEOUT_MS = 30_000;
const CHILD_TIMEOUT_MS = 60_000;

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
        { method: 'POST', agent: this.agent, headers: { 'content-type': 'application/json', 'content-length': payload.length } },
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
      const card = (activity.attachments ?? []).find((a: any) => a.contentType === 'application/vnd.microsoft.card.adaptive');
      if (card) this.cards.set(conversationId, card.content as Card);
      else if (activity.type === 'message' && typeof activity.text === 'string') this.texts.set(conversationId, activity.text);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `activity-${this.posts}` }));
    });
  }
}

export interface BotProcess {
  url: string;
  /** Peak RSS so far and CPU time used so far by the bot's process. */
  stats(): Promise<{ peakRssBytes: number; cpuMicros: number }>;
  stop(): Promise<void>;
}

/** Starts bench/botProcess.ts in a child process (tsx's loader comes along in execArgv). */
export async function startBotProcess(scenario: 'echo' | 'attach', env: Record<string, string> = {}): Promise<BotProcess> {
  const child: ChildProcess = fork(path.join(__dirname, 'botProcess.ts'), [scenario], {
    env: { ...process.env, ...env },
    // restify 11 on Node 20 and 22 warns about OutgoingMessage._headers (DEP0111); harmless, and it would clutter the table.
    execArgv: [...process.execArgv, '--disable-warning=DEP0111'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <T extends ChildMessage['type']>(type: T): Promise<Extract<ChildMessage, { type: T }>> =>
    new Promise((resolve, reject) => {
      const onMessage = (m: ChildMessage) => {
        if (m.type !== type) return;
        cleanup();
        resolve(m as Extract<ChildMessage, { type: T }>);
      };
      const onExit = (code: number | null) => {
        cleanup();
        reject(new Error(`${scenario} bot process exited (code ${code}) before sending '${type}'`));
      };
      // A bot that neither answers nor exits is killed rather than waited for.
      const timer = setTimeout(() => {
        cleanup();
        child.kill();
        reject(new Error(`${scenario} bot process sent no '${type}' within ${CHILD_TIMEOUT_MS} ms`));
      }, CHILD_TIMEOUT_MS);
      const cleanup = () => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
      };
      child.on('message', onMessage);
      child.on('exit', onExit);
    });

  const { url } = await next('ready');
  return {
    url,
    async stats() {
      const answer = next('stats');
      child.send('stats');
      return answer;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.send('stop');
      const timer = setTimeout(() => child.kill(), CHILD_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
