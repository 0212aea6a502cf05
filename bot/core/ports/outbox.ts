import type { WebhookEvent } from '../events';
import type { PartnerEmailPayload, TeamsPayload, TeamsRecipient } from '../messages';
import type { MailDelivered } from './mailer';

/**
 * Messages owed to someone because of a change, written in the same transaction as the change itself, so a
 * crash can neither lose one (change saved, message not) nor invent one (message saved, change not).
 * A dispatcher delivers them later, retrying with backoff.
 */

export type NewOutboxMessage =
  | {
      channel: 'email';
      tenantId: string;
      subscriptionId: string;
      payload: PartnerEmailPayload;
      notifyOwner: TeamsRecipient | null;
    }
  | { channel: 'teams'; tenantId: string; subscriptionId: string; payload: TeamsPayload }
  /** A change event owed to one webhook receiver (`target`, one of WEBHOOK_URLS). */
  | { channel: 'webhook'; tenantId: string; subscriptionId: string; target: string; payload: WebhookEvent };

export type OutboxStatus = 'pending' | 'sent' | 'failed';

export type OutboxMessage = NewOutboxMessage & {
  id: number;
  /** Stable across retries and restarts: the Message-ID of an email, so a resend can be recognized. */
  messageId: string;
  /** The audit entry of the change that caused it, if any. */
  auditId: number | null;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
};

/**
 * Whether the partner's email about a subscription's latest change went out: `filed` when every email of it was
 * accepted but one was only written to the bot's mail folder (not sent).
 */
export type EmailDeliveryStatus = OutboxStatus | 'filed';
export interface EmailDelivery {
  subscriptionId: string;
  auditId: number;
  status: EmailDeliveryStatus;
  at: string | null;
}

/** The pending change events of one webhook receiver, for health reports. */
export interface WebhookBacklog {
  target: string;
  pending: number;
  /** When the oldest pending event was written. */
  oldestCreatedAt: string;
  /** The most failed attempts any pending event has had (consecutive: a webhook is retried until it succeeds). */
  maxAttempts: number;
  /** The error of the pending event with the most failed attempts, if any failed. */
  lastError: string | null;
}

export interface Outbox {
  /** Adds messages not tied to a change (nudges, owner notices) in one transaction. */
  enqueue(messages: readonly NewOutboxMessage[], now: string): Promise<void>;
  /**
   * Pending messages due at `now`, oldest first: by the time they became due, then in the order they were written
   * (so the messages of one change, and of successive changes to a subscription, keep their order; a message retried
   * later waits behind those due before it). A webhook message is left out while an earlier message of the same
   * subscription to the same receiver is still pending (leased or not, due or not), so a receiver gets one
   * subscription's events in the order they happened, one at a time. Each is leased until `leaseUntil` so that another dispatcher (or a
   * second pass) does not pick it up while it is being sent.
   */
  claimDue(now: string, leaseUntil: string, limit: number): Promise<OutboxMessage[]>;
  /**
   * Marks delivered, and adds follow-ups (the owner's confirmation) in the same transaction. `delivered`: how an
   * email was accepted (`file`: only written to the mail folder), kept for the status; absent for other channels.
   */
  markSent(id: number, at: string, followUps: readonly NewOutboxMessage[], delivered?: MailDelivered): Promise<void>;
  /** Counts a failed attempt and schedules the next one. */
  markRetry(id: number, error: string, nextAttemptAt: string): Promise<void>;
  /**
   * Gives the lease back and makes the message due at `nextAttemptAt`, counting no attempt: it was not tried, or
   * the other side asked to wait (Teams' 429 with Retry-After) or the pace of its chat says later. A message already
   * sent or given up on is left as it is.
   */
  postpone(id: number, nextAttemptAt: string): Promise<void>;
  /** Gives up on a message, and adds follow-ups (telling the owner) in the same transaction. */
  markFailed(id: number, error: string, at: string, followUps: readonly NewOutboxMessage[]): Promise<void>;
  /** For each subscription of the tenant whose latest change queued partner emails: how they fared. */
  emailDeliveries(tenantId: string): Promise<Map<string, EmailDelivery>>;
  /** Each webhook receiver with pending change events, and how they fare. */
  webhookBacklog(): Promise<WebhookBacklog[]>;
}

/**
 * Remembers which owner was nudged about which subscription, so each is nudged once; and which nudges never
 * reached the person, so that a re-install may offer those once more.
 *
 * A nudge's life: recorded and queued (offered) -> sent; or -> undelivered (its message found no chat: the person
 * never had one, removed the bot, or is now in another chat) -> made due again when the person installs the bot
 * again -> recorded and queued a second time (re-offered) -> sent, or undelivered again, and then never offered
 * again. A dismissed nudge ("Not now") is never offered again, whatever came before.
 */
export interface NudgeStore {
  /**
   * Records nudges not recorded before and enqueues their messages, in one transaction; returns how many were
   * queued. A nudge already recorded (offered or dismissed) is skipped with its message, unless
   * `reofferUndelivered` made it due again and it was not dismissed since: then its message is queued again (its
   * second and last offer).
   */
  recordNudges(
    nudges: readonly { recipient: TeamsRecipient; subscriptionId: string; message: NewOutboxMessage }[],
    now: string,
  ): Promise<number>;
  /**
   * A digest per owner: records each of its subscriptions as a nudge (as recordNudges does) and, if any of them
   * was not recorded before or was made due again, queues the digest's one message, in one transaction. Returns
   * how many digests were queued. The nudge rows are what the owner's digests covered so far.
   */
  recordDigests(
    digests: readonly { recipient: TeamsRecipient; subscriptionIds: readonly string[]; message: NewOutboxMessage }[],
    now: string,
  ): Promise<number>;
  /** "Not now" on a digest: each of these subscriptions is dismissed for this person, in one transaction. */
  dismissNudges(recipient: TeamsRecipient, subscriptionIds: readonly string[], at: string): Promise<void>;
  /** The subscriptions this person dismissed ("Not now"). */
  dismissedSubscriptions(recipient: TeamsRecipient): Promise<string[]>;
  /** A digest reached nobody: every nudge this person was offered and did not dismiss is undelivered. */
  digestUndelivered(recipient: TeamsRecipient, at: string): Promise<void>;
  dismissNudge(recipient: TeamsRecipient, subscriptionId: string, at: string): Promise<void>;
  isDismissed(recipient: TeamsRecipient, subscriptionId: string): Promise<boolean>;
  /**
   * The nudge's latest message reached nobody (the outbox send ended 'noConversation', 'gone' or 'moved').
   * A nudge never recorded is left unrecorded.
   */
  nudgeUndelivered(recipient: TeamsRecipient, subscriptionId: string, at: string): Promise<void>;
  /**
   * The person installed the bot again: of the given subscriptions (those that still have no partner of record),
   * the nudges of this person that went undelivered, were offered only once and were not dismissed become due
   * again, for recordNudges to queue at the next pass. Returns how many became due now.
   */
  reofferUndelivered(recipient: TeamsRecipient, subscriptionIds: readonly string[], at: string): Promise<number>;
}
