import net from 'node:net';
import { createTransport } from 'nodemailer';
import { isLoopbackHost } from '../../runtime/loopback';
import { MailSendError, type Mailer } from '../../core';
import { toNodemailerMessage } from './message';

/** Long enough for a slow relay, short enough that one unreachable server does not stall the dispatcher. */
const TIMEOUT_MS = 10_000;

interface SmtpFailure {
  message?: unknown;
  code?: unknown;
  responseCode?: unknown;
  response?: unknown;
  command?: unknown;
  /** A system or TLS error's own code, which nodemailer's code (ESOCKET...) replaced. */
  originalCode?: unknown;
}

/** Node's codes for a TLS session that could not be set up: certificate checks, and OpenSSL's handshake errors. */
const TLS_ERROR_CODE = /^ERR_(TLS|SSL)_|CERT|SELF_SIGNED|UNABLE_TO_/;

export interface SmtpMailerOptions {
  /**
   * SMTP_REQUIRE_TLS: to a host that is not loopback, credentials and mail go only over TLS (smtps://, or
   * STARTTLS that the server offers and that succeeds). Default true.
   */
  requireTls?: boolean;
  /** Told at creation when mail to a host on the network may go without TLS. */
  log?: { warn(obj: object, msg: string): void };
  /** Tests: the certificate authorities (PEM) to trust instead of the system's. */
  ca?: string;
  /**
   * Tests: where to open the TCP connection instead of the URL's host, which still names the server for
   * the certificate check and for the loopback rule (a non-loopback name served on loopback).
   */
  connectTo?: { host: string; port: number };
}

/**
 * Whether retrying the same message is pointless. A 5xx reply is a refusal for good (RFC 5321), except
 * 503 (the session was in the wrong state, not the message refused) and authentication failures, which
 * are this deployment's configuration to fix, after which every queued message should still go. A
 * refused envelope with no reply at all (no valid recipient address) never gets better either.
 * Everything else (connection refused, timeouts, 4xx) is worth another attempt.
 */
function isPermanent(err: SmtpFailure): boolean {
  if (err.code === 'EAUTH' || err.code === 'ENOAUTH') return false;
  if (typeof err.responseCode === 'number')
    return err.responseCode >= 500 && err.responseCode < 600 && err.responseCode !== 503;
  return err.code === 'EENVELOPE';
}

/**
 * A refused TLS session (no STARTTLS, or a failed handshake) says why and is retried, like a refused login:
 * it is this deployment's configuration (or the server's) to fix, after which queued messages should still go.
 */
function tlsFailure(err: SmtpFailure, server: string, tlsRequired: boolean): MailSendError | null {
  const original = typeof err.originalCode === 'string' ? err.originalCode : '';
  if (err.code === 'ESOCKET' && TLS_ERROR_CODE.test(original)) {
    // The handshake itself failed (an untrusted or expired certificate, another name): no login was sent.
    const detail = `${String(err.message)} (${original})`;
    return new MailSendError(`SMTP ETLS: TLS with the mail server at ${server} failed: ${detail}`, false);
  }
  if (err.code !== 'ETLS') return null;
  if (err.command === 'STARTTLS' && typeof err.response === 'string') {
    // Required, STARTTLS is asked for whatever the server announced; otherwise only when it was announced.
    const refused = tlsRequired
      ? `the mail server at ${server} offers no STARTTLS; TLS is required (SMTP_REQUIRE_TLS)`
      : `the mail server at ${server} refused STARTTLS`;
    return new MailSendError(`SMTP ETLS: ${refused} (it answered: ${err.response})`, false);
  }
  const detail = String(err.message ?? 'unknown error').replace(/^Error initiating TLS - /, '');
  return new MailSendError(`SMTP ETLS: TLS with the mail server at ${server} failed: ${detail}`, false);
}

function toMailSendError(error: unknown, server: string, tlsRequired: boolean): MailSendError {
  if (error instanceof MailSendError) return error;
  const err = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as SmtpFailure;
  const tls = tlsFailure(err, server, tlsRequired);
  if (tls) return tls;
  const code =
    typeof err.responseCode === 'number' ? err.responseCode : typeof err.code === 'string' ? err.code : 'error';
  const detail =
    typeof err.response === 'string' && err.response ? err.response : String(err.message ?? 'unknown error');
  return new MailSendError(`SMTP ${code}: ${detail}`, isPermanent(err));
}

/**
 * URL query settings (nodemailer reads them, and they override its options) that would let credentials or
 * mail go without verified TLS: allowed only where TLS is not required.
 */
