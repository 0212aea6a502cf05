import type http from 'node:http';
import https from 'node:https';
import type { Upstream } from '../../core';
import { retryAfterMs } from '../../runtime/retryAfter';

/**
 * The one way the bot talks to Microsoft's APIs: JSON over HTTPS with a deadline, a bounded response, and
 * errors sorted into what may be retried and what may not. No library error text or body reaches a message:
 * callers get a status, a code, and the parsed body to read fields from.
 */

export interface HttpsRequest {
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** The whole exchange, from connect to the last byte of the body. */
  timeoutMs: number;
}

export interface HttpsResponse {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON, or undefined when the body was empty or not JSON. */
  json: unknown;
}

export interface HttpsClientOptions {
  /** Extra certificate authorities to trust (tests run Microsoft's stand-ins with a throwaway CA). */
  ca?: string;
  /** Responses larger than this are cut off and treated as a failed call. */
  maxResponseBytes?: number;
}

/**
 * A failure worth another try: the connection failed, the deadline passed, or the upstream answered 429 or
 * a 5xx. `retryAfterMs` carries the upstream's Retry-After when it sent one.
 */
export class TransientUpstreamError extends Error {
  constructor(
    readonly upstream: Upstream,
    readonly reason: string,
    readonly status: number | null,
    readonly retryAfterMs: number | null,
  ) {
    super(`${upstream}: ${reason}`);
    this.name = 'TransientUpstreamError';
  }

  /** 429 is the upstream pacing one caller (often one tenant), not the upstream being down. */
  get isThrottling(): boolean {
    return this.status === 429;
  }
}

const TRANSIENT_STATUSES = new Set([429, 500, 502, 503, 504]);

export function isTransientStatus(status: number): boolean {
  return TRANSIENT_STATUSES.has(status);
}

export { retryAfterMs };

export class HttpsClient {
  private readonly agent: https.Agent;
  private readonly maxResponseBytes: number;

  constructor(
    readonly upstream: Upstream,
    options: HttpsClientOptions = {},
  ) {
    this.agent = new https.Agent({ keepAlive: true, maxSockets: 32, ...(options.ca ? { ca: options.ca } : {}) });
    this.maxResponseBytes = options.maxResponseBytes ?? 8 * 1024 * 1024;
  }

  /** Sends one request. Resolves with any HTTP status; rejects with TransientUpstreamError on network failure. */
  send(request: HttpsRequest): Promise<HttpsResponse> {
    const url = new URL(request.url);
    if (url.protocol !== 'https:')
      return Promise.reject(new TransientUpstreamError(this.upstream, 'not an https address', null, null));
    return new Promise<HttpsResponse>((resolve, reject) => {
      let settled = false;
      const fail = (reason: string) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.destroy();
        reject(new TransientUpstreamError(this.upstream, reason, null, null));
      };
      const req = https.request(
        url,
        {
          method: request.method,
          agent: this.agent,
          headers: {
            accept: 'application/json',
            ...(request.body !== undefined ? { 'content-length': String(Buffer.byteLength(request.body)) } : {}),
            ...request.headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > this.maxResponseBytes) fail('response too large');
            else chunks.push(chunk);
          });
          res.on('error', () => fail('connection lost while reading'));
          res.on('end', () => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            resolve({
              status: res.statusCode ?? 0,
              headers: flatHeaders(res.headers),
              json: parseJson(Buffer.concat(chunks)),
            });
          });
        },
      );
      const timer = setTimeout(() => fail(`no answer within ${request.timeoutMs} ms`), request.timeoutMs);
      req.on('error', (err: NodeJS.ErrnoException) =>
        fail(err.code ? `connection failed (${err.code})` : 'connection failed'),
      );
      req.end(request.body);
    });
  }

  /**
   * Sends one request; 429 and 5xx answers are thrown as TransientUpstreamError (with Retry-After) for the
   * upstream policy to retry, every other status is returned for the caller to read.
   */
  async call(request: HttpsRequest): Promise<HttpsResponse> {
    const res = await this.send(request);
    if (isTransientStatus(res.status)) {
      throw new TransientUpstreamError(
        this.upstream,
        `HTTP ${res.status}`,
        res.status,
        retryAfterMs(res.headers['retry-after']),
      );
    }
    return res;
  }

  close(): void {
    this.agent.destroy();
  }
}

function flatHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function parseJson(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
