import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, jwtVerify } from 'jose';

export interface ReceivedActivity {
  conversationId: string;
  /** Set when the bot replied to a specific activity (POST .../activities/{replyToId}). */
  replyToId?: string;
  activity: Record<string, any>;
  /** Bytes of the JSON body as it crossed the wire. */
  bytes: number;
  /** With `requireToken`: the verified token's claims. */
  token?: { audience: string; issuer: string; appId?: string };
  /** When the channel accepted it. */
  at: Date;
}

/** A send the channel refused with 429 Too Many Requests, as Teams does when a bot goes over its rate limits. */
export interface ThrottledSend {
  conversationId: string;
  /** The Retry-After header sent with it, if any. */
  retryAfter?: string;
  at: Date;
}

/** Which sends to refuse with 429: the next `count` to this conversation (or to any, without one). */
export interface ThrottleRule {
  conversationId?: string;
  count: number;
  /** The Retry-After header: seconds, or an HTTP date. Absent: none is sent. */
  retryAfter?: string;
}

/** What the channel checks the bot's bearer tokens against (as Bot Framework's Connector does). */
export interface ChannelTokenCheck {
  /** The JWKS the bot's tokens are signed with (Entra's keys). */
  jwksUrl: string;
  issuer: string;
  /** The Bot Framework scope the bot asked for. */
  audience: string;
  /** The app id the token must be for (`appid` or `azp`). */
  appId?: string;
  /** CA to trust for the JWKS (https stand-ins use a throwaway CA). */
  ca?: string;
}

/** One POST's authentication, as the channel judged it. */
export interface AuthVerdict {
  method: string;
  path: string;
  ok: boolean;
  /** Why a token was refused ('no bearer token', or jose's error code). */
  reason?: string;
  at: Date;
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
  /** Sends answered 429, in order. */
  readonly throttled: ThrottledSend[] = [];
  private readonly throttles: ThrottleRule[] = [];
  /** With `requireToken`: every POST's verdict, in order (refused ones included). */
  readonly authVerdicts: AuthVerdict[] = [];
  private readonly jwks?: ReturnType<typeof createRemoteJWKSet>;

  /**
   * `requireToken`: every POST must carry a bearer token signed by the JWKS, for the issuer and audience given,
   * unexpired; one without gets 401 and is not recorded as received. Without it (the default) nothing is checked.
   */
  constructor(private readonly options: { requireToken?: ChannelTokenCheck } = {}) {
    const check = options.requireToken;
    if (check) {
      const agent = check.ca ? new https.Agent({ ca: check.ca }) : undefined;
      this.jwks = createRemoteJWKSet(new URL(check.jwksUrl), agent ? { agent } : {});
    }
  }

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
    this.throttled.length = 0;
  }

  /**
   * Answers the next `count` sends to `conversationId` (to any conversation, without one) with 429 Too Many
   * Requests and the given Retry-After, as Teams does when a bot goes over its limits; they are not received.
   */
  throttle(rule: ThrottleRule): void {
    this.throttles.push({ ...rule });
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
      if (left <= 0)
        throw new Error(
          `channel: condition not met within ${timeoutMs} ms (${this.received.length} activities received)`,
        );
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
      if (!this.options.requireToken || req.method !== 'POST') {
        this.answer(req, res, chunks, undefined);
        return;
      }
      void this.verify(req).then((verdict) => {
        if (!verdict.ok) {
          res.writeHead(401, { 'content-type': 'application/json' });
          res.end('{"error":{"code":"Unauthorized","message":"Authorization has been denied for this request."}}');
          this.wake();
          return;
        }
        this.answer(req, res, chunks, verdict.token);
      });
    });
  }

  private async verify(req: http.IncomingMessage): Promise<{ ok: boolean; token?: ReceivedActivity['token'] }> {
    const check = this.options.requireToken!;
    const verdict: AuthVerdict = { method: req.method ?? '', path: req.url ?? '', ok: false, at: new Date() };
    this.authVerdicts.push(verdict);
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!match) {
      verdict.reason = 'no bearer token';
      return { ok: false };
    }
    try {
      const { payload } = await jwtVerify(match[1]!, this.jwks!, {
        issuer: check.issuer,
        audience: check.audience,
        algorithms: ['RS256'],
      });
      const appId =
        typeof payload.appid === 'string' ? payload.appid : typeof payload.azp === 'string' ? payload.azp : undefined;
      if (check.appId && appId !== check.appId) {
        verdict.reason = 'token for another app';
        return { ok: false };
      }
      verdict.ok = true;
      return { ok: true, token: { audience: check.audience, issuer: String(payload.iss), appId } };
    } catch (err) {
      verdict.reason = (err as { code?: string }).code ?? 'token not verified';
      return { ok: false };
    }
  }

  private wake(): void {
    const waiters = this.waiters.splice(0);
    for (const w of waiters) w();
  }

  private answer(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    chunks: Buffer[],
    token: ReceivedActivity['token'],
  ): void {
    const match = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?/.exec(req.url ?? '');
    if (req.method !== 'POST' || !match) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":{"code":"NotFound"}}');
      return;
    }
    // Each path segment is one id, percent-encoded (UTF-8) once: decoded once here; a broken escape is a 400.
    let conversationId: string;
    let replyToId: string | undefined;
    try {
      conversationId = decodeURIComponent(match[1]!);
      replyToId = match[2] ? decodeURIComponent(match[2]) : undefined;
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end('{"error":{"code":"BadArgument","message":"The path is not validly encoded."}}');
      return;
    }
    const rule = this.throttles.find(
      (t) => t.count > 0 && (t.conversationId === undefined || t.conversationId === conversationId),
    );
    if (rule) {
      rule.count -= 1;
      this.throttled.push({
        conversationId,
        ...(rule.retryAfter !== undefined ? { retryAfter: rule.retryAfter } : {}),
        at: new Date(),
      });
      res.writeHead(429, {
        'content-type': 'application/json',
        ...(rule.retryAfter !== undefined ? { 'retry-after': rule.retryAfter } : {}),
      });
      res.end('{"error":{"code":"TooManyRequests","message":"Too many requests."}}');
      this.wake();
      return;
    }
    const failure = this.failConversations.get(conversationId);
    if (failure) {
      res.writeHead(failure, { 'content-type': 'application/json' });
      res.end(
        '{"error":{"code":"BotNotInConversationRoster","message":"The bot is not part of the conversation roster."}}',
      );
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
      replyToId,
      activity,
      bytes: body.length,
      ...(token ? { token } : {}),
      at: new Date(),
    });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: `activity-${this.nextId++}` }));
    this.wake();
  }
}
