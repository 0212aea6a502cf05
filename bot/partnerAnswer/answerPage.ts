import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type restify from 'restify';
import { z } from 'zod';
import { REPO_ROOT } from '../config';
import { isUpstreamUnavailable } from '../core';
import { oneLine } from '../runtime/plainText';
import { message, sentences } from '../wording/formatter';
import { type Language, languageOfAcceptLanguage } from '../wording/language';
import type { MessageKey } from '../wording/messages';
import { storedServiceName } from '../wording/services';
import { answerSentenceIn } from '../wording/statusIn';
import { timeText } from '../wording/times';
import { ANSWER_PATH, MAX_TOKEN_LENGTH, type AnswerLinks } from './answerLink';
import type { LinkRateLimiter } from './linkRateLimiter';
import type { AnsweredChange, AnswerPageState, PartnerAnswers } from './partnerAnswers';

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
  // Pages and answers are in the language the browser asks for.
  vary: 'Accept-Language',
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

/** The page's words in one language; its keys are the catalogs' `answerPage.*`. */
type Say = (key: `answerPage.${string}` & MessageKey, values?: Record<string, string>) => string;

/** The language the request's browser asks for (Accept-Language), English when it asks for none the bot speaks. */
function languageOfRequest(req: restify.Request): Language {
  return languageOfAcceptLanguage(req.headers['accept-language']);
}

const sayIn =
  (language: Language): Say =>
  (key, values) =>
    message(language, key, values);

/** GET: the page for the change a link names, or a plain refusal. */
async function showAnswerPage(deps: AnswerPageDeps, req: restify.Request, res: restify.Response): Promise<void> {
  const language = languageOfRequest(req);
  const say = sayIn(language);
  const token = new URL(req.url ?? '/', 'http://page.invalid').searchParams.get('t') ?? '';
  if (!deps.limiter.take(addressOf(req), linkKey(token))) {
    sendPage(res, 429, language, plainPage(language, say('answerPage.slowDownTitle'), say('answerPage.slowDown')));
    return;
  }
  const claims = await deps.links.read(token);
  if (!claims) {
    deps.log.info('partner answer page: link refused');
    sendPage(res, 400, language, plainPage(language, say('answerPage.invalidTitle'), say('answerPage.invalid')));
    return;
  }
  const state = await deps.answers.read(claims);
  if (state.state === 'unknown') {
    sendPage(res, 404, language, plainPage(language, say('answerPage.invalidTitle'), say('answerPage.unknown')));
    return;
  }
  sendPage(res, 200, language, answerPage(language, state, token));
}

/** POST from the page's script: the answer recorded once, as JSON, its message in the browser's language. */
async function recordAnswer(deps: AnswerPageDeps, req: restify.Request, res: restify.Response): Promise<void> {
  const language = languageOfRequest(req);
  const say = sayIn(language);
  const parsed = AnswerBody.safeParse(req.body);
  const token = parsed.success ? parsed.data.token : '';
  if (!deps.limiter.take(addressOf(req), linkKey(token))) {
    sendJson(res, 429, language, 'slowDown', say('answerPage.slowDown'));
    return;
  }
  if (!parsed.success) {
    sendJson(res, 400, language, 'badRequest', say('answerPage.failed'));
    return;
  }
  const claims = await deps.links.read(parsed.data.token);
  if (!claims) {
    deps.log.info('partner answer: link refused');
    sendJson(res, 400, language, 'invalidLink', say('answerPage.invalid'));
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
      sendJson(res, 404, language, 'unknownChange', say('answerPage.unknown'));
      return;
    case 'superseded':
      sendJson(res, 409, language, 'superseded', say('answerPage.superseded'));
      return;
    case 'open':
      // Unreachable: an answer either records or finds the first one.
      sendJson(res, 409, language, 'superseded', say('answerPage.superseded'));
      return;
    case 'answered': {
      deps.log.info(
        { changeEventId: state.answer.changeEventId, answer: state.answer.answer },
        'partner answered a change',
      );
      // The page knows no time zone: the day is UTC's.
      const said = sentences(language, say('answerPage.thanks'), answerSentenceIn({ language }, state.answer));
      sendJson(res, 200, language, 'answered', said, { answer: state.answer.answer });
    }
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
      const language = languageOfRequest(req);
      const say = sayIn(language);
      if (as === 'page')
        sendPage(res, status, language, plainPage(language, say('answerPage.title'), say('answerPage.failed')));
      else sendJson(res, status, language, outage ? 'notAnswering' : 'failed', say('answerPage.failed'));
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

function sendPage(res: restify.Response, status: number, language: Language, html: string): void {
  const body = Buffer.from(html);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': 'text/html; charset=utf-8',
    'content-language': language,
    'content-length': body.length,
  });
  res.end(body);
}

