import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type restify from 'restify';
import { z } from 'zod';
import { REPO_ROOT } from '../config';
import { isUpstreamUnavailable } from '../core';
import { oneLine } from '../runtime/plainText';
import { timeText } from '../wording/times';
import { ANSWER_PAGE, answerSentence, answerSummary } from '../wording/partnerAnswer';
import { ANSWER_PATH, MAX_TOKEN_LENGTH, type AnswerLinks } from './answerLink';
import type { LinkRateLimiter } from './linkRateLimiter';
import type { AnswerPageState, PartnerAnswers } from './partnerAnswers';

/** A decline's reason: plain text on one line, at most this many characters (the stores refuse more). */
export const MAX_REASON_LENGTH = 500;

const AnswerBody = z.object({
  token: z.string().min(1).max(MAX_TOKEN_LENGTH),
  answer: z.enum(['confirmed', 'declined']),
  reason: z
    .string()
    .max(MAX_REASON_LENGTH * 2)
    .optional(),
});

/** Nothing but the bot's own host, no framing, no form posting anywhere: the page's script posts with fetch. */
const PAGE_CSP =
  "default-src 'none'; style-src 'self'; script-src 'self'; connect-src 'self'; img-src 'self'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  // The page's address holds the link's token: it must not leave in a Referer.
  'referrer-policy': 'no-referrer',
  'x-robots-tag': 'noindex',
  'content-security-policy': PAGE_CSP,
};

export interface AnswerPageDeps {
  links: AnswerLinks;
  answers: PartnerAnswers;
  limiter: LinkRateLimiter;
  log: Logger;
}

/**
 * GET shows the change a link names and changes nothing (mail scanners open every link); the POST of the page's
 * script records the answer. A forged, altered or expired link gets a plain refusal and nothing is read for it.
 */
export function registerAnswerPage(server: restify.Server, deps: AnswerPageDeps): void {
  const script = readFileSync(path.join(REPO_ROOT, 'tab', 'partnerAnswer.js'));
  server.get(`${ANSWER_PATH}/answer.js`, async (_req: restify.Request, res: restify.Response) => {
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'cache-control': 'no-cache',
      'content-type': 'text/javascript; charset=utf-8',
      'content-length': script.length,
    });
    res.end(script);
  });

  server.get(
    ANSWER_PATH,
    guarded(deps.log, 'page', (req, res) => showAnswerPage(deps, req, res)),
  );
  server.post(
    ANSWER_PATH,
    guarded(deps.log, 'json', (req, res) => recordAnswer(deps, req, res)),
  );
}

/** GET: the page for the change a link names, or a plain refusal. */
async function showAnswerPage(deps: AnswerPageDeps, req: restify.Request, res: restify.Response): Promise<void> {
  const token = new URL(req.url ?? '/', 'http://page.invalid').searchParams.get('t') ?? '';
  if (!deps.limiter.take(addressOf(req), linkKey(token))) {
    sendPage(res, 429, plainPage(ANSWER_PAGE.slowDownTitle, ANSWER_PAGE.slowDown));
    return;
  }
  const claims = await deps.links.read(token);
  if (!claims) {
    deps.log.info('partner answer page: link refused');
    sendPage(res, 400, plainPage(ANSWER_PAGE.invalidTitle, ANSWER_PAGE.invalid));
    return;
  }
  const state = await deps.answers.read(claims);
  if (state.state === 'unknown') {
    sendPage(res, 404, plainPage(ANSWER_PAGE.invalidTitle, ANSWER_PAGE.unknown));
    return;
  }
  sendPage(res, 200, answerPage(state, token));
}

/** POST from the page's script: the answer recorded once, as JSON. */
async function recordAnswer(deps: AnswerPageDeps, req: restify.Request, res: restify.Response): Promise<void> {
  const parsed = AnswerBody.safeParse(req.body);
  const token = parsed.success ? parsed.data.token : '';
  if (!deps.limiter.take(addressOf(req), linkKey(token))) {
    sendJson(res, 429, 'slowDown', ANSWER_PAGE.slowDown);
    return;
  }
  if (!parsed.success) {
    sendJson(res, 400, 'badRequest', ANSWER_PAGE.failed);
    return;
  }
  const claims = await deps.links.read(parsed.data.token);
  if (!claims) {
    deps.log.info('partner answer: link refused');
    sendJson(res, 400, 'invalidLink', ANSWER_PAGE.invalid);
    return;
  }
  const reason =
    parsed.data.answer === 'declined'
      ? oneLine(parsed.data.reason ?? '')
          .slice(0, MAX_REASON_LENGTH)
          .trim()
      : '';
  const state = await deps.answers.answer(claims, parsed.data.answer, reason === '' ? null : reason);
  switch (state.state) {
    case 'unknown':
      sendJson(res, 404, 'unknownChange', ANSWER_PAGE.unknown);
      return;
    case 'superseded':
      sendJson(res, 409, 'superseded', ANSWER_PAGE.superseded);
      return;
    case 'open':
      // Unreachable: an answer either records or finds the first one.
      sendJson(res, 409, 'superseded', ANSWER_PAGE.superseded);
      return;
    case 'answered':
      deps.log.info(
        { changeEventId: state.answer.changeEventId, answer: state.answer.answer },
        'partner answered a change',
      );
      sendJson(res, 200, 'answered', `${ANSWER_PAGE.thanks} ${answerSentence(state.answer)}`, {
        answer: state.answer.answer,
      });
  }
}

