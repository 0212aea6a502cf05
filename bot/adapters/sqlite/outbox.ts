import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { EmailDelivery, MailDelivered, NewOutboxMessage, Outbox, OutboxMessage, OutboxStatus } from '../../core';
import {
  type BacklogRow,
  checkLimit,
  deliveredColumn,
  deliveryStatus,
  instant,
  type OutboxRow,
  outboxTarget,
  toMessage as rowToMessage,
  toBacklog,
  toJson,
  truncateError,
} from '../sqlRows';
import type { SqliteDatabase } from './database';

/** SQLite keeps JSON columns as text. */
const toMessage = (row: OutboxRow): OutboxMessage => rowToMessage(row, (column) => JSON.parse(column as string));

/**
 * Inserts messages as pending, due at `at`. Runs inside the caller's transaction, so that a change (or an answer,
 * a nudge, a settled message) and the messages it owes are written together or not at all.
 */
export type OutboxWriter = (messages: readonly NewOutboxMessage[], auditId: number | null, at: string) => void;

interface DeliveryRow {
  subscription_id: string;
  audit_id: number;
  failed: number;
  pending: number;
  sent_at: string | null;
  filed: number;
}

/**
 * The rows claimDue takes (then leases): parameters now, now, limit. Due first, then in the order written: the
 * order of the partial index outbox_pending_due (schema version 4), so the claim reads the rows it takes (and any
 * leased ones before them) and sorts nothing, however many are pending. `status = 'pending'` must stay a literal:
 * it is what lets SQLite use that index. A webhook message waits while an earlier one of its subscription to its
 * receiver is pending (one probe of outbox_webhook_queue, schema version 5), so each receiver gets a subscription's
 * events in order; the rows so held back are read and passed over, which costs a receiver's backlog while it fails.
 */
export const CLAIM_DUE_SQL = `
  SELECT * FROM outbox
  WHERE status = 'pending' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
    AND NOT (channel = 'webhook' AND EXISTS (
      SELECT 1 FROM outbox earlier
      WHERE earlier.status = 'pending' AND earlier.channel = 'webhook'
        AND earlier.tenant_id = outbox.tenant_id AND earlier.subscription_id = outbox.subscription_id
        AND earlier.target = outbox.target AND earlier.id < outbox.id))
  ORDER BY next_attempt_at, id LIMIT ?`;

/** Each receiver's pending webhook messages (read from the partial index outbox_webhook_queue). */
export const WEBHOOK_BACKLOG_SQL = `
  SELECT target, COUNT(*) AS pending, MIN(created_at) AS oldest_created_at, MAX(attempts) AS max_attempts,
         (SELECT last_error FROM outbox worst
          WHERE worst.status = 'pending' AND worst.channel = 'webhook' AND worst.target = o.target
          ORDER BY worst.attempts DESC, worst.id LIMIT 1) AS last_error
  FROM outbox o
  WHERE status = 'pending' AND channel = 'webhook'
  GROUP BY target
  ORDER BY target`;

