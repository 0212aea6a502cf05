/**
 * What a directory adapter throws when Microsoft's side, not the person, is why a turn cannot go on. The
 * conversation turns each into a card with a way forward; neither carries upstream error text.
 */

/**
 * The upstreams the bot calls, by the name the log and the cards use (`arm`: Azure Resource Manager); `store` is
 * its own database server.
 */
export type Upstream = 'graph' | 'arm' | 'entra' | 'partnerCenter' | 'store';

/**
 * What a person may be told about a change an outage interrupted: `nothingChanged` (the outage came before
 * anything was written) or `unknown` (it came while a change was being saved, or after: it may have been saved).
 */
export type OutageOutcome = 'nothingChanged' | 'unknown';

/**
 * An upstream timed out, kept failing, or its circuit is open. Usually nothing was changed and trying again
 * shortly will work; with `outcome: 'unknown'` a change may or may not have been saved, and sending the very
 * same change again (same idempotency key) answers which, saving it at most once.
 */
export class UpstreamUnavailableError extends Error {
  constructor(
    readonly upstream: Upstream,
    /** For the log: a status code or a short cause, never a response body. */
    readonly reason: string,
    readonly outcome: OutageOutcome = 'nothingChanged',
  ) {
    super(
      `${upstream} is not answering (${reason})${outcome === 'unknown' ? '; whether the change was saved is unknown' : ''}`,
    );
    this.name = 'UpstreamUnavailableError';
  }
}

/** The customer tenant has not granted the app the access it needs (admin consent is missing or partial). */
export class ConsentRequiredError extends Error {
  constructor(
    readonly tenantId: string,
    /** For the log: the Entra error code (AADSTS...) or Graph's error code. */
    readonly reason: string,
  ) {
    super(`tenant ${tenantId} has not consented (${reason})`);
    this.name = 'ConsentRequiredError';
  }
}

export function isUpstreamUnavailable(err: unknown): err is UpstreamUnavailableError {
  return err instanceof UpstreamUnavailableError;
}

/** An outage that interrupted a change that may have been saved: never answer "nothing was changed". */
export function isOutcomeUnknown(err: unknown): err is UpstreamUnavailableError {
  return err instanceof UpstreamUnavailableError && err.outcome === 'unknown';
}

export function isConsentRequired(err: unknown): err is ConsentRequiredError {
  return err instanceof ConsentRequiredError;
}
