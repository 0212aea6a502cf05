import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { serviceName, serviceOfWords } from '../../bot/wording/services';
import { tempDir } from '../support/botUnderTest';
import { type Card, cardText, choiceValues, findAction, invokeCard, lastSentCard, pressData } from '../support/cards';
import { FABRIKAM, PARTNERS, requireOpenssl } from '../support/microsoftCloud';
import { FABRIKAM_PEOPLE, startMicrosoftTenantBot, type MicrosoftTenantBot } from '../support/microsoftTenantBot';
import { requirePostgres } from '../support/postgres';
import { SmtpTestServer } from '../support/smtpTestServer';
import type { TeamsUser } from '../support/teamsUser';

/** Each partner's contact, so that every partner an action names or replaces gets its email. */
const CONTACTS = {
  adatum: { partnerId: PARTNERS.adatum.mpnId, email: 'alliances@adatum.example', name: 'Pat Adatum' },
  proseware: { partnerId: PARTNERS.proseware.mpnId, email: 'partners@proseware.example', name: 'Sam Proseware' },
  wideWorld: { partnerId: PARTNERS.wideWorld.mpnId, email: 'csp@wideworld.example', name: 'Kim Wide World' },
};

/** The button inside the card's body (an ActionSet) with this title. */
function bodyAction(card: Card, title: string): { verb: string; data: Record<string, unknown> } {
  for (const element of card.body ?? []) {
    for (const action of element.type === 'ActionSet' ? element.actions : []) {
      if (action.title === title) return { verb: action.verb, data: action.data ?? {} };
    }
  }
  assert.fail(`no "${title}" button in the card's body`);
}

/** A picker's `Service: Name` as the partner's email lists it: the service by today's name, in old or new words. */
function emailLine(title: string): string {
  const at = title.indexOf(': ');
  const service = serviceOfWords(title.slice(0, at));
  return `- ${service ? serviceName(service) : title.slice(0, at)}${title.slice(at)}`;
}

/** A choice's title as the picker shows it (`Service: Name`), which the partner's email lists too. */
function choiceTitle(card: Card, inputId: string, value: string): string {
  const input = (card.body ?? []).find((e: Card) => e.id === inputId);
  const choice = (input?.choices ?? []).find((c: Card) => c.value === value);
  assert.ok(choice, `no choice ${value} in ${inputId}`);
  return choice.title as string;
}

/** A subscription's own name in a picker's title, after its service (which emails and notices may name the old way). */
function subscriptionNameOf(title: string): string {
  return title.slice(title.indexOf(': ') + 2);
}

/**
 * An action on several subscriptions with the bot as `npm start` runs it, in a child process, on the Microsoft
 * stand-ins: Fabrikam's Graph subscriptions, its Global Administrator, Partner Center's names, and a real SMTP
 * server, so the partner emails are sent (not only written to a folder) and the done card can say so.
 */
