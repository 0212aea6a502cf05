import type { PoolClient } from 'pg';
import {
  type ApplyResult,
  type Assignment,
  type AssignmentChange,
  type Assignments,
  type BatchChangeResult,
  UpstreamUnavailableError,
} from '../../core';
import { type AssignmentRow, type AuditRow, checkChange, checkChanges, toAssignment, toAudit } from '../sqlRows';
import { storedAuditId } from './commitProbe';
import { shortCause } from './connection';
import type { PostgresDatabase } from './database';
import { insertOutbox } from './outbox';

/** Thrown inside applyChange's transaction so it rolls back (giving up the idempotency key) and answers stale. */
class Stale {
  constructor(readonly current: Assignment) {}
}

/** Thrown at the end of applyChanges' transaction when any change was stale: it rolls back, nothing written. */
class StaleBatch {
  constructor(readonly stale: Assignment[]) {}
}

/** Assignments, changed with their audit entry, idempotency key and outbox messages in one transaction. */
export function createAssignments(database: PostgresDatabase): Assignments {
  /** COMMIT's answer was lost: the change's idempotency key tells whether it was written. */
  async function commitLost(change: AssignmentChange, result: ApplyResult, err: unknown): Promise<ApplyResult> {
    const stored = await storedAuditId(database.pool, change.idempotencyKey, database.log);
    if (stored === undefined) throw new UpstreamUnavailableError('store', shortCause(err), 'unknown');
    if (stored === null) return database.unreachable(err);
    // Written: by this transaction, or (it rolled back and the same action, sent twice, then won) by
    // another one, whose answer the ordinary path gives as a repeat.
    if (result.outcome === 'stale' || String(result.audit.id) !== stored) {
      return await database.transaction((client) => applyInTransaction(client, change));
    }
    return result;
  }

  /** As commitLost, for a batch: its first change's key tells whether the whole transaction was written. */
  async function batchCommitLost(
    ordered: readonly AssignmentChange[],
    results: Map<string, BatchChangeResult>,
    err: unknown,
  ): Promise<Map<string, BatchChangeResult>> {
    const first = ordered[0]!;
    const stored = await storedAuditId(database.pool, first.idempotencyKey, database.log);
    if (stored === undefined) throw new UpstreamUnavailableError('store', shortCause(err), 'unknown');
    if (stored === null) return database.unreachable(err);
    if (String(results.get(first.subscriptionId)?.audit.id) !== stored) {
      return await database.transaction((client) => applyAllInTransaction(client, ordered));
    }
    return results;
  }

  return {
    async getAssignments(tenantId, subscriptionIds) {
      const found = new Map<string, Assignment>();
      const wanted = [...new Set(subscriptionIds)];
      if (wanted.length === 0) return found;
      // One statement: every row from one snapshot, and the SQL text does not grow with the input.
      const { rows } = await database.query<AssignmentRow>(
        'SELECT * FROM assignments WHERE tenant_id = $1 AND subscription_id = ANY($2::text[])',
        [tenantId, wanted],
      );
      for (const row of rows) found.set(row.subscription_id, toAssignment(row));
      return found;
    },

    async applyChange(change) {
      checkChange(change);
      if (!Number.isSafeInteger(change.expectedVersion))
        throw new RangeError(`expectedVersion must be an integer, got ${change.expectedVersion}`);
      try {
        return await database.transaction(
          (client) => applyInTransaction(client, change),
          (result, err) => commitLost(change, result, err),
        );
      } catch (err) {
        if (err instanceof Stale) return { outcome: 'stale', current: err.current };
        throw err;
      }
    },

    async applyChanges(changes) {
      checkChanges(changes);
      for (const change of changes) {
        if (!Number.isSafeInteger(change.expectedVersion))
          throw new RangeError(`expectedVersion must be an integer, got ${change.expectedVersion}`);
      }
      // Rows are locked in one order, by subscription id, so two batches over the same rows cannot deadlock.
      const ordered = [...changes].sort((a, b) => (a.subscriptionId < b.subscriptionId ? -1 : 1));
      try {
        const results = await database.transaction(
          (client) => applyAllInTransaction(client, ordered),
          (written, err) => batchCommitLost(ordered, written, err),
        );
        return { outcome: 'applied', results: changes.map((c) => results.get(c.subscriptionId)!) };
      } catch (err) {
        if (err instanceof StaleBatch) return { outcome: 'stale', stale: err.stale };
        throw err;
      }
    },
  };
}

/**
 * Every change of a batch in one transaction, each as applyChange writes it. A stale one does not stop the
 * others being judged, so the answer names every stale subscription; then StaleBatch rolls all of it back.
 */
async function applyAllInTransaction(
  client: PoolClient,
  ordered: readonly AssignmentChange[],
): Promise<Map<string, BatchChangeResult>> {
  const results = new Map<string, BatchChangeResult>();
  const stale: Assignment[] = [];
  for (const change of ordered) {
    try {
      results.set(change.subscriptionId, (await applyInTransaction(client, change)) as BatchChangeResult);
    } catch (err) {
      if (!(err instanceof Stale)) throw err;
      stale.push(err.current);
    }
  }
  if (stale.length > 0) throw new StaleBatch(stale);
  return results;
}

