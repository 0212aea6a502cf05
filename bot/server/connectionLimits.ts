import type http from 'node:http';
import type https from 'node:https';

/**
 * How much of the server one client may hold, and for how long. Without these a client that opens
 * connections and trickles its request (a byte every few seconds) keeps each one open for as long as it likes.
 */
export interface ConnectionLimits {
  /** Open connections at once; further ones are closed as they arrive. */
  maxConnections: number;
  /** A whole request (headers and body) must have arrived this long after its first byte, else 408 and close. */
  requestTimeoutMs: number;
  /** The request's headers must have arrived by then; also how long a connection may stay silent before its first byte. */
  headersTimeoutMs?: number;
  /** How long a kept-alive connection may sit idle between requests. */
  keepAliveTimeoutMs?: number;
  /** Headers beyond this count are dropped (Node's default is 2000). */
  maxHeadersCount?: number;
}

export const DEFAULT_CONNECTION_LIMITS = {
  maxConnections: 256,
  requestTimeoutMs: 20_000,
  // Longer than the idle timeout of a proxy in front (App Service, load balancers: 60 s), so the proxy, not the
  // bot, closes an idle connection, and never sends a request on one the bot has just closed.
  keepAliveTimeoutMs: 65_000,
  maxHeadersCount: 100,
} as const satisfies ConnectionLimits;

/** The limits as set on the server: the headers get half the request's time unless told otherwise. */
export function resolveConnectionLimits(limits: Partial<ConnectionLimits> = {}): Required<ConnectionLimits> {
  const requestTimeoutMs = limits.requestTimeoutMs ?? DEFAULT_CONNECTION_LIMITS.requestTimeoutMs;
  return {
    maxConnections: limits.maxConnections ?? DEFAULT_CONNECTION_LIMITS.maxConnections,
    requestTimeoutMs,
    // Node refuses a headers timeout longer than the request timeout.
    headersTimeoutMs: Math.min(limits.headersTimeoutMs ?? Math.ceil(requestTimeoutMs / 2), requestTimeoutMs),
    keepAliveTimeoutMs: limits.keepAliveTimeoutMs ?? DEFAULT_CONNECTION_LIMITS.keepAliveTimeoutMs,
    maxHeadersCount: limits.maxHeadersCount ?? DEFAULT_CONNECTION_LIMITS.maxHeadersCount,
  };
}

/**
 * Sets the limits on a Node HTTP server (restify's `server.server`). Call it before `listen`: Node starts the
 * timer that enforces the request and headers timeouts when the server starts listening, at the interval read
 * then, and its default (30 s) would let a trickled request live up to 30 s past its timeout.
 */
export function applyConnectionLimits(server: http.Server | https.Server, limits: Partial<ConnectionLimits> = {}): Required<ConnectionLimits> {
  const resolved = resolveConnectionLimits(limits);
  server.maxConnections = resolved.maxConnections;
  server.requestTimeout = resolved.requestTimeoutMs;
  server.headersTimeout = resolved.headersTimeoutMs;
  server.keepAliveTimeout = resolved.keepAliveTimeoutMs;
  server.maxHeadersCount = resolved.maxHeadersCount;
  // A check every second at most, and at least four within the shortest timeout.
  const interval = Math.max(100, Math.min(1_000, Math.floor(resolved.headersTimeoutMs / 4)));
  (server as { connectionsCheckingInterval?: number }).connectionsCheckingInterval = interval;

  // Node's timeouts start with a request's first byte; a connection that never sends one is closed here.
  server.on('connection', (socket) => {
    const timer = setTimeout(() => {
      if (socket.bytesRead === 0) socket.destroy();
    }, resolved.headersTimeoutMs);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
  });
  return resolved;
}
