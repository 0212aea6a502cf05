import assert from 'node:assert/strict';
import type { OutboxMessage } from '../../bot/core';
import { ChannelServer } from '../support/channelServer';
import { DEMO, startBot, type BotUnderTest } from '../support/botUnderTest';
import { TeamsUser } from '../support/teamsUser';
import {
  actionTitles,
  cardText,
  choiceValues,
  findAction,
  invokeCard,
  lastSentCard,
  pressData,
} from '../support/cards';
import { dropSchema, freshSchema, requirePostgres } from '../support/postgres';

const { crm, ax7, intune, o365, ems, powerbi } = DEMO.subscriptions;
const { fabrikam, wingtip, litware } = DEMO.partners;

/** The button inside the card's body (an ActionSet) with this title. */
function bodyAction(card: any, title: string): { verb: string; data: Record<string, unknown> } {
  for (const element of card.body ?? []) {
    for (const action of element.type === 'ActionSet' ? element.actions : []) {
      if (action.title === title) return { verb: action.verb, data: action.data ?? {} };
    }
  }
  assert.fail(`no "${title}" button in the card's body`);
}

/**
 * An action on several subscriptions, in the chat, on each store: `add partner` with several ticked (or all),
 * one Partner ID, Check ID once, Submit once; `change partner` moving all subscriptions of one partner.
 */
