import assert from 'node:assert/strict';
import { PostgresActionRateLimiter } from '../../bot/adapters/postgres/postgresRateLimiter';
import type { PostgresStore } from '../../bot/adapters/postgres/postgresStore';
import { InMemoryActionRateLimiter } from '../../bot/adapters/rateLimit/inMemoryRateLimiter';
import { UpstreamUnavailableError, type Clock } from '../../bot/core';
import { ada, bo, ManualClock, rateLimiterContract, TENANT, takeMany } from '../contracts/rateLimiter.contract';
import {
  adminQuery,
  dropRunSchemas,
  dropSchema,
  freshSchema,
  openTestStore,
  requirePostgres,
} from '../support/postgres';

describe('action rate limiter (in memory)', () => {
  rateLimiterContract('in-memory limiter', async () => ({
    open: async (options) => new InMemoryActionRateLimiter(options),
    cleanup: async () => undefined,
  }));

  it('holds a bounded number of people: the least recently active is forgotten first', async () => {
    const clock = new ManualClock();
    const limiter = new InMemoryActionRateLimiter({ perUser: 1, perTenant: 1_000, clock, maxUsers: 2 });
    const people = ['p1', 'p2', 'p3'].map((aadObjectId) => ({ tenantId: TENANT, aadObjectId }));
    for (const p of people) assert.equal((await limiter.take(p)).allowed, true);
    assert.equal((await limiter.take(people[2]!)).allowed, false);
    assert.equal((await limiter.take(people[1]!)).allowed, false);
    assert.equal((await limiter.take(people[0]!)).allowed, true, 'p1 was forgotten to make room for p3');
  });
});

