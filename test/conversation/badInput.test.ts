import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../bot/config';
import { ChannelServer } from '../support/channelServer';
import { chatWithBot, startBot, DEMO, tempDir, type BotUnderTest } from '../support/botUnderTest';
import { postActivity, TeamsUser } from '../support/teamsUser';
import {
  actionTitles,
  cardFacts,
  cardText,
  invokeCard,
  lastSentCard,
  pressAsTeamsWould,
  textRuns,
} from '../support/cards';

describe('conversation: bad input gets a clear answer and changes nothing', () => {
  const chat = chatWithBot({ unchanged: true });
  let channel: ChannelServer;
  let bot: BotUnderTest;
  let owner: TeamsUser;
  beforeEach(() => {
    ({ channel, bot, owner } = chat);
  });

  for (const bad of ['12345', '12345678901', 'abc1234', '', '1234 567', '１２３４５６７']) {
    it(`answers Check ID with "${bad}" on the same card, saying a Partner ID is 6 to 10 digits`, async () => {
      const card = invokeCard(
        await owner.press('check', {
          mode: 'attach',
          subscriptionId: DEMO.subscriptions.crm,
          version: 0,
          partnerId: bad,
        }),
      );
      assert.match(cardText(card), /A Partner ID is a number of 6 to 10 digits/);
      assert.ok(actionTitles(card).includes('Check ID'));
    });
  }

  it('shows only the current error when an empty ID follows a wrong one', async () => {
    const enter = invokeCard(await owner.press('choose', { mode: 'attach', subscriptionId: DEMO.subscriptions.crm }));
    const wrong = await pressAsTeamsWould(owner, enter, 'Check ID', { partnerId: '9999999' });
    assert.deepEqual(wrong.errors, [
      'No partner is registered with Partner ID 9999999. Check the ID with your partner and try again.',
    ]);
    // The field emptied and Check ID again: the earlier error must not stay on screen beside the new one.
    const empty = await pressAsTeamsWould(owner, wrong.card, 'Check ID', { partnerId: '' });
    assert.equal(empty.sent, true, 'the check reaches the bot, whose card replaces the one with the earlier error');
    assert.deepEqual(empty.errors, [
      'A Partner ID is a number of 6 to 10 digits. Check the ID your partner gave you and try again.',
    ]);
    const again = await pressAsTeamsWould(owner, empty.card, 'Check ID', { partnerId: '12ab' });
    assert.equal(again.errors.length, 1, again.errors.join('\n'));
  });

  it('answers a typed ID of the wrong shape, and keeps asking', async () => {
    invokeCard(await owner.press('choose', { mode: 'attach', subscriptionId: DEMO.subscriptions.crm }));
    await owner.say('12345');
    assert.match(cardText(lastSentCard(channel, owner.conversationId)), /A Partner ID is a number of 6 to 10 digits/);
    await owner.say('123ab45');
    assert.match(cardText(lastSentCard(channel, owner.conversationId)), /A Partner ID is a number of 6 to 10 digits/);
    // The question is still open: a right ID now goes through to the name check.
    await owner.say(DEMO.partners.wingtip);
    assert.match(cardText(lastSentCard(channel, owner.conversationId)), /Wingtip Partners/);
  });

  it('says no partner is registered under an unknown ID', async () => {
    const card = invokeCard(
      await owner.press('check', {
        mode: 'attach',
        subscriptionId: DEMO.subscriptions.crm,
        version: 0,
        partnerId: '9999999',
      }),
    );
    assert.match(cardText(card), /No partner is registered with Partner ID 9999999/);
    const input = card.body.find((e: any) => e.id === 'partnerId');
    assert.equal(input.value, '9999999', 'what was typed is kept for correction');
  });

  it('refuses a forged Submit carrying an invalid or unknown Partner ID', async () => {
    for (const partnerId of ['12', '9999999', '<script>']) {
      const card = invokeCard(
        await owner.press('submit', {
          mode: 'attach',
          subscriptionId: DEMO.subscriptions.crm,
          version: 0,
          partnerId,
          actionId: '0a0c3e0e-8a7b-4c8e-9a55-4d3f1b2a9c01',
        }),
      );
      assert.match(cardText(card), /Check the Partner ID/);
    }
  });

  it('refuses an unknown subscription id', async () => {
    const card = invokeCard(await owner.press('choose', { mode: 'attach', subscriptionId: 'contoso-does-not-exist' }));
    assert.match(cardText(card), /Subscription not found/);
  });

  const malformed: [string, unknown][] = [
    ['no action', { trigger: 'manual' }],
    ['an Action.Submit instead of Action.Execute', { action: { type: 'Action.Submit', verb: 'status', data: {} } }],
    ['an unknown verb', { action: { type: 'Action.Execute', verb: 'dropTables', data: {} } }],
    ['data that is not an object', { action: { type: 'Action.Execute', verb: 'status', data: 'page=1' } }],
    [
      'an action id that is not a GUID',
      {
        action: {
          type: 'Action.Execute',
          verb: 'remove',
          data: { subscriptionId: DEMO.subscriptions.azure, version: 0, actionId: '1' },
        },
      },
    ],
    [
      'a subscription id with path characters',
      {
        action: {
          type: 'Action.Execute',
          verb: 'choose',
          data: { mode: 'remove', subscriptionId: '../../etc/passwd' },
        },
      },
    ],
    ['a mode that does not exist', { action: { type: 'Action.Execute', verb: 'start', data: { mode: 'steal' } } }],
    [
      'an oversized payload',
      { action: { type: 'Action.Execute', verb: 'status', data: { page: 0, padding: 'x'.repeat(20_000) } } },
    ],
    ['no value at all', undefined],
  ];
  for (const [what, value] of malformed) {
    it(`answers a card payload with ${what} with a card, not an error`, async () => {
      const result = await postActivity(
        bot.url,
        owner.activity({ type: 'invoke', name: 'adaptiveCard/action', value }),
      );
      const card = invokeCard(result);
      assert.match(cardText(card), /I could not use that card/);
      assert.match(cardText(card), /Nothing was changed/);
    });
  }

  it('answers a missing subscription choice with a clear message', async () => {
    const card = invokeCard(await owner.press('choose', { mode: 'attach' }));
    assert.match(cardText(card), /I could not use that card/);
  });

  it('answers a request body that is not JSON with 400, and a huge body with 413, never 500', async () => {
    const notJson = await postActivity(bot.url, '{"type": "message", ');
    assert.equal(notJson.status, 400);
    const huge = await postActivity(bot.url, owner.activity({ type: 'message', text: 'x'.repeat(400_000) }));
    assert.equal(huge.status, 413);
  });

  it('answers a long or empty message with a hint', async () => {
    await owner.say('add partner '.repeat(100));
    assert.match(cardText(lastSentCard(channel, owner.conversationId)), /I did not catch that/);
    await postActivity(
      bot.url,
      owner.activity({
        type: 'message',
        attachments: [{ contentType: 'image/png', contentUrl: 'https://example.com/a.png' }],
      }),
    );
    assert.match(cardText(lastSentCard(channel, owner.conversationId)), /I did not catch that/);
  });

  it('answers an invoke it does not handle with 400 (a client error, not 501)', async () => {
    for (const name of ['composeExtension/query', 'task/fetch', 'signin/verifyState']) {
      const result = await postActivity(bot.url, owner.activity({ type: 'invoke', name, value: {} }));
      assert.equal(result.status, 400, name);
      assert.equal(result.body.error.code, 'unsupportedInvoke');
    }
  });
});

