import assert from 'node:assert/strict';
import { ChannelServer } from '../support/channelServer';
import { startBot, DEMO, type BotUnderTest } from '../support/botUnderTest';
import { TeamsUser } from '../support/teamsUser';
import { actionTitles, cardText, invokeCard, lastSentCard } from '../support/cards';
import { storeSnapshot } from '../support/storeSnapshot';

const REFUSED_ROLES = [
  {
    role: 'serviceAdmin',
    user: DEMO.users.serviceAdmin,
    label: 'Service admin',
    why: /Service admins can manage services, but only the owner/,
  },
  { role: 'coAdmin', user: DEMO.users.coAdmin, label: 'Co-admin', why: /Co-admins cannot attach, change or remove/ },
  {
    role: 'delegatedAdmin',
    user: DEMO.users.delegatedAdmin,
    label: 'Delegated admin \\(partner\\)',
    why: /Partners acting as delegated admins cannot/,
  },
  { role: 'member', user: DEMO.users.member, label: 'User', why: /Only the owner \(administrator\) role/ },
] as const;

describe('conversation: only the owner may change a partner of record', () => {
  let channel: ChannelServer;
  let bot: BotUnderTest;
  let before: string;

  beforeEach(async () => {
    channel = await new ChannelServer().start();
    bot = await startBot();
    before = await storeSnapshot(bot.app.ports, DEMO.contoso);
  });
  afterEach(async () => {
    // Whatever was refused, nothing was written.
    assert.equal(await storeSnapshot(bot.app.ports, DEMO.contoso), before);
    await bot.stop();
    await channel.close();
  });

  for (const { role, user, label, why } of REFUSED_ROLES) {
    describe(`a ${role}`, () => {
      const refusal = (card: Record<string, any>) => {
        const text = cardText(card);
        assert.match(text, /Only the owner can do this/);
        assert.match(text, why);
        assert.match(text, new RegExp(`Your role: ${label}`));
        assert.match(text, /Who can: Ada Owner/);
      };

      it('is refused when typing add, change or remove partner', async () => {
        const person = new TeamsUser(bot.url, channel.url, DEMO.contoso, user);
        for (const text of ['add partner', 'change partner', 'remove partner']) {
          await person.say(text);
          refusal(lastSentCard(channel, person.conversationId));
        }
      });

      it('is refused on every card action that could change something', async () => {
        const person = new TeamsUser(bot.url, channel.url, DEMO.contoso, user);
        const presses: [string, Record<string, unknown>][] = [
          ['start', { mode: 'attach' }],
          ['choose', { mode: 'attach', subscriptionId: DEMO.subscriptions.crm }],
          [
            'check',
            { mode: 'attach', subscriptionId: DEMO.subscriptions.crm, version: 0, partnerId: DEMO.partners.wingtip },
          ],
          ['editId', { mode: 'change', subscriptionId: DEMO.subscriptions.o365, version: 0 }],
          [
            'submit',
            {
              mode: 'attach',
              subscriptionId: DEMO.subscriptions.crm,
              version: 0,
              partnerId: DEMO.partners.wingtip,
              actionId: '5f0c3e0e-8a7b-4c8e-9a55-4d3f1b2a9c01',
            },
          ],
          [
            'submit',
            {
              mode: 'change',
              subscriptionId: DEMO.subscriptions.o365,
              version: 0,
              partnerId: DEMO.partners.wingtip,
              actionId: '5f0c3e0e-8a7b-4c8e-9a55-4d3f1b2a9c02',
            },
          ],
          [
            'remove',
            { subscriptionId: DEMO.subscriptions.azure, version: 0, actionId: '5f0c3e0e-8a7b-4c8e-9a55-4d3f1b2a9c03' },
          ],
          // Only owners are nudged, so only an owner's "Not now" is recorded.
          ['dismissNudge', { subscriptionId: DEMO.subscriptions.crm }],
        ];
        for (const [verb, data] of presses) refusal(invokeCard(await person.press(verb, data)));
      });

      it('may read the status, without change actions, and is told why', async () => {
        const person = new TeamsUser(bot.url, channel.url, DEMO.contoso, user);
        await person.say('status');
        const card = lastSentCard(channel, person.conversationId);
        assert.match(cardText(card), /Office 365 E3/);
        assert.match(cardText(card), /You can look, but not change/);
        assert.deepEqual(actionTitles(card), []);
      });
    });
  }

  it('refuses a person who is not in the directory, and says who can act', async () => {
    const stranger = new TeamsUser(bot.url, channel.url, DEMO.contoso, '00000000-0000-4000-8000-0000000fffff');
    await stranger.say('add partner');
    const text = cardText(lastSentCard(channel, stranger.conversationId));
    assert.match(text, /You are not in this organization's directory/);
    assert.match(text, /Only the owner \(administrator\) role/);
    const card = invokeCard(
      await stranger.press('submit', {
        mode: 'attach',
        subscriptionId: DEMO.subscriptions.crm,
        version: 0,
        partnerId: DEMO.partners.wingtip,
        actionId: '5f0c3e0e-8a7b-4c8e-9a55-4d3f1b2a9c04',
      }),
    );
    assert.match(cardText(card), /not in this organization's directory/);
  });

  it("refuses a card action naming another tenant's subscription, without saying whether it exists", async () => {
    const northwindOwner = new TeamsUser(bot.url, channel.url, DEMO.northwind, DEMO.users.northwindOwner);
    const attempts: [string, Record<string, unknown>][] = [
      ['choose', { mode: 'remove', subscriptionId: DEMO.subscriptions.azure }],
      [
        'check',
        { mode: 'attach', subscriptionId: DEMO.subscriptions.crm, version: 0, partnerId: DEMO.partners.wingtip },
      ],
      [
        'submit',
        {
          mode: 'attach',
          subscriptionId: DEMO.subscriptions.crm,
          version: 0,
          partnerId: DEMO.partners.wingtip,
          actionId: '5f0c3e0e-8a7b-4c8e-9a55-4d3f1b2a9c05',
        },
      ],
      [
        'remove',
        { subscriptionId: DEMO.subscriptions.azure, version: 0, actionId: '5f0c3e0e-8a7b-4c8e-9a55-4d3f1b2a9c06' },
      ],
    ];
    for (const [verb, data] of attempts) {
      assert.match(cardText(invokeCard(await northwindOwner.press(verb, data))), /Subscription not found/);
    }
    const unknown = invokeCard(
      await northwindOwner.press('choose', { mode: 'attach', subscriptionId: 'no-such-subscription' }),
    );
    assert.match(cardText(unknown), /Subscription not found/);
  });

  it("refuses an activity without the user's Entra id, and changes nothing", async () => {
    const anonymous = new TeamsUser(bot.url, channel.url, DEMO.contoso, undefined);
    await anonymous.say('add partner');
    assert.match(cardText(lastSentCard(channel, anonymous.conversationId)), /I could not tell who you are/);
    const card = invokeCard(
      await anonymous.press('remove', {
        subscriptionId: DEMO.subscriptions.azure,
        version: 0,
        actionId: '5f0c3e0e-8a7b-4c8e-9a55-4d3f1b2a9c07',
      }),
    );
    assert.match(cardText(card), /I could not tell who you are/);
  });
});
