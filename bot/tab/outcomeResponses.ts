import type { DomainErrorDetail, Outcome } from '../core';
import {
  CONSENT_REQUIRED_IN_TAB,
  notAnswering,
  outcomeUnknown,
  refusalFor,
  SOMETHING_WENT_WRONG,
  selectionChanged,
  stateChanged,
} from '../wording/refusals';
import { DEFAULT_LANGUAGE, type Language } from '../wording/language';
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
 * The tab's one answer to an action's outcome other than done. Refusals are worded once (bot/wording/refusals.ts):
 * the tab's error bodies say what the chat's cards say. `language` is the page's: the data shown with a refusal (a
 * stale subscription's row) is in it; the refusals' own sentences are English until refusals.ts says them in more.
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
      const { title, message } = stateChanged(outcome.current, 'page');
      return new HttpError(409, 'stale', message, { title, current: toSubscriptionJson(outcome.current, language) });
    }
    case 'staleSelection': {
      const { title, message } = selectionChanged(outcome.changed, 'page');
      return new HttpError(409, 'stale', message, {
        title,
        changed: outcome.changed.map((v) => toSubscriptionJson(v, language)),
      });
    }
    case 'unconfirmed': {
      // The page's dialog stays open, and sending it again (the same requestId) answers with the saved change or
      // saves it now.
      const { title, message } = outcomeUnknown(outcome.upstream);
      return new HttpError(503, 'outcomeUnknown', message, { title });
    }
    case 'outage': {
      const { title, message } = notAnswering(outcome.upstream);
      return new HttpError(503, 'upstreamUnavailable', message, { title });
    }
    case 'consentRequired':
      return new HttpError(403, 'consentRequired', CONSENT_REQUIRED_IN_TAB);
  }
}

/**
 * What a route threw that is no outcome: its own answer, a failed sign-in, or a defect (500, logged). `language`: the
 * page's, for when these sentences have versions in more languages (English until then).
 */
export function httpErrorOf(err: unknown, _language: Language = DEFAULT_LANGUAGE): HttpError {
  if (err instanceof HttpError) return err;
  if (err instanceof TabAuthError) return new HttpError(401, 'unauthenticated', err.message);
  return new HttpError(500, 'internal', SOMETHING_WENT_WRONG.message, { title: SOMETHING_WENT_WRONG.title });
}

/** A person's mistake is a 4xx with a message, never a 500; in English until refusals.ts speaks `language` too. */
function refusedHttpError(d: DomainErrorDetail, _language: Language): HttpError {
  const { title, message } = refusalFor(d);
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
