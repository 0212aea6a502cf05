import type {
  ApplyResult,
  Assignment,
  AssignmentChange,
  Assignments,
  BatchApplyResult,
  BatchChangeResult,
} from '../../core';
import { type AssignmentRow, type AuditRow, checkChange, checkChanges, toAssignment, toAudit } from '../sqlRows';
import type { Database } from 'better-sqlite3';
import type { SqliteDatabase } from './database';
import type { OutboxWriter } from './outbox';

/**
 * Below this many ids, primary-key lookups; above it, one scan of the tenant's rows filtered in memory.
 * Either way no SQL text grows with the input (SQLite caps bound parameters, and statements are prepared
 * once), and a status card for a 300-subscription tenant costs one indexed range read.
 */
const POINT_LOOKUP_LIMIT = 64;

type Statements = ReturnType<typeof prepareStatements>;

function prepareStatements(db: Database) {
  return {
    assignment: db.prepare<[string, string], AssignmentRow>(
      'SELECT * FROM assignments WHERE tenant_id = ? AND subscription_id = ?',
    ),
    tenantAssignments: db.prepare<[string], AssignmentRow>('SELECT * FROM assignments WHERE tenant_id = ?'),
    upsertAssignment: db.prepare<[string, string, string | null, number, string, string]>(
      `INSERT INTO assignments (tenant_id, subscription_id, partner_id, version, updated_at, updated_by)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (tenant_id, subscription_id) DO UPDATE SET
         partner_id = excluded.partner_id, version = excluded.version,
         updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    ),
    insertAudit: db.prepare<
      [string, string, string, string | null, string | null, string, string, string, number, string],
      AuditRow
    >(
      `INSERT INTO audit_log
         (tenant_id, subscription_id, kind, old_partner_id, new_partner_id, actor_id, actor_name, at, version, event_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       RETURNING *`,
    ),
    auditByKey: db.prepare<[string], AuditRow>(
      'SELECT a.* FROM idempotency i JOIN audit_log a ON a.id = i.audit_id WHERE i.key = ?',
    ),
    insertKey: db.prepare<[string, number]>('INSERT INTO idempotency (key, audit_id) VALUES (?, ?)'),
  };
}

/** Assignments, changed with their audit entry, idempotency key and outbox messages in one transaction. */
export function createAssignments({ db, writeTransaction }: SqliteDatabase, insertOutbox: OutboxWriter): Assignments {
  const sql = prepareStatements(db);

  // A read transaction so every row comes from the same snapshot, even while another process writes.
  const readAssignments = db.transaction((tenantId: string, ids: readonly string[]): Map<string, Assignment> => {
    const found = new Map<string, Assignment>();
    const wanted = new Set(ids);
    if (wanted.size <= POINT_LOOKUP_LIMIT) {
      for (const id of wanted) {
        const row = sql.assignment.get(tenantId, id);
        if (row) found.set(id, toAssignment(row));
      }
    } else {
      for (const row of sql.tenantAssignments.iterate(tenantId)) {
        if (wanted.has(row.subscription_id)) found.set(row.subscription_id, toAssignment(row));
      }
    }
    return found;
  });

  const apply = writeTransaction((change: AssignmentChange): ApplyResult => {
    const earlier = repeated(sql, change);
    if (earlier) return earlier;
    const before = current(sql, change);
    if (before.version !== change.expectedVersion) return { outcome: 'stale', current: before };
    return write(sql, insertOutbox, change, before);
  });

  // The write lock is held from the first read, so every version judged here is still current when written.
  const applyAll = writeTransaction((changes: readonly AssignmentChange[]): BatchApplyResult => {
    const stale: Assignment[] = [];
    for (const change of changes) {
      if (repeated(sql, change)) continue;
      const before = current(sql, change);
      if (before.version !== change.expectedVersion) stale.push(before);
    }
    if (stale.length > 0) return { outcome: 'stale', stale };
    const results = changes.map(
      (change) =>
        (repeated(sql, change) ?? write(sql, insertOutbox, change, current(sql, change))) as BatchChangeResult,
    );
    return { outcome: 'applied', results };
  });

  return {
    async getAssignments(tenantId, subscriptionIds) {
      return readAssignments(tenantId, subscriptionIds);
    },

    async applyChange(change) {
      checkChange(change);
      return apply(change);
    },

    async applyChanges(changes) {
      checkChanges(changes);
      return applyAll(changes);
    },
  };
}

/** The answer the key's first change got, when the key was applied before. */
function repeated(sql: Statements, change: AssignmentChange): ApplyResult | null {
  const earlier = sql.auditByKey.get(change.idempotencyKey);
  if (!earlier) return null;
  // A retried request must get back what the first one did; but a key that belongs to another
  // tenant's or subscription's change is a caller bug, and answering it would leak that change.
  if (earlier.tenant_id !== change.tenantId || earlier.subscription_id !== change.subscriptionId) {
    throw new Error(
      `Idempotency key ${JSON.stringify(change.idempotencyKey)} was already used for a different subscription`,
    );
  }
  const row = sql.assignment.get(change.tenantId, change.subscriptionId);
  if (!row) throw new Error(`Assignment missing for audited change ${earlier.id}`);
  return { outcome: 'duplicate', assignment: toAssignment(row), audit: toAudit(earlier) };
}

/** The stored assignment, or the directory's state of a subscription never stored. */
function current(sql: Statements, change: AssignmentChange): Assignment {
  const row = sql.assignment.get(change.tenantId, change.subscriptionId);
  return row
    ? toAssignment(row)
    : {
        tenantId: change.tenantId,
        subscriptionId: change.subscriptionId,
        partnerId: change.initialPartnerId,
        version: 0,
        updatedAt: null,
        updatedBy: null,
      };
}

/** Writes the change over `before`: the assignment, its audit entry, the key and the messages it owes. */
function write(sql: Statements, insertOutbox: OutboxWriter, change: AssignmentChange, before: Assignment): ApplyResult {
  const version = before.version + 1;
  const { tenantId, subscriptionId, newPartnerId, at, actorName } = change;
  sql.upsertAssignment.run(tenantId, subscriptionId, newPartnerId, version, at, actorName);
  const audit = sql.insertAudit.get(
    tenantId,
    subscriptionId,
    change.kind,
    before.partnerId,
    newPartnerId,
    change.actorId,
    actorName,
    at,
    version,
    change.eventId,
  );
  if (!audit) throw new Error('INSERT ... RETURNING gave no row');
  sql.insertKey.run(change.idempotencyKey, Number(audit.id));
  insertOutbox(change.outbox, Number(audit.id), at);
  return {
    outcome: 'applied',
    assignment: { tenantId, subscriptionId, partnerId: newPartnerId, version, updatedAt: at, updatedBy: actorName },
    audit: toAudit(audit),
  };
}
