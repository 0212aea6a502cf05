import assert from 'node:assert/strict';
import { chatWithBot, DEMO, type Chat } from '../support/botUnderTest';
import { cardText, findAction, invokeCard, lastSentCard, type Card } from '../support/cards';
import { TeamsUser } from '../support/teamsUser';

/**
 * The status card is kept by its data (bot/teams/cardRenderer.ts, `renderKept`): asking again with nothing changed
 * gives the same card, and a change, a person with other rights, another tenant or language each get their own.
 */
describe('conversation: the status card, kept while nothing changes', () => {
  const chat = chatWithBot();

  const statusOf = async (user: TeamsUser): Promise<Card> => {
    await user.say('status');
    return lastSentCard(chat.channel, user.conversationId);
  };
  const person = (tenant: string, id: string, name: string) =>
    new TeamsUser(chat.bot.url, chat.channel.url, tenant, id, name);

  async function attach(c: Chat, subscriptionId: string, partnerId: string): Promise<void> {
    const enter = invokeCard(await c.owner.press('choose', { mode: 'attach', subscriptionId }));
    const confirm = invokeCard(await c.owner.press('check', { ...findAction(enter, 'Check ID').data, partnerId }));
    invokeCard(await c.owner.press('submit', findAction(confirm, 'Submit').data));
  }

  it('shows a change at once, the next time it is asked for', async () => {
    const first = cardText(await statusOf(chat.owner));
    assert.equal(cardText(await statusOf(chat.owner)), first, 'nothing changed: the same card');
    assert.match(first, /Dynamics 365 Customer Engagement\nNo partner of record/);

    await attach(chat, DEMO.subscriptions.crm, DEMO.partners.wingtip);
    const after = cardText(await statusOf(chat.owner));
    assert.match(after, /Dynamics 365 Customer Engagement\nPartner of record: Wingtip Partners \(2345678\)/);
    assert.match(after, /Attached by Ada Owner/);
  });

  it("gives each person their own: a co-admin's is read-only, another tenant's is its own", async () => {
    const owner = await statusOf(chat.owner);
    const coAdmin = await statusOf(person(DEMO.contoso, DEMO.users.coAdmin, 'Cy Coadmin'));
    const northwind = await statusOf(person(DEMO.northwind, DEMO.users.northwindOwner, 'Nia Owner'));
    assert.ok(findAction(owner, 'Change'), "the owner's card offers changes");
    assert.throws(() => findAction(coAdmin, 'Change'), "the co-admin's does not");
    assert.match(cardText(coAdmin), /Co-admins cannot attach, change or remove/);
    assert.match(cardText(northwind), /^Partners of record: Northwind/);
    assert.doesNotMatch(cardText(northwind), /Contoso/);
  });

  it('in the language each person reads', async () => {
    const english = cardText(await statusOf(chat.owner));
    const german = person(DEMO.contoso, DEMO.users.owner, 'Ada Owner');
    german.locale = 'de-DE';
    const deutsch = cardText(await statusOf(german));
    assert.notEqual(deutsch, english);
    assert.match(deutsch, /Kein Partner of Record/);
  });
});
