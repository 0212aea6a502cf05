import type { AuditLog } from '../../core';
import { type AuditRow, checkAuditPage, checkLimit, toAudit } from '../sqlRows';
import type { Db } from './database';

/** A page of a tenant's audit log. Served by audit_log_by_tenant (tenant_id, id): this tenant's rows from afterId on, no sort. */
export const AUDIT_PAGE_SQL =
  'SELECT * FROM audit_log WHERE tenant_id = $1 AND id > $2 AND at >= $3 ORDER BY id LIMIT $4';

/** The audit log, read; assignments.ts writes it. */
export function createAuditLog(db: Db): AuditLog {
  return {
    async history(tenantId, subscriptionId, limit) {
      if (limit !== undefined) checkLimit(limit, 'history limit');
      // LIMIT NULL is no limit.
      const { rows } = await db.query<AuditRow>(
        'SELECT * FROM audit_log WHERE tenant_id = $1 AND subscription_id = $2 ORDER BY id DESC LIMIT $3',
        [tenantId, subscriptionId, limit ?? null],
      );
      return rows.map(toAudit);
    },

    async auditPage(tenantId, page) {
      checkAuditPage(page);
      // Times are text in COLLATE "C", so '' is before every instant.
      const { rows } = await db.query<AuditRow>(AUDIT_PAGE_SQL, [tenantId, page.afterId, page.since ?? '', page.limit]);
      return rows.map(toAudit);
    },

    async lastChanges(tenantId) {
      const { rows } = await db.query<AuditRow>(
        'SELECT DISTINCT ON (subscription_id) * FROM audit_log WHERE tenant_id = $1 ORDER BY subscription_id, id DESC',
        [tenantId],
      );
      return new Map(rows.map((row) => [row.subscription_id, toAudit(row)]));
    },

    async changeByEventId(id) {
      const { rows } = await db.query<AuditRow>('SELECT * FROM audit_log WHERE event_id = $1', [id]);
      return rows[0] ? toAudit(rows[0]) : null;
    },
  };
}
