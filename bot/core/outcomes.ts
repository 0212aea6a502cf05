import { isDomainError, type DomainErrorDetail } from './errors';
import type { SubscriptionView } from './types';
import { type ConsentRequiredError, isConsentRequired, isUpstreamUnavailable, type Upstream } from './upstreamErrors';

/**
 * How an action ended, as every surface answers it: the chat renders it as a card (`NoticeCards.forOutcome`),
 * the tab as an HTTP status and body (bot/tab/outcomeResponses.ts).
 */
export type Outcome<T> =
  | { kind: 'done'; value: T }
  /** A refusal a person caused; nothing was done. */
  | { kind: 'refused'; reason: DomainErrorDetail }
  /** The person decided on a state that is no longer current: here is the subscription as it is now. */
  | { kind: 'stale'; current: SubscriptionView }
  /**
   * An action on several subscriptions, decided on states of which some are no longer current: nothing was done
   * to any of them. Here are those that changed, as they are now.
   */
  | { kind: 'staleSelection'; changed: SubscriptionView[] }
  /** An outage came while a change was being saved, or just after: it may or may not be saved. */
  | { kind: 'unconfirmed'; upstream: Upstream }
  /** An upstream did not answer before anything was written: nothing was changed. */
  | { kind: 'outage'; upstream: Upstream }
  /** The customer tenant has not granted the app the access it needs. */
  | { kind: 'consentRequired'; error: ConsentRequiredError };

/**
 * Runs an action and answers with its outcome. A stale refusal carries the subscription as `currentState` reads
 * it now (without `currentState`, it stays a refusal); anything but a refusal or an outage is a defect, rethrown.
 */
export async function outcomeOf<T>(
  work: () => Promise<T>,
  currentState?: () => Promise<SubscriptionView>,
): Promise<Outcome<T>> {
  try {
    return { kind: 'done', value: await work() };
  } catch (err) {
    if (isDomainError(err, 'stale') && currentState) return staleNow(currentState);
    if (isDomainError(err)) return { kind: 'refused', reason: err.detail };
    if (isUpstreamUnavailable(err))
      return { kind: err.outcome === 'unknown' ? 'unconfirmed' : 'outage', upstream: err.upstream };
    if (isConsentRequired(err)) return { kind: 'consentRequired', error: err };
    throw err;
  }
}

/** The outcome of a decision known to be stale: the subscription as it is now (or why it cannot be read). */
export async function staleNow(currentState: () => Promise<SubscriptionView>): Promise<Outcome<never>> {
  const read = await outcomeOf(currentState);
  return read.kind === 'done' ? { kind: 'stale', current: read.value } : read;
}

/**
 * Work done once a change is saved (when `saved` is done): an outage there is answered as a change that may be
 * saved, never as "nothing was changed".
 */
export async function afterSaving<T>(saved: Outcome<T>, work: () => Promise<unknown>): Promise<Outcome<T>> {
  if (saved.kind !== 'done') return saved;
  const after = await outcomeOf(work);
  if (after.kind === 'done') return saved;
  return after.kind === 'outage' ? { kind: 'unconfirmed', upstream: after.upstream } : after;
}

export function done<T>(value: T): Outcome<T> {
  return { kind: 'done', value };
}

/** The same outcome, with what was done turned into `f`'s answer. */
export function mapDone<T, U>(outcome: Outcome<T>, f: (value: T) => U): Outcome<U> {
  return outcome.kind === 'done' ? done(f(outcome.value)) : outcome;
}
