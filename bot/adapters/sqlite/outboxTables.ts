import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type {
  EmailDelivery,
  NewOutboxMessage,
  NudgeStore,
  Outbox,
  OutboxMessage,
  MailDelivered,
  OutboxStatus,
  TeamsRecipient,
} from '../../core';
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

/** SQLite keeps JSON columns as text. */
const toMessage = (row: OutboxRow): OutboxMessage => rowToMessage(row, (column) => JSON.parse(column as string));

/** The outbox and nudge tables of the SQLite store (schema versions 2 to 6). */
export interface OutboxTables extends Outbox, NudgeStore {
  /**
   * Inserts messages as pending, due at `at`. Runs inside the caller's transaction, so that a change and
   * the messages it owes are written together or not at all.
   */
  insert(messages: readonly NewOutboxMessage[], auditId: number | null, at: string): void;
}

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

export function createOutboxTables(db: Database): OutboxTables {
  const sql = {
    insert: db.prepare<
      [string, string, string, string, number | null, string, string | null, string, string, string | null]
    >(
      `INSERT INTO outbox
         (message_id, channel, tenant_id, subscription_id, audit_id, payload, notify_owner, next_attempt_at, created_at, target)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
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
    // ON CONFLICT rather than INSERT OR IGNORE: OR IGNORE would also swallow a NOT NULL or CHECK violation,
    // silently losing a nudge. A nudge already recorded is queued again only when a re-install made it due
    // again (and nobody dismissed it since): its second and last offer.
    insertNudge: db.prepare<[string, string, string, string]>(
      `INSERT INTO nudges (tenant_id, aad_object_id, subscription_id, nudged_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (tenant_id, aad_object_id, subscription_id) DO UPDATE SET
         reoffered_at = excluded.nudged_at, reoffer_at = NULL, undelivered_at = NULL
       WHERE nudges.reoffer_at IS NOT NULL AND nudges.dismissed_at IS NULL`,
    ),
    undelivered: db.prepare<[string, string, string, string]>(
      `UPDATE nudges SET undelivered_at = ?
       WHERE tenant_id = ? AND aad_object_id = ? AND subscription_id = ? AND nudged_at IS NOT NULL`,
    ),
    // Undelivered, offered once, not dismissed, and not already due again.
    reoffer: db.prepare<[string, string, string, string]>(
      `UPDATE nudges SET reoffer_at = ?
       WHERE tenant_id = ? AND aad_object_id = ? AND subscription_id = ?
         AND undelivered_at IS NOT NULL AND dismissed_at IS NULL AND reoffered_at IS NULL AND reoffer_at IS NULL`,
    ),
    // The first dismissal's time is kept; a row is created if the owner was never nudged, so they never are.
    dismiss: db.prepare<[string, string, string, string]>(
      `INSERT INTO nudges (tenant_id, aad_object_id, subscription_id, dismissed_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (tenant_id, aad_object_id, subscription_id) DO UPDATE SET
         dismissed_at = COALESCE(nudges.dismissed_at, excluded.dismissed_at)`,
    ),
    dismissed: db
      .prepare<[string, string], string>(
        'SELECT subscription_id FROM nudges WHERE tenant_id = ? AND aad_object_id = ? AND dismissed_at IS NOT NULL',
      )
      .pluck(),
    digestUndelivered: db.prepare<[string, string, string]>(
      `UPDATE nudges SET undelivered_at = ?
       WHERE tenant_id = ? AND aad_object_id = ? AND nudged_at IS NOT NULL AND dismissed_at IS NULL`,
    ),
    isDismissed: db
      .prepare<[string, string, string], number>(
        'SELECT dismissed_at IS NOT NULL FROM nudges WHERE tenant_id = ? AND aad_object_id = ? AND subscription_id = ?',
      )
      .pluck(),
  };

  function insert(messages: readonly NewOutboxMessage[], auditId: number | null, at: string): void {
    if (messages.length === 0) return;
    instant(at, 'An outbox message time');
    for (const m of messages) {
      sql.insert.run(
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
  }

  /**
   * Applies a settling update to a pending message. A message already sent or given up on (a second
   * dispatcher whose lease ran out, say) is left as it is and gets no follow-ups, so an owner is never
   * told twice; an id that does not exist is a caller bug.
   */
  function settle(id: number, update: () => { changes: number }): boolean {
    if (update().changes === 1) return true;
    if (sql.status.get(id) === undefined) throw new Error(`No outbox message with id ${id}`);
    return false;
  }

  // Every write below takes the write lock first (IMMEDIATE): a deferred transaction that reads and then
  // writes can fail at once under WAL instead of waiting out busy_timeout.
  const enqueue = db.transaction((messages: readonly NewOutboxMessage[], now: string) => insert(messages, null, now));

  const claim = db.transaction((now: string, leaseUntil: string, limit: number): OutboxMessage[] => {
    const rows = sql.due.all(now, now, limit);
    for (const row of rows) sql.lease.run(leaseUntil, Number(row.id));
    return rows.map(toMessage);
  });

  type Sent = [id: number, at: string, followUps: readonly NewOutboxMessage[], delivered: MailDelivered | null];
  const markSent = db.transaction((...[id, at, followUps, delivered]: Sent) => {
    if (settle(id, () => sql.sent.run(at, delivered, id))) insert(followUps, null, at);
  });

  const markRetry = db.transaction((id: number, error: string, nextAttemptAt: string) => {
    settle(id, () => sql.retry.run(truncateError(error), nextAttemptAt, id));
  });

  const postpone = db.transaction((id: number, nextAttemptAt: string) => {
    settle(id, () => sql.postpone.run(nextAttemptAt, id));
  });

  const markFailed = db.transaction((id: number, error: string, at: string, followUps: readonly NewOutboxMessage[]) => {
    if (settle(id, () => sql.failed.run(truncateError(error), id))) insert(followUps, null, at);
  });

  type Nudge = Parameters<NudgeStore['recordNudges']>[0][number];
  const recordNudges = db.transaction((nudges: readonly Nudge[], now: string): number => {
    let added = 0;
    for (const { recipient, subscriptionId, message } of nudges) {
      const { changes } = sql.insertNudge.run(recipient.tenantId, recipient.aadObjectId, subscriptionId, now);
      if (changes === 1) {
        insert([message], null, now);
        added += 1;
      }
    }
    return added;
  });

  type Digest = Parameters<NudgeStore['recordDigests']>[0][number];
  const recordDigests = db.transaction((digests: readonly Digest[], now: string): number => {
    let queued = 0;
    for (const { recipient, subscriptionIds, message } of digests) {
      let fresh = 0;
      for (const id of new Set(subscriptionIds)) {
        fresh += sql.insertNudge.run(recipient.tenantId, recipient.aadObjectId, id, now).changes;
      }
      if (fresh === 0) continue;
      insert([message], null, now);
      queued += 1;
    }
    return queued;
  });

  const dismissNudges = db.transaction((recipient: TeamsRecipient, ids: readonly string[], at: string): void => {
    for (const id of new Set(ids)) sql.dismiss.run(recipient.tenantId, recipient.aadObjectId, id, at);
  });

  const reofferUndelivered = db.transaction(
    (recipient: TeamsRecipient, subscriptionIds: readonly string[], at: string): number => {
      let due = 0;
      for (const id of new Set(subscriptionIds))
        due += sql.reoffer.run(at, recipient.tenantId, recipient.aadObjectId, id).changes;
      return due;
    },
  );

  return {
    insert,

    async enqueue(messages, now) {
      enqueue.immediate(messages, instant(now, 'now'));
    },

    async claimDue(now, leaseUntil, limit) {
      instant(now, 'now');
      instant(leaseUntil, 'leaseUntil');
      if (!(Number.isInteger(limit) && limit >= 0))
        throw new RangeError(`limit must be a non-negative integer, got ${limit}`);
      // A lease that has already run out would let the next pass claim the message while it is being sent.
      if (leaseUntil <= now) throw new RangeError(`leaseUntil (${leaseUntil}) must be after now (${now})`);
      return claim.immediate(now, leaseUntil, limit);
    },

    async markSent(id, at, followUps, delivered) {
      markSent.immediate(id, instant(at, 'at'), followUps, deliveredColumn(delivered));
    },

    async markRetry(id, error, nextAttemptAt) {
      markRetry.immediate(id, error, instant(nextAttemptAt, 'nextAttemptAt'));
    },

    async postpone(id, nextAttemptAt) {
      postpone.immediate(id, instant(nextAttemptAt, 'nextAttemptAt'));
    },

    async markFailed(id, error, at, followUps) {
      markFailed.immediate(id, error, instant(at, 'at'), followUps);
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

    async recordNudges(nudges, now) {
      return recordNudges.immediate(nudges, instant(now, 'now'));
    },

    async recordDigests(digests, now) {
      return recordDigests.immediate(digests, instant(now, 'now'));
    },

    async dismissNudges(recipient, subscriptionIds, at) {
      dismissNudges.immediate(recipient, subscriptionIds, instant(at, 'at'));
    },

    async dismissedSubscriptions(recipient) {
      return sql.dismissed.all(recipient.tenantId, recipient.aadObjectId);
    },

    async digestUndelivered(recipient, at) {
      sql.digestUndelivered.run(instant(at, 'at'), recipient.tenantId, recipient.aadObjectId);
    },

    async dismissNudge(recipient, subscriptionId, at) {
      sql.dismiss.run(recipient.tenantId, recipient.aadObjectId, subscriptionId, instant(at, 'at'));
    },

    async isDismissed(recipient, subscriptionId) {
      return sql.isDismissed.get(recipient.tenantId, recipient.aadObjectId, subscriptionId) === 1;
    },

    async nudgeUndelivered(recipient, subscriptionId, at) {
      sql.undelivered.run(instant(at, 'at'), recipient.tenantId, recipient.aadObjectId, subscriptionId);
    },

    async reofferUndelivered(recipient, subscriptionIds, at) {
      return reofferUndelivered.immediate(recipient, subscriptionIds, instant(at, 'at'));
    },
  };
}