for (const storeName of ['sqlite', 'postgres'] as const) {
  describe(`conversation: several subscriptions at once (${storeName})`, () => {
    let url = '';
    let schema = '';
    let channel: ChannelServer;
    let bot: BotUnderTest;
    let owner: TeamsUser;
    let env: Record<string, string> = {};

    before(function () {
      if (storeName === 'postgres') url = requirePostgres(this);
    });
    beforeEach(async () => {
      channel = await new ChannelServer().start();
      schema = freshSchema();
      env = storeName === 'postgres' ? { STORE: 'postgres', DATABASE_URL: url, DATABASE_SCHEMA: schema } : {};
      bot = await startBot({ env });
      owner = new TeamsUser(bot.url, channel.url, DEMO.contoso, DEMO.users.owner, 'Ada Owner');
    });
    afterEach(async () => {
      await bot.stop();
      await channel.close();
      if (storeName === 'postgres') await dropSchema(url, schema);
    });

    /** Every message the changes queued (none is sent: this bot runs no background work). */
    async function queued(): Promise<OutboxMessage[]> {
      return bot.app.ports.store.claimDue('2100-01-01T00:00:00.000Z', '2100-01-01T00:01:00.000Z', 1000);
    }

    /** `add partner`, then "Several at once": the card to tick subscriptions on. */
    async function pickSeveral() {
      await owner.say('add partner');
      const picker = lastSentCard(channel, owner.conversationId);
      const several = bodyAction(picker, 'Several at once');
      return invokeCard(await owner.press(several.verb, several.data));
    }

    /** Next with these ticked (as Teams sends a multi-select: comma-joined), Check ID with the partner. */
    async function confirmFor(ids: string[], partnerId: string) {
      const picker = await pickSeveral();
      const next = findAction(picker, 'Next');
      const enter = invokeCard(await owner.press(next.verb, { ...next.data, subscriptionIds: ids.join(',') }));
      const check = findAction(enter, 'Check ID');
      return invokeCard(await owner.press(check.verb, { ...check.data, partnerId }));
    }

    it('attaches one partner to 3 ticked subscriptions: 3 changes, 1 email listing them, 1 card', async () => {
      const picker = await pickSeveral();
      assert.deepEqual(choiceValues(picker, 'subscriptionIds'), [crm, ax7, intune, ems, powerbi]);
      const confirm = await confirmFor([crm, ax7, intune], wingtip);
      assert.match(cardText(confirm), /Wingtip Partners/);
      assert.match(cardText(confirm), /these 3 subscriptions/);
      assert.deepEqual(actionTitles(confirm), ['Submit', 'Cancel']);

      const submit = findAction(confirm, 'Submit');
      const before = channel.messages(owner.conversationId).length;
      const done = invokeCard(await owner.press(submit.verb, submit.data));
      assert.match(cardText(done), /Partner of record attached to 3 subscriptions/);
      assert.match(cardText(done), /Dynamics 365 Customer Engagement/);
      assert.match(cardText(done), /changes nothing at Microsoft/);
      assert.equal(channel.messages(owner.conversationId).length, before, 'the one card is the answer, nothing else');

      const { store } = bot.app.ports;
      for (const id of [crm, ax7, intune]) {
        const history = await store.history(DEMO.contoso, id);
        assert.deepEqual(
          history.map((h) => [h.kind, h.newPartnerId, h.version]),
          [['attach', wingtip, 1]],
        );
      }
      const messages = await queued();
      const emails = messages.filter((m) => m.channel === 'email');
      assert.equal(emails.length, 1, 'one email to the partner');
      assert.deepEqual(emails[0]!.channel === 'email' && emails[0]!.payload.batch?.map((e) => e.subscription.id), [
        crm,
        ax7,
        intune,
      ]);

      // Submit again (a retried invoke): the same answer, nothing written twice.
      const again = invokeCard(await owner.press(submit.verb, submit.data));
      assert.match(cardText(again), /Partner of record attached to 3 subscriptions/);
      assert.equal((await store.history(DEMO.contoso, crm)).length, 1);

      // Each subscription's change ID, which the owner can quote, and the one email said once for the action.
      for (const id of [crm, ax7, intune]) {
        const [change] = await store.history(DEMO.contoso, id, 1);
        assert.ok(cardText(done).includes(`. Reference ${change!.eventId}`), `${id}'s change ID`);
      }
      assert.equal(cardText(done).match(/Email to the partner not sent yet/g)?.length, 1, 'once, not on a row');
      assert.match(cardText(done), /Partner of record before: None/);
    });

    it('the done card refreshes true: a change made since, and the email no longer known once overtaken', async () => {
      const confirm = await confirmFor([ax7, crm], wingtip);
      const done = invokeCard(await owner.press('submitSeveral', findAction(confirm, 'Submit').data));
      assert.deepEqual(invokeCard(await owner.refresh(done)), done, 'nothing changed: the same card');

      // Someone changes crm since; ax7's change (which wrote the email) still stands.
      const one = invokeCard(await owner.press('choose', { mode: 'change', subscriptionId: crm }));
      const checked = invokeCard(
        await owner.press('check', { ...findAction(one, 'Check ID').data, partnerId: litware }),
      );
      invokeCard(await owner.press('submit', findAction(checked, 'Submit').data));
      const later = cardText(invokeCard(await owner.refresh(done)));
      assert.match(later, /Partner of record attached to 2 subscriptions/);
      assert.match(later, /Customer Engagement[^\n]*Reference [^\n]*Changed since: now Litware Advisory/);
      assert.doesNotMatch(later, /AX7[^\n]*Changed since/);
      assert.match(later, /Email to the partner not sent yet/);

      // Now ax7, whose change wrote the email: where it stands is no longer known here, and the card says so.
      const two = invokeCard(await owner.press('choose', { mode: 'change', subscriptionId: ax7 }));
      const twoChecked = invokeCard(
        await owner.press('check', { ...findAction(two, 'Check ID').data, partnerId: litware }),
      );
      invokeCard(await owner.press('submit', findAction(twoChecked, 'Submit').data));
      const overtaken = cardText(invokeCard(await owner.refresh(done)));
      assert.match(overtaken, /no longer shown here/);
      assert.doesNotMatch(overtaken, /not sent yet/);

      // A refresh naming a change of no one's record, or another tenant's, is refused without a fault.
      const forged = invokeCard(
        await owner.press('showSeveral', { changeIds: ['5f0c6a1e-7b7e-4c39-9a44-1c2b3d4e5f60'] }),
      );
      assert.match(cardText(forged), /not in your organization's record/);
    });

    it('applies none when one of them changed meanwhile, and says which', async () => {
      const confirm = await confirmFor([crm, ax7, intune], wingtip);
      // Someone else attaches a partner to one of them before Submit.
      const single = invokeCard(await owner.press('choose', { mode: 'attach', subscriptionId: ax7 }));
      const checked = invokeCard(
        await owner.press('check', { ...findAction(single, 'Check ID').data, partnerId: litware }),
      );
      invokeCard(await owner.press('submit', findAction(checked, 'Submit').data));

      const stale = invokeCard(await owner.press('submitSeveral', findAction(confirm, 'Submit').data));
      assert.match(cardText(stale), /Subscriptions changed since this card was shown/);
      assert.match(cardText(stale), /nothing was changed to any of them/);
      // The subscription by its service's name today (services.ts).
      assert.match(
        cardText(stale),
        /Dynamics 365 Finance and Operations \(AX7\): Dynamics 365 Finance and Operations: Litware Advisory/,
      );
      assert.doesNotMatch(cardText(stale), /Customer Engagement|Intune/, 'only the one that changed is named');
      const stored = await bot.app.ports.store.getAssignments(DEMO.contoso, [crm, ax7, intune]);
      assert.deepEqual(
        [...stored.values()].map((a) => [a.subscriptionId, a.partnerId]),
        [[ax7, litware]],
      );
      const emails = (await queued()).filter((m) => m.channel === 'email');
      assert.equal(emails.length, 1, 'only the single attach queued an email');
    });

    it('keeps the ticks of every page: tick on one, turn pages, tick more, submit all', async () => {
      await bot.stop();
      bot = await startBot({ env: { ...env, STATUS_PAGE_SIZE: '2' } });
      owner = new TeamsUser(bot.url, channel.url, DEMO.contoso, DEMO.users.owner, 'Ada Owner');
      const first = await pickSeveral();
      assert.deepEqual(choiceValues(first, 'subscriptionIds'), [crm, ax7]);
      assert.doesNotMatch(cardText(first), /this page only|ticked so far/);
      const press = async (card: any, title: string, changed: Record<string, string>) => {
        const { verb, data } = pressData(card, title, changed);
        return invokeCard(await owner.press(verb, data));
      };

      const second = await press(first, 'More subscriptions', { subscriptionIds: crm });
      assert.deepEqual(choiceValues(second, 'subscriptionIds'), [intune, ems]);
      assert.match(cardText(second), /1 ticked so far/);
      assert.deepEqual(choiceValues(second, 'tickedElsewhere'), [crm]);
      const back = await press(second, 'Previous page', { subscriptionIds: ems });
      assert.match(cardText(back), /2 ticked so far/);
      assert.equal(back.body.find((e: any) => e.id === 'subscriptionIds').value, crm, 'still ticked on its page');
      assert.deepEqual(choiceValues(back, 'tickedElsewhere'), [ems]);
      const again = await press(back, 'More subscriptions', {});
      assert.equal(again.body.find((e: any) => e.id === 'subscriptionIds').value, ems);
      const last = await press(again, 'More subscriptions', {});
      assert.deepEqual(choiceValues(last, 'subscriptionIds'), [powerbi]);
      assert.deepEqual(choiceValues(last, 'tickedElsewhere'), [crm, ems]);

      const enter = await press(last, 'Next', { subscriptionIds: powerbi });
      assert.match(cardText(enter), /these 3 subscriptions/);
      const confirm = invokeCard(
        await owner.press('checkSeveral', { ...findAction(enter, 'Check ID').data, partnerId: wingtip }),
      );
      const done = invokeCard(await owner.press('submitSeveral', findAction(confirm, 'Submit').data));
      assert.match(cardText(done), /Partner of record attached to 3 subscriptions/);
      const stored = await bot.app.ports.store.getAssignments(DEMO.contoso, [crm, ax7, intune, ems, powerbi]);
      assert.deepEqual([...stored.keys()].sort(), [crm, ems, powerbi].sort());

      // Ticks carried by a forged card are judged as Next judges them: another tenant's, or one sent twice.
      const foreign = await press(last, 'Previous page', { tickedElsewhere: DEMO.subscriptions.northwindO365 });
      assert.match(cardText(foreign), /Subscription not found/);
      const twice = await press(last, 'Next', { subscriptionIds: powerbi, tickedElsewhere: `${crm},${powerbi}` });
      assert.match(cardText(twice), /sent twice/);
    });

    it('attaches to all without a partner with the one toggle', async () => {
      const picker = await pickSeveral();
      const next = findAction(picker, 'Next');
      const enter = invokeCard(await owner.press(next.verb, { ...next.data, allWithoutPartner: 'true' }));
      assert.match(cardText(enter), /these 5 subscriptions/);
      const confirm = invokeCard(
        await owner.press('checkSeveral', { ...findAction(enter, 'Check ID').data, partnerId: litware }),
      );
      const done = invokeCard(await owner.press('submitSeveral', findAction(confirm, 'Submit').data));
      assert.match(cardText(done), /Partner of record attached to 5 subscriptions/);
      const views = await bot.app.ports.store.getAssignments(DEMO.contoso, [crm, ax7, intune, ems, powerbi]);
      assert.equal([...views.values()].filter((a) => a.partnerId === litware).length, 5);
    });

    it('moves all subscriptions of one partner to another: one email to each', async () => {
      // Fabrikam has o365 from the seed; give it two more.
      const first = await confirmFor([crm, ax7], fabrikam);
      invokeCard(await owner.press('submitSeveral', findAction(first, 'Submit').data));
      await queued();

      await owner.say('change partner');
      const picker = lastSentCard(channel, owner.conversationId);
      const all = bodyAction(picker, 'All subscriptions of a partner');
      const move = invokeCard(await owner.press(all.verb, all.data));
      assert.match(cardText(move), /Move subscriptions to another partner/);
      assert.ok(choiceValues(move, 'fromPartnerId').includes(fabrikam));
      const next = findAction(move, 'Next');
      const enter = invokeCard(await owner.press(next.verb, { ...next.data, fromPartnerId: fabrikam }));
      assert.match(cardText(enter), /these 3 subscriptions/);
      const confirm = invokeCard(
        await owner.press('checkSeveral', { ...findAction(enter, 'Check ID').data, partnerId: litware }),
      );
      const done = invokeCard(await owner.press('submitSeveral', findAction(confirm, 'Submit').data));
      assert.match(cardText(done), /Partner of record changed for 3 subscriptions/);
      // This bot has no mail server: both partners' emails are only filed, and the card says so.
      assert.match(cardText(done), /Litware Advisory will not be emailed/);
      assert.match(cardText(done), /Fabrikam Cloud Services will not be emailed/);

      const { store } = bot.app.ports;
      for (const id of [o365, crm, ax7]) {
        const [latest] = await store.history(DEMO.contoso, id, 1);
        assert.deepEqual([latest?.kind, latest?.oldPartnerId, latest?.newPartnerId], ['change', fabrikam, litware]);
      }
      const emails = (await bot.app.ports.store.claimDue('2101-01-01T00:00:00.000Z', '2101-01-01T00:01:00.000Z', 100))
        .flatMap((m) =>
          m.channel === 'email' ? [[m.payload.template, m.payload.partner.partnerId, m.payload.batch?.length]] : [],
        )
        .filter(([, partner, count]) => !(partner === fabrikam && count === 2));
      assert.deepEqual(emails.sort(), [
        ['added', litware, 3],
        ['replaced', fabrikam, 3],
      ]);
    });

    it("refuses another tenant's subscription among those ticked, and changes nothing", async () => {
      const picker = await pickSeveral();
      const next = findAction(picker, 'Next');
      const ids = [crm, DEMO.subscriptions.northwindO365].join(',');
      const refused = invokeCard(await owner.press(next.verb, { ...next.data, subscriptionIds: ids }));
      assert.match(cardText(refused), /Subscription not found/);
      assert.equal((await bot.app.ports.store.getAssignments(DEMO.contoso, [crm])).size, 0);
      assert.equal(
        (await bot.app.ports.store.getAssignments(DEMO.northwind, [DEMO.subscriptions.northwindO365])).size,
        0,
      );
    });

    it('answers a wrong or unknown Partner ID on the same form, and refuses a forged selection of 101', async () => {
      const confirm = await confirmFor([crm, ax7], fabrikam);
      assert.match(cardText(confirm), /Fabrikam/);
      const wrong = await confirmFor([crm, ax7], '99999999');
      assert.ok(actionTitles(wrong).includes('Check ID'), 'the form again, to correct the ID in place');
      assert.match(cardText(wrong), /99999999|not registered|not find/i);
      assert.equal(wrong.body.find((e: any) => e.id === 'partnerId')?.value, '99999999');
      const many = Array.from({ length: 101 }, (_, i) => [`sub-${i}`, 0]);
      const forged = await owner.press('submitSeveral', {
        ...findAction(confirm, 'Submit').data,
        selection: many,
      });
      const refused = cardText(invokeCard(forged));
      assert.match(refused, /I could not use that card/);
      assert.match(refused, /Nothing was changed/);
      // Over the 16 KB a card action may carry: refused before any verb runs.
      const huge = await owner.press('submitSeveral', {
        ...findAction(confirm, 'Submit').data,
        pad: 'x'.repeat(17_000),
      });
      assert.match(cardText(invokeCard(huge)), /more data than any of my cards sends/);
      assert.equal((await bot.app.ports.store.getAssignments(DEMO.contoso, [crm, ax7])).size, 0);
    });
  });
}
