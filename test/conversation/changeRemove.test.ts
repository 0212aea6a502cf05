import assert from 'node:assert/strict';
import { ChannelServer } from '../support/channelServer';
import { chatWithBot, startBot, DEMO, type BotUnderTest } from '../support/botUnderTest';
import { TeamsUser } from '../support/teamsUser';
import { actionTitles, cardText, choiceValues, findAction, invokeCard, lastSentCard } from '../support/cards';

describe('conversation: change and remove', () => {
  const chat = chatWithBot();

  it('changes a partner: shows the current one, checks the new ID, confirms, and keeps the history', async () => {
    await chat.owner.say('change partner');
    const picker = lastSentCard(chat.channel, chat.owner.conversationId);
    assert.deepEqual(choiceValues(picker).sort(), [DEMO.subscriptions.azure, DEMO.subscriptions.o365].sort());

    const enter = invokeCard(
      await chat.owner.press('choose', { ...findAction(picker, 'Next').data, subscriptionId: DEMO.subscriptions.o365 }),
    );
    assert.match(cardText(enter), /Current partner: Fabrikam Cloud Services \(1234567\)/);

    const confirm = invokeCard(
      await chat.owner.press('check', { ...findAction(enter, 'Check ID').data, partnerId: DEMO.partners.tailspin }),
    );
    assert.match(cardText(confirm), /Tailspin Consulting/);
    assert.match(cardText(confirm), /Current partner: Fabrikam Cloud Services/);

    const done = invokeCard(await chat.owner.press('submit', findAction(confirm, 'Submit').data));
    assert.match(cardText(done), /Partner of record changed/);
    assert.match(cardText(done), /Previous partner: Fabrikam Cloud Services \(1234567\)/);
    assert.deepEqual(actionTitles(done), ['Status', 'Change another', 'Microsoft 365 admin center']);
    assert.deepEqual(findAction(done, 'Change another'), { verb: 'start', data: { mode: 'change' } });

    const history = await chat.bot.app.ports.store.history(DEMO.contoso, DEMO.subscriptions.o365);
    assert.equal(history.length, 1);
    assert.equal(history[0]!.kind, 'change');
    assert.equal(history[0]!.oldPartnerId, DEMO.partners.fabrikam);
    assert.equal(history[0]!.newPartnerId, DEMO.partners.tailspin);
    assert.equal(history[0]!.actorName, 'Ada Owner');
  });

  it('refuses to "change" to the partner already attached, on the same card', async () => {
    const enter = invokeCard(
      await chat.owner.press('choose', { mode: 'change', subscriptionId: DEMO.subscriptions.o365 }),
    );
    const again = invokeCard(
      await chat.owner.press('check', { ...findAction(enter, 'Check ID').data, partnerId: DEMO.partners.fabrikam }),
    );
    assert.match(cardText(again), /already the partner of record/);
    assert.ok(actionTitles(again).includes('Check ID'), 'the person can correct the ID in place');
  });

  it('removes a partner after confirmation, leaving none', async () => {
    await chat.owner.say('remove partner');
    const picker = lastSentCard(chat.channel, chat.owner.conversationId);
    const confirm = invokeCard(
      await chat.owner.press('choose', {
        ...findAction(picker, 'Next').data,
        subscriptionId: DEMO.subscriptions.azure,
      }),
    );
    assert.match(cardText(confirm), /Remove the partner of record\?/);
    assert.match(cardText(confirm), /Current partner: Tailspin Consulting \(7654321\)/);
    assert.deepEqual(actionTitles(confirm), ['Remove', 'Cancel']);

    const done = invokeCard(await chat.owner.press('remove', findAction(confirm, 'Remove').data));
    assert.match(cardText(done), /Partner of record removed/);
    assert.match(cardText(done), /Azure plan has no partner of record now/);
    // An Azure subscription: the Azure portal's Subscriptions page too.
    assert.deepEqual(actionTitles(done), ['Status', 'Remove another', 'Microsoft 365 admin center', 'Azure portal']);
    assert.deepEqual(findAction(done, 'Remove another'), { verb: 'start', data: { mode: 'remove' } });

    await chat.owner.say('status');
    assert.match(
      cardText(lastSentCard(chat.channel, chat.owner.conversationId)),
      /Azure plan\nNo partner of record\nRemoved by Ada Owner/,
    );
    const [entry] = await chat.bot.app.ports.store.history(DEMO.contoso, DEMO.subscriptions.azure);
    assert.equal(entry!.kind, 'remove');
    assert.equal(entry!.newPartnerId, null);
  });

  it('offers to add when there is nothing to change or remove', async () => {
    for (const sub of [DEMO.subscriptions.o365, DEMO.subscriptions.azure]) {
      const confirm = invokeCard(await chat.owner.press('choose', { mode: 'remove', subscriptionId: sub }));
      invokeCard(await chat.owner.press('remove', findAction(confirm, 'Remove').data));
    }
    const card = invokeCard(await chat.owner.press('start', { mode: 'remove' }));
    assert.match(cardText(card), /No subscription has a partner of record/);
    assert.deepEqual(actionTitles(card), ['Add partner', 'Status']);
    const choose = invokeCard(
      await chat.owner.press('choose', { mode: 'change', subscriptionId: DEMO.subscriptions.crm }),
    );
    assert.match(cardText(choose), /nothing to change or remove/);
  });

  it('says a subscription that has a partner cannot be "attached", and offers change', async () => {
    const card = invokeCard(
      await chat.owner.press('choose', { mode: 'attach', subscriptionId: DEMO.subscriptions.o365 }),
    );
    assert.match(cardText(card), /already has a partner of record/);
    assert.ok(actionTitles(card).includes('Change partner'));
  });
});

