import type { Assignment, AuditEntry, ChangeKind, PartnerAnswer, PartnerId } from '../types';
import type { NewOutboxMessage } from './outbox';

export interface AssignmentChange {
  tenantId: string;
  subscriptionId: string;
  kind: ChangeKind;
  /** The version the person saw; the change applies only if it is still current. */
  expectedVersion: number;
  /** The directory's partner of record, used when the store has never seen this subscription. */
  initialPartnerId: PartnerId | null;
  newPartnerId: PartnerId | null;
  actorId: string;
  actorName: string;
  at: string;
  /**
   * The change event's id, a fresh UUID, kept with the audit entry. Not used on a repeat: the first one's stays.
   */
  eventId: string;
  /** The same key applied twice (a double tap, a retried invoke) changes data once. */
  idempotencyKey: string;
  /** Written with the change, in the same transaction, linked to its audit entry; not written on a repeat. */
  outbox: readonly NewOutboxMessage[];
}

export type ApplyResult =
  | { outcome: 'applied'; assignment: Assignment; audit: AuditEntry }
  /** The key was applied before: nothing changed now; `audit` is the entry written that first time. */
  | { outcome: 'duplicate'; assignment: Assignment; audit: AuditEntry }
  | { outcome: 'stale'; current: Assignment };

/** What one change of an all-or-none batch did: applied now, or applied before under its key. */
export type BatchChangeResult = Exclude<ApplyResult, { outcome: 'stale' }>;

export type BatchApplyResult =
  /** Every change of the batch is saved: each result in the order given, new or a repeat of its key. */
  | { outcome: 'applied'; results: BatchChangeResult[] }
  /** At least one subscription is not at the version its change expected: nothing was written. */
  | { outcome: 'stale'; stale: Assignment[] };

/** Most changes one batch may hold: one action of a person, on at most this many subscriptions. */
export const MAX_BATCH_CHANGES = 100;

/** What the partner a change named said about it, from the link in its email. */
export interface PartnerAnswerRequest extends PartnerAnswer {
  /** Written with the answer, in the same transaction, linked to the change's audit entry; not on a repeat. */
  outbox: readonly NewOutboxMessage[];
}

export type PartnerAnswerResult =
  | { outcome: 'recorded'; answer: PartnerAnswer }
  /** The change was answered before: that first answer stands, and nothing was written now. */
  | { outcome: 'answered'; answer: PartnerAnswer }
  /** The subscription changed since (or the change is unknown, or named another partner): nothing written. */
  | { outcome: 'superseded' };

export type StoreHealth = 'open' | 'down' | 'read-only';

export interface AuditPageRequest {
  afterId: number;
  since?: string;
  limit: number;
}

/** The assignments themselves: read, and changed together with the audit entry and the messages a change owes. */
export interface Assignments {
  /** Stored assignments for these subscriptions; a subscription the store never saw is absent. */
  getAssignments(tenantId: string, subscriptionIds: readonly string[]): Promise<Map<string, Assignment>>;
  applyChange(change: AssignmentChange): Promise<ApplyResult>;
  /**
   * Several changes (of one tenant, distinct subscriptions, at most MAX_BATCH_CHANGES) in one transaction: all
   * applied or none. Each is judged as applyChange judges it (its key, its expected version); one stale change
   * writes nothing, and the answer lists every stale one as it is now.
   */
  applyChanges(changes: readonly AssignmentChange[]): Promise<BatchApplyResult>;
}

/** The audit log, read: what changed, by whom and when. Only applyChange writes it. */
export interface AuditLog {
  /** Newest first. */
  history(tenantId: string, subscriptionId: string, limit?: number): Promise<AuditEntry[]>;
  /** The newest audit entry of each subscription of the tenant that has one. */
  lastChanges(tenantId: string): Promise<Map<string, AuditEntry>>;
  /**
   * A page of the tenant's audit log in the order written (oldest first): entries after `afterId` (0 for the
   * first page) at or after `since` (an ISO instant; every entry when absent), at most `limit`. The caller pages on
   * with the last entry's id, so an export of any length holds one page at a time.
   */
  auditPage(tenantId: string, page: AuditPageRequest): Promise<AuditEntry[]>;
  /** The change whose event id this is, in any tenant; null when there is none. */
  changeByEventId(eventId: string): Promise<AuditEntry | null>;
}

/** What partners answered to the changes that named them. */
export interface PartnerAnswerLog {
  /**
   * Records a partner's answer to a change, once, with its outbox messages: only while that change is still the
   * subscription's latest (its version is the current one) and names that partner.
   */
  recordPartnerAnswer(request: PartnerAnswerRequest): Promise<PartnerAnswerResult>;
  /** The answers given to these changes of the tenant, by the change's event id. */
  partnerAnswers(tenantId: string, changeEventIds: readonly string[]): Promise<Map<string, PartnerAnswer>>;
}

/** Whether the store serves, and letting it go. */
export interface StoreLifecycle {
  /**
   * For health checks: `open` while the store serves reads and writes; `down` while it does not answer;
   * `read-only` from a write that failed because the store cannot be written (read-only, full, an I/O error, no
   * permission) until a write works again.
   */
  health(): Promise<StoreHealth>;
  close(): Promise<void>;
}

/**
 * Assignments and their audit log, written together in one transaction so the log can never disagree
 * with the state it explains; with the partners' answers to those changes.
 */
export interface AssignmentStore extends Assignments, AuditLog, PartnerAnswerLog, StoreLifecycle {}
