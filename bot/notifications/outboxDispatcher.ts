import { setImmediate as nextTurnOfEventLoop } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Clock, Mailer, NewOutboxMessage, Outbox, OutboxMessage, TeamsNotifier, TeamsPayload } from '../ports';
import { MailSendError } from '../ports';
import { renderPartnerEmail } from './partnerEmails';

export interface DispatcherSettings {
  from: string;
  replyTo: string | null;
  supportLine: string;
  /** Attempts before a message is given up and the owner told. */
  maxAttempts: number;
  /** Backoff: base * 2^(attempt-1), capped at max. */
  retryBaseMs: number;
  retryMaxMs: number;
  pollMs: number;
  /** How long a claimed message is reserved for this sender; longer than a slow SMTP exchange. */
  leaseMs: number;
  batchSize: number;
}

export interface DispatcherDeps {
  outbox: Outbox;
  mailer: Mailer;
  teams: TeamsNotifier;
  clock: Clock;
  log: Logger;
  settings: DispatcherSettings;
  /** Whether a queued nudge still applies when its turn comes. */
  nudgeStillWanted: (nudge: Extract<TeamsPayload, { kind: 'nudge' }>) => Promise<boolean>;
  /** A nudge's message reached nobody: remembered, so that a re-install may offer it again (once). */
  nudgeUndelivered: (nudge: Extract<TeamsPayload, { kind: 'nudge' }>) => Promise<void>;
}

/**
 * Delivers the outbox: partner emails through the Mailer, messages to people through Teams. A message
 * leaves the outbox only once delivered or given up; until then every pass (and every restart) retries
 * it with its own Message-ID, so nothing written with a change is lost.
 *
 * Between messages the dispatcher yields to the event loop, so that a long drain (with SQLite, every store call
 * runs on this thread) does not keep requests waiting.
 */
export class OutboxDispatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  /** Until start(), kicks are ignored: a change made before start is found by the first pass. */
  private stopped = true;

  constructor(private readonly deps: DispatcherDeps) {}

  start(): void {
    this.stopped = false;
    this.kick();
    this.timer = setInterval(() => this.kick(), this.deps.settings.pollMs);
    this.timer.unref();
  }

  /** Runs a pass now, or right after the one under way (a change just queued mail). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((err: unknown) => this.deps.log.error({ err }, 'outbox pass failed'))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Delivers everything due now; resolves when nothing due is left. */
  async drain(): Promise<void> {
    const { outbox, clock, settings } = this.deps;
    for (;;) {
      if (this.stopped) return;
      const now = clock.now();
      const batch = await outbox.claimDue(
        now.toISOString(),
        new Date(now.getTime() + settings.leaseMs).toISOString(),
        settings.batchSize,
      );
      if (batch.length === 0) return;
      // One at a time: a slow mail server is not hammered, and ordering per subscription is kept.
      for (const message of batch) {
        await this.deliver(message);
        // Lets requests in between messages (with SQLite each store call above holds this thread).
        await nextTurnOfEventLoop();
      }
    }
  }

  /** Stops polling and waits for the pass under way; claimed messages not reached stay queued. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  private async deliver(message: OutboxMessage): Promise<void> {
    const now = () => this.deps.clock.now().toISOString();
    try {
      if (message.channel === 'email') {
        await this.sendEmail(message);
        await this.deps.outbox.markSent(message.id, now(), this.ownerNotice(message, { failed: false }));
        this.deps.log.info({ outboxId: message.id, messageId: message.messageId }, 'partner email accepted');
        return;
      }
      if (message.payload.kind === 'nudge' && !(await this.deps.nudgeStillWanted(message.payload))) {
        await this.deps.outbox.markFailed(message.id, 'nudge no longer needed', now(), []);
        return;
      }
      const delivery = await this.deps.teams.send(message.payload);
      if (delivery === 'sent') {
        await this.deps.outbox.markSent(message.id, now(), []);
      } else {
        // Nobody to tell: the person never installed the bot, removed it, or (a nudge) is in another chat now.
        // Retrying cannot help.
        await this.deps.outbox.markFailed(message.id, `teams: ${delivery}`, now(), []);
        this.deps.log.info({ outboxId: message.id, delivery }, 'teams message not deliverable');
        if (message.payload.kind === 'nudge') await this.nudgeUndelivered(message.payload);
      }
    } catch (err) {
      await this.failedAttempt(message, err);
    }
  }

  /** Settled already: a failure here only costs the nudge its second chance, and is not the message's to retry. */
  private async nudgeUndelivered(nudge: Extract<TeamsPayload, { kind: 'nudge' }>): Promise<void> {
    try {
      await this.deps.nudgeUndelivered(nudge);
    } catch (err) {
      this.deps.log.warn({ err }, 'undelivered nudge not recorded');
    }
  }

  private async sendEmail(message: Extract<OutboxMessage, { channel: 'email' }>): Promise<void> {
    const { settings } = this.deps;
    const rendered = renderPartnerEmail(message.payload, { supportLine: settings.supportLine });
    await this.deps.mailer.send({
      messageId: message.messageId,
      from: settings.from,
      replyTo: settings.replyTo,
      to: message.payload.to,
      ...rendered,
    });
  }

  private async failedAttempt(message: OutboxMessage, err: unknown): Promise<void> {
    const { settings, outbox, log } = this.deps;
    const reason = err instanceof Error ? err.message : String(err);
    const attempts = message.attempts + 1;
    const permanent = err instanceof MailSendError && err.permanent;
    const now = this.deps.clock.now();
    if (permanent || attempts >= settings.maxAttempts) {
      log.warn({ outboxId: message.id, attempts, reason, permanent }, 'outbox message given up');
      await outbox.markFailed(message.id, reason, now.toISOString(), this.ownerNotice(message, { failed: true, reason }));
      return;
    }
    const delay = Math.min(settings.retryBaseMs * 2 ** (attempts - 1), settings.retryMaxMs);
    log.info({ outboxId: message.id, attempts, reason, retryInMs: delay }, 'outbox delivery failed; will retry');
    await outbox.markRetry(message.id, reason, new Date(now.getTime() + delay).toISOString());
  }

  /**
   * What the owner who made the change hears about its partner email: that it went out, or that it did
   * not and why. Written in the same step that marks the email, so it is neither lost nor sent twice.
   */
  private ownerNotice(message: OutboxMessage, outcome: { failed: false } | { failed: true; reason: string }): NewOutboxMessage[] {
    if (message.channel !== 'email' || !message.notifyOwner) return [];
    const { payload } = message;
    const about = {
      to: message.notifyOwner,
      partnerName: payload.partner.name,
      partnerEmail: payload.to.email,
      subscriptionName: payload.subscription.name,
      template: payload.template,
    };
    return [
      {
        channel: 'teams',
        tenantId: message.tenantId,
        subscriptionId: message.subscriptionId,
        payload: outcome.failed ? { kind: 'partnerNotNotified', ...about, reason: outcome.reason } : { kind: 'partnerNotified', ...about },
      },
    ];
  }
}
