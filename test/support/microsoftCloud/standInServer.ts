/**
 * What the Microsoft stand-ins (Entra ID, Microsoft Graph, Partner Center) share: an HTTPS server on
 * 127.0.0.1 with a port the OS picks, addressed as https://localhost:PORT (the test certificate covers that
 * name), a log of every request, and the faults a test turns on to see how a client copes:
 *
 * - `failNext(count, fault)`: the next `count` matching requests get that canned answer (a status with the
 *   service's own error body unless one is given, e.g. 429 + Retry-After, 503), or a reset connection;
 * - `setDown(true)`: every request gets the service's 503 until `setDown(false)`;
 * - `setDelayMs(ms)`: every answer waits that long first (for client timeouts).
 *
 * Each service sets the headers its real counterpart always sends (request ids, content type) on every
 * answer, canned ones included. The error body shapes are in graphError / entraError /
 * partnerCenterError, next to each service.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { makeTestCertificate, type TestCertificate } from './tls';

/** One request as the log keeps it: no headers, no body (they can hold secrets). */
export interface LoggedRequest {
  method: string;
  /** The path without the query, as sent (percent-decoded). */
  path: string;
  /** Query parameters, decoded; a repeated name keeps its last value. */
  query: Record<string, string>;
  at: Date;
  /** The status answered, or 0 when the connection was reset; set once the answer is sent. */
  status?: number;
}

/** Per-answer values a body can be built from (a Graph error names the request it answers, for instance). */
export interface ReplyContext {
  /** The id this answer carries in its request-id style header. */
  requestId: string;
  /** The client's own correlation id when it sent one, else `requestId`. */
  clientRequestId: string;
  date: Date;
}

export type ReplyBody = unknown | ((ctx: ReplyContext) => unknown);

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** A string or Buffer is sent as is; anything else as JSON. A function is called with the answer's context. */
  body?: ReplyBody;
}

export interface Fault extends Reply {
  /** Only requests whose path starts with this are answered by the fault (default: every request). */
  pathPrefix?: string;
  /** Drop the connection instead of answering (the client sees a reset socket). */
  resetConnection?: boolean;
}

export interface IncomingCall {
  method: string;
  url: URL;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  ctx: ReplyContext;
}

const MAX_BODY_BYTES = 1024 * 1024;

export abstract class StandInServer {
  readonly requests: LoggedRequest[] = [];
  private server?: https.Server;
  private certificate?: TestCertificate;
  private readonly faults: { remaining: number; fault: Fault }[] = [];
  private down = false;
  private delayMs = 0;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closing = false;

  /** The service's name, for messages. */
  protected abstract readonly serviceName: string;

  /** Answers one request (faults, downtime and delay are handled before this is called). */
  protected abstract route(call: IncomingCall): Reply | Promise<Reply>;

  /** The service's error answer for a status when a fault gives no body, and for downtime (503). */
  protected abstract defaultErrorReply(status: number): Reply;

  /** Headers the service sends on every answer. */
  protected abstract standardHeaders(call: IncomingCall): Record<string, string>;

  /** The request's own correlation id header, if the service echoes one. */
  protected clientCorrelationId(headers: IncomingHttpHeaders): string | undefined {
    const value = headers['client-request-id'];
    return typeof value === 'string' && value.trim() ? value.trim() : undefined;
  }

