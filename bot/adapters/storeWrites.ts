import type { StoreHealth } from '../core';

/** A store that cannot be used as configured. Its message is the whole story for the operator, on one line. */
export class StoreUnusableError extends Error {
  override name = 'StoreUnusableError';
}

/** What a store tells the log; never given a password. */
export interface StoreLog {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

/**
 * Whether the store's writes fail because it cannot be written (read-only, full, an I/O error, no permission).
 * Remembered from the write that failed until a write works again: each health check meanwhile tries the store's
 * write probe, so health recovers without waiting for someone's change, and a store that writes fine is never
 * written to by health checks.
 */
export class WriteFailures {
  private cause: string | null = null;

  constructor(private readonly log?: StoreLog) {}

  /** A write failed because the store cannot be written; `cause` is a code for the log. */
  noted(cause: string): void {
    if (this.cause === null) this.log?.warn({ upstream: 'store', cause }, 'the store cannot be written');
    this.cause = cause;
  }

  /**
   * `open` when no write failed, or when `probe` (one small committed write) works now; else what the probe says:
   * `read-only`, or `down` when the store does not answer at all.
   */
  async health(probe: () => Promise<StoreHealth>): Promise<StoreHealth> {
    if (this.cause === null) return 'open';
    const now = await probe();
    if (now === 'open') {
      this.log?.info({ upstream: 'store', cause: this.cause }, 'the store can be written again');
      this.cause = null;
    }
    return now;
  }
}
