import assert from 'node:assert/strict';
import { fittedCardJson } from '../../bot/channel/messages';
import { CardRenderer, type CardDataMap } from '../../bot/teams/cardRenderer';
import { cardText } from '../support/cards';

/**
 * A card kept by its data (the status card): the same data gives the very same card, serialised once; any change
 * of the data, the language or the person's rights gives the card that data draws, never a kept one.
 */

const status = (over: Partial<CardDataMap['status']> = {}): CardDataMap['status'] => ({
  tenantName: 'Contoso Ltd',
  summary: 'Subscriptions 1-2 of 2. 1 has no partner of record.',
  notesText: '',
  fallbackText: 'Contoso Ltd: Subscriptions 1-2 of 2.',
  page: 0,
  items: [
    {
      service: 'Microsoft 365',
      name: 'Contoso E3',
      partnerText: 'Partner of record: Fabrikam (1234567)',
      partnerColor: 'Default',
      lastChangeText: '',
    },
    {
      service: 'Azure',
      name: 'Contoso Azure',
      partnerText: 'No partner of record',
      partnerColor: 'Attention',
      lastChangeText: '',
    },
  ],
  hasPrev: false,
  prevPage: 0,
  hasNext: false,
  nextPage: 1,
  mayChange: true,
  readOnlyReason: '',
  ...over,
});

describe('cards: a card kept by its data', () => {
  it('draws the same data once: the same card, frozen, equal to a fresh drawing, its JSON the same', () => {
    const cards = new CardRenderer();
    const first = cards.renderKept('status', status(), 'en');
    const again = cards.renderKept('status', status(), 'en');
    assert.equal(again, first, 'the kept card');
    assert.ok(Object.isFrozen(first) && Object.isFrozen(first.body), 'frozen: no turn can change it for the next');
    assert.deepEqual(first, cards.render('status', status(), 'en'));
    const fitted = fittedCardJson(
      first,
      () => ({}),
      () => assert.fail('not too large'),
    );
    assert.equal(fitted.json, JSON.stringify(cards.render('status', status(), 'en')));
  });

  it('shows a change at once: another partner, another page, rights taken away', () => {
    const cards = new CardRenderer();
    const before = cards.renderKept('status', status(), 'en');
    const changed = status();
    changed.items = [{ ...changed.items[0]!, partnerText: 'Partner of record: Wingtip (2345678)' }, changed.items[1]!];
    const after = cards.renderKept('status', changed, 'en');
    assert.notEqual(after, before);
    assert.match(cardText(after), /Contoso E3\nPartner of record: Wingtip \(2345678\)/);
    assert.match(cardText(cards.renderKept('status', status(), 'en')), /Fabrikam/, 'the old state is its own card');

    const readOnly = cards.renderKept('status', status({ mayChange: false, readOnlyReason: 'Only Ada may change.' }));
    assert.match(cardText(readOnly), /Only Ada may change\./);
    assert.match(JSON.stringify(before), /"verb":"start"/);
    assert.doesNotMatch(JSON.stringify(readOnly), /"verb":"start"/);
    assert.notEqual(readOnly, before);
  });

  it("never gives one tenant's or language's card for another's", () => {
    const cards = new CardRenderer();
    const contoso = cards.renderKept('status', status(), 'en');
    const northwind = cards.renderKept('status', status({ tenantName: 'Northwind' }), 'en');
    const german = cards.renderKept('status', status(), 'de');
    assert.match(cardText(contoso), /^Partners of record: Contoso Ltd\n/);
    assert.match(cardText(northwind), /^Partners of record: Northwind\n/);
    assert.notEqual(german, contoso);
    assert.deepEqual(german, cards.render('status', status(), 'de'));
    assert.notDeepEqual(german, contoso);
  });
});
