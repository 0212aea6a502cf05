import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import type { EmailDelivery, NewOutboxMessage, Outbox, OutboxMessage } from '../../core';
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
import type { Db } from './database';

/** PostgreSQL's json columns come back parsed. */
const toMessage = (row: OutboxRow): OutboxMessage => rowToMessage(row, (column) => column);

/** Inserts messages as pending, due at `at`, on the caller's transaction. */
export async function insertOutbox(
  client: PoolClient,
  messages: readonly NewOutboxMessage[],
  auditId: number | null,
  at: string,
): Promise<void> {
  if (messages.length === 0) return;
  instant(at, 'An outbox message time');
  for (const m of messages) {
    await client.query(
      `INSERT INTO outbox
         (message_id, channel, tenant_id, subscription_id, audit_id, payload, notify_owner, next_attempt_at, created_at, target)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9)`,
      [
        // Fixed once, here: every later attempt sends the same Message-ID.
        `<${randomUUID()}@partner-of-record.local>`,
        m.channel,
        m.tenantId,
        m.subscriptionId,
        auditId,
        toJson(m.payload, 'An outbox payload'),
        m.channel === 'email' && m.notifyOwner ? toJson(m.notifyOwner, 'notifyOwner') : null,
        at,
        outboxTarget(m),
      ],
    );
  }
}

/**
 * claimDue's statement: parameters now, leaseUntil, limit. Due first, then in the order written: the order of the
 * partial index outbox_pending_due (schema version 4), so the claim reads the rows it takes (and any leased or
 * locked ones before them) and sorts nothing, however many are pending. SKIP LOCKED: rows another instance is claiming right
 * now are passed over, not waited for; a row it claimed and committed meanwhile is re-checked against the
 * condition when locked, and left out. The CTE is MATERIALIZED so it runs once: as an IN (subquery) the planner
 * may re-run it per row, and a re-run sees the rows this very statement just leased, skips them, and takes more
 * than the limit. A webhook message waits while an earlier one of its subscription to its receiver is pending (leased
 * by another instance or not): one probe of outbox_webhook_queue (schema version 5), so each receiver gets a
 * subscription's events in order, one at a time.
 */
export const CLAIM_DUE_SQL = `
  WITH due AS MATERIALIZED (
    SELECT id FROM outbox
    WHERE status = 'pending' AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until <= $1)
      AND NOT (channel = 'webhook' AND EXISTS (
        SELECT 1 FROM outbox earlier
        WHERE earlier.status = 'pending' AND earlier.channel = 'webhook'
          AND earlier.tenant_id = outbox.tenant_id AND earlier.subscription_id = outbox.subscription_id
          AND earlier.target = outbox.target AND earlier.id < outbox.id))
    ORDER BY next_attempt_at, id
    LIMIT $3
    FOR UPDATE SKIP LOCKED)
  UPDATE outbox SET lease_until = $2
  FROM due
  WHERE outbox.id = due.id
  RETURNING outbox.*`;

/** Each receiver's pending webhook messages (read from the partial index outbox_webhook_queue). */
const WEBHOOK_BACKLOG_SQL = `
  SELECT target, count(*)::int AS pending, min(created_at) AS oldest_created_at, max(attempts) AS max_attempts,
         (SELECT last_error FROM outbox worst
          WHERE worst.status = 'pending' AND worst.channel = 'webhook' AND worst.target = o.target
          ORDER BY worst.attempts DESC, worst.id LIMIT 1) AS last_error
  FROM outbox o
  WHERE status = 'pending' AND channel = 'webhook'
  GROUP BY target
  ORDER BY target COLLATE "C"`;

/** The settling updates, each only of a message still pending: parameter $1 is the message's id. */
const SETTLE_SQL = {
  sent: `UPDATE outbox SET status = 'sent', sent_at = $2, delivered = $3, lease_until = NULL
         WHERE id = $1 AND status = 'pending'`,
  retry: `UPDATE outbox SET attempts = attempts + 1, last_error = $2, next_attempt_at = $3, lease_until = NULL
          WHERE id = $1 AND status = 'pending'`,
  postpone: `UPDATE outbox SET next_attempt_at = $2, lease_until = NULL WHERE id = $1 AND status = 'pending'`,
  failed: `UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = $2, lease_until = NULL
           WHERE id = $1 AND status = 'pending'`,
};

