import type { Logger } from 'pino';
import type { Clock, Outbox } from '../core';
import { displayUrl } from '../adapters/webhook/webhookSender';

/** A receiver as /healthz shows it. */
export interface WebhookStatus {
  /** Without credentials, query or fragment. */
  url: string;
  failing: boolean;
  /** Change events not yet delivered to it. */
  pending: number;
  lastError: string | null;
}

export interface WebhookHealthOptions {
  outbox: Pick<Outbox, 'webhookBacklog'>;
  urls: readonly string[];
  clock: Clock;
  log: Logger;
  /** A receiver is failing once one event has failed this many attempts in a row... */
  failingAfterAttempts?: number;
  /** ...or its oldest undelivered event is older than this. */
  failingAfterMs?: number;
}

/**
 * Whether each webhook receiver keeps up, read from the outbox (so every instance, and a restarted one, sees the
 * same): failing when an event to it has failed 3 attempts in a row (webhooks are retried until delivered, so the
 * attempts of a pending event are consecutive failures), or its oldest pending event is older than 15 minutes. The
 * log says so once when a receiver starts failing and once when it recovers, not at every attempt.
 */
export class WebhookHealth {
  private readonly failing = new Set<string>();
  private refreshing: Promise<unknown> | undefined;
  private again = false;

  constructor(private readonly options: WebhookHealthOptions) {}

  /** The receivers' state now (and a log line for each that changed since the last look). */
  async report(): Promise<WebhookStatus[]> {
    const { outbox, urls, clock, log } = this.options;
    const afterAttempts = this.options.failingAfterAttempts ?? 3;
    const afterMs = this.options.failingAfterMs ?? 15 * 60_000;
    const backlog = new Map((await outbox.webhookBacklog()).map((b) => [b.target, b]));
    const now = clock.now().getTime();
    return urls.map((url) => {
      const b = backlog.get(url);
      const failing =
        b !== undefined && (b.maxAttempts >= afterAttempts || now - Date.parse(b.oldestCreatedAt) > afterMs);
      const status: WebhookStatus = {
        url: displayUrl(url),
        failing,
        pending: b?.pending ?? 0,
        lastError: b?.lastError ?? null,
      };
      if (failing && !this.failing.has(url)) {
        this.failing.add(url);
        log.warn(
          { url: status.url, pending: status.pending, lastError: status.lastError },
          'webhook receiver failing: change events wait for it',
        );
      } else if (!failing && this.failing.has(url)) {
        this.failing.delete(url);
        log.info({ url: status.url, pending: status.pending }, 'webhook receiver recovered');
      }
      return status;
    });
  }

  /** Looks again in the background (after a delivery attempt); looks run one at a time, a request during one runs after it. */
  refresh(): void {
    if (this.refreshing) {
      this.again = true;
      return;
    }
    this.refreshing = this.report()
      .catch((err: unknown) =>
        this.options.log.warn(
          { err: { message: err instanceof Error ? err.message : String(err) } },
          'webhook health not read',
        ),
      )
      .finally(() => {
        this.refreshing = undefined;
        if (this.again) {
          this.again = false;
          this.refresh();
        }
      });
  }

  /** Waits for a look under way (shutdown, tests). */
  async settled(): Promise<void> {
    while (this.refreshing) await this.refreshing;
  }
}
