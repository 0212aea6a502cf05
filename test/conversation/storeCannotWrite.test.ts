import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { startBot, DEMO, type BotUnderTest } from '../support/botUnderTest';
import { cardText, invokeCard } from '../support/cards';
import { ChannelServer } from '../support/channelServer';
import { eventually } from '../support/eventually';
import { mountTmpfs, unmountTmpfs } from '../support/fileSystems';
import { adminQuery, dropSchema, freshSchema, requirePostgres } from '../support/postgres';
import { skipSuite } from '../support/skipSuite';
import { callTabApi } from '../support/ssoTab';
import { storeSnapshot } from '../support/storeSnapshot';
import { TeamsUser } from '../support/teamsUser';

async function healthz(bot: BotUnderTest): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${bot.url}/healthz`);
  return { status: res.status, body: await res.json() };
}

const OUTAGE =
  /^The bot's database is not answering\nI could not reach the bot's database, so nothing was changed\. Please try again in a minute\./;

/**
 * The bot running while its store stops taking writes (`breakWrites`) and takes them again (`mendWrites`): the chat
 * and the tab say the store is not answering and nothing was changed, /healthz says read-only, nothing is written,
 * and once writes work /healthz is ok again and the same change goes through.
 */
async function writesFailThenWork(
  bot: BotUnderTest,
  breakWrites: () => Promise<void>,
  mendWrites: () => Promise<void>,
) {
  const channel = await new ChannelServer().start();
  try {
    const owner = new TeamsUser(bot.url, channel.url, DEMO.contoso, DEMO.users.owner, 'Ada Owner');
    const signIn = await callTabApi(bot, 'POST', '/api/tab/dev/sign-in', undefined, {
      tenantId: DEMO.contoso,
      aadObjectId: DEMO.users.owner,
    });
    const crm = DEMO.subscriptions.crm;
    const before = await storeSnapshot(bot.app.ports, DEMO.contoso);
    assert.deepEqual(await healthz(bot), { status: 200, body: { status: 'ok', store: 'open' } });

    await breakWrites();
    const attach = {
      mode: 'attach',
      subscriptionId: crm,
      version: 0,
      partnerId: DEMO.partners.wingtip,
      actionId: randomUUID(),
    };
    assert.match(cardText(invokeCard(await owner.press('submit', attach))), OUTAGE);
    assert.deepEqual(await healthz(bot), { status: 503, body: { status: 'unavailable', store: 'read-only' } });
    const tab = await callTabApi(bot, 'POST', `/api/tab/subscriptions/${crm}/attach`, signIn.body.token, {
      partnerId: DEMO.partners.litware,
      version: 0,
      requestId: randomUUID(),
    });
    assert.equal(tab.status, 503, JSON.stringify(tab.body));
    assert.equal(tab.body.error.code, 'upstreamUnavailable');
    assert.match(tab.body.error.message, /^I could not reach the bot's database, so nothing was changed\./);
    assert.equal(await storeSnapshot(bot.app.ports, DEMO.contoso), before, 'nothing was written');
    // Still read-only while nothing changed, however often it is asked.
    assert.equal((await healthz(bot)).status, 503);

    await mendWrites();
    await eventually(
      async () => assert.deepEqual(await healthz(bot), { status: 200, body: { status: 'ok', store: 'open' } }),
      10_000,
    );
    assert.match(cardText(invokeCard(await owner.press('submit', attach))), /Partner of record attached/);
  } finally {
    await channel.close();
  }
}

describe('a store that can no longer be written while the bot runs', () => {
  describe('SQLite: the disk is full (SQLITE_FULL)', () => {
    let mounted: string | null = null;
    let bot: BotUnderTest | undefined;
    before(function () {
      mounted = mountTmpfs('8m');
      if (!mounted)
        skipSuite(
          this,
          'this process may not mount a tmpfs (needs root with CAP_SYS_ADMIN), so a full disk cannot be made',
        );
    });
    after(async () => {
      await bot?.stop();
      if (mounted) unmountTmpfs(mounted);
    });

    it('answers with the store outage, says read-only, writes nothing, and recovers once space is freed', async () => {
      bot = await startBot({ dataDir: mounted! });
      const filler = path.join(mounted!, 'filler');
      await writesFailThenWork(
        bot,
        async () => {
          const fd = openSync(filler, 'w');
          try {
            const chunk = Buffer.alloc(64 * 1024, 1);
            // Until the file system says it is full.
            for (;;) writeSync(fd, chunk);
          } catch (err) {
            assert.equal((err as NodeJS.ErrnoException).code, 'ENOSPC');
          } finally {
            closeSync(fd);
          }
        },
        async () => rmSync(filler),
      );
    });
  });

  describe('PostgreSQL', () => {
    let adminUrl = '';
    let schema = '';
    let role = '';
    let database = '';
    let bot: BotUnderTest | undefined;

    /** Ends the bot's connections, so that its next ones start with the role's settings as they are now. */
    const reconnect = () =>
      adminQuery(adminUrl, 'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1', [role]);

    before(async function () {
      adminUrl = requirePostgres(this);
      database = new URL(adminUrl).pathname.slice(1);
    });
    beforeEach(async () => {
      schema = freshSchema();
      role = `${schema}_bot`;
      // A role of its own (a superuser writes whatever the privileges say), dropped afterwards.
      await adminQuery(adminUrl, `CREATE ROLE "${role}" LOGIN`);
      await adminQuery(adminUrl, `GRANT CREATE ON DATABASE "${database}" TO "${role}"`);
      const u = new URL(adminUrl);
      u.username = role;
      u.password = '';
      bot = await startBot({ env: { STORE: 'postgres', DATABASE_URL: u.toString(), DATABASE_SCHEMA: schema } });
    });
    afterEach(async () => {
      await bot?.stop();
      bot = undefined;
      await reconnect();
      await dropSchema(adminUrl, schema);
      await adminQuery(adminUrl, `REVOKE CREATE ON DATABASE "${database}" FROM "${role}"`);
      await adminQuery(adminUrl, `DROP ROLE "${role}"`);
    });

    /** After the connections were ended, the bot answers again (with new ones) before the test goes on. */
    const answering = () => eventually(async () => assert.equal((await healthz(bot!)).status, 200), 10_000);

    it('read-only mode (default_transaction_read_only, SQLSTATE 25006): the store outage, read-only, then recovers', async () => {
      await writesFailThenWork(
        bot!,
        async () => {
          await adminQuery(adminUrl, `ALTER ROLE "${role}" SET default_transaction_read_only = on`);
          await reconnect();
          await answering();
        },
        async () => {
          await adminQuery(adminUrl, `ALTER ROLE "${role}" RESET default_transaction_read_only`);
          await reconnect();
        },
      );
    });

    it('write privileges revoked (SQLSTATE 42501): the same', async () => {
      const tables = `ALL TABLES IN SCHEMA "${schema}"`;
      await writesFailThenWork(
        bot!,
        () => adminQuery(adminUrl, `REVOKE INSERT, UPDATE, DELETE ON ${tables} FROM "${role}"`).then(() => undefined),
        () => adminQuery(adminUrl, `GRANT INSERT, UPDATE, DELETE ON ${tables} TO "${role}"`).then(() => undefined),
      );
    });
  });
});