const WEAKENING_QUERY = ['requireTLS', 'tls.rejectUnauthorized'];

/** The nodemailer transport for an SMTP URL, with the rules above; `server` is host:port, for messages. */
function smtpTransport(smtpUrl: string, options: SmtpMailerOptions) {
  const url = URL.canParse(smtpUrl) ? new URL(smtpUrl) : null;
  if (url?.protocol !== 'smtp:' && url?.protocol !== 'smtps:') {
    // The URL carries credentials: name only the protocol.
    const protocol = url?.protocol;
    throw new Error(
      `The SMTP URL must start with smtp:// or smtps:// (got ${protocol ? JSON.stringify(protocol) : 'an unreadable URL'})`,
    );
  }
  // Only host and port: the URL's user and password never reach a log or an error.
  const server = url.host;
  // ?service= (a nodemailer well-known provider) replaces the URL's host with the provider's.
  const loopback = isLoopbackHost(url.hostname) && !url.searchParams.has('service');
  const tlsRequired = options.requireTls !== false && !loopback;
  const weakening = WEAKENING_QUERY.filter((key) => url.searchParams.has(key) && url.searchParams.get(key) !== 'true');
  if (tlsRequired && weakening.length > 0) {
    throw new Error(
      `The SMTP URL sets ${weakening.join(', ')}, which TLS to the mail server at ${server} does not allow: ` +
        'remove it, or set SMTP_REQUIRE_TLS=false to allow mail without TLS',
    );
  }
  if (options.requireTls === false && !loopback && url.protocol === 'smtp:') {
    options.log?.warn(
      { server },
      'SMTP_REQUIRE_TLS=false: the mail server password and partner emails may go to the mail server without TLS',
    );
  }
  const connectTo = options.connectTo;
  // One connection per message: the outbox sends a few messages a minute, and a pooled connection that
  // the server dropped while idle would only turn into a spurious failed attempt.
  const transport = createTransport({
    url: smtpUrl,
    pool: false,
    // smtps:// is TLS from the start; smtp:// then asks for STARTTLS even if unannounced, and fails without it.
    requireTLS: tlsRequired,
    ...(options.ca ? { tls: { ca: options.ca } } : {}),
    ...(connectTo
      ? {
          getSocket: (_opts: unknown, callback: (err: Error | null, socket?: { connection: net.Socket }) => void) => {
            const socket = net.connect(connectTo.port, connectTo.host);
            const failed = (err: Error) => callback(err);
            socket.once('error', failed);
            socket.once('connect', () => {
              socket.off('error', failed);
              callback(null, { connection: socket });
            });
          },
        }
      : {}),
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return { transport, server, tlsRequired };
}

/**
 * Sends through an SMTP server given as a URL: smtp://user:pass@host:587 or smtps://host:465. To a host that
 * is not loopback, TLS is required (unless `requireTls` is false): implicit with smtps://, else STARTTLS,
 * which the server must offer; a session that cannot be secured fails before any credentials are sent.
 */
export function createSmtpMailer(smtpUrl: string, options: SmtpMailerOptions = {}): Mailer {
  const { transport, server, tlsRequired } = smtpTransport(smtpUrl, options);
  return {
    async send(mail) {
      let info: { accepted: string[]; rejected: string[]; response: string };
      try {
        info = await transport.sendMail(toNodemailerMessage(mail));
      } catch (err) {
        throw toMailSendError(err, server, tlsRequired);
      }
      const recipient = mail.to.email.toLowerCase();
      if (!info.accepted.some((address) => address.toLowerCase() === recipient)) {
        throw new MailSendError(`SMTP: the server did not accept ${mail.to.email} (${info.response})`, true);
      }
      return { delivered: 'sent' };
    },

    async close() {
      transport.close();
    },
  };
}

/**
 * Connects as the mailer would, sets up TLS as it would, and logs in when the URL carries credentials, then
 * quits without sending (nodemailer's verify). Resolves with what was checked; rejects with a MailSendError
 * that, like a failed send, names the server by host and port only.
 */
export async function verifySmtp(
  smtpUrl: string,
  options: SmtpMailerOptions = {},
): Promise<{ server: string; tlsRequired: boolean; secure: boolean; login: boolean }> {
  const { transport, server, tlsRequired } = smtpTransport(smtpUrl, options);
  const url = new URL(smtpUrl);
  try {
    await transport.verify();
  } catch (err) {
    throw toMailSendError(err, server, tlsRequired);
  } finally {
    transport.close();
  }
  return { server, tlsRequired, secure: url.protocol === 'smtps:', login: url.username !== '' };
}
