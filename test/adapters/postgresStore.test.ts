import assert from 'node:assert/strict';
import { pgMigrations, type PgMigration } from '../../bot/adapters/postgres/migrations';
import { COMMIT_PROBE_MS, type PostgresStore } from '../../bot/adapters/postgres/postgresStore';
import { isOutcomeUnknown, UpstreamUnavailableError, type NewOutboxMessage } from '../../bot/core';
import { assignmentStoreContract, type StoreHarness } from '../contracts/assignmentStore.contract';
import { change, P1, P2, TENANT_A } from '../contracts/fixtures';
import { isOutage } from '../../bot/adapters/postgres/connection';
import { eventually } from '../support/eventually';
import { loseNextCommit } from '../support/lostCommit';
import {
  adminQuery,
  dropRunSchemas,
  dropSchema,
  freshSchema,
  openTestStore,
  requirePostgres,
} from '../support/postgres';

const T = (minutes: number): string => new Date(Date.UTC(2025, 0, 1, 10, minutes)).toISOString();

function nudgeMessage(subscriptionId: string): NewOutboxMessage {
  const to = { tenantId: TENANT_A, aadObjectId: 'aad-owner' };
  return {
    channel: 'teams',
    tenantId: TENANT_A,
    subscriptionId,
    payload: { kind: 'nudge', to, subscriptionId, service: 'Azure', subscriptionName: subscriptionId },
  };
}

