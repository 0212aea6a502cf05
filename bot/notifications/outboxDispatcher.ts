import { setImmediate as nextTurnOfEventLoop } from 'node:timers/promises';
import type { Logger } from 'pino';
import {
  type Clock,
  type Mailer,
  type NewOutboxMessage,
  type Outbox,
  type OutboxMessage,
  type TeamsNotifier,
  type TeamsPacer,
  type TeamsPayload,
  type WebhookSender,
  MailSendError,
  TeamsThrottledError,
  type MailDelivered,
  type MailDelivery,
} from '../core';
import type { NudgePayload } from './nudgeSync';
import { renderPartnerEmail } from './partnerEmails';
import { Wakeups } from './wakeups';

/** The shortest wait after Teams' 429, whatever its Retry-After says (0 would be tried again at once). */
const MIN_THROTTLE_WAIT_MS = 1_000;

type TeamsMessage = Extract<OutboxMessage, { channel: 'teams' }>;
type WebhookMessage = Extract<OutboxMessage, { channel: 'webhook' }>;

/** Posts to one receiver at once, at most; a message beyond that waits this long for a free slot (no attempt counted). */
const WEBHOOK_POSTS_PER_RECEIVER = 4;
const WEBHOOK_SLOT_WAIT_MS = 1_000;

/** Change events to webhook receivers (WEBHOOK_URLS). */
export interface DispatcherWebhooks {
  sender: WebhookSender;
  /** The receivers configured now: a message to any other one (removed from WEBHOOK_URLS) is given up. */
  urls: readonly string[];
  /** Told after each attempt, so receivers' health can be reported (and logged when it changes). */
  settled?: () => void;
}

export interface DispatcherSettings {
  from: string;
  replyTo: string | null;
  /** MAIL_SUPPORT_LINE as written; undefined: the bot's own line, in each email's language. */
  supportLine: string | undefined;
  /** Attempts before a message is given up and the owner told. */
  maxAttempts: number;
  /** Backoff: base * 2^(attempt-1), capped at max. Also the longest a Retry-After from Teams is waited out. */
  retryBaseMs: number;
  retryMaxMs: number;
  pollMs: number;
  /** How long a claimed message is reserved for this sender; longer than a slow SMTP exchange. */
  leaseMs: number;
  batchSize: number;
  /** The partner's link to answer the change an `added` email tells of; none without it. */
  answerLink?: (change: { eventId: string; version: number; at: string }) => Promise<string | null>;
}

export interface DispatcherDeps {
  outbox: Outbox;
  mailer: Mailer;
  teams: TeamsNotifier;
  /** How fast messages may go into people's chats (Teams' limits), and what to hold back after a 429. */
  pacer: TeamsPacer;
  clock: Clock;
  log: Logger;
  settings: DispatcherSettings;
  /** Whether a queued nudge still applies when its turn comes. */
  nudgeStillWanted: (nudge: NudgePayload) => Promise<boolean>;
  /** A nudge's message reached nobody: remembered, so that a re-install may offer it again (once). */
  nudgeUndelivered: (nudge: NudgePayload) => Promise<void>;
  /** Without it, webhook messages are left pending (none are written without WEBHOOK_URLS). */
  webhooks?: DispatcherWebhooks;
}

/**
 * Delivers the outbox: partner emails through the Mailer, messages to people through Teams. A message
 * leaves the outbox only once delivered or given up; until then every pass (and every restart) retries
 * it with its own Message-ID, so nothing written with a change is lost.
 *
 * Teams messages are paced (TeamsPacer): one that may not go yet is postponed to its turn, not counted as an
 * attempt, and the dispatcher wakes up for it; a 429 holds its chat back for the Retry-After Teams gave. Emails
 * never wait for Teams. Change events go to webhook receivers alongside: a POST is started and not waited for (at most
 * a few at once per receiver, each within its deadline), so a slow or failing receiver never holds emails or Teams
 * messages back; a webhook is retried with backoff until it gets a 2xx, never given up. Between messages the dispatcher yields to the event loop, so that a long drain (with
 * SQLite, every store call runs on this thread) does not keep requests waiting.
 */
