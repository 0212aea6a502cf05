import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Client } from 'pg';
import { CLAIM_DUE_SQL as PG_CLAIM_DUE_SQL } from '../../bot/adapters/postgres/outbox';
import { CLAIM_DUE_SQL as SQLITE_CLAIM_DUE_SQL } from '../../bot/adapters/sqlite/outbox';
import { openSqliteStore, SQLITE_FILE_NAME } from '../../bot/adapters/sqlite/sqliteStore';
import { tempDir } from '../support/botUnderTest';
import { dropRunSchemas, dropSchema, freshSchema, openTestStore, requirePostgres } from '../support/postgres';
import { planNodes, type PlanNode } from '../support/queryPlans';

/**
 * How each store plans the outbox claim, with many messages pending: the claim must read them from the index made
 * for it, in its order, and sort nothing. (A claim that sorts every pending row costs time in proportion to the
 * backlog, on every batch: with 145,000 pending, about 100 ms a batch of 20.) Plans, not timings: `npm run bench`
 * and scripts/outboxClaimTiming.ts measure the time.
 */

const NOW = '2025-01-02T00:00:00.000Z';
const LEASE_UNTIL = '2025-01-02T00:01:00.000Z';
const BATCH = 20;

describe('outbox claim plan: SQLite', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** The store's database with `pending` pending and `sent` sent messages, due a second apart over a day. */
  async function databaseWith(pending: number, sent: number): Promise<BetterSqlite3.Database> {
    const store = openSqliteStore({ dataDir: dir });
    await store.close();
    const db = new BetterSqlite3(path.join(dir, SQLITE_FILE_NAME));
    db.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
       INSERT INTO outbox (message_id, channel, tenant_id, subscription_id, payload, status, next_attempt_at, created_at, sent_at)
       SELECT '<m' || i || '@test>', 'teams', 'tenant-' || (i % 7), 'sub-' || (i % 300), '{}',
              CASE WHEN i <= ? THEN 'sent' ELSE 'pending' END,
              strftime('%Y-%m-%dT%H:%M:%fZ', '2025-01-01', '+' || (i % 86400) || ' seconds'),
              strftime('%Y-%m-%dT%H:%M:%fZ', '2025-01-01', '+' || (i % 86400) || ' seconds'),
              CASE WHEN i <= ? THEN '2025-01-01T00:00:00.000Z' END
       FROM n`,
    ).run(pending + sent, sent, sent);
    return db;
  }

  function plan(db: BetterSqlite3.Database): string[] {
    return (db.prepare(`EXPLAIN QUERY PLAN ${SQLITE_CLAIM_DUE_SQL}`).all(NOW, NOW, BATCH) as { detail: string }[]).map(
      (r) => r.detail,
    );
  }

  it('reads the claim from the pending-due index, in its order, with no sort', async () => {
    const db = await databaseWith(20_000, 20_000);
    try {
      for (const when of ['before ANALYZE', 'after ANALYZE']) {
        const steps = plan(db);
        assert.ok(
          steps.some((s) => /^SEARCH outbox USING INDEX outbox_pending_due \(next_attempt_at<\?\)$/.test(s)),
          `${when}: ${steps.join(' | ')}`,
        );
        assert.ok(!steps.some((s) => /TEMP B-TREE/.test(s)), `${when}, a sort: ${steps.join(' | ')}`);
        db.exec('ANALYZE');
      }
      // What the plan promises: the claim comes out due first, then in the order written.
      const rows = db.prepare(SQLITE_CLAIM_DUE_SQL).all(NOW, NOW, BATCH) as {
        id: number;
        next_attempt_at: string;
        status: string;
      }[];
      assert.equal(rows.length, BATCH);
      const expected = db
        .prepare(`SELECT id FROM outbox WHERE status = 'pending' ORDER BY next_attempt_at, id LIMIT ${BATCH}`)
        .pluck()
        .all();
      assert.deepEqual(
        rows.map((r) => r.id),
        expected,
      );
      // Indexes that no query uses are gone: the pending-due index replaced the one the claim sorted with.
      const indexes = db
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'outbox' AND sql IS NOT NULL ORDER BY name",
        )
        .pluck()
        .all();
      assert.deepEqual(indexes, ['outbox_by_change', 'outbox_pending_due', 'outbox_webhook_queue']);
    } finally {
      db.close();
    }
  });
});

describe('outbox claim plan: PostgreSQL (TEST_DATABASE_URL)', () => {
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

  it('with 50,000 pending (and as many sent), claims from the pending-due index with no sort and no scan of the table', async () => {
    schema = freshSchema();
    const store = await openTestStore(url, schema);
    await store.close();
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`SET search_path TO "${schema}"`);
      // Sent rows first (older, lower ids), as in a store that has been delivering for a while.
      await client.query(
        `INSERT INTO outbox (message_id, channel, tenant_id, subscription_id, payload, status, next_attempt_at, created_at, sent_at)
         SELECT '<m' || i || '@test>', 'teams', 'tenant-' || (i % 7), 'sub-' || (i % 300), '{}',
                CASE WHEN i <= 50000 THEN 'sent' ELSE 'pending' END,
                to_char(timestamp '2025-01-01' + (i % 86400) * interval '1 second', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                to_char(timestamp '2025-01-01' + (i % 86400) * interval '1 second', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                CASE WHEN i <= 50000 THEN '2025-01-01T00:00:00.000Z' END
         FROM generate_series(1, 100000) AS i`,
      );
      await client.query('ANALYZE outbox');
      const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
        `EXPLAIN (FORMAT JSON) ${PG_CLAIM_DUE_SQL}`,
        [NOW, LEASE_UNTIL, BATCH],
      );
      const all = planNodes(rows[0]!['QUERY PLAN'][0].Plan);
      const shape = all
        .map(
          (n) =>
            `${n['Node Type']}${n['Index Name'] ? ` using ${n['Index Name']}` : ''}${n['Relation Name'] ? ` on ${n['Relation Name']}` : ''}`,
        )
        .join(' | ');
      assert.ok(
        all.some((n) => /^Index (Only )?Scan$/.test(n['Node Type']) && n['Index Name'] === 'outbox_pending_due'),
        shape,
      );
      assert.ok(!all.some((n) => /Sort/.test(n['Node Type'])), `a sort: ${shape}`);
      assert.ok(
        !all.some((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === 'outbox'),
        `a scan of the outbox: ${shape}`,
      );

      const indexes = await client.query<{ indexname: string }>(
        'SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND tablename = $2 ORDER BY indexname',
        [schema, 'outbox'],
      );
      assert.deepEqual(
        indexes.rows.map((r) => r.indexname),
        ['outbox_by_change', 'outbox_message_id_key', 'outbox_pending_due', 'outbox_pkey', 'outbox_webhook_queue'],
      );
    } finally {
      await client.end();
    }
  });
});
