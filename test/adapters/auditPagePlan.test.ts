import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Client } from 'pg';
import { AUDIT_PAGE_SQL as PG_AUDIT_PAGE_SQL } from '../../bot/adapters/postgres/postgresStore';
import {
  AUDIT_PAGE_SQL as SQLITE_AUDIT_PAGE_SQL,
  openSqliteStore,
  SQLITE_FILE_NAME,
} from '../../bot/adapters/sqlite/sqliteStore';
import { tempDir } from '../support/botUnderTest';
import { dropRunSchemas, dropSchema, freshSchema, openTestStore, requirePostgres } from '../support/postgres';
import { planNodes, type PlanNode } from '../support/queryPlans';

/**
 * How each store plans a page of a tenant's audit log (the history as CSV), in a log shared by many tenants: from
 * the index made for it, in its order, sorting nothing, so each page reads its own rows whatever the log's size
 * (a thousand tenants here: for a tenant with a large share of the log, reading the primary key in order and
 * skipping other tenants' rows is as good, and PostgreSQL may choose it).
 */

const TENANT = 'tenant-3';

describe('audit page plan: SQLite', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("reads a tenant's page from audit_log_by_tenant, in id order, with no sort", async () => {
    await (await openSqliteStore({ dataDir: dir })).close();
    const db = new BetterSqlite3(path.join(dir, SQLITE_FILE_NAME));
    try {
      db.prepare(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50000)
         INSERT INTO audit_log (tenant_id, subscription_id, kind, old_partner_id, new_partner_id, actor_id, actor_name, at, version)
         SELECT 'tenant-' || (i % 1000), 'sub-' || (i % 300), 'attach', NULL, '1234567', 'actor', 'Actor',
                strftime('%Y-%m-%dT%H:%M:%fZ', '2025-01-01', '+' || i || ' seconds'), 1
         FROM n`,
      ).run();
      for (const when of ['before ANALYZE', 'after ANALYZE']) {
        const steps = (
          db.prepare(`EXPLAIN QUERY PLAN ${SQLITE_AUDIT_PAGE_SQL}`).all(TENANT, 100, '', 500) as { detail: string }[]
        ).map((r) => r.detail);
        assert.ok(
          steps.some((s) =>
            /^SEARCH audit_log USING INDEX audit_log_by_tenant \(tenant_id=\? AND (?:rowid|id)>\?\)$/.test(s),
          ),
          `${when}: ${steps.join(' | ')}`,
        );
        assert.ok(!steps.some((s) => /TEMP B-TREE/.test(s)), `${when}, a sort: ${steps.join(' | ')}`);
        db.exec('ANALYZE');
      }
    } finally {
      db.close();
    }
  });
});

describe('audit page plan: PostgreSQL (TEST_DATABASE_URL)', () => {
  let url = '';
  let schema = '';
  before(function () {
    url = requirePostgres(this);
  });
  afterEach(async () => {
    if (schema) await dropSchema(url, schema);
  });
  after(async () => {
    if (url) await dropRunSchemas(url);
  });

  it('pages a large tenant in index order with no sort, and a small one from audit_log_by_tenant; never a scan of the table', async () => {
    schema = freshSchema();
    await (await openTestStore(url, schema)).close();
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`SET search_path TO "${schema}"`);
      // Half the log is one large tenant's; the other half is spread over a thousand small ones.
      await client.query(
        `INSERT INTO audit_log (tenant_id, subscription_id, kind, old_partner_id, new_partner_id, actor_id, actor_name, at, version, event_id)
         SELECT CASE WHEN i % 2 = 0 THEN 'tenant-large' ELSE 'tenant-' || (i % 1000) END, 'sub-' || (i % 300), 'attach', NULL,
                '1234567', 'actor', 'Actor', to_char(timestamp '2025-01-01' + i * interval '1 second', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 1, gen_random_uuid()::text
         FROM generate_series(1, 100000) AS i`,
      );
      await client.query('ANALYZE audit_log');
      const planOf = async (tenant: string) => {
        const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
          `EXPLAIN (FORMAT JSON) ${PG_AUDIT_PAGE_SQL}`,
          [tenant, 100, '', 500],
        );
        const all = planNodes(rows[0]!['QUERY PLAN'][0].Plan);
        return {
          all,
          shape: all.map((n) => `${n['Node Type']}${n['Index Name'] ? ` using ${n['Index Name']}` : ''}`).join(' | '),
        };
      };
      const large = await planOf('tenant-large');
      assert.ok(
        large.all.some((n) => /^Index (Only )?Scan$/.test(n['Node Type'])),
        large.shape,
      );
      assert.ok(!large.all.some((n) => /Sort|Seq Scan/.test(n['Node Type'])), large.shape);
      // A small tenant's few rows may be fetched by bitmap and sorted: a sort of its own rows, not of the log.
      const small = await planOf('tenant-3');
      assert.ok(
        small.all.some((n) => n['Index Name'] === 'audit_log_by_tenant'),
        small.shape,
      );
      assert.ok(!small.all.some((n) => n['Node Type'] === 'Seq Scan'), small.shape);
    } finally {
      await client.end();
    }
  });
});
