import assert from 'node:assert/strict';
import { MAX_CARD_BYTES } from '../../bot/channel/messages';
import { MAX_BATCH_CHANGES } from '../../bot/core';
import { parseCardAction } from '../../bot/teams/cardActions';
import { CardRenderer } from '../../bot/teams/cardRenderer';
import { VERBS } from '../../bot/teams/verbs';
import { cardBytes, validateAdaptiveCard } from '../support/adaptiveCardValidator';
import { findAction } from '../support/cards';

/** A Graph subscription id: the tenant's id and the SKU's, 73 characters. */
const graphId = (i: number) => `6f1c2d3e-0000-4000-8000-000000000001_${String(i).padStart(36, '0')}`;

describe('cards of an action on several subscriptions, at the most one action holds', () => {
  const renderer = new CardRenderer();
  const selection: [string, number][] = Array.from({ length: MAX_BATCH_CHANGES }, (_, i) => [graphId(i), 12]);
  const items = selection.map(([id]) => ({ text: `Microsoft 365: Microsoft 365 E5 (no Teams) ${id.slice(-4)}` }));
  const card = renderer.render('confirmSeveral', {
    question: 'Is this the right partner?',
    mode: 'change',
    partnerId: '2345678',
    partnerName: 'Wingtip Partners',
    countText: 'these 100 subscriptions',
    currentText: 'Fabrikam Cloud Services (1234567)',
    items,
    selection,
    actionId: '5f0c6a1e-7b7e-4c39-9a44-1c2b3d4e5f60',
  });

  it('confirms 100 subscriptions with Graph ids in a card Teams takes', () => {
    assert.deepEqual(validateAdaptiveCard(card), []);
    assert.ok(cardBytes(card) <= MAX_CARD_BYTES, `${cardBytes(card)} bytes`);
  });

  it('its Submit comes back as an action the bot reads, and the verb accepts it', () => {
    const submit = findAction(card, 'Submit');
    const parsed = parseCardAction({ action: { type: 'Action.Execute', verb: submit.verb, data: submit.data } });
    assert.equal(parsed.ok, true);
    const verb = VERBS.find((v) => v.verb === 'submitSeveral')!;
    assert.equal(verb.parse(submit.data).ok, true);
    assert.equal(verb.parse({ ...submit.data, selection: [...selection, [graphId(100), 0]] }).ok, false, '101');
    assert.equal(verb.parse({ ...submit.data, selection: [selection[0], selection[0]] }).ok, false, 'twice');
    assert.equal(verb.parse({ ...submit.data, selection: [] }).ok, false, 'none');
  });
});