for (const storeName of ['sqlite', 'postgres'] as const) {
  describe(`conversation: several subscriptions at once on a real tenant, bot in a child process (${storeName})`, function () {
    this.timeout(60_000);
    let t: MicrosoftTenantBot;
    let smtp: SmtpTestServer;
    let owner: TeamsUser;
    let contactsDir = '';

    before(async function () {
      await requireOpenssl(this);
      const postgresUrl = storeName === 'postgres' ? requirePostgres(this) : undefined;
      smtp = await (await SmtpTestServer.onFreePort()).start();
      contactsDir = tempDir('por-contacts-');
      const contactsFile = path.join(contactsDir, 'partner-contacts.json');
      writeFileSync(contactsFile, JSON.stringify({ contacts: Object.values(CONTACTS) }));
      t = await startMicrosoftTenantBot(
        { SMTP_URL: smtp.url, PARTNER_CONTACTS_FILE: contactsFile },
        postgresUrl ? { postgresUrl } : {},
      );
      owner = t.person(...FABRIKAM_PEOPLE.owner);
    });
    after(async () => {
      await t?.stop();
      await smtp?.stop();
      if (contactsDir) rmSync(contactsDir, { recursive: true, force: true });
    });

    /** `add partner`, then "Several at once": the first page of subscriptions to tick. */
    async function pickSeveral(): Promise<Card> {
      assert.equal((await owner.say('add partner')).status, 200);
      const several = bodyAction(lastSentCard(t.channel, owner.conversationId), 'Several at once');
      return invokeCard(await owner.press(several.verb, several.data));
    }

    async function press(card: Card, title: string, changed: Record<string, string> = {}): Promise<Card> {
      const { verb, data } = pressData(card, title, changed);
      return invokeCard(await owner.press(verb, data));
    }

    /** Check ID with this partner on the form for several, then the confirmation. */
    async function confirmWith(enter: Card, partnerId: string): Promise<Card> {
      return invokeCard(await owner.press('checkSeveral', { ...findAction(enter, 'Check ID').data, partnerId }));
    }

    /** The emails the SMTP server got for this address once `count` have arrived there. */
    async function mailsTo(address: string, count: number) {
      while (smtp.to(address).length < count) await smtp.waitForCount(smtp.received.length + 1);
      const mails = smtp.to(address);
      assert.equal(mails.length, count, `${count} email(s) to ${address}`);
      return mails;
    }

    /** The done card refreshed until the batch email is no longer pending (the outbox sends it on its own). */
    async function refreshedUntilSent(done: Card): Promise<string> {
      for (let i = 0; i < 100; i++) {
        const text = cardText(invokeCard(await owner.refresh(done)));
        if (!/not sent yet/.test(text)) return text;
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.fail('the batch email stayed pending');
    }

    it('ticks on page 1 and page 2 and submits both: 2 changes, 1 email listing both', async () => {
      const first = await pickSeveral();
      const onFirst = choiceValues(first, 'subscriptionIds');
      assert.equal(onFirst.length, 20, '24 without a partner: 20 on page 1');
      const a = onFirst[0]!;
      const aTitle = choiceTitle(first, 'subscriptionIds', a);
      const second = await press(first, 'More subscriptions', { subscriptionIds: a });
      assert.match(cardText(second), /Showing 21-24 of 24\./);
      assert.match(cardText(second), /1 ticked so far/);
      const b = choiceValues(second, 'subscriptionIds')[0]!;
      const bTitle = choiceTitle(second, 'subscriptionIds', b);
      const enter = await press(second, 'Next', { subscriptionIds: b });
      assert.match(cardText(enter), /these 2 subscriptions/);
      const confirm = await confirmWith(enter, PARTNERS.wideWorld.mpnId);
      assert.match(cardText(confirm), /Wide World Importers IT/, "Partner Center's name");
      const done = invokeCard(await owner.press('submitSeveral', findAction(confirm, 'Submit').data));
      assert.match(cardText(done), /Partner of record attached to 2 subscriptions/);

      for (const id of [a, b]) {
        const history = await t.store.history(FABRIKAM.tenantId, id);
        assert.deepEqual(
          history.map((h) => [h.kind, h.newPartnerId, h.actorName]),
          [['attach', PARTNERS.wideWorld.mpnId, 'Megan Bowen']],
        );
      }
      const [mail] = await mailsTo(CONTACTS.wideWorld.email, 1);
      assert.match(mail!.parsed.subject ?? '', /recorded you as partner of record for 2 subscriptions/);
      for (const title of [aTitle, bTitle]) assert.ok(mail!.parsed.text?.includes(emailLine(title)), title);
    });

    it('attaches one partner to 3 ticked: 3 changes, 1 email sent listing them, 1 card with each change ID', async () => {
      const picker = await pickSeveral();
      const ids = choiceValues(picker, 'subscriptionIds').slice(0, 3);
      const titles = ids.map((id) => choiceTitle(picker, 'subscriptionIds', id));
      const enter = await press(picker, 'Next', { subscriptionIds: ids.join(',') });
      const confirm = await confirmWith(enter, PARTNERS.proseware.mpnId);
      const before = t.channel.messages(owner.conversationId).length;
      const done = invokeCard(await owner.press('submitSeveral', findAction(confirm, 'Submit').data));
      const text = cardText(done);
      assert.match(text, /Partner of record attached to 3 subscriptions/);
      assert.match(text, /Proseware, Inc\. will be told by email/);
      assert.equal(t.channel.messages(owner.conversationId).length, before, 'the one card is the answer');

      for (const id of ids) {
        const [change, ...older] = await t.store.history(FABRIKAM.tenantId, id);
        assert.deepEqual([change?.kind, change?.newPartnerId, older.length], ['attach', PARTNERS.proseware.mpnId, 0]);
        assert.ok(text.includes(`Reference ${change!.eventId}`), `the card gives ${id}'s change ID`);
      }
      const [mail] = await mailsTo(CONTACTS.proseware.email, 1);
      assert.match(mail!.parsed.subject ?? '', /for 3 subscriptions/);
      for (const title of titles) assert.ok(mail!.parsed.text?.includes(emailLine(title)), title);

      // The card, refreshed, says once for the action that the email was sent: never "mail folder".
      const sent = await refreshedUntilSent(done);
      assert.equal(sent.match(/Partner emailed/g)?.length, 1, sent);
      assert.doesNotMatch(sent, /mail folder|not sent/);
    });

    it('applies none when one of them changed meanwhile, and names it', async () => {
      const picker = await pickSeveral();
      const ids = choiceValues(picker, 'subscriptionIds').slice(0, 3);
      const changed = ids[1]!;
      const enter = await press(picker, 'Next', { subscriptionIds: ids.join(',') });
      const confirm = await confirmWith(enter, PARTNERS.adatum.mpnId);

      // Another tap in the meantime: the one subscription gets Proseware on its own.
      const single = invokeCard(await owner.press('choose', { mode: 'attach', subscriptionId: changed }));
      const checked = invokeCard(
        await owner.press('check', { ...findAction(single, 'Check ID').data, partnerId: PARTNERS.proseware.mpnId }),
      );
      invokeCard(await owner.press('submit', findAction(checked, 'Submit').data));

      const stale = cardText(invokeCard(await owner.press('submitSeveral', findAction(confirm, 'Submit').data)));
      assert.match(stale, /Subscriptions changed since this card was shown/);
      assert.match(stale, /nothing was changed to any of them/);
      const named = (id: string) => stale.includes(subscriptionNameOf(choiceTitle(picker, 'subscriptionIds', id)));
      assert.ok(named(changed), 'names the one that changed');
      for (const other of [ids[0]!, ids[2]!]) {
        assert.ok(!named(other), 'only that one is named');
        assert.deepEqual(await t.store.history(FABRIKAM.tenantId, other), [], 'nothing written for the others');
      }
      const history = await t.store.history(FABRIKAM.tenantId, changed);
      assert.deepEqual(
        history.map((h) => [h.kind, h.newPartnerId]),
        [['attach', PARTNERS.proseware.mpnId]],
      );
    });

    it('moves all subscriptions of one partner to another: one email to each partner', async () => {
      assert.equal((await owner.say('change partner')).status, 200);
      const all = bodyAction(lastSentCard(t.channel, owner.conversationId), 'All subscriptions of a partner');
      const move = invokeCard(await owner.press(all.verb, all.data));
      // Proseware has the 3 of the action above and the one attached on its own.
      assert.ok(
        JSON.stringify(move).includes('All subscriptions of Proseware, Inc. (4)'),
        'Proseware is offered with its 4',
      );
      const enter = await press(move, 'Next', { fromPartnerId: PARTNERS.proseware.mpnId });
      assert.match(cardText(enter), /these 4 subscriptions/);
      const confirm = await confirmWith(enter, PARTNERS.adatum.mpnId);
      const proseware = (await t.store.lastChanges(FABRIKAM.tenantId)).size;
      const done = invokeCard(await owner.press('submitSeveral', findAction(confirm, 'Submit').data));
      assert.match(cardText(done), /Partner of record changed for 4 subscriptions/);
      assert.match(cardText(done), /Partner of record before: Proseware, Inc\. \(2345678\)/);

      const last = await t.store.lastChanges(FABRIKAM.tenantId);
      assert.equal(last.size, proseware, 'no subscription that had no change before');
      const moved = [...last.values()].filter((h) => h.kind === 'change');
      assert.equal(moved.length, 4);
      for (const h of moved)
        assert.deepEqual([h.oldPartnerId, h.newPartnerId], [PARTNERS.proseware.mpnId, PARTNERS.adatum.mpnId]);

      const [added] = await mailsTo(CONTACTS.adatum.email, 1);
      assert.match(added!.parsed.subject ?? '', /recorded you as partner of record for 4 subscriptions/);
      // Proseware had 1 email for the action of 3 and 1 for its single attach before this one.
      const toProseware = await mailsTo(CONTACTS.proseware.email, 3);
      assert.match(
        toProseware[2]!.parsed.subject ?? '',
        /no longer names you as partner of record for 4 subscriptions/,
      );
      const sent = await refreshedUntilSent(done);
      assert.equal(sent.match(/Partner emailed/g)?.length, 1, sent);
    });
  });
}
