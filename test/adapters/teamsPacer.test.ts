import assert from 'node:assert/strict';
import { PostgresTeamsPacer } from '../../bot/adapters/postgres/postgresTeamsPacer';
import type { PostgresStore } from '../../bot/adapters/postgres/postgresStore';
import { CHAT_LIMITS, InMemoryTeamsPacer, TENANT_LIMITS } from '../../bot/adapters/rateLimit/teamsPacer';
import {
  ADA,
  assertWithin,
  BO,
  CY,
  DOCUMENTED_PER_CHAT,
  DOCUMENTED_PER_TENANT,
  drain,
  T0,
  teamsPacerContract,
} from '../contracts/teamsPacer.contract';
import { dropRunSchemas, dropSchema, freshSchema, openTestStore, requirePostgres } from '../support/postgres';

describe('Teams pacer (in memory)', () => {
  it('keeps below the limits it was given, which keep below the documented ones', () => {
    for (const [ours, documented] of [
      [CHAT_LIMITS, DOCUMENTED_PER_CHAT],
      [TENANT_LIMITS, DOCUMENTED_PER_TENANT],
    ] as const) {
      for (const limit of documented) {
        const same = ours.find((l) => l.windowMs === limit.windowMs);
        assert.ok(same && same.count < limit.count, `${limit.count} in ${limit.windowMs} ms`);
      }
    }
  });

  teamsPacerContract('in-memory pacer', async () => ({
    open: async () => new InMemoryTeamsPacer(),
    cleanup: async () => undefined,
  }));

  it('forgets the least recently paced chats beyond its bound', async () => {
    const pacer = new InMemoryTeamsPacer({ maxChats: 2 });
    for (let i = 1; i <= 5; i++) assert.equal(await pacer.turn(i, ADA, T0), 'now');
    assert.equal(typeof (await pacer.turn(6, ADA, T0)), 'number');
    await pacer.turn(7, BO, T0);
    await pacer.turn(8, CY, T0);
    // Ada's chat was forgotten: paced afresh.
    assert.equal(await pacer.turn(9, ADA, T0), 'now');
  });
});

describe('Teams pacer (PostgreSQL, TEST_DATABASE_URL)', function () {
  this.timeout(60_000);
  let url = '';
  const opened: PostgresStore[] = [];
  const schemas: string[] = [];

  before(function () {
    url = requirePostgres(this);
  });
  after(async () => {
    if (url) await dropRunSchemas(url);
  });

  /** A pacer on a store of its own on `schema`: as many as a test wants, each with its own pool, like instances. */
  async function pacerOn(schema: string): Promise<PostgresTeamsPacer> {
    const store = await openTestStore(url, schema);
    opened.push(store);
    return new PostgresTeamsPacer(store.db);
  }

  async function closeAll(): Promise<void> {
    await Promise.all(opened.splice(0).map((s) => s.close()));
    for (const schema of schemas.splice(0)) await dropSchema(url, schema);
  }

  teamsPacerContract('PostgreSQL pacer', async () => ({
    open: async () => {
      const schema = freshSchema();
      schemas.push(schema);
      return pacerOn(schema);
    },
    cleanup: closeAll,
  }));

  describe('instances on one schema', () => {
    let schema: string;
    beforeEach(() => {
      schema = freshSchema();
      schemas.push(schema);
    });
    afterEach(closeAll);

    it("keeps a chat's sends, offered by two instances in turn, within the per-chat limits between them", async () => {
      const pacers = [await pacerOn(schema), await pacerOn(schema)];
      const { sent } = await drain(
        (n) => pacers[n % 2]!,
        Array.from({ length: 40 }, (_, i) => ({ id: i + 1, to: ADA })),
      );
      assert.equal(sent.size, 40);
      // Each instance counting alone would let 5 a second through each, 10 together.
      assertWithin([...sent.values()], CHAT_LIMITS, 'one chat, two instances');
    });

    it('lets no more than 5 into one chat in a second when three instances ask at the same moment', async () => {
      const pacers = [await pacerOn(schema), await pacerOn(schema), await pacerOn(schema)];
      const turns = await Promise.all(Array.from({ length: 15 }, (_, i) => pacers[i % 3]!.turn(i + 1, ADA, T0)));
      assert.equal(turns.filter((t) => t === 'now').length, 5);
      const waiting = (turns.filter((t) => t !== 'now') as number[]).sort((a, b) => a - b);
      assert.equal(new Set(waiting).size, waiting.length, 'each waiting message has a turn of its own');
      assert.ok(
        waiting.every((t) => t >= T0 + 1_000),
        'none before the first second is over',
      );
    });

    it("keeps a tenant's chats, offered by two instances, within the per-tenant limit between them", async () => {
      const pacers = [await pacerOn(schema), await pacerOn(schema)];
      const people = Array.from({ length: 60 }, (_, i) => ({
        id: i + 1,
        to: { tenantId: 'tenant-a', aadObjectId: `person-${i}` },
      }));
      const { sent } = await drain((n) => pacers[n % 2]!, people);
      assertWithin([...sent.values()], TENANT_LIMITS, 'one tenant, two instances');
    });

    it('holds a chat for every instance after one of them saw Teams answer 429, the refused message first', async () => {
      const [a, b] = [await pacerOn(schema), await pacerOn(schema)];
      const until = T0 + 2_000;
      assert.equal(await a.turn(1, ADA, T0), 'now');
      await a.throttled(1, ADA, until, T0 + 10);
      const next = await b.turn(2, ADA, T0 + 20);
      assert.ok(typeof next === 'number' && next > until, 'the other instance holds the chat too');
      assert.equal(await b.turn(3, BO, T0 + 20), 'now', 'another chat of the tenant goes on');
      assert.equal(await b.turn(1, ADA, until), 'now', 'the refused message goes first, from either instance');
      // A second chat of the tenant refused on the other instance while the first waits: the tenant waits for both.
      await b.throttled(3, BO, T0 + 5_000, T0 + 30);
      await a.throttled(4, CY, T0 + 6_000, T0 + 40);
      assert.ok(((await b.turn(5, { tenantId: 'tenant-a', aadObjectId: 'dee' }, T0 + 50)) as number) >= T0 + 6_000);
    });
  });
});
