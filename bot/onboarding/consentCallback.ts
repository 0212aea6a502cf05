import type restify from 'restify';
import type { Logger } from 'pino';
import { message } from '../wording/formatter';
import { type Language, languageOfAcceptLanguage } from '../wording/language';
import type { AdminConsent, ConsentOutcome } from './adminConsent';

/** Where Entra sends the administrator back after admin consent; a page that says what happened and what next. */
export function registerConsentCallback(server: restify.Server, consent: AdminConsent, log: Logger): void {
  server.get('/consent/callback', async (req: restify.Request, res: restify.Response) => {
    const query = new URL(req.url ?? '/', 'http://callback.invalid').searchParams;
    const outcome = consent.readCallback(query);
    log.info(
      { outcome: outcome.outcome, ...(outcome.outcome !== 'invalid' ? { tenantId: outcome.tenantId } : {}) },
      'admin consent callback',
    );
    // In the language of the administrator's browser, which Entra has just shown its consent prompt in.
    const language = languageOfAcceptLanguage(req.headers['accept-language']);
    const body = Buffer.from(page(language, outcome));
    res.writeHead(outcome.outcome === 'invalid' ? 400 : 200, {
      'content-type': 'text/html; charset=utf-8',
      'content-language': language,
      vary: 'Accept-Language',
      'content-length': body.length,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'content-security-policy': "default-src 'none'; style-src 'self'; frame-ancestors 'none'",
    });
    res.end(body);
  });
}

function page(language: Language, outcome: ConsentOutcome): string {
  const [title, text] = wording(language, outcome);
  return `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} - Partner of Record</title><link rel="stylesheet" href="/tab/tab.css"></head>
<body><main class="consent"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></main></body></html>
`;
}

function wording(language: Language, outcome: ConsentOutcome): [string, string] {
  switch (outcome.outcome) {
    case 'granted':
      return [
        message(language, 'consent.grantedTitle'),
        // The command the bot's own cards show in this language, which it takes typed.
        message(language, 'consent.granted', {
          tenantId: outcome.tenantId,
          status: message(language, 'command.status'),
        }),
      ];
    case 'denied':
      return [
        message(language, 'consent.notGrantedTitle'),
        message(language, outcome.reason === 'access_denied' ? 'consent.declined' : 'consent.notGranted'),
      ];
    case 'invalid':
      return [message(language, 'consent.invalidTitle'), message(language, 'consent.invalid')];
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
