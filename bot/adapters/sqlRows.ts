import type {
  Assignment,
  AssignmentChange,
  AuditEntry,
  ChangeKind,
  ConversationToSave,
  PartnerId,
  AuditPageRequest,
  WebhookEvent,
  EmailDeliveryStatus,
  MailDelivered,
  NewOutboxMessage,
  OutboxMessage,
  OutboxStatus,
  PartnerAnswer,
  PartnerAnswerKind,
  PartnerAnswerRequest,
  PartnerEmailPayload,
  StoredConversation,
  TeamsPayload,
  TeamsRecipient,
  WebhookBacklog,
} from '../core';
import { MAX_BATCH_CHANGES } from '../core';

/**
 * The tables the SQLite and the PostgreSQL stores keep have one layout; these are their rows, and how each
 * becomes the value a port returns. Ids are INTEGER in SQLite and bigint in PostgreSQL (which pg hands over as
 * text); they stay far below 2^53 either way.
 */

export interface AssignmentRow {
  tenant_id: string;
  subscription_id: string;
  partner_id: string | null;
  version: number;
  updated_at: string;
  updated_by: string;
}

export interface AuditRow {
  id: number | string;
  tenant_id: string;
  subscription_id: string;
  kind: string;
  old_partner_id: string | null;
  new_partner_id: string | null;
  actor_id: string;
  actor_name: string;
  at: string;
  version: number;
  event_id: string;
}

