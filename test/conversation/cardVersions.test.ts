import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { chatWithBot, DEMO } from '../support/botUnderTest';
import { cardFacts, cardText, invokeCard } from '../support/cards';

/** Values a forged or broken card may carry as its version; none is a state the bot's cards showed. */
const NOT_VERSIONS: [string, unknown][] = [
  ['null', null],
  ['""', ''],
  ['[]', []],
  ['false', false],
  ['-1', -1],
  ['1.5', 1.5],
  ['"abc"', 'abc'],
  ['"-0"', '-0'],
  ['"007"', '007'],
  ['{}', {}],
  ['2^31', 2 ** 31],
  ['no version at all', undefined],
];

/** Each verb that acts on a version, with data otherwise right for the demo tenant's owner. */
const VERBS: [string, Record<string, unknown>][] = [
  [
    'submit',
    {
      mode: 'attach',
      subscriptionId: DEMO.subscriptions.crm,
      partnerId: DEMO.partners.wingtip,
      actionId: randomUUID(),
    },
  ],
  ['remove', { subscriptionId: DEMO.subscriptions.azure, actionId: randomUUID() }],
  ['check', { mode: 'attach', subscriptionId: DEMO.subscriptions.crm, partnerId: DEMO.partners.wingtip }],
  ['editId', { mode: 'change', subscriptionId: DEMO.subscriptions.azure, partnerId: DEMO.partners.wingtip }],
  ['showChange', { subscriptionId: DEMO.subscriptions.azure }],
];

describe('conversation: a card version that is not one is answered as an out-of-date card', () => {
  const chat = chatWithBot({ unchanged: true });

  for (const [verb, data] of VERBS) {
    it(`${verb}: every value that is not a non-negative integer shows the current state and changes nothing`, async () => {
      for (const [what, version] of NOT_VERSIONS) {
        const card = invokeCard(await chat.owner.press(verb, { ...data, version }));
        assert.match(cardText(card), /changed since this card was shown/, `${verb} with version ${what}`);
        assert.ok(
          cardFacts(card).some((f) => f.title === 'Partner of record now'),
          `${verb} with version ${what}: the state now`,
        );
      }
    });
  }
});

describe('conversation: a card version as a client may send it', () => {
  const chat = chatWithBot();

  it('takes the digits of a version as that version (a client echoing card data as text)', async () => {
    const data = {
      mode: 'attach',
      subscriptionId: DEMO.subscriptions.crm,
      partnerId: DEMO.partners.wingtip,
      actionId: randomUUID(),
    };
    assert.match(
      cardText(invokeCard(await chat.owner.press('submit', { ...data, version: '0' }))),
      /Partner of record attached/,
    );
    const [entry] = await chat.bot.app.ports.store.history(DEMO.contoso, DEMO.subscriptions.crm);
    assert.equal(entry?.newPartnerId, DEMO.partners.wingtip);
  });
});