describe('PostgreSQL store (TEST_DATABASE_URL)', () => {
  let url = '';

  before(function () {
    url = requirePostgres(this);
  });
  after(async () => {
    if (url) await dropRunSchemas(url);
  });

  async function postgresHarness(): Promise<StoreHarness> {
    const schema = freshSchema();
    let store = await openTestStore(url, schema);
    return {
      store,
      async reopen() {
        await store.close();
        store = await openTestStore(url, schema);
        return store;
      },
      async cleanup() {
        await store.close();
        await dropSchema(url, schema);
      },
    };
  }

  assignmentStoreContract('PostgreSQL store', postgresHarness);

  describe('PostgreSQL specifics', () => {
    let schema: string;
    const opened: PostgresStore[] = [];
    /** A store on this test's schema: as many as a test wants, each with its own pool, like bot processes. */
    const open = async (overrides = {}) => {
      const store = await openTestStore(url, schema, overrides);
      opened.push(store);
      return store;
    };

    beforeEach(() => {
      schema = freshSchema();
    });
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
      await dropSchema(url, schema);
    });

    it('keeps its tables in its own schema and records each migration once', async () => {
      await open();
      const tables = await adminQuery<{ table_name: string }>(
        url,
        'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
        [schema],
      );
      assert.deepEqual(
        tables.map((t) => t.table_name),
        [
          'assignments',
          'audit_log',
          'conversations',
          'idempotency',
          'nudges',
          'outbox',
          'pacer_lanes',
          'pacer_sends',
          'pacer_throttles',
          'pacer_waiting',
          'partner_answers',
          'pending_prompts',
          'rate_limit_keys',
          'rate_limit_log',
          'schema_version',
          'signing_keys',
        ],
      );
      const versions = await adminQuery<{ version: number }>(
        url,
        `SELECT version FROM "${schema}".schema_version ORDER BY version`,
      );
      assert.deepEqual(
        versions.map((v) => v.version),
        pgMigrations.map((m) => m.version),
      );
    });

    it('migrates once when two instances start together, under the advisory lock', async () => {
      const runs = new Map<number, number>();
      const counted: PgMigration[] = pgMigrations.map((m) => ({
        ...m,
        async up(client) {
          runs.set(m.version, (runs.get(m.version) ?? 0) + 1);
          // Slow enough that both instances are migrating at the same moment without the lock.
          await client.query('SELECT pg_sleep(0.2)');
          await m.up(client);
        },
      }));
      const [a, b] = await Promise.all([open({ migrations: counted }), open({ migrations: counted })]);
      assert.deepEqual(
        [...runs.entries()].sort(([x], [y]) => x - y),
        pgMigrations.map((m) => [m.version, 1]),
      );
      // Both serve the same data.
      assert.equal((await a.applyChange(change())).outcome, 'applied');
      assert.equal((await b.getAssignments(TENANT_A, ['sub-1'])).get('sub-1')?.version, 1);
    });

    it('upgrades a schema at version 2, its nudges kept as offered once', async () => {
      const old = await open({ migrations: pgMigrations.slice(0, 2) });
      await old.close();
      await adminQuery(
        url,
        `INSERT INTO "${schema}".nudges (tenant_id, aad_object_id, subscription_id, nudged_at) VALUES ($1, 'aad-owner', 's-sent', $2)`,
        [TENANT_A, T(0)],
      );
      await adminQuery(
        url,
        `INSERT INTO "${schema}".nudges (tenant_id, aad_object_id, subscription_id, dismissed_at) VALUES ($1, 'aad-owner', 's-dismissed', $2)`,
        [TENANT_A, T(0)],
      );

      const store = await open();
      const versions = await adminQuery<{ version: number }>(
        url,
        `SELECT version FROM "${schema}".schema_version ORDER BY version`,
      );
      assert.deepEqual(
        versions.map((v) => v.version),
        pgMigrations.map((m) => m.version),
      );
      const owner = { tenantId: TENANT_A, aadObjectId: 'aad-owner' };
      const nudge = (subscriptionId: string) => ({
        recipient: owner,
        subscriptionId,
        message: nudgeMessage(subscriptionId),
      });
      assert.equal(
        await store.recordNudges([nudge('s-sent'), nudge('s-dismissed')], T(1)),
        0,
        'recorded before the upgrade: not offered again',
      );
      await store.nudgeUndelivered(owner, 's-sent', T(2));
      await store.nudgeUndelivered(owner, 's-dismissed', T(2));
      assert.equal(await store.reofferUndelivered(owner, ['s-sent', 's-dismissed'], T(3)), 1);
      assert.equal(await store.recordNudges([nudge('s-sent'), nudge('s-dismissed')], T(4)), 1);
      const rows = await adminQuery(
        url,
        `SELECT subscription_id, nudged_at, dismissed_at, undelivered_at, reoffer_at, reoffered_at FROM "${schema}".nudges ORDER BY subscription_id COLLATE "C"`,
      );
      assert.deepEqual(rows, [
        {
          subscription_id: 's-dismissed',
          nudged_at: null,
          dismissed_at: T(0),
          undelivered_at: null,
          reoffer_at: null,
          reoffered_at: null,
        },
        {
          subscription_id: 's-sent',
          nudged_at: T(0),
          dismissed_at: null,
          undelivered_at: null,
          reoffer_at: null,
          reoffered_at: T(4),
        },
      ]);
    });

    it('upgrades a schema at version 9: its chats read as English, in no time zone, until they say', async () => {
      const old = await open({ migrations: pgMigrations.filter((m) => m.version <= 9) });
      await old.close();
      await adminQuery(
        url,
        `INSERT INTO "${schema}".conversations (tenant_id, aad_object_id, conversation_id, reference, updated_at)
         VALUES ($1, 'aad-owner', 'conv-1', '{"locale":"de-DE"}', $2)`,
        [TENANT_A, T(0)],
      );

      const store = await open();
      const saved = {
        tenantId: TENANT_A,
        aadObjectId: 'aad-owner',
        conversationId: 'conv-1',
        reference: { locale: 'de-DE' },
        updatedAt: T(0),
      };
      assert.deepEqual(await store.getReference(TENANT_A, 'aad-owner'), saved);
      await store.saveReference({ ...saved, language: 'de', timeZone: 'Europe/Berlin' });
      assert.deepEqual(await store.getReference(TENANT_A, 'aad-owner'), {
        ...saved,
        language: 'de',
        timeZone: 'Europe/Berlin',
      });
    });

    it('refuses to start on a database a newer build migrated, naming both versions', async () => {
      const first = await open();
      await first.close();
      await adminQuery(
        url,
        `INSERT INTO "${schema}".schema_version (version, name, applied_at) VALUES (99, 'from the future', '2030-01-01T00:00:00.000Z')`,
      );
      const known = pgMigrations.at(-1)!.version;
      await assert.rejects(open(), (err: Error) => {
        assert.match(err.message, new RegExp(`version 99, newer than this build knows \\(${known}\\)`));
        assert.match(err.message, /refusing to start/);
        return true;
      });
    });

    it('gives up on an unreachable database after the start-up timeout, naming the host and not the password', async () => {
      const started = Date.now();
      await assert.rejects(
        openTestStore('postgres://bot:s3cret-password@127.0.0.1:1/test', freshSchema(), { connectTimeoutMs: 1200 }),
        (err: Error) => {
          assert.match(err.message, /PostgreSQL at 127\.0\.0\.1:1 did not answer within 1 s/);
          assert.doesNotMatch(err.message, /s3cret/);
          return true;
        },
      );
      const took = Date.now() - started;
      assert.ok(took >= 1000 && took < 5000, `retried for ${took} ms`);
    });

    it('applies a change once when many connections of two instances send the same idempotency key', async () => {
      const [a, b] = await Promise.all([open(), open()]);
      const c = change({ idempotencyKey: 'double-tap', outbox: [nudgeMessage('sub-1')] });
      const results = await Promise.all(Array.from({ length: 16 }, (_, i) => (i % 2 ? a : b).applyChange({ ...c })));
      const applied = results.filter((r) => r.outcome === 'applied');
      const duplicates = results.filter((r) => r.outcome === 'duplicate');
      assert.equal(applied.length, 1);
      assert.equal(duplicates.length, 15);
      const auditId = applied[0]!.outcome === 'applied' ? applied[0]!.audit.id : -1;
      for (const d of duplicates) if (d.outcome === 'duplicate') assert.equal(d.audit.id, auditId);
      assert.equal((await a.history(TENANT_A, 'sub-1')).length, 1);
      const [counts] = await adminQuery<{ audit: number; keys: number; outbox: number }>(
        url,
        `SELECT (SELECT count(*) FROM "${schema}".audit_log)::int AS audit, (SELECT count(*) FROM "${schema}".idempotency)::int AS keys,
                (SELECT count(*) FROM "${schema}".outbox)::int AS outbox`,
      );
      assert.deepEqual(counts, { audit: 1, keys: 1, outbox: 1 });
    });

    it('lets one of many changes from the same version win across instances, the others stale', async () => {
      const [a, b] = await Promise.all([open(), open()]);
      // From version 0 (the first insert decides) and from version 1 (the conditional update decides).
      for (const expectedVersion of [0, 1]) {
        const results = await Promise.all(
          Array.from({ length: 12 }, (_, i) =>
            (i % 2 ? a : b).applyChange(
              change({
                kind: expectedVersion ? 'change' : 'attach',
                expectedVersion,
                newPartnerId: i % 3 ? P1 : P2,
                actorName: `tap ${i}`,
              }),
            ),
          ),
        );
        assert.equal(results.filter((r) => r.outcome === 'applied').length, 1, `from version ${expectedVersion}`);
        assert.equal(results.filter((r) => r.outcome === 'stale').length, 11);
        for (const r of results) if (r.outcome === 'stale') assert.equal(r.current.version, expectedVersion + 1);
      }
      const history = await a.history(TENANT_A, 'sub-1');
      assert.deepEqual(
        history.map((h) => h.version),
        [2, 1],
      );
      assert.equal(
        history[0]!.oldPartnerId,
        history[1]!.newPartnerId,
        'the audit names the partner the winner replaced',
      );
    });

    it('never gives two claimers the same message, and reclaims one whose lease ran out', async () => {
      const [a, b] = await Promise.all([open(), open()]);
      await a.enqueue(
        Array.from({ length: 60 }, (_, i) => nudgeMessage(`s-${i}`)),
        T(0),
      );

      const claimedBy = new Map<number, string>();
      const drain = async (store: PostgresStore, name: string) => {
        for (;;) {
          const batch = await store.claimDue(T(1), T(10), 4);
          if (batch.length === 0) return;
          for (const m of batch) {
            assert.ok(!claimedBy.has(m.id), `message ${m.id} claimed by ${claimedBy.get(m.id)} and ${name}`);
            claimedBy.set(m.id, name);
          }
        }
      };
      await Promise.all([drain(a, 'a1'), drain(b, 'b1'), drain(a, 'a2'), drain(b, 'b2')]);
      assert.equal(claimedBy.size, 60);

      // Instance a "died" holding leases until T(10): nothing is claimable before, everything at T(10).
      assert.deepEqual(await b.claimDue(T(9), T(20), 100), []);
      const reclaimed = await b.claimDue(T(10), T(20), 100);
      assert.deepEqual(
        reclaimed.map((m) => m.id).sort((x, y) => x - y),
        [...claimedBy.keys()].sort((x, y) => x - y),
      );
      assert.deepEqual(await a.claimDue(T(11), T(30), 100), []);
    });

    it('records a nudge once when every instance runs the nudge pass at once', async () => {
      const stores = await Promise.all([open(), open(), open()]);
      const nudges = (order: number[]) =>
        order.map((i) => ({
          recipient: { tenantId: TENANT_A, aadObjectId: 'aad-owner' },
          subscriptionId: `s-${i}`,
          message: nudgeMessage(`s-${i}`),
        }));
      const added = await Promise.all(
        stores.map((s, i) => s.recordNudges(nudges(i % 2 ? [0, 1, 2, 3, 4, 5] : [5, 4, 3, 2, 1, 0]), T(0))),
      );
      assert.equal(
        added.reduce((x, y) => x + y, 0),
        6,
      );
      assert.equal((await stores[0]!.claimDue(T(1), T(2), 100)).length, 6);
    });

    describe('when the database goes away while running', () => {
      let roleName: string;

      beforeEach(async () => {
        roleName = `${schema}_role`;
        await adminQuery(url, `CREATE ROLE "${roleName}" LOGIN`);
        const database = new URL(url).pathname.slice(1);
        await adminQuery(url, `GRANT CREATE ON DATABASE "${database}" TO "${roleName}"`);
      });
      afterEach(async () => {
        await adminQuery(url, `ALTER ROLE "${roleName}" LOGIN`);
        await adminQuery(url, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1`, [roleName]);
        await dropSchema(url, schema);
        const database = new URL(url).pathname.slice(1);
        await adminQuery(url, `REVOKE CREATE ON DATABASE "${database}" FROM "${roleName}"`);
        await adminQuery(url, `DROP ROLE "${roleName}"`);
      });

      it('reports unhealthy and rejects calls after its connections are killed, and recovers after', async () => {
        const asRole = new URL(url);
        asRole.username = roleName;
        asRole.password = '';
        const store = await open({ url: asRole.toString() });
        assert.equal(await store.health(), 'open');
        await store.applyChange(change());

        // The server ends every connection of the bot, and (as during a failover) accepts no new ones.
        await adminQuery(url, `ALTER ROLE "${roleName}" NOLOGIN`);
        const killed = await adminQuery<{ pg_terminate_backend: boolean }>(
          url,
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1',
          [roleName],
        );
        assert.ok(killed.length > 0, 'the store had a connection to kill');
        await eventually(async () => assert.equal(await store.health(), 'down'));
        await assert.rejects(store.getAssignments(TENANT_A, ['sub-1']));
        await assert.rejects(store.applyChange(change({ kind: 'change', expectedVersion: 1, newPartnerId: P2 })));

        await adminQuery(url, `ALTER ROLE "${roleName}" LOGIN`);
        await eventually(async () => assert.equal(await store.health(), 'open'));
        // Nothing was half-written by the change that failed.
        assert.equal((await store.getAssignments(TENANT_A, ['sub-1'])).get('sub-1')?.version, 1);
        assert.equal((await store.history(TENANT_A, 'sub-1')).length, 1);
      });

      describe('at COMMIT', () => {
        let store: PostgresStore;
        const rows = async (table: 'audit_log' | 'idempotency' | 'outbox') =>
          Number((await adminQuery<{ n: string }>(url, `SELECT count(*)::text AS n FROM "${schema}".${table}`))[0]!.n);
        const lockOut = () => adminQuery(url, `ALTER ROLE "${roleName}" NOLOGIN`).then(() => undefined);
        const letIn = () => adminQuery(url, `ALTER ROLE "${roleName}" LOGIN`).then(() => undefined);

        beforeEach(async () => {
          const asRole = new URL(url);
          asRole.username = roleName;
          asRole.password = '';
          store = await open({ url: asRole.toString() });
        });

        it('answers a change committed whose answer was lost as applied, after asking the database', async () => {
          const c = change({ outbox: [nudgeMessage('sub-1')] });
          const lost = loseNextCommit(store.pool, { adminUrl: url, schema, key: c.idempotencyKey, fate: 'answerLost' });
          const result = await store.applyChange(c);
          assert.ok(isOutage(await lost), 'COMMIT failed as a lost connection');
          assert.equal(result.outcome, 'applied');
          if (result.outcome !== 'applied') return;
          // The answer is the data: the assignment, and the audit entry under that id.
          assert.deepEqual((await store.getAssignments(TENANT_A, ['sub-1'])).get('sub-1'), result.assignment);
          assert.deepEqual(await store.history(TENANT_A, 'sub-1'), [result.audit]);
          assert.equal(await rows('outbox'), 1);
          // The same change again is a repeat, with the same answer.
          const again = await store.applyChange(c);
          assert.equal(again.outcome, 'duplicate');
          if (again.outcome === 'duplicate') assert.deepEqual(again.audit, result.audit);
          assert.equal(await rows('audit_log'), 1);
        });

        it('answers a batch committed whose answer was lost as applied, each change once', async () => {
          const batch = ['sub-1', 'sub-2', 'sub-3'].map((id) =>
            change({ subscriptionId: id, idempotencyKey: `lost:${id}`, outbox: [nudgeMessage(id)] }),
          );
          // The first key in subscription order is the one the store asks about.
          const lost = loseNextCommit(store.pool, { adminUrl: url, schema, key: 'lost:sub-1', fate: 'answerLost' });
          const result = await store.applyChanges(batch);
          assert.ok(isOutage(await lost), 'COMMIT failed as a lost connection');
          assert.equal(result.outcome, 'applied');
          if (result.outcome !== 'applied') return;
          assert.deepEqual(
            result.results.map((r) => r.assignment.subscriptionId),
            ['sub-1', 'sub-2', 'sub-3'],
          );
          assert.deepEqual([await rows('audit_log'), await rows('outbox')], [3, 3]);
          const again = await store.applyChanges(batch);
          assert.equal(again.outcome, 'applied');
          if (again.outcome === 'applied') {
            assert.deepEqual(
              again.results.map((r) => r.outcome),
              ['duplicate', 'duplicate', 'duplicate'],
            );
          }
          assert.equal(await rows('audit_log'), 3);
        });

        it('answers a batch not committed with the "not answering" error, and wrote none of it', async () => {
          const batch = ['sub-1', 'sub-2'].map((id) => change({ subscriptionId: id, idempotencyKey: `gone:${id}` }));
          const lost = loseNextCommit(store.pool, { adminUrl: url, schema, key: 'gone:sub-1', fate: 'notCommitted' });
          const err = await store.applyChanges(batch).then(
            () => assert.fail('answered as if saved'),
            (e: unknown) => e,
          );
          assert.ok(isOutage(await lost), 'COMMIT failed as a lost connection');
          assert.ok(err instanceof UpstreamUnavailableError, String(err));
          assert.equal(err.outcome, 'nothingChanged');
          assert.deepEqual([await rows('idempotency'), await rows('audit_log')], [0, 0]);
          assert.equal((await store.applyChanges(batch)).outcome, 'applied');
          assert.equal(await rows('audit_log'), 2);
        });

        it('answers a change not committed with the "not answering" error, and wrote nothing', async () => {
          const c = change({ outbox: [nudgeMessage('sub-1')] });
          const lost = loseNextCommit(store.pool, {
            adminUrl: url,
            schema,
            key: c.idempotencyKey,
            fate: 'notCommitted',
          });
          const err = await store.applyChange(c).then(
            () => assert.fail('answered as if saved'),
            (e: unknown) => e,
          );
          assert.ok(isOutage(await lost), 'COMMIT failed as a lost connection');
          assert.ok(err instanceof UpstreamUnavailableError, String(err));
          assert.equal(err.upstream, 'store');
          assert.equal(err.outcome, 'nothingChanged');
          assert.deepEqual([await rows('idempotency'), await rows('audit_log'), await rows('outbox')], [0, 0, 0]);
          assert.equal((await store.getAssignments(TENANT_A, ['sub-1'])).size, 0);
          // The same change then goes through, once.
          assert.equal((await store.applyChange(c)).outcome, 'applied');
          assert.equal(await rows('audit_log'), 1);
        });

        it('says the outcome is unknown when the database cannot be asked, and the same change later gives the saved answer', async () => {
          const c = change();
          const lost = loseNextCommit(store.pool, {
            adminUrl: url,
            schema,
            key: c.idempotencyKey,
            fate: 'answerLost',
            before: lockOut,
          });
          const started = Date.now();
          const err = await store.applyChange(c).then(
            () => assert.fail('answered as if the database had been asked'),
            (e: unknown) => e,
          );
          assert.ok(isOutage(await lost), 'COMMIT failed as a lost connection');
          assert.ok(err instanceof UpstreamUnavailableError, String(err));
          assert.equal(err.outcome, 'unknown');
          assert.ok(isOutcomeUnknown(err));
          const took = Date.now() - started;
          assert.ok(took >= COMMIT_PROBE_MS - 100 && took < COMMIT_PROBE_MS + 3000, `gave up after ${took} ms`);

          await letIn();
          const again = await store.applyChange(c);
          assert.equal(again.outcome, 'duplicate');
          if (again.outcome === 'duplicate') assert.equal(again.assignment.partnerId, P1);
          assert.equal(await rows('audit_log'), 1);
        });
      });
    });
  });
});
