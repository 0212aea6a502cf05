import { randomUUID } from 'node:crypto';
import type { PoolClient } from 'pg';
import type { EmailDelivery, NewOutboxMessage, NudgeStore, Outbox, OutboxMessage } from '../../core';
import {
  deliveredColumn,
  deliveryStatus,
  instant,
  outboxTarget,
  toBacklog,
  toJson,
  toMessage as rowToMessage,
  truncateError,
  type BacklogRow,
  type OutboxRow,
} from '../sqlRows';

/** PostgreSQL's json columns come back parsed. */
const toMessage = (row: OutboxRow): OutboxMessage => rowToMessage(row, (column) => column);

/** How the store runs SQL: one statement on any connection, or a transaction on one. */
export interface Db {
  query<R>(text: string, values?: unknown[]): Promise<{ rows: R[]; rowCount: number }>;
  transaction<T>(fn: (client: PoolClient) => Promise<T>): Promise<T>;
}

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

export function createPostgresOutbox(db: Db): Outbox & NudgeStore {
  return {
    async enqueue(messages, now) {
      instant(now, 'now');
      if (messages.length === 0) return;
      await db.transaction((client) => insertOutbox(client, messages, null, now));
    },

    async claimDue(now, leaseUntil, limit) {
      instant(now, 'now');
      instant(leaseUntil, 'leaseUntil');
      if (!(Number.isInteger(limit) && limit >= 0))
        throw new RangeError(`limit must be a non-negative integer, got ${limit}`);
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
        const sql = `UPDATE outbox SET status = 'sent', sent_at = $2, delivered = $3, lease_until = NULL
                     WHERE id = $1 AND status = 'pending'`;
        if (await settle(client, checkId(id), sql, [id, at, how])) await insertOutbox(client, followUps, null, at);
      });
    },

    async markRetry(id, error, nextAttemptAt) {
      instant(nextAttemptAt, 'nextAttemptAt');
      await db.transaction(async (client) => {
        const sql = `UPDATE outbox SET attempts = attempts + 1, last_error = $2, next_attempt_at = $3, lease_until = NULL
                     WHERE id = $1 AND status = 'pending'`;
        await settle(client, checkId(id), sql, [id, truncateError(error), nextAttemptAt]);
      });
    },

    async postpone(id, nextAttemptAt) {
      instant(nextAttemptAt, 'nextAttemptAt');
      await db.transaction(async (client) => {
        const sql = `UPDATE outbox SET next_attempt_at = $2, lease_until = NULL WHERE id = $1 AND status = 'pending'`;
        await settle(client, checkId(id), sql, [id, nextAttemptAt]);
      });
    },

    async markFailed(id, error, at, followUps) {
      instant(at, 'at');
      await db.transaction(async (client) => {
        const sql = `UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = $2, lease_until = NULL
                     WHERE id = $1 AND status = 'pending'`;
        if (await settle(client, checkId(id), sql, [id, truncateError(error)]))
          await insertOutbox(client, followUps, null, at);
      });
    },

    async emailDeliveries(tenantId) {
      type Row = { subscription_id: string; audit_id: string; sent_at: string | null } & Record<
        'failed' | 'pending' | 'filed',
        number
      >;
      const { rows } = await db.query<Row>(
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
    },

    async webhookBacklog() {
      const { rows } = await db.query<BacklogRow>(
        `SELECT target, count(*)::int AS pending, min(created_at) AS oldest_created_at, max(attempts) AS max_attempts,
                (SELECT last_error FROM outbox worst
                 WHERE worst.status = 'pending' AND worst.channel = 'webhook' AND worst.target = o.target
                 ORDER BY worst.attempts DESC, worst.id LIMIT 1) AS last_error
         FROM outbox o
         WHERE status = 'pending' AND channel = 'webhook'
         GROUP BY target
         ORDER BY target COLLATE "C"`,
      );
      return rows.map(toBacklog);
    },

    async recordNudges(nudges, now) {
      instant(now, 'now');
      if (nudges.length === 0) return 0;
      // Rows are inserted in one order on every instance, so two nudge passes at once wait for each other
      // instead of deadlocking over the same owners and subscriptions taken in different orders.
      const key = (n: (typeof nudges)[number]) =>
        JSON.stringify([n.recipient.tenantId, n.recipient.aadObjectId, n.subscriptionId]);
      const ordered = nudges
        .map((n, i) => ({ n, i, k: key(n) }))
        .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.i - b.i));
      return db.transaction(async (client) => {
        // Messages go out in the order the nudges were given.
        const added: { i: number; message: NewOutboxMessage }[] = [];
        for (const { n, i } of ordered) {
          // A nudge already recorded is queued again only when a re-install made it due again (and nobody
          // dismissed it since): its second and last offer.
          const { rowCount } = await client.query(
            `INSERT INTO nudges (tenant_id, aad_object_id, subscription_id, nudged_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (tenant_id, aad_object_id, subscription_id) DO UPDATE SET
               reoffered_at = excluded.nudged_at, reoffer_at = NULL, undelivered_at = NULL
             WHERE nudges.reoffer_at IS NOT NULL AND nudges.dismissed_at IS NULL`,
            [n.recipient.tenantId, n.recipient.aadObjectId, n.subscriptionId, now],
          );
          if (rowCount === 1) added.push({ i, message: n.message });
        }
        added.sort((a, b) => a.i - b.i);
        await insertOutbox(
          client,
          added.map((a) => a.message),
          null,
          now,
        );
        return added.length;
      });
    },

    async recordDigests(digests, now) {
      instant(now, 'now');
      if (digests.length === 0) return 0;
      // Rows are taken in one order on every instance (as recordNudges does), so concurrent passes do not deadlock.
      const rows = digests.flatMap((d, i) =>
        [...new Set(d.subscriptionIds)].map((id) => ({
          i,
          d,
          id,
          k: JSON.stringify([d.recipient.tenantId, d.recipient.aadObjectId, id]),
        })),
      );
      rows.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
      return db.transaction(async (client) => {
        const fresh = new Set<number>();
        for (const { i, d, id } of rows) {
          const { rowCount } = await client.query(
            `INSERT INTO nudges (tenant_id, aad_object_id, subscription_id, nudged_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (tenant_id, aad_object_id, subscription_id) DO UPDATE SET
               reoffered_at = excluded.nudged_at, reoffer_at = NULL, undelivered_at = NULL
             WHERE nudges.reoffer_at IS NOT NULL AND nudges.dismissed_at IS NULL`,
            [d.recipient.tenantId, d.recipient.aadObjectId, id, now],
          );
          if (rowCount === 1) fresh.add(i);
        }
        // Messages go out in the order the digests were given.
        await insertOutbox(
          client,
          digests.filter((_, i) => fresh.has(i)).map((d) => d.message),
          null,
          now,
        );
        return fresh.size;
      });
    },

    async dismissNudges(recipient, subscriptionIds, at) {
      instant(at, 'at');
      const ids = [...new Set(subscriptionIds)].sort();
      if (ids.length === 0) return;
      await db.query(
        `INSERT INTO nudges (tenant_id, aad_object_id, subscription_id, dismissed_at)
         SELECT $1, $2, id, $4 FROM unnest($3::text[]) AS id
         ON CONFLICT (tenant_id, aad_object_id, subscription_id) DO UPDATE SET
           dismissed_at = COALESCE(nudges.dismissed_at, excluded.dismissed_at)`,
        [recipient.tenantId, recipient.aadObjectId, ids, at],
      );
    },

    async dismissedSubscriptions(recipient) {
      const { rows } = await db.query<{ subscription_id: string }>(
        'SELECT subscription_id FROM nudges WHERE tenant_id = $1 AND aad_object_id = $2 AND dismissed_at IS NOT NULL',
        [recipient.tenantId, recipient.aadObjectId],
      );
      return rows.map((r) => r.subscription_id);
    },

    async digestUndelivered(recipient, at) {
      instant(at, 'at');
      await db.query(
        `UPDATE nudges SET undelivered_at = $3
         WHERE tenant_id = $1 AND aad_object_id = $2 AND nudged_at IS NOT NULL AND dismissed_at IS NULL`,
        [recipient.tenantId, recipient.aadObjectId, at],
      );
    },

    async dismissNudge(recipient, subscriptionId, at) {
      instant(at, 'at');
      // The first dismissal's time is kept; a row is created if the owner was never nudged, so they never are.
      await db.query(
        `INSERT INTO nudges (tenant_id, aad_object_id, subscription_id, dismissed_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (tenant_id, aad_object_id, subscription_id) DO UPDATE SET
           dismissed_at = COALESCE(nudges.dismissed_at, excluded.dismissed_at)`,
        [recipient.tenantId, recipient.aadObjectId, subscriptionId, at],
      );
    },

    async isDismissed(recipient, subscriptionId) {
      const { rows } = await db.query<{ dismissed: boolean }>(
        'SELECT dismissed_at IS NOT NULL AS dismissed FROM nudges WHERE tenant_id = $1 AND aad_object_id = $2 AND subscription_id = $3',
        [recipient.tenantId, recipient.aadObjectId, subscriptionId],
      );
      return rows[0]?.dismissed === true;
    },

    async nudgeUndelivered(recipient, subscriptionId, at) {
      instant(at, 'at');
      await db.query(
        `UPDATE nudges SET undelivered_at = $4
         WHERE tenant_id = $1 AND aad_object_id = $2 AND subscription_id = $3 AND nudged_at IS NOT NULL`,
        [recipient.tenantId, recipient.aadObjectId, subscriptionId, at],
      );
    },

    async reofferUndelivered(recipient, subscriptionIds, at) {
      instant(at, 'at');
      if (subscriptionIds.length === 0) return 0;
      // Undelivered, offered once, not dismissed, and not already due again. The rows are locked in the order
      // recordNudges takes them, so a nudge pass running at the same moment waits instead of deadlocking; a row
      // it changed meanwhile is checked again once locked.
      const { rowCount } = await db.query(
        `UPDATE nudges SET reoffer_at = $3
         WHERE (tenant_id, aad_object_id, subscription_id) IN (
           SELECT tenant_id, aad_object_id, subscription_id FROM nudges
           WHERE tenant_id = $1 AND aad_object_id = $2 AND subscription_id = ANY($4::text[])
             AND undelivered_at IS NOT NULL AND dismissed_at IS NULL AND reoffered_at IS NULL AND reoffer_at IS NULL
           ORDER BY subscription_id COLLATE "C"
           FOR UPDATE)`,
        [recipient.tenantId, recipient.aadObjectId, at, [...new Set(subscriptionIds)]],
      );
      return rowCount;
    },
  };
}
