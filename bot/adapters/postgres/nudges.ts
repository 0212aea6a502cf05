import type { NewOutboxMessage, NudgeStore } from '../../core';
import { instant } from '../sqlRows';
import type { Db } from './database';
import { insertOutbox } from './outbox';

type Nudge = Parameters<NudgeStore['recordNudges']>[0][number];
type Digest = Parameters<NudgeStore['recordDigests']>[0][number];

/**
 * Records a nudge ($1 tenant, $2 person, $3 subscription, $4 now); one already recorded is queued again only when a
 * re-install made it due again (and nobody dismissed it since): its second and last offer. One row changed: queue.
 */
const RECORD_NUDGE_SQL = `
  INSERT INTO nudges (tenant_id, aad_object_id, subscription_id, nudged_at) VALUES ($1, $2, $3, $4)
  ON CONFLICT (tenant_id, aad_object_id, subscription_id) DO UPDATE SET
    reoffered_at = excluded.nudged_at, reoffer_at = NULL, undelivered_at = NULL
  WHERE nudges.reoffer_at IS NOT NULL AND nudges.dismissed_at IS NULL`;

/** Orders rows by person and subscription, the order every instance takes them in (see recordNudges). */
const byRow = <T extends { k: string }>(a: T, b: T) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0);
const rowKey = (tenantId: string, aadObjectId: string, subscriptionId: string) =>
  JSON.stringify([tenantId, aadObjectId, subscriptionId]);

/** Which owner was nudged about which subscription, dismissed it, or was never reached; with the nudges' messages. */
export function createNudges(db: Db): NudgeStore {
  return {
    recordNudges: (nudges, now) => recordNudges(db, nudges, now),
    recordDigests: (digests, now) => recordDigests(db, digests, now),

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

    reofferUndelivered: (recipient, subscriptionIds, at) => reofferUndelivered(db, recipient, subscriptionIds, at),
  };
}

async function recordNudges(db: Db, nudges: readonly Nudge[], now: string): Promise<number> {
  instant(now, 'now');
  if (nudges.length === 0) return 0;
  // Rows are inserted in one order on every instance, so two nudge passes at once wait for each other
  // instead of deadlocking over the same owners and subscriptions taken in different orders.
  const ordered = nudges
    .map((n, i) => ({ n, i, k: rowKey(n.recipient.tenantId, n.recipient.aadObjectId, n.subscriptionId) }))
    .sort((a, b) => byRow(a, b) || a.i - b.i);
  return db.transaction(async (client) => {
    // Messages go out in the order the nudges were given.
    const added: { i: number; message: NewOutboxMessage }[] = [];
    for (const { n, i } of ordered) {
      const { rowCount } = await client.query(RECORD_NUDGE_SQL, [
        n.recipient.tenantId,
        n.recipient.aadObjectId,
        n.subscriptionId,
        now,
      ]);
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
}

async function recordDigests(db: Db, digests: readonly Digest[], now: string): Promise<number> {
  instant(now, 'now');
  if (digests.length === 0) return 0;
  // Rows are taken in one order on every instance (as recordNudges does), so concurrent passes do not deadlock.
  const rows = digests.flatMap((d, i) =>
    [...new Set(d.subscriptionIds)].map((id) => ({
      i,
      d,
      id,
      k: rowKey(d.recipient.tenantId, d.recipient.aadObjectId, id),
    })),
  );
  rows.sort(byRow);
  return db.transaction(async (client) => {
    const fresh = new Set<number>();
    for (const { i, d, id } of rows) {
      const { rowCount } = await client.query(RECORD_NUDGE_SQL, [
        d.recipient.tenantId,
        d.recipient.aadObjectId,
        id,
        now,
      ]);
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
}

async function reofferUndelivered(
  db: Db,
  recipient: Nudge['recipient'],
  subscriptionIds: readonly string[],
  at: string,
): Promise<number> {
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
}
