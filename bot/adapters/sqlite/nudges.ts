import type { Database } from 'better-sqlite3';
import type { NudgeStore, TeamsRecipient } from '../../core';
import { instant } from '../sqlRows';
import type { SqliteDatabase } from './database';
import type { OutboxWriter } from './outbox';

type Nudge = Parameters<NudgeStore['recordNudges']>[0][number];
type Digest = Parameters<NudgeStore['recordDigests']>[0][number];

function prepareStatements(db: Database) {
  return {
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
}

/** Which owner was nudged about which subscription, dismissed it, or was never reached; with the nudges' messages. */
export function createNudges({ db, writeTransaction }: SqliteDatabase, insert: OutboxWriter): NudgeStore {
  const sql = prepareStatements(db);

  const recordNudges = writeTransaction((nudges: readonly Nudge[], now: string): number => {
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

  const recordDigests = writeTransaction((digests: readonly Digest[], now: string): number => {
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

  const dismissNudges = writeTransaction((recipient: TeamsRecipient, ids: readonly string[], at: string): void => {
    for (const id of new Set(ids)) sql.dismiss.run(recipient.tenantId, recipient.aadObjectId, id, at);
  });

  const reofferUndelivered = writeTransaction((recipient: TeamsRecipient, ids: readonly string[], at: string) => {
    let due = 0;
    for (const id of new Set(ids)) due += sql.reoffer.run(at, recipient.tenantId, recipient.aadObjectId, id).changes;
    return due;
  });

  return {
    async recordNudges(nudges, now) {
      return recordNudges(nudges, instant(now, 'now'));
    },

    async recordDigests(digests, now) {
      return recordDigests(digests, instant(now, 'now'));
    },

    async dismissNudges(recipient, subscriptionIds, at) {
      dismissNudges(recipient, subscriptionIds, instant(at, 'at'));
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
      return reofferUndelivered(recipient, subscriptionIds, instant(at, 'at'));
    },
  };
}
