import assert from 'node:assert/strict';
import { ChannelServer } from '../support/channelServer';
import { startBot, DEMO, type BotUnderTest } from '../support/botUnderTest';
import { TeamsUser } from '../support/teamsUser';
import { cardText, findAction, invokeCard, sentCards } from '../support/cards';
import { eventually } from '../support/eventually';

const WITHOUT_PARTNER = [DEMO.subscriptions.crm, DEMO.subscriptions.ax7, DEMO.subscriptions.intune, DEMO.subscriptions.ems, DEMO.subscriptions.powerbi];

describe('notifications: nudges for subscriptions without a partner of record', () => {
  let channel: ChannelServer;
  let bot: BotUnderTest;
  let owner: TeamsUser;

  const nudgeCards = () => sentCards(channel, owner.conversationId).filter((c) => /has no partner of record$/m.test(cardText(c)));

  beforeEach(async () => {
    channel = await new ChannelServer().start();
    bot = await startBot({ background: true, env: { OUTBOX_POLL_MS: '50' } });
    owner = new TeamsUser(bot.url, channel.url, DEMO.contoso, DEMO.users.owner);
    await owner.install(); // the bot now has a conversation to nudge in
  });
  afterEach(async () => {
    await bot.stop();
    await channel.close();
  });

  it('sends the owner one card per subscription without a partner, once, however many passes run', async () => {
    assert.equal(await bot.app.nudges.runOnce(), WITHOUT_PARTNER.length);
    await channel.waitFor(() => nudgeCards().length === WITHOUT_PARTNER.length);
    assert.equal(await bot.app.nudges.runOnce(), 0);
    assert.equal(await bot.app.nudges.runOnce(), 0);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(nudgeCards().length, WITHOUT_PARTNER.length);
    const nudged = nudgeCards().map((c) => findAction(c, 'Attach a partner').data.subscriptionId).sort();
    assert.deepEqual(nudged, [...WITHOUT_PARTNER].sort());
    const powerBi = nudgeCards().find((c) => findAction(c, 'Attach a partner').data.subscriptionId === DEMO.subscriptions.powerbi)!;
    assert.match(cardText(powerBi), /^Power BI: Power BI Pro has no partner of record$/m);
    assert.match(powerBi.fallbackText, /^Power BI: Power BI Pro has no partner of record\./);
  });

  it('starts the normal attach flow from "Attach a partner", with the subscription chosen', async () => {
    await bot.app.nudges.runOnce();
    await channel.waitFor(() => nudgeCards().length === WITHOUT_PARTNER.length);
    const card = nudgeCards().find((c) => findAction(c, 'Attach a partner').data.subscriptionId === DEMO.subscriptions.ax7)!;
    const attach = findAction(card, 'Attach a partner');
    const enter = invokeCard(await owner.press(attach.verb, attach.data));
    assert.match(cardText(enter), /Subscription: AX7: Dynamics 365 Finance and Operations/);
    const confirm = invokeCard(await owner.press('check', { ...findAction(enter, 'Check ID').data, partnerId: DEMO.partners.wingtip }));
    assert.match(cardText(invokeCard(await owner.press('submit', findAction(confirm, 'Submit').data))), /Partner of record attached/);
  });

  it('"Not now" stops nudges for that subscription', async () => {
    await bot.app.nudges.runOnce();
    await channel.waitFor(() => nudgeCards().length === WITHOUT_PARTNER.length);
    const card = nudgeCards().find((c) => findAction(c, 'Not now').data.subscriptionId === DEMO.subscriptions.intune)!;
    const notNow = findAction(card, 'Not now');
    assert.match(cardText(invokeCard(await owner.press(notNow.verb, notNow.data))), /No more reminders about this one/);
    assert.equal(await bot.app.ports.store.isDismissed({ tenantId: DEMO.contoso, aadObjectId: DEMO.users.owner }, DEMO.subscriptions.intune), true);
    assert.equal(await bot.app.nudges.runOnce(), 0);
  });

  it('does not nudge about a subscription that has a partner, nor an owner without the bot', async () => {
    const confirmRemove = invokeCard(await owner.press('choose', { mode: 'remove', subscriptionId: DEMO.subscriptions.o365 }));
    invokeCard(await owner.press('remove', findAction(confirmRemove, 'Remove').data));
    // o365 lost its partner before the first pass: it is nudged; Azure kept its partner: it is not.
    assert.equal(await bot.app.nudges.runOnce(), WITHOUT_PARTNER.length + 1);
    await channel.waitFor(() => nudgeCards().length === WITHOUT_PARTNER.length + 1);
    const nudged = nudgeCards().map((c) => findAction(c, 'Attach a partner').data.subscriptionId);
    assert.ok(!nudged.includes(DEMO.subscriptions.azure));
    // Northwind's owner never installed the bot: nothing is queued for Northwind.
    const northwindOwner = new TeamsUser(bot.url, channel.url, DEMO.northwind, DEMO.users.northwindOwner);
    assert.equal(channel.messages(northwindOwner.conversationId).length, 0);
  });

  it('forgets a chat the bot was removed from (403) and carries on', async () => {
    channel.failConversations.set(owner.conversationId, 403);
    await bot.app.nudges.runOnce();
    await eventually(async () => assert.equal(await bot.app.ports.store.getReference(DEMO.contoso, DEMO.users.owner), null));
    assert.equal(nudgeCards().length, 0);
    // Reinstalled in a new chat: the bot can reach the owner again.
    channel.failConversations.clear();
    const again = new TeamsUser(bot.url, channel.url, DEMO.contoso, DEMO.users.owner);
    await again.install();
    assert.ok(await bot.app.ports.store.getReference(DEMO.contoso, DEMO.users.owner));
  });
});

describe('notifications: a queued nudge that became moot', () => {
  it('is not sent once a partner is attached or "Not now" was said before its turn came', async () => {
    const channel = await new ChannelServer().start();
    const bot = await startBot({ env: { OUTBOX_POLL_MS: '50' } }); // outbox not delivering yet
    try {
      const owner = new TeamsUser(bot.url, channel.url, DEMO.contoso, DEMO.users.owner);
      await owner.install();
      assert.equal(await bot.app.nudges.runOnce(), WITHOUT_PARTNER.length);

      const enter = invokeCard(await owner.press('choose', { mode: 'attach', subscriptionId: DEMO.subscriptions.crm }));
      const confirm = invokeCard(await owner.press('check', { ...findAction(enter, 'Check ID').data, partnerId: DEMO.partners.wingtip }));
      invokeCard(await owner.press('submit', findAction(confirm, 'Submit').data));
      invokeCard(await owner.press('dismissNudge', { subscriptionId: DEMO.subscriptions.intune }));

      bot.app.startBackgroundWork();
      const nudged = () =>
        sentCards(channel, owner.conversationId)
          .filter((c) => /has no partner of record$/m.test(cardText(c)))
          .map((c) => findAction(c, 'Attach a partner').data.subscriptionId as string);
      await channel.waitFor(() => nudged().length >= WITHOUT_PARTNER.length - 2);
      await new Promise((r) => setTimeout(r, 300));
      assert.deepEqual(nudged().sort(), [DEMO.subscriptions.ax7, DEMO.subscriptions.ems, DEMO.subscriptions.powerbi].sort());
    } finally {
      await bot.stop();
      await channel.close();
    }
  });
});
