/**
 * What a directory adapter throws when Microsoft's side, not the person, is why a turn cannot go on. The
 * conversation turns each into a card with a way forward; neither carries upstream error text.
 */

/** The upstreams the bot calls, by the name the log and the cards use; `store` is its own database server. */
export type Upstream = 'graph' | 'entra' | 'partnerCenter' | 'store';

/** An upstream timed out, kept failing, or its circuit is open: nothing was changed, try again shortly. */
export class UpstreamUnavailableError extends Error {
  constructor(
    readonly upstream: Upstream,
    /** For the log: a status code or a short cause, never a response body. */
    readonly reason: string,
  ) {
    super(`${upstream} is not answering (${reason})`);
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

export function isConsentRequired(err: unknown): err is ConsentRequiredError {
  return err instanceof ConsentRequiredError;
}