export function createOutboxWriter(db: Database): OutboxWriter {
  const insert = db.prepare<
    [string, string, string, string, number | null, string, string | null, string, string, string | null]
  >(
    `INSERT INTO outbox
       (message_id, channel, tenant_id, subscription_id, audit_id, payload, notify_owner, next_attempt_at, created_at, target)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return (messages, auditId, at) => {
    if (messages.length === 0) return;
    instant(at, 'An outbox message time');
    for (const m of messages) {
      insert.run(
        // Generated once, here: every later attempt sends the same Message-ID, so a resend after a crash
        // between "server accepted" and "marked sent" can be recognized as the same mail.
        `<${randomUUID()}@partner-of-record.local>`,
        m.channel,
        m.tenantId,
        m.subscriptionId,
        auditId,
        toJson(m.payload, 'An outbox payload'),
        m.channel === 'email' && m.notifyOwner ? toJson(m.notifyOwner, 'notifyOwner') : null,
        at,
        at,
        outboxTarget(m),
      );
    }
  };
}

type Statements = ReturnType<typeof prepareStatements>;

function prepareStatements(db: Database) {
  return {
    backlog: db.prepare<[], BacklogRow>(WEBHOOK_BACKLOG_SQL),
    due: db.prepare<[string, string, number], OutboxRow>(CLAIM_DUE_SQL),
    lease: db.prepare<[string, number]>('UPDATE outbox SET lease_until = ? WHERE id = ?'),
    status: db.prepare<[number], OutboxStatus>('SELECT status FROM outbox WHERE id = ?').pluck(),
    sent: db.prepare<[string, string | null, number]>(
      `UPDATE outbox SET status = 'sent', sent_at = ?, delivered = ?, lease_until = NULL
       WHERE id = ? AND status = 'pending'`,
    ),
    retry: db.prepare<[string, string, number]>(
      `UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, lease_until = NULL
       WHERE id = ? AND status = 'pending'`,
    ),
    postpone: db.prepare<[string, number]>(
      `UPDATE outbox SET next_attempt_at = ?, lease_until = NULL WHERE id = ? AND status = 'pending'`,
    ),
    failed: db.prepare<[string, number]>(
      `UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ?, lease_until = NULL
       WHERE id = ? AND status = 'pending'`,
    ),
    // The newest change of each subscription that queued partner emails (audit ids only grow), and how
    // that change's emails fared.
    deliveries: db.prepare<[string, string], DeliveryRow>(
      `SELECT o.subscription_id, o.audit_id,
              SUM(o.status = 'failed') AS failed, SUM(o.status = 'pending') AS pending, MAX(o.sent_at) AS sent_at,
              SUM(o.delivered IS 'file') AS filed
       FROM outbox o
       JOIN (SELECT subscription_id, MAX(audit_id) AS audit_id FROM outbox
             WHERE tenant_id = ? AND channel = 'email' AND audit_id IS NOT NULL
             GROUP BY subscription_id) newest
         ON o.subscription_id = newest.subscription_id AND o.audit_id = newest.audit_id
       WHERE o.tenant_id = ? AND o.channel = 'email'
       GROUP BY o.subscription_id, o.audit_id`,
    ),
  };
}

/** Messages owed because of a change, leased to the dispatcher and settled by it. */
export function createOutbox({ db, writeTransaction }: SqliteDatabase, insert: OutboxWriter): Outbox {
  const sql = prepareStatements(db);

  const enqueue = writeTransaction((messages: readonly NewOutboxMessage[], now: string) => insert(messages, null, now));
  const claim = writeTransaction((now: string, leaseUntil: string, limit: number): OutboxMessage[] => {
    const rows = sql.due.all(now, now, limit);
    for (const row of rows) sql.lease.run(leaseUntil, Number(row.id));
    return rows.map(toMessage);
  });
  type Sent = [id: number, at: string, followUps: readonly NewOutboxMessage[], delivered: MailDelivered | null];
  const markSent = writeTransaction((...[id, at, followUps, delivered]: Sent) => {
    if (settle(sql, id, () => sql.sent.run(at, delivered, id))) insert(followUps, null, at);
  });
  const markRetry = writeTransaction((id: number, error: string, nextAttemptAt: string) => {
    settle(sql, id, () => sql.retry.run(truncateError(error), nextAttemptAt, id));
  });
  const postpone = writeTransaction((id: number, nextAttemptAt: string) => {
    settle(sql, id, () => sql.postpone.run(nextAttemptAt, id));
  });
  type Failed = [id: number, error: string, at: string, followUps: readonly NewOutboxMessage[]];
  const markFailed = writeTransaction((...[id, error, at, followUps]: Failed) => {
    if (settle(sql, id, () => sql.failed.run(truncateError(error), id))) insert(followUps, null, at);
  });

  return {
    async enqueue(messages, now) {
      enqueue(messages, instant(now, 'now'));
    },

    async claimDue(now, leaseUntil, limit) {
      instant(now, 'now');
      instant(leaseUntil, 'leaseUntil');
      checkLimit(limit);
      // A lease that has already run out would let the next pass claim the message while it is being sent.
      if (leaseUntil <= now) throw new RangeError(`leaseUntil (${leaseUntil}) must be after now (${now})`);
      return claim(now, leaseUntil, limit);
    },

    async markSent(id, at, followUps, delivered) {
      markSent(id, instant(at, 'at'), followUps, deliveredColumn(delivered));
    },

    async markRetry(id, error, nextAttemptAt) {
      markRetry(id, error, instant(nextAttemptAt, 'nextAttemptAt'));
    },

    async postpone(id, nextAttemptAt) {
      postpone(id, instant(nextAttemptAt, 'nextAttemptAt'));
    },

    async markFailed(id, error, at, followUps) {
      markFailed(id, error, instant(at, 'at'), followUps);
    },

    async emailDeliveries(tenantId) {
      const result = new Map<string, EmailDelivery>();
      for (const row of sql.deliveries.iterate(tenantId, tenantId)) {
        const status = deliveryStatus(row);
        result.set(row.subscription_id, {
          subscriptionId: row.subscription_id,
          auditId: row.audit_id,
          status,
          at: status === 'sent' || status === 'filed' ? row.sent_at : null,
        });
      }
      return result;
    },

    async webhookBacklog() {
      return sql.backlog.all().map(toBacklog);
    },
  };
}

/**
 * Applies a settling update to a pending message. A message already sent or given up on (a second
 * dispatcher whose lease ran out, say) is left as it is and gets no follow-ups, so an owner is never
 * told twice; an id that does not exist is a caller bug.
 */
function settle(sql: Statements, id: number, update: () => { changes: number }): boolean {
  if (update().changes === 1) return true;
  if (sql.status.get(id) === undefined) throw new Error(`No outbox message with id ${id}`);
  return false;
}
