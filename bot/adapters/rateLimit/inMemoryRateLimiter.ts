import type { LRUCache } from 'lru-cache';
import { lazyLru } from '../../runtime/lazyLru';
import type { Actor, ActionRateLimiter, Clock, RateLimitDecision } from '../../core';

export interface InMemoryRateLimiterOptions {
  perUser: number;
  perTenant: number;
  clock: Clock;
  /** The sliding window the limits count over (default: a minute). */
  windowMs?: number;
  /** How long a counted action's key is remembered, so its repeats pass free (default: 15 minutes). */
  keyMemoryMs?: number;
  /** People and tenants tracked at once; the least recently active are forgotten first. */
  maxUsers?: number;
  maxTenants?: number;
  /**
   * Counted actions' keys remembered at once (default 10,000, about 3.5 MiB). A repeat comes seconds after its action
   * (a double tap, Teams retrying an invoke), long before 10,000 newer actions push its key out; a key forgotten only
   * makes its repeat count against the limit (the store still applies the change once).
   */
  maxKeys?: number;
}

/**
 * A sliding-window log per person and per tenant, in this process's memory: an action is allowed when fewer
 * than the limit were counted in the last window, and a refusal says when the oldest of those leaves it.
 * Memory is bounded: each log holds at most its limit of times, and the logs and keys are LRU caches.
 * Counts are per process, for one instance (SQLite); instances sharing PostgreSQL count together with
 * PostgresActionRateLimiter, which keeps the same windows there.
 */
export class InMemoryActionRateLimiter implements ActionRateLimiter {
  private readonly windowMs: number;
  private readonly keyMemoryMs: number;
  private readonly users: () => LRUCache<string, number[]>;
  private readonly tenants: () => LRUCache<string, number[]>;
  private readonly keys: () => LRUCache<string, number>;

  constructor(private readonly options: InMemoryRateLimiterOptions) {
    this.windowMs = options.windowMs ?? 60_000;
    this.keyMemoryMs = options.keyMemoryMs ?? 15 * 60_000;
    this.users = lazyLru(options.maxUsers ?? 10_000);
    this.tenants = lazyLru(options.maxTenants ?? 2_000);
    this.keys = lazyLru(options.maxKeys ?? 10_000);
  }

  async take(actor: Actor, options: { key?: string } = {}): Promise<RateLimitDecision> {
    const now = this.options.clock.now().getTime();
    const tenantKey = actor.tenantId.toLowerCase();
    const userKey = `${tenantKey}:${actor.aadObjectId.toLowerCase()}`;
    const actionKey = options.key === undefined ? undefined : `${userKey}:${options.key}`;
    if (actionKey !== undefined) {
      const countedAt = this.keys().get(actionKey);
      if (countedAt !== undefined && now - countedAt < this.keyMemoryMs) return { allowed: true };
    }

    const user = this.recent(this.users(), userKey, now);
    const tenant = this.recent(this.tenants(), tenantKey, now);
    const waits = [this.waitMs(user, this.options.perUser, now), this.waitMs(tenant, this.options.perTenant, now)];
    const wait = Math.max(...waits);
    if (wait > 0) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)) };

    user.push(now);
    tenant.push(now);
    this.users().set(userKey, user);
    this.tenants().set(tenantKey, tenant);
    if (actionKey !== undefined) this.keys().set(actionKey, now);
    return { allowed: true };
  }

  /** The times counted within the window ending now, oldest first. */
  private recent(logs: LRUCache<string, number[]>, key: string, now: number): number[] {
    const log = logs.get(key) ?? [];
    const from = now - this.windowMs;
    let drop = 0;
    // A clock set back leaves future times in the log; they count until the window passes them.
    while (drop < log.length && log[drop]! <= from) drop++;
    return drop ? log.slice(drop) : log;
  }

  /** 0 when one more fits; else how long until the oldest counted time leaves the window. */
  private waitMs(log: number[], limit: number, now: number): number {
    if (log.length < limit) return 0;
    return log[log.length - limit]! + this.windowMs - now;
  }
}
