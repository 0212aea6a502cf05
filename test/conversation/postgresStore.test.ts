import assert from 'node:assert/strict';
import { ChannelServer } from '../support/channelServer';
import { DEMO, startBot, tempDir, type BotUnderTest } from '../support/botUnderTest';
import { TeamsUser } from '../support/teamsUser';
import { cardText, findAction, invokeCard, lastSentCard } from '../support/cards';
import { adminQuery, dropSchema, freshSchema, requirePostgres } from '../support/postgres';
import { loseNextCommit } from '../support/lostCommit';
import type { PostgresStore } from '../../bot/adapters/postgres/postgresStore';
import { rmSync } from 'node:fs';

describe('conversation: the bot on PostgreSQL (TEST_DATABASE_URL)', () => {
  let url = '';
  let schema = '';
  let channel: ChannelServer;
  let dataDir: string;
  const bots: BotUnderTest[] = [];

  before(function () {
    url = requirePostgres(this);
  });
  beforeEach(async () => {
    schema = freshSchema();
    dataDir = tempDir();
    channel = await new ChannelServer().start();
  });
  afterEach(async () => {
    await Promise.all(bots.splice(0).map((b) => b.stop()));
    await channel.close();
    rmSync(dataDir, { recursive: true, force: true });
    await dropSchema(url, schema);
  });

  /** A bot process (in this one) on the shared schema; the data dir holds only the mail drop. */
  async function bot(): Promise<{ bot: BotUnderTest; owner: TeamsUser }> {
    const started = await startBot({ dataDir, env: { STORE: 'postgres', DATABASE_URL: url, DATABASE_SCHEMA: schema } });
    bots.push(started);
    return {
      bot: started,
      owner: new TeamsUser(started.url, channel.url, DEMO.contoso, DEMO.users.owner, 'Ada Owner'),
    };
  }

  async function status(owner: TeamsUser): Promise<string> {
    await owner.say('status');
    return cardText(lastSentCard(channel, owner.conversationId));
  }

  it('attaches a partner, and keeps it across a restart and on a second instance', async () => {
    const first = await bot();
    const enter = invokeCard(
      await first.owner.press('choose', { mode: 'attach', subscriptionId: DEMO.subscriptions.crm }),
    );
    assert.match(cardText(enter), /Dynamics 365 Customer Engagement/);
    const check = findAction(enter, 'Check ID');
    const confirm = invokeCard(
      await first.owner.press(check.verb, { ...check.data, partnerId: DEMO.partners.wingtip }),
    );
    assert.match(cardText(confirm), /Wingtip Partners/);
    const done = invokeCard(await first.owner.press('submit', findAction(confirm, 'Submit').data));
    assert.match(cardText(done), /Partner of record attached/);

    const attached =
      /Dynamics 365 Customer Engagement\nPartner of record: Wingtip Partners \(2345678\)\nAttached by Ada Owner/;
    // A second instance on the same database sees it at once.
    const second = await bot();
    assert.match(await status(second.owner), attached);

    // Both stop; a new one starts on the same database: nothing was lost.
    await Promise.all(bots.splice(0).map((b) => b.stop()));
    const restarted = await bot();
    assert.match(await status(restarted.owner), attached);
    const history = await restarted.bot.app.ports.store.history(DEMO.contoso, DEMO.subscriptions.crm);
    assert.deepEqual(
      history.map((h) => [h.kind, h.newPartnerId, h.actorName]),
      [['attach', DEMO.partners.wingtip, 'Ada Owner']],
    );
  });

  it('says it could not confirm a Submit whose COMMIT lost its answer, and Send again gives the saved answer, saved once', async () => {
    // The bot logs in as a role of its own, so the database can refuse it (NOLOGIN) and not the test.
    const role = `${schema}_bot`;
    const database = new URL(url).pathname.slice(1);
    await adminQuery(url, `CREATE ROLE "${role}" LOGIN`);
    try {
      await adminQuery(url, `GRANT CREATE ON DATABASE "${database}" TO "${role}"`);
      const asRole = new URL(url);
      asRole.username = role;
      asRole.password = '';
      const started = await startBot({
        dataDir,
        env: { STORE: 'postgres', DATABASE_URL: asRole.toString(), DATABASE_SCHEMA: schema },
      });
      bots.push(started);
      const owner = new TeamsUser(started.url, channel.url, DEMO.contoso, DEMO.users.owner, 'Ada Owner');
      const enter = invokeCard(await owner.press('choose', { mode: 'attach', subscriptionId: DEMO.subscriptions.crm }));
      const check = findAction(enter, 'Check ID');
      const confirm = invokeCard(await owner.press(check.verb, { ...check.data, partnerId: DEMO.partners.wingtip }));
      const submit = findAction(confirm, 'Submit');

      // COMMIT is carried out, its answer lost, and the database then refuses the bot while it asks.
      const lost = loseNextCommit((started.app.ports.store as PostgresStore).pool, {
        adminUrl: url,
        schema,
        key: `${DEMO.contoso}:${DEMO.subscriptions.crm}:${submit.data.actionId}`,
        fate: 'answerLost',
        before: () => adminQuery(url, `ALTER ROLE "${role}" NOLOGIN`).then(() => undefined),
      });
      const unconfirmed = invokeCard(await owner.press('submit', submit.data));
      assert.ok(await lost, 'COMMIT lost its answer');
      const text = cardText(unconfirmed);
      assert.match(
        text,
        /^I could not confirm the change\nThe bot's database stopped answering while I was saving your change, so it may or may not have been saved\./,
      );
      assert.doesNotMatch(text, /nothing was changed/i);
      const again = findAction(unconfirmed, 'Send again');
      assert.deepEqual(again, { verb: 'submit', data: submit.data }, 'the very same Submit, same action id');
      assert.ok(findAction(unconfirmed, 'Status'));

      // The database is back: Send again answers with the saved change, and nothing is written twice.
      await adminQuery(url, `ALTER ROLE "${role}" LOGIN`);
      const done = invokeCard(await owner.press(again.verb, again.data));
      assert.match(cardText(done), /Partner of record attached/);
      const audit = await adminQuery<{ new_partner_id: string }>(
        url,
        `SELECT new_partner_id FROM "${schema}".audit_log WHERE tenant_id = $1 AND subscription_id = $2`,
        [DEMO.contoso, DEMO.subscriptions.crm],
      );
      assert.deepEqual(audit, [{ new_partner_id: DEMO.partners.wingtip }], 'one audit row');
    } finally {
      await Promise.all(bots.splice(0).map((b) => b.stop()));
      await adminQuery(url, `ALTER ROLE "${role}" LOGIN`);
      await adminQuery(url, 'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1', [role]);
      await dropSchema(url, schema);
      await adminQuery(url, `REVOKE CREATE ON DATABASE "${database}" FROM "${role}"`);
      await adminQuery(url, `DROP ROLE "${role}"`);
    }
  });

  it('takes a Partner ID typed on one instance after another one asked for it', async () => {
    const a = await bot();
    const b = await bot();
    // One chat, whose messages the load balancer sends to either instance.
    (b.owner as { conversationId: string }).conversationId = a.owner.conversationId;
    invokeCard(await a.owner.press('choose', { mode: 'attach', subscriptionId: DEMO.subscriptions.intune }));
    // The open question lives in the database, so whichever instance gets the next message can answer it.
    await b.owner.say(DEMO.partners.litware);
    const confirm = lastSentCard(channel, b.owner.conversationId);
    assert.match(cardText(confirm), /Litware Advisory/);
  });
});
