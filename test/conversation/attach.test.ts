import assert from 'node:assert/strict';
import { TYPING_DELAY_MS, type AppPorts } from '../../bot/app';
import { ChannelServer } from '../support/channelServer';
import { chatWithBot, startBot, DEMO } from '../support/botUnderTest';
import { TeamsUser } from '../support/teamsUser';
import { actionTitles, cardText, choiceValues, findAction, invokeCard, lastSentCard } from '../support/cards';

describe('conversation: attach a partner of record', () => {
  const chat = chatWithBot();

  it('picks a subscription, checks the ID, shows the name, submits, and status shows the partner', async () => {
    const said = await chat.owner.say('add partner');
    assert.equal(said.status, 200);
    const picker = lastSentCard(chat.channel, chat.owner.conversationId);
    assert.match(cardText(picker), /Add a partner of record/);
    // Only subscriptions without a partner, and only Contoso's.
    const choices = choiceValues(picker);
    assert.ok(choices.includes(DEMO.subscriptions.crm));
    assert.ok(!choices.includes(DEMO.subscriptions.o365), 'a subscription with a partner is not offered for attach');
    assert.ok(!choices.some((c) => c.startsWith('northwind')), "another tenant's subscription is offered");

    const next = findAction(picker, 'Next');
    const enter = invokeCard(
      await chat.owner.press(next.verb, { ...next.data, subscriptionId: DEMO.subscriptions.crm }),
    );
    assert.match(cardText(enter), /Dynamics 365 Customer Engagement/);

    const check = findAction(enter, 'Check ID');
    const confirm = invokeCard(await chat.owner.press(check.verb, { ...check.data, partnerId: DEMO.partners.wingtip }));
    assert.match(cardText(confirm), /Wingtip Partners/);
    assert.deepEqual(actionTitles(confirm), ['Submit', 'Change ID', 'Cancel']);

    const submit = findAction(confirm, 'Submit');
    const done = invokeCard(await chat.owner.press(submit.verb, submit.data));
    assert.match(cardText(done), /Partner of record attached/);
    assert.match(cardText(done), /Wingtip Partners \(2345678\)/);
    // Nothing changed at Microsoft: the card says so and links where Microsoft shows the subscriptions.
    assert.match(cardText(done), /nothing was changed at Microsoft/);
    assert.deepEqual(actionTitles(done), ['Status', 'Add another', 'Microsoft 365 admin center']);
    assert.deepEqual(findAction(done, 'Add another'), { verb: 'start', data: { mode: 'attach' } });

    await chat.owner.say('status');
    const status = lastSentCard(chat.channel, chat.owner.conversationId);
    assert.match(
      cardText(status),
      /Dynamics 365 Customer Engagement\nPartner of record: Wingtip Partners \(2345678\)\nAttached by Ada Owner/,
    );
  });

  it('takes a Partner ID typed as a message after asking for one', async () => {
    const enter = invokeCard(
      await chat.owner.press('choose', { mode: 'attach', subscriptionId: DEMO.subscriptions.intune }),
    );
    assert.match(cardText(enter), /Microsoft Intune/);
    await chat.owner.say(` ${DEMO.partners.litware} `);
    const confirm = lastSentCard(chat.channel, chat.owner.conversationId);
    assert.match(cardText(confirm), /Litware Advisory/);
    const done = invokeCard(await chat.owner.press('submit', findAction(confirm, 'Submit').data));
    assert.match(cardText(done), /Litware Advisory is now the partner of record for Microsoft Intune Plan 1/);
  });

  it('answers a typed ID it did not ask for with a way forward, and changes nothing', async () => {
    await chat.owner.say(DEMO.partners.wingtip);
    const card = lastSentCard(chat.channel, chat.owner.conversationId);
    assert.match(cardText(card), /I have not asked for one/);
    assert.deepEqual(actionTitles(card), ['Add partner', 'Change partner']);
  });

  it('goes back to the ID with Change ID, keeping what was typed', async () => {
    const enter = invokeCard(
      await chat.owner.press('choose', { mode: 'attach', subscriptionId: DEMO.subscriptions.ems }),
    );
    const confirm = invokeCard(
      await chat.owner.press('check', { ...findAction(enter, 'Check ID').data, partnerId: DEMO.partners.fabrikam }),
    );
    const again = invokeCard(await chat.owner.press('editId', findAction(confirm, 'Change ID').data));
    const input = again.body.find((e: any) => e.id === 'partnerId');
    assert.equal(input.value, DEMO.partners.fabrikam);
    const confirm2 = invokeCard(
      await chat.owner.press('check', { ...findAction(again, 'Check ID').data, partnerId: DEMO.partners.wingtip }),
    );
    assert.match(cardText(confirm2), /Wingtip Partners/);
  });

  it('cancels without changing anything', async () => {
    const enter = invokeCard(
      await chat.owner.press('choose', { mode: 'attach', subscriptionId: DEMO.subscriptions.ems }),
    );
    const confirm = invokeCard(
      await chat.owner.press('check', { ...findAction(enter, 'Check ID').data, partnerId: DEMO.partners.fabrikam }),
    );
    const cancelled = invokeCard(await chat.owner.press('cancel', findAction(confirm, 'Cancel').data));
    assert.match(cardText(cancelled), /Cancelled\nNothing was changed/);
    assert.deepEqual(await chat.bot.app.ports.store.history(DEMO.contoso, DEMO.subscriptions.ems), []);
    // The question is closed too: a typed ID is no longer taken as the answer.
    await chat.owner.say(DEMO.partners.fabrikam);
    assert.match(cardText(lastSentCard(chat.channel, chat.owner.conversationId)), /I have not asked for one/);
  });

  it('says when every subscription already has a partner', async () => {
    for (const sub of [
      DEMO.subscriptions.crm,
      DEMO.subscriptions.ax7,
      DEMO.subscriptions.intune,
      DEMO.subscriptions.ems,
      DEMO.subscriptions.powerbi,
    ]) {
      const confirm = invokeCard(
        await chat.owner.press('check', {
          mode: 'attach',
          subscriptionId: sub,
          version: 0,
          partnerId: DEMO.partners.wingtip,
        }),
      );
      invokeCard(await chat.owner.press('submit', findAction(confirm, 'Submit').data));
    }
    const card = invokeCard(await chat.owner.press('start', { mode: 'attach' }));
    assert.match(cardText(card), /Every subscription has a partner of record/);
    assert.ok(actionTitles(card).includes('Change partner'));
  });

  it('answers a quick message with its card alone, and sends no typing after it', async () => {
    await chat.owner.say('status');
    await new Promise((r) => setTimeout(r, TYPING_DELAY_MS + 200));
    const types = chat.channel.received
      .filter((r) => r.conversationId === chat.owner.conversationId)
      .map((r) => r.activity.type);
    assert.deepEqual(types, ['message']);
  });
});