/** Messages owed because of a change, leased to the dispatcher and settled by it. */
export function createOutbox(db: Db): Outbox {
  return {
    async enqueue(messages, now) {
      instant(now, 'now');
      if (messages.length === 0) return;
      await db.transaction((client) => insertOutbox(client, messages, null, now));
    },

    async claimDue(now, leaseUntil, limit) {
      instant(now, 'now');
      instant(leaseUntil, 'leaseUntil');
      checkLimit(limit);
      if (leaseUntil <= now) throw new RangeError(`leaseUntil (${leaseUntil}) must be after now (${now})`);
      if (limit === 0) return [];
      const { rows } = await db.query<OutboxRow>(CLAIM_DUE_SQL, [now, leaseUntil, limit]);
      // RETURNING gives no order: the claim's own (times compare as text, as in the index).
      return rows
        .map(toMessage)
        .sort((a, b) => (a.nextAttemptAt < b.nextAttemptAt ? -1 : a.nextAttemptAt > b.nextAttemptAt ? 1 : a.id - b.id));
    },

    async markSent(id, at, followUps, delivered) {
      instant(at, 'at');
      const how = deliveredColumn(delivered);
      await db.transaction(async (client) => {
        if (await settle(client, checkId(id), SETTLE_SQL.sent, [id, at, how]))
          await insertOutbox(client, followUps, null, at);
      });
    },

    async markRetry(id, error, nextAttemptAt) {
      instant(nextAttemptAt, 'nextAttemptAt');
      await db.transaction(async (client) => {
        await settle(client, checkId(id), SETTLE_SQL.retry, [id, truncateError(error), nextAttemptAt]);
      });
    },

    async postpone(id, nextAttemptAt) {
      instant(nextAttemptAt, 'nextAttemptAt');
      await db.transaction(async (client) => {
        await settle(client, checkId(id), SETTLE_SQL.postpone, [id, nextAttemptAt]);
      });
    },

    async markFailed(id, error, at, followUps) {
      instant(at, 'at');
      await db.transaction(async (client) => {
        if (await settle(client, checkId(id), SETTLE_SQL.failed, [id, truncateError(error)]))
          await insertOutbox(client, followUps, null, at);
      });
    },

    emailDeliveries: (tenantId) => emailDeliveries(db, tenantId),

    async webhookBacklog() {
      const { rows } = await db.query<BacklogRow>(WEBHOOK_BACKLOG_SQL);
      return rows.map(toBacklog);
    },
  };
}

/**
 * Applies a settling update to a pending message. One already sent or given up on (by another instance whose
 * lease ran out, say) is left as it is and gets no follow-ups; an id that does not exist is a caller bug.
 */
async function settle(client: PoolClient, id: number, sql: string, values: unknown[]): Promise<boolean> {
  const { rowCount } = await client.query(sql, values);
  if (rowCount === 1) return true;
  const exists = await client.query('SELECT 1 FROM outbox WHERE id = $1', [id]);
  if (exists.rowCount === 0) throw new Error(`No outbox message with id ${id}`);
  return false;
}

function checkId(id: number): number {
  if (!Number.isSafeInteger(id)) throw new RangeError(`An outbox id must be an integer, got ${id}`);
  return id;
}

type DeliveryRow = { subscription_id: string; audit_id: string; sent_at: string | null } & Record<
  'failed' | 'pending' | 'filed',
  number
>;

/** The newest change of each subscription that queued partner emails, and how that change's emails fared. */
async function emailDeliveries(db: Db, tenantId: string): Promise<Map<string, EmailDelivery>> {
  const { rows } = await db.query<DeliveryRow>(
    `SELECT o.subscription_id, o.audit_id,
            (count(*) FILTER (WHERE o.status = 'failed'))::int AS failed,
            (count(*) FILTER (WHERE o.status = 'pending'))::int AS pending,
            (count(*) FILTER (WHERE o.delivered = 'file'))::int AS filed,
            max(o.sent_at) AS sent_at
     FROM outbox o
     JOIN (SELECT subscription_id, max(audit_id) AS audit_id FROM outbox
           WHERE tenant_id = $1 AND channel = 'email' AND audit_id IS NOT NULL
           GROUP BY subscription_id) newest
       ON o.subscription_id = newest.subscription_id AND o.audit_id = newest.audit_id
     WHERE o.tenant_id = $1 AND o.channel = 'email'
     GROUP BY o.subscription_id, o.audit_id`,
    [tenantId],
  );
  const result = new Map<string, EmailDelivery>();
  for (const row of rows) {
    const status = deliveryStatus(row);
    result.set(row.subscription_id, {
      subscriptionId: row.subscription_id,
      auditId: Number(row.audit_id),
      status,
      at: status === 'sent' || status === 'filed' ? row.sent_at : null,
    });
  }
  return result;
}