  async start(): Promise<this> {
    if (this.server) return this;
    this.certificate = await makeTestCertificate();
    const server = https.createServer({ cert: this.certificate.certPem, key: this.certificate.keyPem }, (req, res) => {
      void this.handle(req, res);
    });
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    server.on('tlsClientError', () => {
      /* a client that does not trust the CA hangs up; nothing to do */
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    return this;
  }

  get port(): number {
    if (!this.server) throw new Error(`${this.serviceName} stand-in is not started`);
    return (this.server.address() as AddressInfo).port;
  }

  /** https://localhost:PORT, no trailing slash. */
  get baseUrl(): string {
    return `https://localhost:${this.port}`;
  }

  get caPem(): string {
    if (!this.certificate) throw new Error(`${this.serviceName} stand-in is not started`);
    return this.certificate.caPem;
  }

  get caPath(): string {
    if (!this.certificate) throw new Error(`${this.serviceName} stand-in is not started`);
    return this.certificate.caPath;
  }

  /** Requests whose path starts with `pathPrefix` (every request without one). */
  requestCount(pathPrefix?: string): number {
    return pathPrefix === undefined
      ? this.requests.length
      : this.requests.filter((r) => r.path.startsWith(pathPrefix)).length;
  }

  clearRequests(): void {
    this.requests.length = 0;
  }

  /** The next `count` requests matching `fault.pathPrefix` get the fault's answer instead of the real one. */
  failNext(count: number, fault: Fault): void {
    if (!Number.isInteger(count) || count < 1) throw new Error('failNext needs a count of at least 1');
    this.faults.push({ remaining: count, fault });
  }

  /** How many failNext answers are still to be given. */
  pendingFaults(): number {
    return this.faults.reduce((n, f) => n + f.remaining, 0);
  }

  /** While down, every request is answered with the service's 503. */
  setDown(down: boolean): void {
    this.down = down;
  }

  /** Every answer waits this long before it is sent (0 to stop). */
  setDelayMs(ms: number): void {
    if (!(ms >= 0)) throw new Error('setDelayMs needs a number of milliseconds >= 0');
    this.delayMs = ms;
  }

  /** Forgets pending faults, downtime and delay. */
  resetFaults(): void {
    this.faults.length = 0;
    this.down = false;
    this.delayMs = 0;
  }

  /** Stops listening and closes every connection, idle or not. */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.closing = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    for (const socket of this.sockets) socket.destroy();
    await closed;
    this.server = undefined;
    this.closing = false;
  }

  private takeFault(path: string): Fault | undefined {
    const index = this.faults.findIndex((f) => f.fault.pathPrefix === undefined || path.startsWith(f.fault.pathPrefix));
    if (index < 0) return undefined;
    const entry = this.faults[index]!;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.faults.splice(index, 1);
    return entry.fault;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `https://localhost:${this.port}`);
    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      path = url.pathname;
    }
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = v;
    const logged: LoggedRequest = { method: req.method ?? 'GET', path, query, at: new Date() };
    this.requests.push(logged);

    let body: Buffer;
    try {
      body = await readBody(req);
    } catch {
      logged.status = 413;
      res.writeHead(413).end();
      return;
    }

    const requestId = randomUUID();
    const ctx: ReplyContext = {
      requestId,
      clientRequestId: this.clientCorrelationId(req.headers) ?? requestId,
      date: new Date(),
    };
    const call: IncomingCall = {
      method: logged.method,
      url,
      path,
      query: url.searchParams,
      headers: req.headers,
      body,
      ctx,
    };

    const fault = this.down ? undefined : this.takeFault(path);
    let reply: Reply;
    try {
      if (this.down) reply = this.defaultErrorReply(503);
      else if (fault?.resetConnection) reply = { status: 0 };
      else if (fault) reply = { ...this.defaultErrorReply(fault.status), ...definedOnly(fault) };
      else reply = await this.route(call);
    } catch (err) {
      reply = this.defaultErrorReply(500);
      reply = {
        ...reply,
        headers: { ...reply.headers, 'x-stand-in-error': String((err as Error).message).slice(0, 200) },
      };
    }

    if (this.delayMs > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          resolve();
        }, this.delayMs);
        this.timers.add(timer);
      });
    }
    if (this.closing || res.destroyed) return;

    if (fault?.resetConnection) {
      logged.status = 0;
      req.socket.destroy();
      return;
    }

    const headers: Record<string, string> = {
      date: ctx.date.toUTCString(),
      ...this.standardHeaders(call),
      ...(reply.headers ?? {}),
      ...(fault?.headers ?? {}),
    };
    const payload = serialize(
      typeof reply.body === 'function' ? (reply.body as (c: ReplyContext) => unknown)(ctx) : reply.body,
    );
    if (payload === undefined) delete headers['content-type'];
    headers['content-length'] = String(payload?.length ?? 0);
    logged.status = reply.status;
    res.writeHead(reply.status, headers);
    res.end(req.method === 'HEAD' ? undefined : payload);
  }
}

function definedOnly(fault: Fault): Reply {
  const out: Reply = { status: fault.status };
  if (fault.body !== undefined) out.body = fault.body;
  return out;
}

function serialize(body: unknown): Buffer | undefined {
  if (body === undefined) return undefined;
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  return Buffer.from(JSON.stringify(body), 'utf8');
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The bearer token of an Authorization header, '' when there is none or it is empty. */
export function bearerToken(headers: IncomingHttpHeaders): { scheme: string; token: string } {
  const value = headers.authorization;
  if (typeof value !== 'string') return { scheme: '', token: '' };
  const match = /^(\S+)(?:\s+(.*))?$/.exec(value.trim());
  if (!match) return { scheme: '', token: '' };
  return { scheme: match[1]!.toLowerCase(), token: (match[2] ?? '').trim() };
}
