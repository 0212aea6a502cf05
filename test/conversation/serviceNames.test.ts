import assert from 'node:assert/strict';
import { chatWithBot, DEMO } from '../support/botUnderTest';
import {
  actionTitles,
  cardText,
  choiceValues,
  findAction,
  invokeCard,
  lastSentCard,
  type Card,
} from '../support/cards';

/**
 * Services by the names people know today, with the old one alongside, and a command typed with a service's name
 * (old or new, in any language) narrowing the picker to that service.
 */
describe('conversation: services by old and new names', () => {
  const chat = chatWithBot({ unchanged: true });

  async function typed(text: string): Promise<Card> {
    assert.equal((await chat.owner.say(text)).status, 200);
    return lastSentCard(chat.channel, chat.owner.conversationId);
  }

  it('"add partner" with Dynamics 365 or CRM Online offers CRM Online alone, named the new way', async () => {
    for (const words of ['add partner Dynamics 365', 'add partner crm online', 'attach CRM']) {
      const picker = await typed(words);
      assert.deepEqual(choiceValues(picker), [DEMO.subscriptions.crm], words);
      assert.match(cardText(picker), /Dynamics 365 \(CRM Online\): Dynamics 365 Customer Engagement/);
    }
    const all = await typed('add partner');
    assert.ok(choiceValues(all).length > 1, 'without a service, every subscription without a partner');
    assert.match(cardText(all), /Dynamics 365 Finance and Operations \(AX7\): /);
  });

  it('takes the old and the new name of the others too, typed in another language', async () => {
    chat.owner.locale = 'de-DE';
    assert.deepEqual(choiceValues(await typed('Partner hinzufügen EMS')), [DEMO.subscriptions.ems]);
    assert.deepEqual(choiceValues(await typed('Partner hinzufügen Enterprise Mobility + Security')), [
      DEMO.subscriptions.ems,
    ]);
    chat.owner.locale = 'fr-FR';
    assert.deepEqual(choiceValues(await typed('ajouter un partenaire finance and operations')), [
      DEMO.subscriptions.ax7,
    ]);
    assert.deepEqual(choiceValues(await typed('changer de partenaire Microsoft 365')), [DEMO.subscriptions.o365]);
  });

  it('says when nothing of that service fits, and offers every subscription instead', async () => {
    const none = await typed('remove partner power bi');
    assert.match(
      cardText(none),
      /^No Power BI subscription to pick\nNo Power BI subscription has a partner of record\./,
    );
    const all = findAction(none, 'Remove partner');
    assert.deepEqual(all, { verb: 'start', data: { mode: 'remove' } });
    const picker = invokeCard(await chat.owner.press(all.verb, all.data));
    assert.ok(choiceValues(picker).includes(DEMO.subscriptions.o365));

    chat.owner.locale = 'ja-JP';
    const ja = await typed('パートナーを削除 Power BI');
    assert.match(cardText(ja), /^選べる Power BI のサブスクリプションはありません/);
    assert.deepEqual(actionTitles(ja), ['パートナーを削除', '状態']);
  });

  it("keeps the service on the picker's page buttons, and a forged service is refused", async () => {
    const picker = invokeCard(await chat.owner.press('start', { mode: 'attach', page: 0, service: 'Intune' }));
    assert.deepEqual(choiceValues(picker), [DEMO.subscriptions.intune]);
    const forged = invokeCard(await chat.owner.press('start', { mode: 'attach', page: 0, service: 'Exchange' }));
    assert.match(cardText(forged), /not valid/);
    // A paging button sends '' for no service: every subscription.
    const unfiltered = invokeCard(await chat.owner.press('start', { mode: 'attach', page: 0, service: '' }));
    assert.ok(choiceValues(unfiltered).length > 1);
  });
});
