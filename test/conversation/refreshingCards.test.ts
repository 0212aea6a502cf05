import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { chatWithBot, DEMO, type Chat } from '../support/botUnderTest';
import { cardText, digestCards, digestRows, findAction, invokeCard, lastSentCard, type Card } from '../support/cards';
import { storeRowsOnDisk } from '../support/storeSnapshot';
import { TeamsUser } from '../support/teamsUser';

/** The card's own refresh action, as Teams reads it from the card. */
function refreshOf(card: Card): RefreshAction {
  const action = card.refresh?.action;
  assert.ok(action, 'the card declares a refresh');
  assert.equal(action.type, 'Action.Execute');
  return { verb: action.verb, data: action.data ?? {} };
}

/** What Teams sends when a card with `refresh` comes into view: the refresh action, trigger "automatic". */
function refreshInvoke(user: TeamsUser, action: RefreshAction) {
  return user.post(
    user.activity({
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: {
        action: { type: 'Action.Execute', id: randomUUID(), verb: action.verb, data: action.data },
        trigger: 'automatic',
      },
    }),
  );
}

type RefreshAction = { verb: string; data: Record<string, unknown> };

/** Attaches a partner through the cards, as another chat of the same owner would. */
async function attachInAnotherChat(chat: Chat, subscriptionId: string, partnerId: string): Promise<Card> {
  const other = new TeamsUser(chat.bot.url, chat.channel.url, DEMO.contoso, DEMO.users.owner, 'Ada Owner');
  const enter = invokeCard(await other.press('choose', { mode: 'attach', subscriptionId }));
  const confirm = invokeCard(await other.press('check', { ...findAction(enter, 'Check ID').data, partnerId }));
  return invokeCard(await other.press('submit', findAction(confirm, 'Submit').data));
}

/**
 * The refresh answered, and nothing was sent to the chat (no typing) and nothing stored changed. `except`: tables
 * the background work (the outbox dispatcher) may write meanwhile.
 */
async function refreshWritesNothing(chat: Chat, action: RefreshAction, except: string[] = []): Promise<Card> {
  const rows = storeRowsOnDisk(chat.bot.dataDir, except);
  const sentToChat = () => chat.channel.received.filter((r) => r.conversationId === chat.owner.conversationId).length;
  const before = sentToChat();
  const card = invokeCard(await refreshInvoke(chat.owner, action));
  await new Promise((r) => setTimeout(r, 600)); // past the invoke's typing delay
  assert.equal(sentToChat(), before, 'a refresh sends nothing to the chat, not even typing');
  assert.equal(storeRowsOnDisk(chat.bot.dataDir, except), rows, 'a refresh writes nothing');
  return card;
}

describe('conversation: cards that refresh themselves (Universal Actions refresh)', () => {
  const chat = chatWithBot();

  const attachElsewhere = (subscriptionId: string, partnerId: string) =>
    attachInAnotherChat(chat, subscriptionId, partnerId);
  const refreshReadOnly = (action: RefreshAction) => refreshWritesNothing(chat, action);

  it('an old status card, refreshed after a change made elsewhere, shows the new partner; nothing is written', async () => {
    await chat.owner.say('status');
    const old = lastSentCard(chat.channel, chat.owner.conversationId);
    assert.match(cardText(old), /Dynamics 365 Customer Engagement\nNo partner of record/);
    const refresh = refreshOf(old);
    assert.equal(refresh.verb, 'status');

    await attachElsewhere(DEMO.subscriptions.crm, DEMO.partners.wingtip);
    const history = await chat.bot.app.ports.store.history(DEMO.contoso, DEMO.subscriptions.crm);

    const now = await refreshReadOnly(refresh);
    assert.match(cardText(now), /Dynamics 365 Customer Engagement\nPartner of record: Wingtip Partners \(2345678\)/);
    assert.ok(now.refresh, 'the refreshed card refreshes again later');
    assert.deepEqual(
      await chat.bot.app.ports.store.history(DEMO.contoso, DEMO.subscriptions.crm),
      history,
      'no audit row',
    );
  });

  it("a tap with the refresh verb still works as a person's action", async () => {
    await chat.owner.say('status');
    const card = invokeCard(
      await chat.owner.press(refreshOf(lastSentCard(chat.channel, chat.owner.conversationId)).verb, { page: 0 }),
    );
    assert.match(cardText(card), /Partners of record: Contoso/);
  });

  it('the final card of a change refreshes to the change made since', async () => {
    const done = await attachElsewhere(DEMO.subscriptions.intune, DEMO.partners.wingtip);
    const refresh = refreshOf(done);
    assert.equal(refresh.verb, 'showChange');
    assert.match(cardText(await refreshReadOnly(refresh)), /^Partner of record attached/);

    const enter = invokeCard(
      await chat.owner.press('choose', { mode: 'change', subscriptionId: DEMO.subscriptions.intune }),
    );
    const confirm = invokeCard(
      await chat.owner.press('check', { ...findAction(enter, 'Check ID').data, partnerId: DEMO.partners.litware }),
    );
    invokeCard(await chat.owner.press('submit', findAction(confirm, 'Submit').data));

    const now = cardText(await refreshReadOnly(refresh));
    assert.match(now, /^Since then: partner of record changed/);
    assert.match(now, /Litware Advisory \(11223344\)/);
  });

  it("Teams' automatic trigger runs only the verbs that read: a forged automatic Submit writes nothing", async () => {
    const enter = invokeCard(
      await chat.owner.press('choose', { mode: 'attach', subscriptionId: DEMO.subscriptions.ax7 }),
    );
    const confirm = invokeCard(
      await chat.owner.press('check', { ...findAction(enter, 'Check ID').data, partnerId: DEMO.partners.wingtip }),
    );
    const card = await refreshReadOnly({ verb: 'submit', data: findAction(confirm, 'Submit').data });
    assert.match(cardText(card), /I could not use that card/);
    assert.deepEqual(await chat.bot.app.ports.store.history(DEMO.contoso, DEMO.subscriptions.ax7), []);
  });
});

describe('conversation: a digest card that refreshes itself', () => {
  // Background work on: the nudge pass's digest goes out through the outbox.
  const nudged = chatWithBot({ background: true });

  it('a digest refreshes to the current state, leaving out a subscription that meanwhile got a partner', async () => {
    await nudged.owner.install();
    await nudged.bot.app.nudgeSync.runOnce();
    await nudged.channel.waitFor(() => digestCards(nudged.channel, nudged.owner.conversationId).length > 0, 10_000);
    const digest = digestCards(nudged.channel, nudged.owner.conversationId)[0]!;
    assert.ok(digestRows(digest).includes(DEMO.subscriptions.powerbi));
    const refresh = refreshOf(digest);

    const still = await refreshWritesNothing(nudged, refresh, ['outbox', 'sqlite_sequence']);
    assert.deepEqual(digestRows(still), digestRows(digest), 'nothing changed: the same digest');

    await attachInAnotherChat(nudged, DEMO.subscriptions.powerbi, DEMO.partners.litware);
    const now = await refreshWritesNothing(nudged, refresh, ['outbox', 'sqlite_sequence']);
    assert.deepEqual(
      digestRows(now),
      digestRows(digest).filter((s) => s !== DEMO.subscriptions.powerbi),
    );
    assert.match(cardText(now), /^4 subscriptions have no partner of record/m);
  });
});
