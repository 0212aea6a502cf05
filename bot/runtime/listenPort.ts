import net from 'node:net';

/**
 * Listening on a port, and what to tell a person when it cannot be done: the one wording for `npm start`
 * and `npm run playground` (the bot's port and the playground's).
 */

export interface ListenTarget {
  port: number;
  /** The host a person asked for (HOST), named in the message; undefined when none was given. */
  host?: string;
  /** Who wants the port, for the hint: "the bot", "the playground". */
  owner: string;
  /** The setting that moves it: "PORT". */
  portSetting: string;
}

/** One line, no stack: why `target` cannot be listened on, and what to do about it. */
export function cannotListenMessage(err: unknown, target: ListenTarget): string {
  const where = target.host ? `port ${target.port} on ${target.host}` : `port ${target.port}`;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'EADDRINUSE':
      return `${where} is in use (is ${target.owner} already running? set ${target.portSetting})`;
    case 'EACCES':
      return `no permission to listen on ${where} (ports below 1024 need administrator rights; set ${target.portSetting})`;
    case 'EADDRNOTAVAIL':
      return `cannot listen on ${where}: ${target.host ?? 'that address'} is not an address of this machine (set HOST)`;
    default:
      return `cannot listen on ${where}: ${code ?? (err instanceof Error ? err.message : String(err))}`;
  }
}

/** What `listenOn` needs: a Node or restify server, which both report a failed listen as an 'error' event. */
export interface Listenable {
  listen(port: number, ...rest: unknown[]): unknown;
  once(event: 'error', listener: (err: Error) => void): unknown;
  removeListener(event: 'error', listener: (err: Error) => void): unknown;
}

/** Listens on `port` (and `host`, else every interface); rejects with the listen error instead of an unhandled 'error' event. */
export function listenOn(server: Listenable, port: number, host: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    const onListening = () => {
      server.removeListener('error', onError);
      resolve();
    };
    if (host === undefined) server.listen(port, onListening);
    else server.listen(port, host, onListening);
  });
}

/**
 * Whether `port` on `host` can be listened on now: listens with a throwaway server and closes it again.
 * Rejects with the listen error (EADDRINUSE, EACCES, EADDRNOTAVAIL, ...), before anything else has started.
 */
export async function checkCanListen(port: number, host: string | undefined): Promise<void> {
  const probe = net.createServer();
  await listenOn(probe, port, host);
  await new Promise<void>((resolve) => probe.close(() => resolve()));
}