describe('action rate limiter (PostgreSQL, TEST_DATABASE_URL)', function () {
  this.timeout(60_000);
  let url = '';
  const opened: PostgresStore[] = [];
  const schemas: string[] = [];

  before(function () {
    url = requirePostgres(this);
  });
  after(async () => {
    if (url) await dropRunSchemas(url);
    await closeAll();
  });

  /** A limiter on a store of its own on `schema` (its own pool, as a bot process has). */
  async function limiterOn(schema: string, options: { perUser: number; perTenant: number; clock: Clock }) {
    const store = await openTestStore(url, schema);
    opened.push(store);
    return new PostgresActionRateLimiter(store.db, options);
  }

  async function closeAll(): Promise<void> {
    await Promise.all(opened.splice(0).map((s) => s.close()));
    for (const schema of schemas.splice(0)) await dropSchema(url, schema);
  }

  rateLimiterContract('PostgreSQL limiter', async () => ({
    open: async (options) => {
      const schema = freshSchema();
      schemas.push(schema);
      return limiterOn(schema, options);
    },
    cleanup: closeAll,
  }));

  describe('three instances on one schema', () => {
    let schema: string;
    let clock: ManualClock;
    beforeEach(() => {
      schema = freshSchema();
      schemas.push(schema);
      clock = new ManualClock();
    });
    afterEach(closeAll);

    const three = async (perUser = 30, perTenant = 300) =>
      Promise.all([0, 1, 2].map(() => limiterOn(schema, { perUser, perTenant, clock })));

    it("refuses a person's 31st action in a minute whichever instance gets it, and counts no refusal", async () => {
      const limiters = await three();
      for (let i = 0; i < 30; i++) {
        assert.equal((await limiters[i % 3]!.take(ada, { key: `a${i}` })).allowed, true, `action ${i + 1}`);
        clock.advance(1_000);
      }
      for (const limiter of limiters) {
        assert.deepEqual(await limiter.take(ada, { key: 'a30' }), { allowed: false, retryAfterSeconds: 30 });
      }
      assert.equal((await limiters[0]!.take(bo)).allowed, true, 'another person of the tenant is not held back');
      clock.advance(30_000);
      assert.equal((await limiters[2]!.take(ada, { key: 'a30' })).allowed, true, 'the first left the window');
      assert.equal((await limiters[1]!.take(ada)).allowed, false);
    });

    it('refuses all but 30 of 45 actions taken at the same moment through three instances', async () => {
      const limiters = await three();
      const decisions = await Promise.all(
        Array.from({ length: 45 }, (_, i) => limiters[i % 3]!.take(ada, { key: `k${i}` })),
      );
      assert.equal(decisions.filter((d) => d.allowed).length, 30);
    });

    it('lets a retried key pass on another instance, at the limit, without counting it again', async () => {
      const limiters = await three(2);
      assert.equal((await limiters[0]!.take(ada, { key: 'submit-1' })).allowed, true);
      assert.equal((await limiters[1]!.take(ada, { key: 'submit-2' })).allowed, true);
      assert.equal((await limiters[2]!.take(ada, { key: 'submit-3' })).allowed, false);
      for (const limiter of limiters) {
        assert.equal(
          (await limiter.take(ada, { key: 'submit-1' })).allowed,
          true,
          'the repeat passes on every instance',
        );
        assert.equal((await limiter.take(ada, { key: 'submit-2' })).allowed, true);
      }
      clock.advance(60_000);
      assert.deepEqual(
        (await takeMany(limiters[2]!, ada, 3)).map((d) => d.allowed),
        [true, true, false],
        'repeats were not counted',
      );
    });

    it('holds a tenant to 300 a minute across instances', async () => {
      const limiters = await three();
      const people = Array.from({ length: 12 }, (_, i) => ({ tenantId: TENANT, aadObjectId: `person-${i}` }));
      let allowed = 0;
      for (let round = 0; round < 26; round++) {
        const decisions = await Promise.all(people.map((p, i) => limiters[(round + i) % 3]!.take(p)));
        allowed += decisions.filter((d) => d.allowed).length;
      }
      assert.equal(allowed, 300, '12 people x 26 = 312 asked; the tenant allows 300');
      const refused = await limiters[1]!.take({ tenantId: TENANT, aadObjectId: 'someone-new' });
      assert.deepEqual(refused, { allowed: false, retryAfterSeconds: 60 });
      assert.equal((await limiters[0]!.take({ tenantId: 'another-tenant', aadObjectId: 'ada' })).allowed, true);
    });

    it('sweeps what left the window long ago as new actions come', async () => {
      const [limiter] = await three(1_000, 1_000);
      await takeMany(limiter!, ada, 40);
      clock.advance(3 * 60_000);
      await takeMany(limiter!, bo, 4);
      const [row] = await adminQuery<{ n: number }>(url, `SELECT count(*)::int AS n FROM "${schema}".rate_limit_log`);
      assert.equal(row!.n, 8, "Ada's 80 rows were swept by Bo's 4 takes; Bo's 8 remain");
    });
  });

  describe('when the database does not answer', () => {
    it('refuses as a store outage (UpstreamUnavailableError), never letting the action through uncounted', async () => {
      const schema = freshSchema();
      schemas.push(schema);
      const store = await openTestStore(url, schema, { statementTimeoutMs: 500 });
      opened.push(store);
      const limiter = new PostgresActionRateLimiter(store.db, {
        perUser: 30,
        perTenant: 300,
        clock: new ManualClock(),
      });
      // The tenant's lock held elsewhere: the take waits past the statement timeout, as for an unreachable server.
      const other = await store.pool.connect();
      try {
        await other.query('BEGIN');
        const lock = "SELECT pg_advisory_xact_lock(5262156, hashtext(current_schema() || ':' || $1))";
        await other.query(lock, [`t:${TENANT.toLowerCase()}`]);
        await assert.rejects(limiter.take(ada), UpstreamUnavailableError);
      } finally {
        await other.query('ROLLBACK');
        other.release();
      }
      assert.equal((await limiter.take(ada)).allowed, true);
    });
  });
});
