import type { DomainErrorDetail, Outcome } from '../core';
import { message } from '../wording/formatter';
import { DEFAULT_LANGUAGE, type Language } from '../wording/language';
import {
  fixedNoticeIn,
  notAnsweringIn,
  outcomeUnknownIn,
  refusalForIn,
  selectionChangedIn,
  stateChangedIn,
} from '../wording/refusalsIn';
import { TabAuthError } from './tabAuth';
import { toSubscriptionJson } from './tabJson';

/** An answer other than 200: `{ error: { code, message, ...extra } }` with its status (and headers). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/**
 * The tab's one answer to an action's outcome other than done, in the page's language. Refusals are worded once
 * (bot/wording/refusalsIn.ts): the tab's error bodies say what the chat's cards say. The server knows no zone for the
 * page, so a time in a refusal is UTC and says so.
 */
export function httpErrorFor(
  outcome: Exclude<Outcome<unknown>, { kind: 'done' }>,
  language: Language = DEFAULT_LANGUAGE,
): HttpError {
  switch (outcome.kind) {
    case 'refused':
      return refusedHttpError(outcome.reason, language);
    case 'stale': {
      // A decision made on a state the page no longer shows: what the subscription is now, and who changed it.
      const { title, message } = stateChangedIn(outcome.current, 'page', { language });
      return new HttpError(409, 'stale', message, { title, current: toSubscriptionJson(outcome.current, language) });
    }
    case 'staleSelection': {
      const { title, message } = selectionChangedIn(outcome.changed, 'page', { language });
      return new HttpError(409, 'stale', message, {
        title,
        changed: outcome.changed.map((v) => toSubscriptionJson(v, language)),
      });
    }
    case 'unconfirmed': {
      // The page's dialog stays open, and sending it again (the same requestId) answers with the saved change or
      // saves it now.
      const { title, message } = outcomeUnknownIn(language, outcome.upstream);
      return new HttpError(503, 'outcomeUnknown', message, { title });
    }
    case 'outage': {
      const { title, message } = notAnsweringIn(language, outcome.upstream);
      return new HttpError(503, 'upstreamUnavailable', message, { title });
    }
    case 'consentRequired':
      return new HttpError(403, 'consentRequired', message(language, 'notice.consentInTab'));
  }
}

/**
 * What a route threw that is no outcome: its own answer, a failed sign-in, or a defect (500, logged), in the page's
 * language (a failed sign-in's reason is the auth layer's, for the log and the page's retry, in English).
 */
export function httpErrorOf(err: unknown, language: Language = DEFAULT_LANGUAGE): HttpError {
  if (err instanceof HttpError) return err;
  if (err instanceof TabAuthError) return new HttpError(401, 'unauthenticated', err.message);
  const wentWrong = fixedNoticeIn(language, 'wentWrong');
  return new HttpError(500, 'internal', wentWrong.message, { title: wentWrong.title });
}

/** A person's mistake is a 4xx with a message, never a 500. */
function refusedHttpError(d: DomainErrorDetail, language: Language): HttpError {
  const { title, message } = refusalForIn(language, d);
  switch (d.code) {
    case 'unknownUser':
      return new HttpError(403, d.code, message, { title });
    case 'notOwner':
      return new HttpError(403, d.code, message, { title, owners: d.owners });
    case 'unknownSubscription':
    case 'unknownPartner':
      return new HttpError(404, d.code, message, { title });
    case 'invalidPartnerId':
      return new HttpError(400, d.code, message, { title });
    case 'samePartner':
    case 'alreadyHasPartner':
    case 'noPartnerToChange':
    case 'stale':
      return new HttpError(409, d.code, message, { title });
    case 'slowDown':
      return new HttpError(
        429,
        d.code,
        message,
        { title, retryAfterSeconds: d.retryAfterSeconds },
        { 'retry-after': String(d.retryAfterSeconds) },
      );
  }
}