/**
 * A store or directory that does not answer is a 503 saying to try again; anything else is a defect, logged, and
 * answered without its text.
 */
function guarded(
  log: Logger,
  as: 'page' | 'json',
  handler: (req: restify.Request, res: restify.Response) => Promise<void>,
) {
  return async (req: restify.Request, res: restify.Response) => {
    try {
      await handler(req, res);
    } catch (err) {
      const outage = isUpstreamUnavailable(err);
      if (outage) log.warn({ upstream: err.upstream }, 'partner answer: a service did not answer');
      else log.error({ err }, 'partner answer failed');
      if (res.headersSent) return;
      const status = outage ? 503 : 500;
      if (as === 'page') sendPage(res, status, plainPage(ANSWER_PAGE.title, ANSWER_PAGE.failed));
      else sendJson(res, status, outage ? 'notAnswering' : 'failed', ANSWER_PAGE.failed);
    }
  };
}

/** The caller's address as the socket has it: a proxy's address is shared, which the per-link limit covers. */
function addressOf(req: restify.Request): string {
  return req.socket?.remoteAddress ?? 'unknown';
}

/** A link is counted by a hash of its token, so the limiter's memory holds no token. */
function linkKey(token: string): string {
  return createHash('sha256').update(token).digest('base64url').slice(0, 22);
}

function sendPage(res: restify.Response, status: number, html: string): void {
  const body = Buffer.from(html);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': 'text/html; charset=utf-8',
    'content-length': body.length,
  });
  res.end(body);
}

function sendJson(
  res: restify.Response,
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
): void {
  const body = Buffer.from(JSON.stringify({ code, message, ...extra }));
  const type = 'application/json; charset=utf-8';
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, 'content-length': body.length });
  res.end(body);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function shell(title: string, content: string, withScript = false): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} - Partner of Record</title><link rel="stylesheet" href="/tab/tab.css"></head>
<body class="standalone"><main class="answer">
${content}
</main>${withScript ? `<script src="${ANSWER_PATH}/answer.js"></script>` : ''}</body></html>
`;
}

function plainPage(title: string, text: string): string {
  return shell(title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(text)}</p>`);
}

function answerPage(state: Exclude<AnswerPageState, { state: 'unknown' }>, token: string): string {
  const { facts } = state;
  const e = (text: string) => escapeHtml(oneLine(text));
  const { service, name } = facts.subscription;
  const subscription = service ? `${service}: ${name}` : name;
  const rows: [string, string][] = [
    [ANSWER_PAGE.customer, facts.customer],
    [ANSWER_PAGE.subscription, subscription],
    [ANSWER_PAGE.partner, `${facts.partner.name} (${facts.partner.partnerId})`],
    [ANSWER_PAGE.recordedBy, `${facts.change.actorName}, ${timeText(facts.change.at)}`],
  ];
  const parts = [
    `<h1>${escapeHtml(ANSWER_PAGE.title)}</h1>`,
    `<p>${e(ANSWER_PAGE.intro(facts.customer))}</p>`,
    `<dl>${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${e(v)}</dd>`).join('')}</dl>`,
  ];
  if (state.state === 'superseded') {
    parts.push(`<p class="banner info" role="status">${escapeHtml(ANSWER_PAGE.superseded)}</p>`);
  } else if (state.state === 'answered') {
    parts.push(`<p class="banner success" role="status">${e(answerSummary(state.answer))}</p>`);
  } else {
    parts.push(
      `<p>${escapeHtml(ANSWER_PAGE.meaning)}</p>`,
      `<div id="answer" data-token="${escapeHtml(token)}" data-action="${ANSWER_PATH}" ` +
        `data-sending="${escapeHtml(ANSWER_PAGE.sending)}" data-failed="${escapeHtml(ANSWER_PAGE.failed)}">`,
      '<div id="answer-form">',
      `<label for="reason">${escapeHtml(ANSWER_PAGE.reasonLabel)}</label>`,
      `<textarea id="reason" name="reason" rows="3" maxlength="${MAX_REASON_LENGTH}"></textarea>`,
      '<div class="buttons">',
      `<button type="button" class="primary" data-answer="confirmed">${escapeHtml(ANSWER_PAGE.confirm)}</button>`,
      `<button type="button" class="danger" data-answer="declined">${escapeHtml(ANSWER_PAGE.decline)}</button>`,
      '</div></div>',
      '<p id="status" role="status" aria-live="polite"></p>',
      '</div>',
    );
  }
  return shell(ANSWER_PAGE.title, parts.join('\n'), state.state === 'open');
}
