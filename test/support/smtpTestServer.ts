import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  raw: string;
  parsed: ParsedMail;
  /** The name the client gave in EHLO/HELO (nodemailer's `name`, e.g. `?name=` on an SMTP_URL). */
  heloName: string;
  at: Date;
}

export interface SmtpTestServerOptions {
  /** Implicit TLS (smtps://) with this certificate and key (PEM). */
  tls?: { key: string; cert: string };
  /** The one login the server accepts; any other is refused with 535. */
  login?: { user: string; pass: string };
}

/**
 * A real SMTP server (the smtp-server package) on a fixed loopback port, so it can be stopped and started
 * again where a bot process expects it. `rejectWith` makes it refuse recipients with that SMTP code.
 */
export class SmtpTestServer {
  readonly received: ReceivedMail[] = [];
  rejectWith: number | null = null;
  /**
   * Set: the next message's DATA is read whole and then never answered, as a server stuck mid-send; the client
   * waits until its own timeout (or dies). The message lands in `held`, not in `received`. Cleared once used.
   */
  holdNextData = false;
  readonly held: ReceivedMail[] = [];
  private server: SMTPServer | undefined;

  private constructor(
    readonly port: number,
    private readonly options: SmtpTestServerOptions,
  ) {}

  static async onFreePort(options: SmtpTestServerOptions = {}): Promise<SmtpTestServer> {
    return new SmtpTestServer(await freePort(), options);
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    const { tls, login } = this.options;
    this.server = new SMTPServer({
      // With `login`, AUTH PLAIN/LOGIN is required and checked; without it, neither offered nor needed.
      authOptional: !login,
      disabledCommands: login ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
      ...(tls ? { secure: true, key: tls.key, cert: tls.cert } : {}),
      ...(login
        ? {
            onAuth: (auth, _session, callback) => {
              if (auth.username === login.user && auth.password === login.pass)
                return callback(null, { user: auth.username });
              callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
            },
          }
        : {}),
      logger: false,
      onRcptTo: (address, _session, callback) => {
        if (this.rejectWith) {
          const err = Object.assign(new Error(`Recipient ${address.address} refused`), {
            responseCode: this.rejectWith,
          });
          return callback(err);
        }
        callback();
      },
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const hold = this.holdNextData;
          this.holdNextData = false;
          simpleParser(raw).then(
            (parsed) => {
              const mail = {
                to: session.envelope.rcptTo.map((r) => r.address),
                raw,
                parsed,
                heloName: session.hostNameAppearsAs,
                at: new Date(),
              };
              if (hold) return void this.held.push(mail);
              this.received.push(mail);
              callback();
            },
            (err: Error) => callback(err),
          );
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.port, '127.0.0.1', () => resolve());
    });
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  to(address: string): ReceivedMail[] {
    return this.received.filter((m) => m.to.includes(address));
  }

  async waitForCount(count: number, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count) {
      if (Date.now() > deadline)
        throw new Error(`smtp: ${this.received.length} of ${count} messages within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** A port nothing listens on right now (the OS picks it; it is released before use). */
export async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
