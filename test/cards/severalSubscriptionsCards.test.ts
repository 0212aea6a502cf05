import assert from 'node:assert/strict';
import { MAX_CARD_BYTES } from '../../bot/channel/messages';
import { MAX_BATCH_CHANGES } from '../../bot/core';
import { MAX_ACTION_PAYLOAD_BYTES, parseCardAction } from '../../bot/teams/cardActions';
import { CardRenderer } from '../../bot/teams/cardRenderer';
import { VERBS } from '../../bot/teams/verbs';
import { cardBytes, validateAdaptiveCard } from '../support/adaptiveCardValidator';
import { findAction, pressData } from '../support/cards';

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

  it('needs the 16 KB action limit: its Submit carries more than 8 KB, and an action over 16 KB is refused', () => {
    const submit = findAction(card, 'Submit');
    const envelope = { action: { type: 'Action.Execute', verb: submit.verb, data: submit.data }, trigger: 'manual' };
    const bytes = Buffer.byteLength(JSON.stringify(envelope), 'utf8');
    assert.ok(bytes > 8 * 1024 && bytes <= MAX_ACTION_PAYLOAD_BYTES, `${bytes} bytes`);
    // `,"pad":""` adds 9 bytes to the padding: one byte over the limit, then exactly at it.
    const padded = (extra: number) => ({
      ...envelope,
      action: { ...envelope.action, data: { ...submit.data, pad: 'x'.repeat(extra) } },
    });
    const over = parseCardAction(padded(MAX_ACTION_PAYLOAD_BYTES - bytes - 8));
    assert.equal(over.ok === false && over.reason, 'tooLarge');
    assert.equal(parseCardAction(padded(MAX_ACTION_PAYLOAD_BYTES - bytes - 9)).ok, true);
  });
});

describe('the picker and the done card of several subscriptions, at the most one action holds', () => {
  const renderer = new CardRenderer();
  const ids = Array.from({ length: MAX_BATCH_CHANGES }, (_, i) => graphId(i));
  const choice = (id: string) => ({ title: `Microsoft 365: Microsoft 365 E5 (no Teams) ${id.slice(-4)}`, value: id });

  it('a page of 20 with the other 80 ticked on other pages: a card Teams takes, Next sends all 100', () => {
    const card = renderer.render('pickSeveral', {
      title: 'Add a partner of record to several subscriptions',
      prompt: 'Tick the subscriptions without a partner that get the same one (at most 100), or all 120 of them.',
      choices: ids.slice(80).map(choice),
      tickedHere: ids.slice(80).join(','),
      pageText: 'Showing 81-100 of 120.',
      tickedText: '100 ticked so far.',
      tickedElsewhere: ids.slice(0, 80).map(choice),
      tickedElsewhereValue: ids.slice(0, 80).join(','),
      offerAll: false,
      hasPrev: true,
      prevPage: 3,
      hasNext: true,
      nextPage: 5,
    });
    assert.deepEqual(validateAdaptiveCard(card), []);
    assert.ok(cardBytes(card) <= MAX_CARD_BYTES, `${cardBytes(card)} bytes`);
    const next = pressData(card, 'Next');
    const parsed = parseCardAction({ action: { type: 'Action.Execute', verb: next.verb, data: next.data } });
    assert.equal(parsed.ok, true);
    const verb = VERBS.find((v) => v.verb === 'chooseSeveral')!;
    assert.equal(verb.parse(next.data).ok, true);
  });

  it('the done card of 100, each with its change ID, fits, and its refresh is an action the bot reads', () => {
    const changeIds = ids.map((_, i) => `5f0c6a1e-7b7e-4c39-9a44-${String(i).padStart(12, '0')}`);
    const card = renderer.render('doneSeveral', {
      title: 'Partner of record changed for 100 subscriptions',
      message:
        'Wingtip Partners is now the partner of record for these 100 subscriptions. Wingtip Partners will be told by email. Fabrikam Cloud Services will be told by email.',
      emailText: 'Email to the partner not sent yet.',
      items: [
        { text: 'Partner of record before: Fabrikam Cloud Services (1234567)', weight: 'Bolder' },
        ...ids.map((id, i) => ({ text: `${choice(id).title}. Reference ${changeIds[i]}`, weight: 'Default' as const })),
      ],
      changeIds,
      actorName: 'Ada Owner',
      when: '2026-11-25 14:05 UTC',
      nothingAtMicrosoft: 'This record changes nothing at Microsoft.',
    });
    assert.deepEqual(validateAdaptiveCard(card), []);
    assert.ok(cardBytes(card) <= MAX_CARD_BYTES, `${cardBytes(card)} bytes`);
    const refresh = (card.refresh as { action: { verb: string; data: Record<string, unknown> } }).action;
    assert.equal(parseCardAction({ action: refresh, trigger: 'automatic' }).ok, true);
    const verb = VERBS.find((v) => v.verb === 'showSeveral')!;
    assert.equal(verb.refresh, true);
    assert.equal(verb.parse(refresh.data).ok, true);
    assert.equal(verb.parse({ changeIds: [changeIds[0], changeIds[0]] }).ok, false, 'twice');
    assert.equal(verb.parse({ changeIds: [...changeIds, changeIds[0]!.replace(/0$/, 'f')] }).ok, false, '101');
  });
});
