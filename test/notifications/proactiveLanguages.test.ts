import assert from 'node:assert/strict';
import { ChannelServer } from '../support/channelServer';
import { startBot, DEMO, type BotUnderTest } from '../support/botUnderTest';
import { actionTitles, cardText, digestCards, digestRows, findAction, invokeCard, sentCards } from '../support/cards';
import { englishLeft } from '../support/englishLeft';
import { SmtpTestServer } from '../support/smtpTestServer';
import { TeamsUser } from '../support/teamsUser';

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
});
