import assert from 'node:assert/strict';
import { ChannelServer } from '../support/channelServer';
import { startBot, DEMO, type BotUnderTest } from '../support/botUnderTest';
import { TeamsUser } from '../support/teamsUser';
import { cardText, choiceValues, findAction, invokeCard, lastSentCard } from '../support/cards';

describe('conversation: attach a partner of record', () => {
  let channel: ChannelServer;
  let bot: BotUnderTest;
  let owner: TeamsUser;

  beforeEach(async () => {
    channel = await new ChannelServer().start();
    bot = await startBot();
    owner = new TeamsUser(bot.url, channel.url, DEMO.contoso, DEMO.users.owner, 'Ada Owner');
  });
  afterEach(async () => {
    await bot.stop();
    await channel.close();
  });

  it('picks a subscription, checks the ID, shows the name, submits, and status shows the partner', async () => {
    const said = await owner.say('add partner');
    assert.equal(said.status, 200);
    const picker = lastSentCard(channel, owner.conversationId);
    assert.match(cardText(picker), /Add a partner of record/);
    // Only subscriptions without a partner, and only Contoso's.
    const choices = choiceValues(picker);
    assert.ok(choices.includes(DEMO.subscriptions.crm));
    assert.ok(!choices.includes(DEMO.subscriptions.o365), 'a subscription with a partner is not offered for attach');
    assert.ok(!choices.some((c) => c.startsWith('northwind')), 'another tenant\'s subscription is offered');

    const next = findAction(picker, 'Next');
    const enter = invokeCard(await owner.press(next.verb, { ...next.data, subscriptionId: DEMO.subscriptions.crm }));
    assert.match(cardText(enter), /Dynamics 365 Customer Engagement/);

    const check = findAction(enter, 'Check ID');
    const confirm = invokeCard(await owner.press(check.verb, { ...check.data, partnerId: DEMO.partners.wingtip }));
    assert.match(cardText(confirm), /Wingtip Partners/);

    const submit = findAction(confirm, 'Submit');
    const done = invokeCard(await owner.press(submit.verb, submit.data));
    assert.match(cardText(done), /Partner of record attached/);
    assert.match(cardText(done), /Wingtip Partners \(2345678\)/);

    await owner.say('status');
    const status = lastSentCard(channel, owner.conversationId);
    assert.match(cardText(status), /Dynamics 365 Customer Engagement\nPartner of record: Wingtip Partners \(2345678\)/);
  });
});