export interface OutboxRow {
  id: number | string;
  message_id: string;
  channel: 'email' | 'teams' | 'webhook';
  tenant_id: string;
  /** The webhook receiver's URL; null for other channels. */
  target: string | null;
  subscription_id: string;
  audit_id: number | string | null;
  /** JSON text in SQLite; already parsed in PostgreSQL's json columns (see `toMessage`'s `decode`). */
  payload: unknown;
  notify_owner: unknown;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

// Partner ids are written only from branded values, so reading them back as PartnerId is sound.
const asPartnerId = (value: string | null): PartnerId | null => value as PartnerId | null;

export function toAssignment(row: AssignmentRow): Assignment {
  return {
    tenantId: row.tenant_id,
    subscriptionId: row.subscription_id,
    partnerId: asPartnerId(row.partner_id),
    version: row.version,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

export function toAudit(row: AuditRow): AuditEntry {
  return {
    id: Number(row.id),
    tenantId: row.tenant_id,
    subscriptionId: row.subscription_id,
    // The table's CHECK constraint admits only the three kinds.
    kind: row.kind as ChangeKind,
    oldPartnerId: asPartnerId(row.old_partner_id),
    newPartnerId: asPartnerId(row.new_partner_id),
    actorId: row.actor_id,
    actorName: row.actor_name,
    at: row.at,
    version: row.version,
    eventId: row.event_id,
  };
}

/** An outbox row as a message; `decode` turns a JSON column's value into the value it holds. */
export function toMessage(row: OutboxRow, decode: (column: unknown) => unknown): OutboxMessage {
  const common = {
    tenantId: row.tenant_id,
    subscriptionId: row.subscription_id,
    id: Number(row.id),
    messageId: row.message_id,
    auditId: row.audit_id === null ? null : Number(row.audit_id),
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    createdAt: row.created_at,
    sentAt: row.sent_at,
  };
  // Only the stores' insert writes these columns, always from a NewOutboxMessage of the row's channel.
  if (row.channel === 'email') {
    return {
      ...common,
      channel: 'email',
      payload: decode(row.payload) as PartnerEmailPayload,
      notifyOwner:
        row.notify_owner === null || row.notify_owner === undefined
          ? null
          : (decode(row.notify_owner) as TeamsRecipient),
    };
  }
  if (row.channel === 'webhook')
    return { ...common, channel: 'webhook', target: row.target ?? '', payload: decode(row.payload) as WebhookEvent };
  return { ...common, channel: 'teams', payload: decode(row.payload) as TeamsPayload };
}

/**
 * JSON text for a JSON column. JSON.stringify throws on a BigInt or a cycle, which rolls back the
 * transaction it runs in; and it returns undefined for a function or undefined, which would otherwise be
 * stored as NULL without a word.
 */
export function toJson(value: unknown, what: string): string {
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError(`${what} must be JSON-serialisable`);
  return text;
}

/** markSent's `delivered` as the outbox's column keeps it: NULL when not given (Teams and webhook messages). */
export function deliveredColumn(delivered: MailDelivered | undefined): MailDelivered | null {
  if (delivered === undefined) return null;
  if (delivered === 'sent' || delivered === 'file') return delivered;
  throw new TypeError(`delivered must be sent or file, got ${String(delivered)}`);
}

/** How the emails of one change fared, from the counts both stores take: any failed, any pending, any only filed. */
export function deliveryStatus(row: { failed: number; pending: number; filed: number }): EmailDeliveryStatus {
  if (row.failed > 0) return 'failed';
  if (row.pending > 0) return 'pending';
  return row.filed > 0 ? 'filed' : 'sent';
}

/** Enough of a mail server's answer or a stack trace to diagnose, without letting one row grow unbounded. */
export const MAX_ERROR_LENGTH = 1000;

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * Due times and leases are compared as text (which keeps the due index usable), and that orders instants
 * correctly only when every time has the one shape Date.toISOString() gives.
 */
export function instant(value: string, what: string): string {
  if (!ISO_INSTANT.test(value) || Number.isNaN(Date.parse(value))) {
    throw new RangeError(
      `${what} must be an ISO-8601 UTC time like 2025-01-01T10:00:00.000Z, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/** A row count both stores refuse alike when it is not a whole number from 0 up. */
export function checkLimit(limit: number, what = 'limit'): void {
  if (!(Number.isInteger(limit) && limit >= 0))
    throw new RangeError(`${what} must be a non-negative integer, got ${limit}`);
}

/** An audit page request both stores refuse alike: a bad id, limit or time would otherwise mean "everything". */
export function checkAuditPage(page: AuditPageRequest): void {
  if (!(Number.isSafeInteger(page.afterId) && page.afterId >= 0))
    throw new RangeError(`afterId must be a non-negative integer, got ${page.afterId}`);
  if (!(Number.isInteger(page.limit) && page.limit >= 1 && page.limit <= 10_000))
    throw new RangeError(`limit must be an integer from 1 to 10000, got ${page.limit}`);
  if (page.since !== undefined) instant(page.since, 'since');
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A change event id must be a UUID (lower case, as randomUUID gives it): both stores refuse anything else. */
export function eventId(value: string): string {
  if (typeof value !== 'string' || !UUID.test(value))
    throw new RangeError(`A change event id must be a lower-case UUID, got ${JSON.stringify(value)}`);
  return value;
}

/**
 * What both stores refuse of a change before writing it: an event id that is no UUID, and messages for another
 * subscription (messages linked to a change's audit entry must be about that change; emailDeliveries relies on it).
 */
export function checkChange(change: AssignmentChange): void {
  for (const m of change.outbox) {
    if (m.tenantId !== change.tenantId || m.subscriptionId !== change.subscriptionId) {
      throw new Error('An outbox message written with a change must be for the same tenant and subscription');
    }
  }
  eventId(change.eventId);
}

/** What an all-or-none batch must be before a store opens its transaction: one tenant, each subscription once. */
export function checkChanges(changes: readonly AssignmentChange[]): void {
  if (changes.length === 0 || changes.length > MAX_BATCH_CHANGES)
    throw new RangeError(`A batch holds 1 to ${MAX_BATCH_CHANGES} changes, got ${changes.length}`);
  const subscriptions = new Set<string>();
  const keys = new Set<string>();
  for (const c of changes) {
    checkChange(c);
    if (c.tenantId !== changes[0]!.tenantId) throw new Error('A batch changes the subscriptions of one tenant');
    if (subscriptions.has(c.subscriptionId) || keys.has(c.idempotencyKey))
      throw new Error('A batch changes each subscription once, each under its own key');
    subscriptions.add(c.subscriptionId);
    keys.add(c.idempotencyKey);
  }
}

/**
 * Checks what an outbox message must be before a store writes it: a webhook message names its receiver, and a
 * message of another channel has none.
 */
export function outboxTarget(m: NewOutboxMessage): string | null {
  if (m.channel !== 'webhook') return null;
  if (typeof m.target !== 'string' || m.target === '')
    throw new TypeError('A webhook outbox message needs its target URL');
  return m.target;
}

/** A receiver's backlog as both stores' queries return it. */
export interface BacklogRow {
  target: string;
  pending: number | string;
  oldest_created_at: string;
  max_attempts: number;
  last_error: string | null;
}

export function toBacklog(row: BacklogRow): WebhookBacklog {
  return {
    target: row.target,
    pending: Number(row.pending),
    oldestCreatedAt: row.oldest_created_at,
    maxAttempts: Number(row.max_attempts),
    lastError: row.last_error,
  };
}

export function truncateError(error: string): string {
  if (error.length <= MAX_ERROR_LENGTH) return error;
  const cut = error.slice(0, MAX_ERROR_LENGTH);
  // Do not leave half of a surrogate pair at the end.
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}

/**
 * One answer per change, keyed by the change's event id (the link in the partner's email names it); the row is
 * the answer's audit record and carries the answer's own event id. Both stores run this text (SQLite 7, PostgreSQL 8).
 */
export const PARTNER_ANSWERS_SQL = `
  CREATE TABLE partner_answers (
    change_event_id TEXT    PRIMARY KEY,
    audit_id        BIGINT  NOT NULL REFERENCES audit_log (id),
    tenant_id       TEXT    NOT NULL,
    subscription_id TEXT    NOT NULL,
    version         INTEGER NOT NULL,
    partner_id      TEXT    NOT NULL,
    partner_name    TEXT    NOT NULL,
    answer          TEXT    NOT NULL CHECK (answer IN ('confirmed', 'declined')),
    reason          TEXT    NULL CHECK (reason IS NULL OR (answer = 'declined' AND length(reason) <= 500)),
    answered_at     TEXT    NOT NULL,
    event_id        TEXT    NOT NULL UNIQUE
  );
`;

/** Keys the bot signs links with when it has no app secret (SQLite 8, PostgreSQL 9): base64, one per purpose. */
export const SIGNING_KEYS_SQL = `
  CREATE TABLE signing_keys (
    purpose TEXT PRIMARY KEY,
    key     TEXT NOT NULL
  );
`;

/**
 * Each chat's language and time zone, for what is sent outside a turn (SQLite 9, PostgreSQL 10). Chats saved before
 * have neither (NULL): English and UTC until the person's next turn says them.
 */
export const CHAT_READER_SQL = `
  ALTER TABLE conversations ADD COLUMN language TEXT NULL CHECK (length(language) BETWEEN 1 AND 64);
  ALTER TABLE conversations ADD COLUMN time_zone TEXT NULL CHECK (length(time_zone) BETWEEN 1 AND 64);
`;

/** A row of `partner_answers` (SQLite 7, PostgreSQL 8). */
export interface PartnerAnswerRow {
  change_event_id: string;
  audit_id: number | string;
  tenant_id: string;
  subscription_id: string;
  version: number;
  partner_id: string;
  partner_name: string;
  answer: string;
  reason: string | null;
  answered_at: string;
  event_id: string;
}

export function toPartnerAnswer(row: PartnerAnswerRow): PartnerAnswer {
  return {
    changeEventId: row.change_event_id,
    tenantId: row.tenant_id,
    subscriptionId: row.subscription_id,
    version: row.version,
    partnerId: row.partner_id as PartnerId,
    partnerName: row.partner_name,
    // The table's CHECK constraint admits only the two answers.
    answer: row.answer as PartnerAnswerKind,
    reason: row.reason,
    at: row.answered_at,
    eventId: row.event_id,
  };
}

/** The longest reason a decline may carry, in characters; the stores refuse longer ones. */
export const MAX_ANSWER_REASON = 500;

/** What both stores refuse of an answer before writing it. */
export function checkPartnerAnswer(request: PartnerAnswerRequest): void {
  eventId(request.changeEventId);
  eventId(request.eventId);
  instant(request.at, 'An answer time');
  if (request.answer !== 'confirmed' && request.answer !== 'declined')
    throw new RangeError(`Unknown answer ${String(request.answer)}`);
  if (request.reason !== null && (request.answer !== 'declined' || request.reason.length > MAX_ANSWER_REASON)) {
    throw new RangeError(`A reason comes only with a decline, at most ${MAX_ANSWER_REASON} characters`);
  }
  for (const m of request.outbox) {
    if (m.tenantId !== request.tenantId || m.subscriptionId !== request.subscriptionId) {
      throw new Error('An outbox message written with an answer must be for the same tenant and subscription');
    }
  }
}

/** Longer than any language or IANA time zone name the conversation layer saves: both stores refuse more. */
export const MAX_READER_FIELD = 64;

/** What both stores refuse of a reference's language and time zone before writing them. */
export function checkChatReader(entry: Pick<ConversationToSave, 'language' | 'timeZone'>): void {
  for (const [what, value] of [
    ['A language', entry.language],
    ['A time zone', entry.timeZone],
  ] as const) {
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string' || value.length === 0 || value.length > MAX_READER_FIELD) {
      throw new RangeError(`${what} is saved as 1 to ${MAX_READER_FIELD} characters`);
    }
  }
}

/** A stored chat's language and time zone as the port returns them: a NULL column is left out (none known). */
export function toChatReader(row: {
  language: string | null;
  time_zone: string | null;
}): Pick<StoredConversation, 'language' | 'timeZone'> {
  return {
    ...(row.language === null ? {} : { language: row.language }),
    ...(row.time_zone === null ? {} : { timeZone: row.time_zone }),
  };
}
