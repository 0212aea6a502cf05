import assert from 'node:assert/strict';
import { ChannelServer } from '../support/channelServer';
import { DEMO, startBot, tempDir, type BotUnderTest } from '../support/botUnderTest';
import { TeamsUser } from '../support/teamsUser';
import { cardText, findAction, invokeCard, lastSentCard } from '../support/cards';
import { dropSchema, freshSchema, requirePostgres } from '../support/postgres';
import { rmSync } from 'node:fs';

describe('conversation: the bot on PostgreSQL (TEST_DATABASE_URL)', function () {
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
    return { bot: started, owner: new TeamsUser(started.url, channel.url, DEMO.contoso, DEMO.users.owner, 'Ada Owner') };
  }

  async function status(owner: TeamsUser): Promise<string> {
    await owner.say('status');
    return cardText(lastSentCard(channel, owner.conversationId));
  }

  it('attaches a partner, and keeps it across a restart and on a second instance', async () => {
    const first = await bot();
    const enter = invokeCard(await first.owner.press('choose', { mode: 'attach', subscriptionId: DEMO.subscriptions.crm }));
    assert.match(cardText(enter), /Dynamics 365 Customer Engagement/);
    const check = findAction(enter, 'Check ID');
    const confirm = invokeCard(await first.owner.press(check.verb, { ...check.data, partnerId: DEMO.partners.wingtip }));
    assert.match(cardText(confirm), /Wingtip Partners/);
    const done = invokeCard(await first.owner.press('submit', findAction(confirm, 'Submit').data));
    assert.match(cardText(done), /Partner of record attached/);

    const attached = /Dynamics 365 Customer Engagement\nPartner of record: Wingtip Partners \(2345678\)\nAttached by Ada Owner/;
    // A second instance on the same database sees it at once.
    const second = await bot();
    assert.match(await status(second.owner), attached);

    // Both stop; a new one starts on the same database: nothing was lost.
    await Promise.all(bots.splice(0).map((b) => b.stop()));
    const restarted = await bot();
    assert.match(await status(restarted.owner), attached);
    const history = await restarted.bot.app.ports.store.history(DEMO.contoso, DEMO.subscriptions.crm);
    assert.deepEqual(history.map((h) => [h.kind, h.newPartnerId, h.actorName]), [['attach', DEMO.partners.wingtip, 'Ada Owner']]);
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