export class OutboxDispatcher {
  private timer: NodeJS.Timeout | undefined;
  private readonly wakeups = new Wakeups();
  private wakeTimer: NodeJS.Timeout | undefined;
  private wakeTimerAt = Number.POSITIVE_INFINITY;
  private running: Promise<void> | undefined;
  private again = false;
  /** Until start(), kicks are ignored: a change made before start is found by the first pass. */
  private stopped = true;
  /** Webhook POSTs under way, by receiver. */
  private readonly posting = new Map<string, Set<Promise<void>>>();

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
        } else {
          this.armWakeup();
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
      const leaseEnds = now.getTime() + settings.leaseMs;
      // One at a time: a slow mail server is not hammered, and ordering per subscription is kept.
      for (const [i, message] of batch.entries()) {
        // A send is started only while at least half the batch's lease remains: once it runs out, another
        // process may claim the same message and send it too. What is left is given back at once.
        if (clock.now().getTime() > leaseEnds - settings.leaseMs / 2) {
          const at = clock.now().toISOString();
          for (const rest of batch.slice(i)) await outbox.postpone(rest.id, at);
          break;
        }
        if (message.channel === 'webhook') await this.startWebhook(message);
        else await this.deliver(message);
        // Lets requests in between messages (with SQLite each store call above holds this thread).
        await nextTurnOfEventLoop();
      }
    }
  }

  /** Stops polling and waits for the pass under way; claimed messages not reached stay queued. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.wakeTimer);
    this.wakeups.clear();
    await this.running;
    await Promise.all([...this.posting.values()].flatMap((set) => [...set]));
  }

  /**
   * Starts a webhook POST and returns without waiting for it; when it ends, the message is marked and another pass
   * runs (the subscription's next event to that receiver may go now). A receiver already given as many POSTs as it
   * may have gets the message back shortly, with no attempt counted.
   */
  private async startWebhook(message: WebhookMessage): Promise<void> {
    const { webhooks, outbox, clock, log } = this.deps;
    if (!webhooks) {
      // Not configured in this process: left for one that is (after its lease), never given up here.
      return;
    }
    if (!webhooks.urls.includes(message.target)) {
      await outbox.markFailed(message.id, 'the receiver is no longer in WEBHOOK_URLS', clock.now().toISOString(), []);
      log.warn({ outboxId: message.id }, 'change event given up: its receiver is no longer configured');
      return;
    }
    const underWay = this.posting.get(message.target) ?? new Set<Promise<void>>();
    if (underWay.size >= WEBHOOK_POSTS_PER_RECEIVER) {
      const at = clock.now().getTime() + WEBHOOK_SLOT_WAIT_MS;
      await outbox.postpone(message.id, new Date(at).toISOString());
      this.wakeAt(at);
      return;
    }
    const post: Promise<void> = this.postWebhook(message, webhooks)
      .catch((err: unknown) => log.error({ err, outboxId: message.id }, 'change event not marked'))
      .finally(() => {
        underWay.delete(post);
        if (underWay.size === 0) this.posting.delete(message.target);
        webhooks.settled?.();
        this.kick();
      });
    underWay.add(post);
    this.posting.set(message.target, underWay);
  }

  /** One attempt: a 2xx marks it sent; anything else is retried after the backoff, however many attempts it took. */
  private async postWebhook(message: WebhookMessage, webhooks: DispatcherWebhooks): Promise<void> {
    const { outbox, clock, log } = this.deps;
    const result = await webhooks.sender.post(message.target, message.payload);
    if (result.ok) {
      await outbox.markSent(message.id, clock.now().toISOString(), []);
      log.debug({ outboxId: message.id, eventId: message.payload.id, status: result.status }, 'change event delivered');
      return;
    }
    const attempts = message.attempts + 1;
    const delay = this.backoffMs(attempts);
    // Not logged at info per attempt: a receiver that keeps failing is reported once, when it starts failing.
    log.debug(
      { outboxId: message.id, attempts, reason: result.error, retryInMs: delay },
      'change event not delivered; will retry',
    );
    await outbox.markRetry(message.id, result.error, new Date(clock.now().getTime() + delay).toISOString());
  }

  /** A message was postponed to `at`: a pass runs then, rather than at the next poll. */
  private wakeAt(at: number): void {
    this.wakeups.add(at);
    if (!this.running) this.armWakeup();
  }

  /** Sets the timer for the earliest postponed message still to come (when it is before the next poll). */
  private armWakeup(): void {
    if (this.stopped) return;
    const now = this.deps.clock.now().getTime();
    const { at, passed } = this.wakeups.next(now);
    // One came due while no pass was looking: run one now.
    const next = passed ? now : at;
    if (next === undefined || next - now > this.deps.settings.pollMs || next >= this.wakeTimerAt) return;
    clearTimeout(this.wakeTimer);
    this.wakeTimerAt = next;
    this.wakeTimer = setTimeout(() => {
      this.wakeTimerAt = Number.POSITIVE_INFINITY;
      this.kick();
    }, next - now);
    this.wakeTimer.unref();
  }

  private async deliver(message: Exclude<OutboxMessage, WebhookMessage>): Promise<void> {
    const now = () => this.deps.clock.now().toISOString();
    try {
      if (message.channel === 'email') {
        const { delivered } = await this.sendEmail(message);
        const notice = this.ownerNotice(message, { failed: false, delivered });
        await this.deps.outbox.markSent(message.id, now(), notice, delivered);
        this.deps.log.info({ outboxId: message.id, messageId: message.messageId, delivered }, 'partner email accepted');
        return;
      }
      if (isNudge(message.payload) && !(await this.deps.nudgeStillWanted(message.payload))) {
        await this.deps.outbox.markFailed(message.id, 'nudge no longer needed', now(), []);
        return;
      }
      const at = this.deps.clock.now().getTime();
      const turn = await this.deps.pacer.turn(message.id, message.payload.to, at).catch((err: unknown) => {
        // The pacer could not say (its database not answering): nothing went to Teams, so no attempt is counted.
        this.deps.log.warn({ err, outboxId: message.id }, 'the Teams pacer did not answer; the message waits');
        return at + this.deps.settings.retryBaseMs;
      });
      if (turn !== 'now') {
        // Not an attempt: its chat (or tenant) is at Teams' limit, or Teams asked to wait.
        await this.deps.outbox.postpone(message.id, new Date(turn).toISOString());
        this.wakeAt(turn);
        return;
      }
      const delivery = await this.deps.teams.send(message.payload);
      await this.paced(() => this.deps.pacer.settled(message.payload.to, at, delivery));
      if (delivery === 'sent') {
        await this.deps.outbox.markSent(message.id, now(), []);
      } else {
        // Nobody to tell: the person never installed the bot, removed it, or (a nudge) is in another chat now.
        // Retrying cannot help.
        await this.deps.outbox.markFailed(message.id, `teams: ${delivery}`, now(), []);
        this.deps.log.info({ outboxId: message.id, delivery }, 'teams message not deliverable');
        if (isNudge(message.payload)) await this.nudgeUndelivered(message.payload);
      }
    } catch (err) {
      if (err instanceof TeamsThrottledError && message.channel === 'teams') await this.throttled(message, err);
      else await this.failedAttempt(message, err);
    }
  }

  /**
   * Teams answered 429. With a Retry-After, the message is postponed that long (at least a second, at most
   * retryMaxMs), counting no attempt, and its chat gets nothing before then (nor its tenant, or any chat, when
   * Teams refuses several: the pacer decides). Without one it is an ordinary failed attempt, backed off as any
   * other, and the chat waits as long.
   */
  private async throttled(message: TeamsMessage, err: TeamsThrottledError): Promise<void> {
    const { outbox, pacer, settings, log } = this.deps;
    const now = this.deps.clock.now().getTime();
    if (err.retryAfterMs === null) {
      const until = now + this.backoffMs(message.attempts + 1);
      await this.paced(() => pacer.throttled(message.id, message.payload.to, until, now));
      await this.failedAttempt(message, err);
      return;
    }
    const waitMs = Math.min(
      Math.max(err.retryAfterMs, MIN_THROTTLE_WAIT_MS),
      Math.max(settings.retryMaxMs, MIN_THROTTLE_WAIT_MS),
    );
    const until = now + waitMs;
    await this.paced(() => pacer.throttled(message.id, message.payload.to, until, now));
    log.info({ outboxId: message.id, retryInMs: waitMs }, 'Teams asked to wait (429); the message and its chat wait');
    await outbox.postpone(message.id, new Date(until).toISOString());
    this.wakeAt(until);
  }

  /**
   * Tells the pacer what became of a send. The message's own outcome is settled apart: a pacer that cannot be told
   * (its database not answering) must not make a message Teams accepted go out again.
   */
  private async paced(tell: () => Promise<void>): Promise<void> {
    try {
      await tell();
    } catch (err) {
      this.deps.log.warn({ err }, 'the Teams pacer could not record what became of a send');
    }
  }

  /** The wait before attempt `attempts + 1`: base * 2^(attempts-1), capped. */
  private backoffMs(attempts: number): number {
    const { settings } = this.deps;
    return Math.min(settings.retryBaseMs * 2 ** (attempts - 1), settings.retryMaxMs);
  }

  /** Settled already: a failure here only costs the nudge its second chance, and is not the message's to retry. */
  private async nudgeUndelivered(nudge: NudgePayload): Promise<void> {
    try {
      await this.deps.nudgeUndelivered(nudge);
    } catch (err) {
      this.deps.log.warn({ err }, 'undelivered nudge not recorded');
    }
  }

  private async sendEmail(message: Extract<OutboxMessage, { channel: 'email' }>): Promise<MailDelivery> {
    const { settings } = this.deps;
    const { change, at } = message.payload;
    const answerUrl = change && settings.answerLink ? await settings.answerLink({ ...change, at }) : null;
    // An email about several subscriptions carries a link per change, each answered on its own.
    const batchAnswerUrls = await Promise.all(
      (message.payload.batch ?? []).map((entry) =>
        entry.change && settings.answerLink ? settings.answerLink({ ...entry.change, at }) : null,
      ),
    );
    const rendered = renderPartnerEmail(message.payload, {
      supportLine: settings.supportLine,
      answerUrl,
      batchAnswerUrls,
    });
    return this.deps.mailer.send({
      messageId: message.messageId,
      from: settings.from,
      replyTo: settings.replyTo,
      to: message.payload.to,
      ...rendered,
    });
  }

  private async failedAttempt(message: Exclude<OutboxMessage, WebhookMessage>, err: unknown): Promise<void> {
    const { settings, outbox, log } = this.deps;
    const reason = err instanceof Error ? err.message : String(err);
    const attempts = message.attempts + 1;
    const permanent = err instanceof MailSendError && err.permanent;
    const now = this.deps.clock.now();
    if (permanent || attempts >= settings.maxAttempts) {
      log.warn({ outboxId: message.id, attempts, reason, permanent }, 'outbox message given up');
      await outbox.markFailed(
        message.id,
        reason,
        now.toISOString(),
        this.ownerNotice(message, { failed: true, reason }),
      );
      return;
    }
    const delay = this.backoffMs(attempts);
    log.info({ outboxId: message.id, attempts, reason, retryInMs: delay }, 'outbox delivery failed; will retry');
    await outbox.markRetry(message.id, reason, new Date(now.getTime() + delay).toISOString());
  }

  /**
   * What the owner who made the change hears about its partner email: that it went out, that it was only written
   * to the mail folder, or that it failed and why. Written in the same step that marks the email, so it is neither
   * lost nor sent twice.
   */
  private ownerNotice(
    message: OutboxMessage,
    outcome: { failed: false; delivered: MailDelivered } | { failed: true; reason: string },
  ): NewOutboxMessage[] {
    if (message.channel !== 'email' || !message.notifyOwner) return [];
    const { payload } = message;
    const about = {
      to: message.notifyOwner,
      partnerName: payload.partner.name,
      partnerEmail: payload.to.email,
      // One email about several subscriptions is one notice naming them all.
      subscriptionName:
        payload.batch && payload.batch.length > 1
          ? payload.batch.map((e) => e.subscription.name).join(', ')
          : payload.subscription.name,
      template: payload.template,
    };
    return [
      {
        channel: 'teams',
        tenantId: message.tenantId,
        subscriptionId: message.subscriptionId,
        payload: outcome.failed
          ? { kind: 'partnerNotNotified', ...about, reason: outcome.reason }
          : { kind: 'partnerNotified', ...about, delivered: outcome.delivered },
      },
    ];
  }
}

/** A nudge or an owner's digest: checked again before it goes, and remembered when it reaches nobody. */
function isNudge(payload: TeamsPayload): payload is NudgePayload {
  return payload.kind === 'nudge' || payload.kind === 'nudgeDigest';
}
