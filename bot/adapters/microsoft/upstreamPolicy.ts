import {
  circuitBreaker,
  ConsecutiveBreaker,
  handleWhen,
  isBrokenCircuitError,
  retry,
  type CircuitBreakerPolicy,
  type IBackoff,
  type IBackoffFactory,
  type IRetryBackoffContext,
  type RetryPolicy,
} from 'cockatiel';
import type { Logger } from 'pino';
import { UpstreamUnavailableError, type Upstream } from '../../core';
import { TransientUpstreamError } from './httpsClient';

export interface UpstreamPolicySettings {
  /** Attempts per call, the first included. */
  maxAttempts: number;
  /** How long an open circuit refuses calls before it lets one through to test the upstream. */
  halfOpenAfterMs: number;
  /** Failures in a row (outages, not throttling) that open the circuit. */
  breakerThreshold?: number;
  /** First backoff when the upstream gave no Retry-After; doubles each attempt, with jitter. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** A Retry-After longer than this is not waited out: the person is told to come back instead. */
  maxRetryAfterMs?: number;
}

/**
 * Waits what the upstream asked for (Retry-After), else exponential backoff with full jitter, so that many
 * turns retrying at once do not hit the upstream in step.
 */
class RetryAfterBackoff implements IBackoffFactory<IRetryBackoffContext<unknown>> {
  constructor(
    private readonly baseMs: number,
    private readonly maxMs: number,
    private readonly random: () => number = Math.random,
  ) {}

  next(context: IRetryBackoffContext<unknown>): IBackoff<IRetryBackoffContext<unknown>> {
    const error = 'error' in context.result ? context.result.error : undefined;
    const asked = error instanceof TransientUpstreamError ? error.retryAfterMs : null;
    const ceiling = Math.min(this.maxMs, this.baseMs * 2 ** (context.attempt - 1));
    const duration = asked ?? Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
    return { duration, next: (c) => this.next(c) };
  }
}

/**
 * Every call to one upstream goes through one of these: retries on 429 and 5xx (and network failures),
 * honouring Retry-After, and a circuit breaker shared by all calls to that upstream, so that while Microsoft's
 * service is down a turn fails in milliseconds instead of waiting out timeouts. Whatever still fails leaves as
 * UpstreamUnavailableError naming the upstream, and is logged once, here.
 */
export class UpstreamPolicy {
  private readonly retry: RetryPolicy;
  private readonly breaker: CircuitBreakerPolicy;
  private readonly maxRetryAfterMs: number;

  constructor(
    readonly upstream: Upstream,
    settings: UpstreamPolicySettings,
    private readonly log: Logger,
  ) {
    this.maxRetryAfterMs = settings.maxRetryAfterMs ?? 5_000;
    // Throttling says nothing about the upstream's health (Graph paces each tenant), so only outages trip it.
    this.breaker = circuitBreaker(
      handleWhen((err) => err instanceof TransientUpstreamError && !err.isThrottling),
      { halfOpenAfter: settings.halfOpenAfterMs, breaker: new ConsecutiveBreaker(settings.breakerThreshold ?? 5) },
    );
    this.retry = retry(
      handleWhen((err) => err instanceof TransientUpstreamError && (err.retryAfterMs ?? 0) <= this.maxRetryAfterMs),
      {
        maxAttempts: Math.max(0, settings.maxAttempts - 1),
        backoff: new RetryAfterBackoff(settings.backoffBaseMs ?? 250, settings.backoffMaxMs ?? 2_000),
      },
    );
    this.breaker.onStateChange((state) =>
      this.log.warn({ upstream, circuit: state }, `circuit to ${upstream} is now ${stateName(state)}`),
    );
    this.retry.onRetry((event) =>
      this.log.info(
        {
          upstream,
          attempt: event.attempt,
          delayMs: event.delay,
          reason: reasonOf('error' in event ? event.error : undefined),
        },
        `retrying ${upstream}`,
      ),
    );
  }

  /** Runs `call` under the policy. Errors that are not transient (a 404, a consent error) pass through unchanged. */
  async execute<T>(what: string, call: () => Promise<T>): Promise<T> {
    try {
      return await this.retry.execute(() => this.breaker.execute(call));
    } catch (err) {
      if (isBrokenCircuitError(err)) {
        this.log.warn({ upstream: this.upstream, call: what }, `${this.upstream} circuit is open; not calling`);
        throw new UpstreamUnavailableError(this.upstream, 'circuit open');
      }
      if (err instanceof TransientUpstreamError) {
        this.log.error(
          { upstream: this.upstream, call: what, status: err.status, reason: err.reason },
          `${this.upstream} is not answering`,
        );
        throw new UpstreamUnavailableError(this.upstream, err.reason);
      }
      throw err;
    }
  }
}

function stateName(state: number): string {
  // cockatiel's CircuitState: 0 closed, 1 open, 2 half-open, 3 isolated.
  return ['closed', 'open', 'half-open', 'isolated'][state] ?? String(state);
}

function reasonOf(error: unknown): string {
  return error instanceof TransientUpstreamError ? error.reason : 'error';
}
