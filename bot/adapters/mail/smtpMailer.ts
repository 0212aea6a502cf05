import { createTransport } from 'nodemailer';
import { MailSendError, type Mailer } from '../../ports';
import { toNodemailerMessage } from './message';

/** Long enough for a slow relay, short enough that one unreachable server does not stall the dispatcher. */
const TIMEOUT_MS = 10_000;

interface SmtpFailure {
  message?: unknown;
  code?: unknown;
  responseCode?: unknown;
  response?: unknown;
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
  if (typeof err.responseCode === 'number') return err.responseCode >= 500 && err.responseCode < 600 && err.responseCode !== 503;
  return err.code === 'EENVELOPE';
}

function toMailSendError(error: unknown): MailSendError {
  if (error instanceof MailSendError) return error;
  const err = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as SmtpFailure;
  const code = typeof err.responseCode === 'number' ? err.responseCode : typeof err.code === 'string' ? err.code : 'error';
  const detail = typeof err.response === 'string' && err.response ? err.response : String(err.message ?? 'unknown error');
  return new MailSendError(`SMTP ${code}: ${detail}`, isPermanent(err));
}

/** Sends through an SMTP server given as a URL: smtp://user:pass@host:587 or smtps://host:465. */
export function createSmtpMailer(smtpUrl: string): Mailer {
  const protocol = URL.canParse(smtpUrl) ? new URL(smtpUrl).protocol : '';
  if (protocol !== 'smtp:' && protocol !== 'smtps:') {
    // The URL carries credentials: name only the protocol.
    throw new Error(`The SMTP URL must start with smtp:// or smtps:// (got ${protocol ? JSON.stringify(protocol) : 'an unreadable URL'})`);
  }
  // One connection per message: the outbox sends a few messages a minute, and a pooled connection that
  // the server dropped while idle would only turn into a spurious failed attempt.
  const transport = createTransport({
    url: smtpUrl,
    pool: false,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
    disableFileAccess: true,
    disableUrlAccess: true,
  });

  return {
    async send(mail) {
      let info: { accepted: string[]; rejected: string[]; response: string };
      try {
        info = await transport.sendMail(toNodemailerMessage(mail));
      } catch (err) {
        throw toMailSendError(err);
      }
      const recipient = mail.to.email.toLowerCase();
      if (!info.accepted.some((address) => address.toLowerCase() === recipient)) {
        throw new MailSendError(`SMTP: the server did not accept ${mail.to.email} (${info.response})`, true);
      }
    },

    async close() {
      transport.close();
    },
  };
}
