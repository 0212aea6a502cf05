import assert from 'node:assert/strict';
import { ChannelServer } from '../support/channelServer';
import { startBot, DEMO, type BotUnderTest } from '../support/botUnderTest';
import {
  actionTitles,
  cardFacts,
  cardText,
  digestCards,
  digestRows,
  findAction,
  invokeCard,
  sentCards,
  type Card,
} from '../support/cards';
import { englishLeft } from '../support/englishLeft';
import { SmtpTestServer } from '../support/smtpTestServer';
import { TeamsUser } from '../support/teamsUser';

const LINK = /http:\/\/127\.0\.0\.1:\d+\/partner-answer\?t=[\w-]+\.[\w-]+/;
/** German's short months as Intl writes them (`Dez.`, `März`, `Sept.`): their first three letters. */
const GERMAN_MONTHS = ['Jan', 'Feb', 'Mär', 'Apr', 'Mai', 'Jun', 'Jul', 'Aug', 'Sep', 'Okt', 'Nov', 'Dez'];

/**
 * A German zoned time such as `9. Dez. 2026, 11:05 GMT+1` names `iso`'s minute, with an offset Berlin has (+1 in
 * winter, +2 in summer): worked out by hand, not by Intl.
 */
function assertBerlinTime(shown: string, iso: string): void {
  const m = /^(\d{1,2})\. (\S+) (\d{4}), (\d\d):(\d\d) GMT\+(\d)$/.exec(shown);
  assert.ok(m, `"${shown}" is a German time with its offset`);
  const [, day, month, year, hour, minute, offset] = m;
  assert.ok(['1', '2'].includes(offset!), `${shown}: Berlin is GMT+1 or GMT+2`);
  const local = new Date(Date.parse(iso) + Number(offset) * 3_600_000);
  assert.deepEqual(
    [Number(day), month!.slice(0, 3), Number(year), Number(hour), Number(minute)],
    [
      local.getUTCDate(),
      GERMAN_MONTHS[local.getUTCMonth()],
      local.getUTCFullYear(),
      local.getUTCHours(),
      local.getUTCMinutes(),
    ],
    `${shown} is ${iso}`,
  );
}

/**
 * What is sent outside a turn (the digest, a nudge, the notice after a partner answers) is drawn in the language and
 * time zone the person's chat last said: Ada chats in German from Berlin; Nora's client never sent a locale or a zone,
 * so she reads English and UTC. A button pressed later is answered in the language of that press.
 */
