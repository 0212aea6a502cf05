/**
 * What counts as this machine: the loopback names and addresses. Local anonymous mode talks only to these,
 * listens only on one of them, and hands the dev sign-in only to pages served from them; the SMTP mailer
 * requires TLS to any other mail server.
 */
const LOOPBACK_NAME = /^(localhost|127(?:\.\d{1,3}){3}|::1|\[::1\])$/i;

/** A host name or address (no port): `localhost`, `127.x.y.z`, `::1` or `[::1]`. */
export function isLoopbackHost(host: string | undefined): boolean {
  return host !== undefined && LOOPBACK_NAME.test(host);
}

/** A URL whose host is loopback. */
export function isLoopbackUrl(url: string): boolean {
  try {
    return isLoopbackHost(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** An HTTP Host header (host, optionally with a port) naming this machine. */
export function isLoopbackHostHeader(header: string | undefined): boolean {
  const match = /^(\[[^\]]+\]|[^:]+)(?::\d{1,5})?$/.exec(header ?? '');
  return match !== null && isLoopbackHost(match[1]);
}
