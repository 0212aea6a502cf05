import assert from 'node:assert/strict';
import { chatWithBot, DEMO } from '../support/botUnderTest';
import { TeamsUser } from '../support/teamsUser';
import { cardText, findAction, invokeCard } from '../support/cards';

describe('conversation: stale cards and repeated submits', () => {
  const chat = chatWithBot();

  async function confirmCard(person: TeamsUser, mode: 'attach' | 'change', subscriptionId: string, partnerId: string) {
    const enter = invokeCard(await person.press('choose', { mode, subscriptionId }));
    return invokeCard(await person.press('check', { ...findAction(enter, 'Check ID').data, partnerId }));
  }

  it('refuses a stale Submit, shows the current state, and overwrites nothing', async () => {
    // Two chats of the owner (say desktop and phone) hold confirm cards for the same subscription.
    const phone = new TeamsUser(chat.bot.url, chat.channel.url, DEMO.contoso, DEMO.users.owner, 'Ada Owner');
    const onDesktop = await confirmCard(chat.owner, 'change', DEMO.subscriptions.o365, DEMO.partners.tailspin);
    const onPhone = await confirmCard(phone, 'change', DEMO.subscriptions.o365, DEMO.partners.wingtip);

    assert.match(
      cardText(invokeCard(await phone.press('submit', findAction(onPhone, 'Submit').data))),
      /Partner of record changed/,
    );
    const stale = invokeCard(await chat.owner.press('submit', findAction(onDesktop, 'Submit').data));
    const text = cardText(stale);
    assert.match(text, /changed since this card was shown/);
    assert.match(text, /Partner of record now: Wingtip Partners \(2345678\)/);
    assert.match(text, /Last change: Changed by Ada Owner/);

    const history = await chat.bot.app.ports.store.history(DEMO.contoso, DEMO.subscriptions.o365);
    assert.equal(history.length, 1);
    assert.equal(history[0]!.newPartnerId, DEMO.partners.wingtip);
  });

  it('refuses a stale Remove the same way', async () => {
    const confirmRemove = invokeCard(
      await chat.owner.press('choose', { mode: 'remove', subscriptionId: DEMO.subscriptions.azure }),
    );
    const confirmChange = await confirmCard(chat.owner, 'change', DEMO.subscriptions.azure, DEMO.partners.litware);
    invokeCard(await chat.owner.press('submit', findAction(confirmChange, 'Submit').data));
    const stale = invokeCard(await chat.owner.press('remove', findAction(confirmRemove, 'Remove').data));
    assert.match(cardText(stale), /changed since this card was shown/);
    const [latest] = await chat.bot.app.ports.store.history(DEMO.contoso, DEMO.subscriptions.azure);
    assert.equal(latest!.newPartnerId, DEMO.partners.litware, 'the remove did not happen');
  });

  it('notices a change made between showing the ID card and Check ID', async () => {
    const enter = invokeCard(
      await chat.owner.press('choose', { mode: 'change', subscriptionId: DEMO.subscriptions.o365 }),
    );
    const other = await confirmCard(chat.owner, 'change', DEMO.subscriptions.o365, DEMO.partners.litware);
    invokeCard(await chat.owner.press('submit', findAction(other, 'Submit').data));
    const card = invokeCard(
      await chat.owner.press('check', { ...findAction(enter, 'Check ID').data, partnerId: DEMO.partners.wingtip }),
    );
    assert.match(cardText(card), /changed since this card was shown/);
  });

  it('applies a Submit delivered twice once: one change, one audit row, the same answer', async () => {
    const confirm = await confirmCard(chat.owner, 'attach', DEMO.subscriptions.powerbi, DEMO.partners.wingtip);
    const submit = findAction(confirm, 'Submit');
    const first = invokeCard(await chat.owner.press('submit', submit.data));
    const second = invokeCard(await chat.owner.press('submit', submit.data));
    assert.match(cardText(first), /Partner of record attached/);
    assert.equal(cardText(second), cardText(first), 'a retried invoke gets the same confirmation');
    const history = await chat.bot.app.ports.store.history(DEMO.contoso, DEMO.subscriptions.powerbi);
    assert.equal(history.length, 1);
    const assignments = await chat.bot.app.ports.store.getAssignments(DEMO.contoso, [DEMO.subscriptions.powerbi]);
    assert.equal(assignments.get(DEMO.subscriptions.powerbi)!.version, 1);
  });

  it('applies a double tap arriving at the same moment once', async () => {
    const confirm = await confirmCard(chat.owner, 'attach', DEMO.subscriptions.ax7, DEMO.partners.litware);
    const submit = findAction(confirm, 'Submit');
    const answers = await Promise.all(Array.from({ length: 5 }, () => chat.owner.press('submit', submit.data)));
    for (const answer of answers) assert.match(cardText(invokeCard(answer)), /Partner of record attached/);
    assert.equal((await chat.bot.app.ports.store.history(DEMO.contoso, DEMO.subscriptions.ax7)).length, 1);
  });

  it('applies a double Remove once', async () => {
    const confirm = invokeCard(
      await chat.owner.press('choose', { mode: 'remove', subscriptionId: DEMO.subscriptions.o365 }),
    );
    const remove = findAction(confirm, 'Remove');
    const [a, b] = await Promise.all([
      chat.owner.press('remove', remove.data),
      chat.owner.press('remove', remove.data),
    ]);
    assert.match(cardText(invokeCard(a!)), /Partner of record removed/);
    assert.match(cardText(invokeCard(b!)), /Partner of record removed/);
    assert.equal((await chat.bot.app.ports.store.history(DEMO.contoso, DEMO.subscriptions.o365)).length, 1);
  });
});
