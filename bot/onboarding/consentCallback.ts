import type restify from 'restify';
import type { Logger } from 'pino';
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
    const body = Buffer.from(page(outcome));
    res.writeHead(outcome.outcome === 'invalid' ? 400 : 200, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': body.length,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'content-security-policy': "default-src 'none'; style-src 'self'; frame-ancestors 'none'",
    });
    res.end(body);
  });
}

function page(outcome: ConsentOutcome): string {
  const [title, text] = wording(outcome);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} - Partner of Record</title><link rel="stylesheet" href="/tab/tab.css"></head>
<body><main class="consent"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></main></body></html>
`;
}

function wording(outcome: ConsentOutcome): [string, string] {
  switch (outcome.outcome) {
    case 'granted':
      return [
        'Access granted',
        `Partner of Record can now read the subscriptions and administrator roles of your organization (tenant ${outcome.tenantId}). Go back to Microsoft Teams and send the bot any message, for example "status".`,
      ];
    case 'denied':
      return [
        'Access was not granted',
        outcome.reason === 'access_denied'
          ? 'The request was declined, so Partner of Record still cannot read your organization\'s subscriptions. A Global Administrator can grant access from the bot\'s "Grant access" button in Teams at any time.'
          : 'Microsoft did not grant access. Only a Global Administrator of your organization can grant it: ask one to press "Grant access" on the bot\'s card in Teams.',
      ];
    case 'invalid':
      return [
        'This link is not valid',
        'This page is only reached from the "Grant access" button in Teams, and that link has expired or was changed. Open the bot in Teams and press "Grant access" again.',
      ];
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