function sendJson(
  res: restify.Response,
  status: number,
  language: Language,
  code: string,
  text: string,
  extra: Record<string, unknown> = {},
): void {
  const body = Buffer.from(JSON.stringify({ code, message: text, ...extra }));
  const type = 'application/json; charset=utf-8';
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': type,
    'content-language': language,
    'content-length': body.length,
  });
  res.end(body);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function shell(language: Language, title: string, content: string, withScript = false): string {
  return `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} - Partner of Record</title><link rel="stylesheet" href="/tab/tab.css"></head>
<body class="standalone"><main class="answer">
${content}
</main>${withScript ? `<script src="${ANSWER_PATH}/answer.js"></script>` : ''}</body></html>
`;
}

function plainPage(language: Language, title: string, text: string): string {
  return shell(language, title, `<h1>${escapeHtml(title)}</h1>\n<p>${escapeHtml(text)}</p>`);
}

/** The change's facts as label and value; its time in UTC, the page knowing no time zone. */
function factRows(say: Say, facts: AnsweredChange): [string, string][] {
  const { service, name } = facts.subscription;
  const subscription = service ? `${storedServiceName(oneLine(service))}: ${name}` : name;
  return [
    [say('answerPage.customer'), facts.customer],
    [say('answerPage.subscription'), subscription],
    [say('answerPage.partner'), `${facts.partner.name} (${facts.partner.partnerId})`],
    [say('answerPage.recordedBy'), `${facts.change.actorName}, ${timeText(facts.change.at)}`],
  ];
}

/** The Confirm and Decline form; the script (tab/partnerAnswer.js) takes its words from the data attributes. */
function answerForm(say: Say, token: string): string[] {
  return [
    `<p>${escapeHtml(say('answerPage.meaning'))}</p>`,
    `<div id="answer" data-token="${escapeHtml(token)}" data-action="${ANSWER_PATH}" ` +
      `data-sending="${escapeHtml(say('answerPage.sending'))}" data-failed="${escapeHtml(say('answerPage.failed'))}">`,
    '<div id="answer-form">',
    `<label for="reason">${escapeHtml(say('answerPage.reasonLabel'))}</label>`,
    `<textarea id="reason" name="reason" rows="3" maxlength="${MAX_REASON_LENGTH}"></textarea>`,
    '<div class="buttons">',
    `<button type="button" class="primary" data-answer="confirmed">${escapeHtml(say('answerPage.confirm'))}</button>`,
    `<button type="button" class="danger" data-answer="declined">${escapeHtml(say('answerPage.decline'))}</button>`,
    '</div></div>',
    '<p id="status" role="status" aria-live="polite"></p>',
    '</div>',
  ];
}

function answerPage(language: Language, state: Exclude<AnswerPageState, { state: 'unknown' }>, token: string): string {
  const say = sayIn(language);
  const { facts } = state;
  const e = (text: string) => escapeHtml(oneLine(text));
  const title = say('answerPage.title');
  const parts = [
    `<h1>${escapeHtml(title)}</h1>`,
    `<p>${e(say('answerPage.intro', { customer: oneLine(facts.customer) }))}</p>`,
    `<dl>${factRows(say, facts)
      .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${e(v)}</dd>`)
      .join('')}</dl>`,
  ];
  if (state.state === 'superseded') {
    parts.push(`<p class="banner info" role="status">${escapeHtml(say('answerPage.superseded'))}</p>`);
  } else if (state.state === 'answered') {
    parts.push(`<p class="banner success" role="status">${e(answerSentenceIn({ language }, state.answer))}</p>`);
  } else {
    parts.push(...answerForm(say, token));
  }
  return shell(language, title, parts.join('\n'), state.state === 'open');
}