describe('conversation: typing while a slow lookup runs', () => {
  /** What `lookup` answers, past the typing delay. */
  const slowly =
    <A extends unknown[], R>(lookup: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      await new Promise((r) => setTimeout(r, TYPING_DELAY_MS + 300));
      return lookup(...args);
    };

  /** The owner, on a bot whose ports `customizePorts` made slow, and the channel it posts to. */
  async function withSlowBot(
    customizePorts: (ports: AppPorts) => AppPorts,
    run: (owner: TeamsUser, channel: ChannelServer) => Promise<void>,
  ) {
    const channel = await new ChannelServer().start();
    const bot = await startBot({ customizePorts });
    try {
      await run(new TeamsUser(bot.url, channel.url, DEMO.contoso, DEMO.users.owner), channel);
    } finally {
      await bot.stop();
      await channel.close();
    }
  }

  it('shows typing before the answer to a message whose directory lookup is slow', () =>
    withSlowBot(
      (ports) => ({
        ...ports,
        subscriptions: {
          ...ports.subscriptions,
          listSubscriptions: slowly(ports.subscriptions.listSubscriptions.bind(ports.subscriptions)),
        },
      }),
      async (owner, channel) => {
        await owner.say('status');
        const types = channel.received
          .filter((r) => r.conversationId === owner.conversationId)
          .map((r) => r.activity.type);
        assert.deepEqual(types, ['typing', 'message']);
        assert.match(cardText(lastSentCard(channel, owner.conversationId)), /Dynamics 365 Customer Engagement/);
      },
    ));

  it('shows typing during a Check ID whose partner lookup is slow', () =>
    withSlowBot(
      (ports) => ({ ...ports, partners: { findPartner: slowly(ports.partners.findPartner.bind(ports.partners)) } }),
      async (owner, channel) => {
        const confirm = invokeCard(
          await owner.press('check', {
            mode: 'attach',
            subscriptionId: DEMO.subscriptions.crm,
            version: 0,
            partnerId: DEMO.partners.wingtip,
          }),
        );
        assert.match(cardText(confirm), /Wingtip Partners/);
        assert.ok(
          channel.received.some((r) => r.conversationId === owner.conversationId && r.activity.type === 'typing'),
          'no typing indicator was sent during the slow lookup',
        );
      },
    ));
});
