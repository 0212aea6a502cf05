import assert from 'node:assert/strict';
import { SERVICE_NAMES } from '../../bot/wording/services';
import { actionTitles, cardFacts, cardText, invokeCard, lastSentCard, type Card } from '../support/cards';
import { englishLeft } from '../support/englishLeft';
import { eventually } from '../support/eventually';
import { CONTOSO, CONTOSO_AZURE, PARTNERS, requireOpenssl, seedAzureFixtures } from '../support/microsoftCloud';
import { CONTOSO_PEOPLE, startMicrosoftTenantBot, type MicrosoftTenantBot } from '../support/microsoftTenantBot';
import type { TeamsUser } from '../support/teamsUser';

/**
 * What the chat says when something goes other than planned, in the person's Teams language: a wrong Partner ID, a
 * Partner ID typed when none was asked for, an Azure subscription refused to someone who is not its Owner, Microsoft's
 * directory not answering, and a message that is no command. No sentence of the English answers is left.
 */

const PRODUCTION = CONTOSO_AZURE.subscriptions.production.subscriptionId;
/** Names and ids from the directory and what the person typed: the same in every language. */
const DATA = [
  ...Object.values(SERVICE_NAMES),
  'Contoso Ltd',
  'Contoso Production',
  'Office 365 E3',
  'Adele Vance',
  'Lee Gu',
  '12ab',
  '99999999',
  PARTNERS.adatum.mpnId,
];
/** Names Microsoft's German, Spanish and Japanese keep. */
const KEEP = ['Partner of Record', 'Partner ID'];

let t: MicrosoftTenantBot;

/** The action of a card that sends `verb` (its title is in the person's language). */
function actionFor(card: Card, verb: string): { verb: string; data: Record<string, unknown> } {
  const action = (card.actions ?? []).find((a: { verb?: string }) => a.verb === verb);
  assert.ok(action, `no action with verb ${verb}`);
  return { verb: action.verb, data: action.data ?? {} };
}

async function reply(person: TeamsUser, text: string): Promise<Card> {
  assert.equal((await person.say(text)).status, 200);
  return lastSentCard(t.channel, person.conversationId);
}

/** Each notice as Adele Vance (a Global Administrator, no Owner of Contoso Production) meets it in `locale`. */
async function noticesIn(locale: string): Promise<Record<string, Card>> {
  const adele = t.person(...CONTOSO_PEOPLE.directOwner);
  adele.locale = locale;
  adele.localTimezone = 'Europe/Berlin';
  const form = invokeCard(
    await adele.press('choose', { mode: 'attach', subscriptionId: CONTOSO.subscriptions.officeE3 }),
  );
  const check = actionFor(form, 'check');
  const malformedId = invokeCard(await adele.press('check', { ...check.data, partnerId: '12ab' }));
  const unknownId = invokeCard(await adele.press('check', { ...check.data, partnerId: '99999999' }));
  const cancelled = invokeCard(await adele.press('cancel', actionFor(unknownId, 'cancel').data));
  // Cancel closed the Partner ID question: a number typed now answers nothing.
  const typedId = await reply(adele, PARTNERS.adatum.mpnId);
  const notUnderstood = await reply(adele, 'xyzzy');
  const azure = invokeCard(await adele.press('choose', { mode: 'attach', subscriptionId: PRODUCTION }));
  t.cloud.graph.setDown(true);
  const outage = await reply(adele, 'status');
  t.cloud.graph.setDown(false);
  // The circuit to Graph opened: the next suite of answers waits until it has closed again.
  await eventually(async () => assert.equal(cardText(await reply(adele, 'status')).includes('Office 365 E3'), true));
  return { malformedId, unknownId, cancelled, typedId, notUnderstood, azure, outage };
}