async function applyInTransaction(client: PoolClient, change: AssignmentChange): Promise<ApplyResult> {
  const claimed = await claimKey(client, change);
  if (claimed.outcome === 'duplicate') return claimed;
  const { written, oldPartnerId } = await writeAssignment(client, change);
  // 3. The audit entry with the id the key already points at, then the messages the change owes.
  const audit = await client.query<AuditRow>(
    `INSERT INTO audit_log
       (id, tenant_id, subscription_id, kind, old_partner_id, new_partner_id, actor_id, actor_name, at, version, event_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     RETURNING *`,
    [
      claimed.auditId,
      change.tenantId,
      change.subscriptionId,
      change.kind,
      oldPartnerId,
      change.newPartnerId,
      change.actorId,
      change.actorName,
      change.at,
      written.version,
      change.eventId,
    ],
  );
  await insertOutbox(client, change.outbox, Number(claimed.auditId), change.at);
  return { outcome: 'applied', assignment: toAssignment(written), audit: toAudit(audit.rows[0]!) };
}

/**
 * 1. Claims the key, with the id the audit entry will get. The primary key decides: a second transaction with this
 *    key waits here until the first commits (then inserts nothing) or rolls back (then claims it). A key applied
 *    before answers as that first change did.
 */
async function claimKey(
  client: PoolClient,
  change: AssignmentChange,
): Promise<{ outcome: 'claimed'; auditId: string } | Extract<ApplyResult, { outcome: 'duplicate' }>> {
  const { tenantId, subscriptionId } = change;
  const claimed = await client.query<{ audit_id: string }>(
    `INSERT INTO idempotency (key, audit_id) VALUES ($1, nextval(pg_get_serial_sequence('audit_log', 'id')))
     ON CONFLICT (key) DO NOTHING
     RETURNING audit_id`,
    [change.idempotencyKey],
  );
  if (claimed.rowCount !== 0) return { outcome: 'claimed', auditId: claimed.rows[0]!.audit_id };
  const earlier = await client.query<AuditRow>(
    'SELECT a.* FROM idempotency i JOIN audit_log a ON a.id = i.audit_id WHERE i.key = $1',
    [change.idempotencyKey],
  );
  const audit = earlier.rows[0];
  if (!audit) throw new Error(`Idempotency key ${JSON.stringify(change.idempotencyKey)} has no audit entry`);
  // A key that belongs to another tenant's or subscription's change is a caller bug; answering would leak it.
  if (audit.tenant_id !== tenantId || audit.subscription_id !== subscriptionId) {
    throw new Error(
      `Idempotency key ${JSON.stringify(change.idempotencyKey)} was already used for a different subscription`,
    );
  }
  const row = await client.query<AssignmentRow>(
    'SELECT * FROM assignments WHERE tenant_id = $1 AND subscription_id = $2',
    [tenantId, subscriptionId],
  );
  if (!row.rows[0]) throw new Error(`Assignment missing for audited change ${audit.id}`);
  return { outcome: 'duplicate', assignment: toAssignment(row.rows[0]), audit: toAudit(audit) };
}

/** 2. Writes the assignment only if the version is still the expected one; the database decides. Else Stale. */
async function writeAssignment(
  client: PoolClient,
  change: AssignmentChange,
): Promise<{ written: AssignmentRow; oldPartnerId: string | null }> {
  const { tenantId, subscriptionId } = change;
  const directoryState: Assignment = {
    tenantId,
    subscriptionId,
    partnerId: change.initialPartnerId,
    version: 0,
    updatedAt: null,
    updatedBy: null,
  };
  if (change.expectedVersion === 0) {
    // Never stored: the first writer inserts; another one waits on the primary key, then inserts nothing.
    const inserted = await client.query<AssignmentRow>(
      `INSERT INTO assignments (tenant_id, subscription_id, partner_id, version, updated_at, updated_by)
       VALUES ($1, $2, $3, 1, $4, $5)
       ON CONFLICT (tenant_id, subscription_id) DO NOTHING
       RETURNING *`,
      [tenantId, subscriptionId, change.newPartnerId, change.at, change.actorName],
    );
    const written = inserted.rows[0];
    if (written) return { written, oldPartnerId: change.initialPartnerId };
    const current = await client.query<AssignmentRow>(
      'SELECT * FROM assignments WHERE tenant_id = $1 AND subscription_id = $2',
      [tenantId, subscriptionId],
    );
    throw new Stale(current.rows[0] ? toAssignment(current.rows[0]) : directoryState);
  }
  // The row is locked first (its newest committed state), for the partner it replaces; the conditional
  // UPDATE then writes only if that state has the expected version.
  const prior = await client.query<AssignmentRow>(
    'SELECT * FROM assignments WHERE tenant_id = $1 AND subscription_id = $2 FOR UPDATE',
    [tenantId, subscriptionId],
  );
  const updated = await client.query<AssignmentRow>(
    `UPDATE assignments SET partner_id = $3, version = version + 1, updated_at = $4, updated_by = $5
     WHERE tenant_id = $1 AND subscription_id = $2 AND version = $6
     RETURNING *`,
    [tenantId, subscriptionId, change.newPartnerId, change.at, change.actorName, change.expectedVersion],
  );
  const written = updated.rows[0];
  if (!written) throw new Stale(prior.rows[0] ? toAssignment(prior.rows[0]) : directoryState);
  return { written, oldPartnerId: prior.rows[0]!.partner_id };
}