describe('conversation: welcome, help, status and hints', () => {
  let channel: ChannelServer;
  let bot: BotUnderTest;

  beforeEach(async () => {
    channel = await new ChannelServer().start();
    bot = await startBot();
  });
  afterEach(async () => {
    await bot.stop();
    await channel.close();
  });

  it('welcomes the owner on install with the actions an owner has', async () => {
    const owner = new TeamsUser(bot.url, channel.url, DEMO.contoso, DEMO.users.owner);
    assert.equal((await owner.install()).status, 200);
    const card = lastSentCard(channel, owner.conversationId);
    assert.match(cardText(card), /Hi Ada Owner/);
    assert.deepEqual(actionTitles(card), ['Add partner', 'Change partner', 'Remove partner', 'Status', 'Help']);
    assert.ok(card.fallbackText);
  });

  it('welcomes a non-owner with a read-only card that says why', async () => {
    const member = new TeamsUser(bot.url, channel.url, DEMO.contoso, DEMO.users.member);
    await member.say('hello');
    const card = lastSentCard(channel, member.conversationId);
    assert.deepEqual(actionTitles(card), ['Status', 'Help']);
    assert.match(cardText(card), /Ask Ada Owner/);
  });

  it('helps anyone, with support routes and who may act', async () => {
    const stranger = new TeamsUser(bot.url, channel.url, DEMO.contoso, '00000000-0000-4000-8000-0000000fffff');
    await stranger.say('help');
    const card = lastSentCard(channel, stranger.conversationId);
    assert.match(cardText(card), /Only the owner \(administrator\) role/);
    assert.match(cardText(card), /In your organization that is Ada Owner/);
    const urls = (card.actions as any[]).filter((a) => a.type === 'Action.OpenUrl').map((a) => a.title);
    assert.deepEqual(urls, ['Technical support', 'Billing support']);
  });

  it("lists the owner's subscriptions with service, name and partner of record", async () => {
    const owner = new TeamsUser(bot.url, channel.url, DEMO.contoso, DEMO.users.owner);
    await owner.say('list');
    const text = cardText(lastSentCard(channel, owner.conversationId));
    assert.match(
      text,
      /Office 365 \/ Microsoft 365: Office 365 E3\nPartner of record: Fabrikam Cloud Services \(1234567\)/,
    );
    assert.match(text, /Azure: Azure plan\nPartner of record: Tailspin Consulting \(7654321\)/);
    assert.match(text, /Power BI: Power BI Pro\nNo partner of record/);
    assert.match(text, /Dynamics 365 \(CRM Online\): Dynamics 365 Customer Engagement\nNo partner of record/);
    assert.match(text, /5 have no partner of record/);
    assert.doesNotMatch(text, /Northwind/);
  });

  it('answers what it does not understand with a short hint', async () => {
    const owner = new TeamsUser(bot.url, channel.url, DEMO.contoso, DEMO.users.owner);
    await owner.say('what is the weather like?');
    const card = lastSentCard(channel, owner.conversationId);
    assert.match(cardText(card), /I did not catch that/);
    assert.match(cardText(card), /add partner/);
  });
});
