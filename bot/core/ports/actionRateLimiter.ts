import type { Actor } from '../types';

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * How often one person, and one tenant, may change partners of record or look up a Partner ID. The actor's
 * tenant id is the directory's; case carries no meaning.
 */
export interface ActionRateLimiter {
  /**
   * Counts one action unless it is refused. An action given with a `key` that was already counted for this
   * person (the same Submit delivered twice) is allowed again and not counted again.
   */
  take(actor: Actor, options?: { key?: string }): Promise<RateLimitDecision>;
}

/** For services built without a limiter: every action allowed. */
export const noRateLimit: ActionRateLimiter = { take: async () => ({ allowed: true }) };
