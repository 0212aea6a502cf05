import { verifySmtp } from '../../bot/adapters/mail/smtpMailer';
import type { AppConfig } from '../../bot/config';
import { failed, messageOf, ok, report, warning } from './report';

/**
 * SMTP_URL: connects, sets up TLS as the bot would (required to a mail host that is not this machine unless
 * SMTP_REQUIRE_TLS=false) and logs in with the URL's credentials, then quits without sending. Names the server
 * by host and port only: the URL carries the mail password.
 */
export async function checkSmtp(config: AppConfig): Promise<void> {
  if (!config.SMTP_URL) {
    const why = 'SMTP_URL is not set: partner emails are written as .eml files under DATA_DIR/mail, not sent';
    report('SMTP', warning(why));
    return;
  }
  let server = '(the SMTP_URL host)';
  try {
    server = new URL(config.SMTP_URL).host;
    const checked = await verifySmtp(config.SMTP_URL, { requireTls: config.SMTP_REQUIRE_TLS });
    const tls = checked.secure
      ? 'TLS (smtps)'
      : checked.tlsRequired
        ? 'TLS (STARTTLS)'
        : config.SMTP_REQUIRE_TLS
          ? 'TLS not required to this machine'
          : 'TLS not required (SMTP_REQUIRE_TLS=false)';
    const login = checked.login ? 'logged in' : 'no credentials in SMTP_URL: the server takes mail without a login';
    report(`SMTP ${checked.server}`, ok(`connected, ${tls}, ${login}`));
  } catch (err) {
    const [, code, detail] = /^SMTP (\w+): ([\s\S]*)$/.exec(messageOf(err)) ?? [];
    const refusedLogin = code === 'EAUTH' || code === '535';
    const reason = refusedLogin
      ? `the mail server refused the login (${detail}): check the user and password in SMTP_URL`
      : messageOf(err).replace(/^SMTP /, '');
    report(`SMTP ${server}`, failed(reason));
  }
}