describe("conversation: notices and refusals in the person's language (stand-ins, bot in a child process)", function () {
  this.timeout(60_000);
  let english: Record<string, Card>;
  before(async function () {
    await requireOpenssl(this);
    t = await startMicrosoftTenantBot({ ROLE_CACHE_SECONDS: '0' });
    seedAzureFixtures(t.cloud);
    english = await noticesIn('en-US');
  });
  after(async () => {
    await t?.stop();
  });

  it('finds the English notices it compares with (the check can see them)', () => {
    assert.match(cardText(english.malformedId!), /A Partner ID is a number of 6 to 10 digits\./);
    assert.match(cardText(english.unknownId!), /No partner is registered with Partner ID 99999999\./);
    assert.equal(cardText(english.cancelled!), 'Cancelled\nNothing was changed.');
    assert.match(cardText(english.typedId!), /^Which subscription is that for\?/);
    assert.match(cardText(english.notUnderstood!), /^I did not catch that\nTry "add partner"/);
    assert.match(cardText(english.azure!), /^Only the subscription's Owners can do this\n/);
    assert.match(cardText(english.outage!), /^Microsoft's directory is not answering\n/);
  });

  it('de-DE: a wrong Partner ID, an ID nobody asked for, an Azure refusal, an outage, a word it does not know', async () => {
    const cards = await noticesIn('de-DE');
    for (const [name, card] of Object.entries(cards)) {
      assert.deepEqual(englishLeft(english[name]!, card, { keep: KEEP, data: DATA }), [], `de-DE ${name} still says`);
    }
    assert.match(
      cardText(cards.malformedId!),
      /Eine Partner-ID ist eine Zahl mit 6 bis 10 Ziffern\. Prüfen Sie die ID, die Ihr Partner Ihnen genannt hat/,
    );
    assert.equal(cards.malformedId!.body.find((e: { id?: string }) => e.id === 'partnerId')?.value, '');
    assert.match(cardText(cards.unknownId!), /Unter der Partner-ID 99999999 ist kein Partner registriert\./);
    assert.equal(cardText(cards.cancelled!), 'Abgebrochen\nEs wurde nichts geändert.');
    assert.match(cardText(cards.typedId!), /^Für welches Abonnement ist das\?\nDas sieht nach einer Partner-ID aus/);
    assert.match(cardText(cards.typedId!), /Beginnen Sie mit „Partner hinzufügen“ oder „Partner ändern“/);
    assert.deepEqual(actionTitles(cards.typedId!), ['Partner hinzufügen', 'Partner ändern']);
    assert.match(
      cardText(cards.notUnderstood!),
      /^Das habe ich nicht verstanden\nVersuchen Sie es mit „Partner hinzufügen“/,
    );
    assert.deepEqual(actionTitles(cards.notUnderstood!), ['Status', 'Hilfe']);
    assert.match(
      cardText(cards.azure!),
      /^Das können nur die Besitzer des Abonnements\nNur ein Besitzer des Azure-Abonnements Contoso Production/,
    );
    assert.deepEqual(cardFacts(cards.azure!), [{ title: 'Wer es kann', value: 'Lee Gu' }]);
    assert.match(
      cardText(cards.outage!),
      /^Das Verzeichnis von Microsoft antwortet nicht\nDa das Verzeichnis von Microsoft nicht/,
    );
    assert.match(String(cards.outage!.fallbackText), /^Das Verzeichnis von Microsoft antwortet nicht\. Da das/);
  });

  it('ja-JP: the same answers in Japanese', async () => {
    const cards = await noticesIn('ja-JP');
    for (const [name, card] of Object.entries(cards)) {
      assert.deepEqual(englishLeft(english[name]!, card, { keep: KEEP, data: DATA }), [], `ja-JP ${name} still says`);
    }
    assert.match(
      cardText(cards.azure!),
      /^この操作はサブスクリプションの所有者だけが行えます\nAzure サブスクリプション Contoso Production/,
    );
    assert.deepEqual(cardFacts(cards.azure!), [{ title: '操作できるユーザー', value: 'Lee Gu' }]);
    assert.match(cardText(cards.malformedId!), /Partner ID は 6～10 桁の数字です。パートナーから/);
    assert.match(cardText(cards.outage!), /^Microsoft のディレクトリが応答していません\n/);
    assert.match(String(cards.outage!.fallbackText), /^Microsoft のディレクトリが応答していません。Microsoft/);
  });
});
