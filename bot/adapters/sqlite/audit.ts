import type { AuditEntry, AuditLog } from '../../core';
import { type AuditRow, checkAuditPage, checkLimit, toAudit } from '../sqlRows';
import type { SqliteDatabase } from './database';

/** A page of a tenant's audit log. Served by audit_log_by_tenant (tenant_id, id): this tenant's rows from afterId on, no sort. */
export const AUDIT_PAGE_SQL = `SELECT * FROM audit_log WHERE tenant_id = ? AND id > ? AND at >= ? ORDER BY id LIMIT ?`;

/** The audit log, read; assignments.ts writes it. */
export function createAuditLog({ db }: SqliteDatabase): AuditLog {
  const sql = {
    // LIMIT -1 is SQLite for "no limit", which keeps one statement for both cases.
    history: db.prepare<[string, string, number], AuditRow>(
      `SELECT * FROM audit_log WHERE tenant_id = ? AND subscription_id = ? ORDER BY id DESC LIMIT ?`,
    ),
    auditPage: db.prepare<[string, number, string, number], AuditRow>(AUDIT_PAGE_SQL),
    lastChanges: db.prepare<[string, string], AuditRow>(
      `SELECT a.* FROM audit_log a
       JOIN (SELECT MAX(id) AS id FROM audit_log WHERE tenant_id = ? GROUP BY subscription_id) newest
         ON a.id = newest.id
       WHERE a.tenant_id = ?`,
    ),
    auditByEventId: db.prepare<[string], AuditRow>('SELECT * FROM audit_log WHERE event_id = ?'),
  };

  return {
    async history(tenantId, subscriptionId, limit) {
      if (limit !== undefined) checkLimit(limit, 'history limit');
      return sql.history.all(tenantId, subscriptionId, limit ?? -1).map(toAudit);
    },

    async auditPage(tenantId, page) {
      checkAuditPage(page);
      // Every ISO instant sorts after '', so no `since` is every entry.
      return sql.auditPage.all(tenantId, page.afterId, page.since ?? '', page.limit).map(toAudit);
    },

    async lastChanges(tenantId) {
      const result = new Map<string, AuditEntry>();
      for (const row of sql.lastChanges.iterate(tenantId, tenantId)) result.set(row.subscription_id, toAudit(row));
      return result;
    },

    async changeByEventId(id) {
      const row = sql.auditByEventId.get(id);
      return row ? toAudit(row) : null;
    },
  };
}
