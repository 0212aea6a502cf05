import type http from 'node:http';
import type net from 'node:net';

/**
 * How much of the server one client may hold, and for how long. Without these a client that opens
 * connections and trickles its request (a byte every few seconds) keeps each one open for as long as it likes.
 */
export interface ConnectionLimits {
  /**
   * Open connections at once. At the cap a new connection takes the place of the one idle longest (kept alive after
   * its answer, no byte of a next request yet); when none is idle, the new one is closed as it arrives.
   */
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
export function applyConnectionLimits(
  server: http.Server,
  limits: Partial<ConnectionLimits> = {},
): Required<ConnectionLimits> {
  const resolved = resolveConnectionLimits(limits);
  const admit = connectionSlots(server, resolved.maxConnections);
  server.requestTimeout = resolved.requestTimeoutMs;
  server.headersTimeout = resolved.headersTimeoutMs;
  server.keepAliveTimeout = resolved.keepAliveTimeoutMs;
  server.maxHeadersCount = resolved.maxHeadersCount;
  // A check every second at most, and at least four within the shortest timeout.
  const interval = Math.max(100, Math.min(1_000, Math.floor(resolved.headersTimeoutMs / 4)));
  (server as { connectionsCheckingInterval?: number }).connectionsCheckingInterval = interval;

  // Node's timeouts start with a request's first byte; a connection that never sends one is closed here.
  server.on('connection', (socket: net.Socket) => {
    if (!admit(socket)) return;
    const timer = setTimeout(() => {
      if (socket.bytesRead === 0) socket.destroy();
    }, resolved.headersTimeoutMs);
    timer.unref();
    socket.once('close', () => clearTimeout(timer));
  });
  return resolved;
}

/**
 * Keeps at most `max` connections open, in place of Node's `maxConnections`, which closes every new connection at
 * the cap: one client's idle kept-alive connections would keep everyone else out until they time out. Returns the
 * admission: whether a new connection may stay, after closing the connection idle longest if the cap is reached.
 * A connection is idle from the end of its last answer until the first byte of its next request; one whose request
 * is being read or answered is never closed to make room.
 */
function connectionSlots(server: http.Server, max: number): (socket: net.Socket) => boolean {
  /** Each open connection and how many of its requests are unanswered. */
  const open = new Map<net.Socket, number>();
  /** Idle connections in the order they became idle, with the bytes read by then: more since means a request began. */
  const idle = new Map<net.Socket, number>();

  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const socket = req.socket;
    if (!open.has(socket)) return;
    open.set(socket, open.get(socket)! + 1);
    idle.delete(socket);
    res.once('finish', () => {
      const unanswered = open.get(socket);
      if (unanswered === undefined) return;
      open.set(socket, unanswered - 1);
      if (unanswered === 1) idle.set(socket, socket.bytesRead);
    });
  };
  // A request with `Expect: 100-continue` comes as 'checkContinue' instead of 'request' (restify listens for it).
  server.on('request', onRequest);
  server.on('checkContinue', onRequest);

  return (socket) => {
    if (open.size >= max && !closeIdlest()) {
      socket.destroy();
      return false;
    }
    open.set(socket, 0);
    socket.once('close', () => {
      open.delete(socket);
      idle.delete(socket);
    });
    return true;
  };

  function closeIdlest(): boolean {
    for (const [socket, bytesRead] of idle) {
      idle.delete(socket);
      // Its next request has begun; its 'request' follows, and its answer makes it idle again.
      if (socket.bytesRead > bytesRead) continue;
      open.delete(socket);
      socket.destroy();
      return true;
    }
    return false;
  }
}