describe("notifications: proactive messages in the person's language and time zone", () => {
  let smtp: SmtpTestServer;
  let channel: ChannelServer;
  let bot: BotUnderTest;
  let ada: TeamsUser;
  let nora: TeamsUser;

  beforeEach(async () => {
    smtp = await (await SmtpTestServer.onFreePort()).start();
    channel = await new ChannelServer().start();
    bot = await startBot({
      background: true,
      env: { SMTP_URL: smtp.url, OUTBOX_POLL_MS: '50', OUTBOX_RETRY_BASE_MS: '50', OUTBOX_RETRY_MAX_MS: '200' },
    });
    // The pass the bot runs at start (no chats yet) is over before anyone installs.
    assert.equal(await bot.app.nudgeSync.runOnce(), 0);
    ada = new TeamsUser(bot.url, channel.url, DEMO.contoso, DEMO.users.owner, 'Ada Owner');
    ada.locale = 'de-DE';
    ada.localTimezone = 'Europe/Berlin';
    nora = new TeamsUser(bot.url, channel.url, DEMO.northwind, DEMO.users.northwindOwner, 'Nora Owner');
    nora.locale = undefined;
    for (const who of [ada, nora]) assert.equal((await who.install()).status, 200);
    assert.equal((await ada.say('hallo')).status, 200);
  });
  afterEach(async () => {
    await bot.stop();
    await channel.close();
    await smtp.stop();
  });

  const newCards = (who: TeamsUser, before: number) => sentCards(channel, who.conversationId).slice(before);
  const texts = (who: TeamsUser) =>
    channel
      .messages(who.conversationId)
      .map((m) => m.activity.text)
      .filter((t): t is string => typeof t === 'string');

  /** Attaches `partnerId` through the cards and has the partner answer from the link in its email. */
  async function answered(who: TeamsUser, subscriptionId: string, partnerId: string, answer: object, mails: number) {
    const enter = invokeCard(await who.press('choose', { mode: 'attach', subscriptionId }));
    const check = enter.actions.find((a: { verb: string }) => a.verb === 'check');
    const confirm = invokeCard(await who.press('check', { ...check.data, partnerId }));
    const submit = confirm.actions.find((a: { verb: string }) => a.verb === 'submit');
    invokeCard(await who.press('submit', submit.data));
    await smtp.waitForCount(mails);
    const link = LINK.exec(smtp.received.at(-1)!.parsed.text ?? '')![0];
    const token = new URL(link).searchParams.get('t');
    const res = await fetch(new URL('/partner-answer', link), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, ...answer }),
    });
    assert.equal(res.status, 200, await res.text());
    const [change] = await bot.app.ports.store.history(who.tenantId, subscriptionId, 1);
    const answers = await bot.app.ports.store.partnerAnswers(who.tenantId, [change!.eventId]);
    return answers.get(change!.eventId)!.at;
  }

  it('sends the digest and a nudge in German to the person who chats in German, in English to one who never said', async () => {
    assert.equal(await bot.app.nudgeSync.runOnce(), 2);
    await channel.waitFor(
      () => digestCards(channel, ada.conversationId).length + digestCards(channel, nora.conversationId).length === 2,
    );
    const [german] = digestCards(channel, ada.conversationId);
    const [english] = digestCards(channel, nora.conversationId);
    assert.match(
      cardText(german!),
      /^Abonnements ohne Partner of Record\n5 Abonnements haben im Verzeichnis Ihrer Organisation keinen Partner of Record\./,
    );
    assert.match(cardText(german!), /^Dynamics 365 \(CRM Online\): Dynamics 365 Customer Engagement$/m, "today's name");
    assert.deepEqual(actionTitles(german!), ['Jetzt nicht']);
    assert.match(String(german!.fallbackText), /^Abonnements ohne Partner of Record: 5 Abonnements/);
    assert.match(
      cardText(english!),
      /^Subscriptions without a partner of record\n1 subscription has no partner of record/,
    );
    assert.deepEqual(digestRows(english!), [DEMO.subscriptions.northwindO365]);
    const names = ['Office 365 / Microsoft 365', 'Office 365 E3', ...digestRows(german!)];
    assert.deepEqual(englishLeft(english!, german!, { keep: ['Partner of Record'], data: names }), []);

    // A single nudge (as queued before digests) too; its service stored by its old name, shown by today's.
    const before = {
      ada: sentCards(channel, ada.conversationId).length,
      nora: sentCards(channel, nora.conversationId).length,
    };
    for (const [who, subscriptionId] of [
      [ada, DEMO.subscriptions.crm],
      [nora, DEMO.subscriptions.northwindO365],
    ] as const) {
      const [service, subscriptionName] =
        who === ada ? ['CRM Online', 'Dynamics 365 Customer Engagement'] : ['Office 365', 'Office 365 E3'];
      const to = { tenantId: who.tenantId, aadObjectId: who.aadObjectId! };
      await bot.app.ports.store.enqueue(
        [
          {
            channel: 'teams',
            tenantId: who.tenantId,
            subscriptionId,
            payload: {
              kind: 'nudge',
              to,
              conversationId: who.conversationId,
              subscriptionId,
              service,
              subscriptionName,
            },
          },
        ],
        new Date().toISOString(),
      );
    }
    await channel.waitFor(() => newCards(ada, before.ada).length === 1 && newCards(nora, before.nora).length === 1);
    const [nudge] = newCards(ada, before.ada);
    assert.match(
      cardText(nudge!),
      /^Dynamics 365 \(CRM Online\): Dynamics 365 Customer Engagement hat keinen Partner of Record\n/,
    );
    assert.deepEqual(actionTitles(nudge!), ['Partner hinzufügen', 'Jetzt nicht']);
    assert.match(
      cardText(newCards(nora, before.nora)[0]!),
      /^Office 365 \/ Microsoft 365: Office 365 E3 has no partner of record\n/,
    );

    // Ada's client is in French now: what she presses or refreshes is answered in French, as any turn is.
    ada.locale = 'fr-FR';
    const refreshed = invokeCard(await ada.refresh(german!));
    assert.match(
      cardText(refreshed),
      /^Abonnements sans partenaire officiel\n5 abonnements n’ont pas de partenaire officiel/,
    );
    const notNow = findAction(nudge!, 'Jetzt nicht');
    const dismissed = invokeCard(await ada.press(notNow.verb, notNow.data));
    assert.match(
      cardText(dismissed),
      /^Plus de rappel pour celui-ci\nJe ne vous reparlerai plus de l’abonnement Dynamics 365 \(CRM Online\)/,
    );
    assert.deepEqual(actionTitles(dismissed), ['Ajouter un partenaire', 'État']);
  });

  it("tells the owner of a partner's answer in German, at its time in Berlin; in English and UTC to one who never said", async () => {
    let mails = 0;
    const confirmedAt = await answered(
      ada,
      DEMO.subscriptions.crm,
      DEMO.partners.wingtip,
      { answer: 'confirmed' },
      ++mails,
    );
    await channel.waitFor(() => texts(ada).some((t) => /bestätigt/.test(t)));
    const told = texts(ada).find((t) => /bestätigt/.test(t))!;
    const german =
      /^Wingtip Partners hat am (.+) bestätigt, dass er bei Dynamics 365 \(CRM Online\): Dynamics 365 Customer Engagement mit Ihrer Organisation zusammenarbeitet\. .*bei Microsoft ändert sich dadurch nichts\.$/.exec(
        told,
      );
    assert.ok(german, told);
    assertBerlinTime(german[1]!, confirmedAt);
    // Where the partner's email went, told in German too.
    assert.ok(
      texts(ada).includes(
        'Wingtip Partners wurde per E-Mail (por@wingtip.example) informiert, dass er jetzt Partner of Record für ' +
          'Dynamics 365 Customer Engagement ist.',
      ),
      texts(ada).join('\n'),
    );

    // A decline is a card: in German, its time a fact in Berlin time, its buttons Ada's way forward.
    const declinedAt = await answered(
      ada,
      DEMO.subscriptions.ax7,
      DEMO.partners.wingtip,
      { answer: 'declined', reason: 'Nicht unser Kunde' },
      ++mails,
    );
    await channel.waitFor(() => sentCards(channel, ada.conversationId).some((c) => /lehnt es ab/.test(cardText(c))));
    const card: Card = sentCards(channel, ada.conversationId).find((c) => /lehnt es ab/.test(cardText(c)))!;
    assert.match(
      cardText(card),
      /^Wingtip Partners lehnt es ab, Partner of Record für Dynamics 365 Finance and Operations \(AX7\): Dynamics 365 Finance and Operations zu sein\nBegründung: Nicht unser Kunde\n/,
    );
    assertBerlinTime(cardFacts(card).find((f) => f.title === 'Wann')!.value, declinedAt);
    assert.deepEqual(actionTitles(card), ['Partner ändern', 'Entfernen']);

    const noraAt = await answered(
      nora,
      DEMO.subscriptions.northwindO365,
      DEMO.partners.litware,
      { answer: 'confirmed' },
      ++mails,
    );
    await channel.waitFor(() => texts(nora).some((t) => /confirmed on/.test(t)));
    assert.ok(
      texts(nora).includes(
        'Litware Advisory was notified by email (por@litware.example) that it is now the partner of record for ' +
          'Office 365 E3.',
      ),
      texts(nora).join('\n'),
    );
    assert.equal(
      texts(nora).find((t) => /confirmed on/.test(t)),
      `Litware Advisory confirmed on ${noraAt.slice(0, 16).replace('T', ' ')} UTC that it works with your organization ` +
        'on Office 365 / Microsoft 365: Office 365 E3. This is the partner\u2019s word to your organization\u2019s own ' +
        'record; nothing changes at Microsoft.',
    );
  });
});
