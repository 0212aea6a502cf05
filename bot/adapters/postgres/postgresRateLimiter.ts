import type { Actor, ActionRateLimiter, Clock, RateLimitDecision } from '../../core';
import type { Db } from './database';

export interface PostgresRateLimiterOptions {
  perUser: number;
  perTenant: number;
  clock: Clock;
  /** The sliding window the limits count over (default: a minute). */
  windowMs?: number;
  /** How long a counted action's key is remembered, so its repeats pass free (default: 15 minutes). */
  keyMemoryMs?: number;
}

/**
 * The action rate limiter every instance on one PostgreSQL schema shares: the same sliding-window logs per person
 * and per tenant as InMemoryActionRateLimiter, kept in `rate_limit_log` and `rate_limit_keys` (schema version 6).
 * A take is one statement, `rate_limit_take`, which counts and records under the tenant's advisory lock.
 *
 * An unreachable database fails closed: the take throws UpstreamUnavailableError('store'), and the person is told
 * the bot's storage is not answering, nothing changed. The change or check would need the store next anyway, and
 * letting actions through uncounted during an outage would let a burst past the limit once it is back.
 */
export class PostgresActionRateLimiter implements ActionRateLimiter {
  private readonly windowMs: number;
  private readonly keyMemoryMs: number;

  constructor(
    private readonly db: Db,
    private readonly options: PostgresRateLimiterOptions,
  ) {
    this.windowMs = options.windowMs ?? 60_000;
    this.keyMemoryMs = options.keyMemoryMs ?? 15 * 60_000;
  }

  async take(actor: Actor, options: { key?: string } = {}): Promise<RateLimitDecision> {
    const now = this.options.clock.now().getTime();
    // Ids are GUIDs (case carries no meaning); the prefixes keep a tenant's scope apart from a person's.
    const tenant = actor.tenantId.toLowerCase();
    const tenantKey = `t:${tenant}`;
    const userKey = `u:${tenant}:${actor.aadObjectId.toLowerCase()}`;
    const actionKey = options.key === undefined ? null : `${userKey}:${options.key}`;
    const { rows } = await this.db.query<{ wait: string }>(
      'SELECT rate_limit_take($1, $2, $3, $4, $5, $6, $7, $8)::text AS wait',
      [
        tenantKey,
        userKey,
        actionKey,
        now,
        this.options.perUser,
        this.options.perTenant,
        this.windowMs,
        this.keyMemoryMs,
      ],
    );
    const wait = Number(rows[0]?.wait ?? 0);
    if (wait > 0) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)) };
    return { allowed: true };
  }
}