describe('conversation: names from the directories are shown, not interpreted', () => {
  // Markdown would make a link and an italic of these; escaped, Teams mobile would show the backslashes.
  const TENANT = 'Contoso <Holdings> [x](http://e) *y* wingtip.example';
  const SUBSCRIPTION = 'E3 [Click here](https://evil.example) *now* #1';
  const PARTNER = '[Click here](https://evil.example) *now* \\o/';

  it('shows tenant, subscription and partner names as they are, in plain-text TextRuns', async () => {
    const seed = JSON.parse(readFileSync(path.join(REPO_ROOT, 'deployment', 'demo-seed.json'), 'utf8'));
    const contoso = seed.tenants.find((t: any) => t.id === DEMO.contoso);
    contoso.name = TENANT;
    contoso.subscriptions.find((s: any) => s.id === DEMO.subscriptions.o365).name = SUBSCRIPTION;
    seed.partners.find((p: any) => p.partnerId === DEMO.partners.fabrikam).name = PARTNER;
    const dir = tempDir();
    const seedFile = path.join(dir, 'seed.json');
    writeFileSync(seedFile, JSON.stringify(seed));
    const channel = await new ChannelServer().start();
    const bot = await startBot({ env: { SEED_FILE: seedFile } });
    try {
      const owner = new TeamsUser(bot.url, channel.url, DEMO.contoso, DEMO.users.owner);
      await owner.say('status');
      const status = lastSentCard(channel, owner.conversationId);
      assert.ok(textRuns(status).includes(`Partners of record: ${TENANT}`), JSON.stringify(textRuns(status)));
      assert.ok(textRuns(status).includes(SUBSCRIPTION));
      assert.ok(textRuns(status).includes(`Partner of record: ${PARTNER} (1234567)`));

      const enter = invokeCard(
        await owner.press('choose', { mode: 'change', subscriptionId: DEMO.subscriptions.o365 }),
      );
      const facts = cardFacts(enter);
      assert.equal(facts.find((f) => f.title === 'Subscription')?.value, `Office 365 / Microsoft 365: ${SUBSCRIPTION}`);
      assert.equal(facts.find((f) => f.title === 'Current partner')?.value, `${PARTNER} (1234567)`);
      assert.ok(textRuns(enter).includes(`${PARTNER} (1234567)`));

      // The one backslash a person reads is the partner's own.
      for (const card of [status, enter]) assert.doesNotMatch(cardText(card).replaceAll(PARTNER, ''), /\\/);
    } finally {
      await bot.stop();
      await channel.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
