import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  actionTitles,
  cardText,
  choiceValues,
  findAction,
  invokeCard,
  lastSentCard,
  type Card,
} from '../support/cards';
import { FABRIKAM, NORTHWIND, PARTNERS, graphError, requireOpenssl } from '../support/microsoftCloud';
import {
  ADATUM_CONTACT,
  BOT_DOMAIN,
  FABRIKAM_PEOPLE,
  GRAPH_APP,
  startMicrosoftTenantBot,
  type MicrosoftTenantBot,
} from '../support/microsoftTenantBot';
import type { TeamsUser } from '../support/teamsUser';

/** The card the person got for a typed message. */
async function reply(user: TeamsUser, text: string, t: MicrosoftTenantBot): Promise<Card> {
  const result = await user.say(text);
  assert.equal(result.status, 200, JSON.stringify(result.body));
  return lastSentCard(t.channel, user.conversationId);
}

/** The whole attach flow by card presses, up to the confirmation card with the partner's resolved name. */
async function checkPartner(owner: TeamsUser, subscriptionId: string, partnerId: string): Promise<Card> {
  const enter = invokeCard(await owner.press('choose', { mode: 'attach', subscriptionId }));
  return invokeCard(await owner.press('check', { ...findAction(enter, 'Check ID').data, partnerId }));
}

function assertNoSecretsLogged(t: MicrosoftTenantBot): void {
  const logs = t.bot.output();
  assert.ok(logs.length > 1000, 'the bot logged (at trace level)');
  for (const secret of t.secrets()) {
    assert.ok(secret.length >= 8);
    assert.ok(!logs.includes(secret), `a secret or token (${secret.slice(0, 6)}...) appears in the logs`);
  }
}

describe('conversation: a real tenant (Graph and Partner Center stand-ins, bot in a child process)', function () {
  this.timeout(30_000);
  let t: MicrosoftTenantBot;
  before(async function () {
    await requireOpenssl(this);
  });

  /** A fresh bot process and cloud for the calling suite; when it ends, no secret may be in its logs. */
  function useBot(env: Record<string, string> = {}): void {
    // biome-ignore lint/suspicious/noDuplicateTestHooks: each describe that calls useBot gets its own bot
    before(async () => {
      t = await startMicrosoftTenantBot(env);
    });
    after(async () => {
      if (!t) return;
      assertNoSecretsLogged(t);
      await t.stop();
    });
  }

  describe('Fabrikam, which has consented', () => {
    useBot();

    it('shows the Graph subscriptions on the status card, every page of them, by product name', async () => {
      const owner = t.person(...FABRIKAM_PEOPLE.owner);
      const first = await reply(owner, 'status', t);
      const firstText = cardText(first);
      assert.match(firstText, /Fabrikam, Inc\./, "the tenant's name from Graph's organization");
      assert.match(firstText, /Subscriptions 1-20 of 24 \(page 1 of 2\)\. 24 have no partner of record\./);
      const second = invokeCard(await owner.press('status', findAction(first, 'Next page').data));
      const all = `${firstText}\n${cardText(second)}`;
      for (const name of [
        'Office 365 E3 (since 2021-03-15)',
        'Office 365 E3 (since 2023-06-01)',
        'Power BI Pro (since 2022-09-01, id …4c51)',
        'Power BI Pro (since 2022-09-01, id …409c)',
        'CONTOSO_CUSTOM_SKU',
      ]) {
        assert.ok(all.includes(name), `status shows ${name}`);
      }
      assert.match(all, /\(suspended\)/);
      assert.doesNotMatch(all, /Customer Service/, 'the deleted subscription is not shown');
      // Graph pages of 10: the bot read all three to make its own two pages.
      assert.ok(t.cloud.graph.requestCount('/v1.0/directory/subscriptions') >= 3);
    });

    it('lets the Global Administrator attach a partner whose name comes from Partner Center, and emails its contact', async () => {
      const owner = t.person(...FABRIKAM_PEOPLE.owner);
      const picker = await reply(owner, 'add partner', t);
      assert.ok(choiceValues(picker).includes(FABRIKAM.subscriptions.intune));
      const confirm = await checkPartner(owner, FABRIKAM.subscriptions.intune, PARTNERS.adatum.mpnId);
      assert.match(cardText(confirm), /Adatum Consulting/);
      assert.ok(t.cloud.partnerCenter.requestCount('/v1/profiles/mpn') >= 1, 'the name was asked of Partner Center');
      const done = invokeCard(await owner.press('submit', findAction(confirm, 'Submit').data));
      assert.match(cardText(done), /Partner of record attached/);
      // No SMTP_URL here: the email is only written to the mail folder, and the card says so.
      assert.match(
        cardText(done),
        /Adatum Consulting is now the partner of record for Intune\. Adatum Consulting will not be emailed: this bot has no mail server/,
      );
      const history = await t.store.history(FABRIKAM.tenantId, FABRIKAM.subscriptions.intune);
      assert.deepEqual(
        history.map((h) => [h.kind, h.newPartnerId, h.actorName]),
        [['attach', PARTNERS.adatum.mpnId, 'Megan Bowen']],
      );
      // The partner's contact got the email (the mail drop, as no SMTP server is set).
      const mailDir = path.join(t.dataDir, 'mail');
      const deadline = Date.now() + 5000;
      let mails: string[] = [];
      while (Date.now() < deadline && mails.length === 0) {
        mails = (() => {
          try {
            return readdirSync(mailDir);
          } catch {
            return [];
          }
        })();
        if (mails.length === 0) await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal(mails.length, 1);
      const eml = readFileSync(path.join(mailDir, mails[0]!), 'utf8');
      assert.match(eml, new RegExp(`^To: ${ADATUM_CONTACT.name} <${ADATUM_CONTACT.email}>`, 'm'));
      assert.match(eml, /Fabrikam, Inc\./);
    });

    it('tells the owner when a partner has no known contact: the change stands, the email is not sent', async () => {
      const owner = t.person(...FABRIKAM_PEOPLE.owner);
      const confirm = await checkPartner(owner, FABRIKAM.subscriptions.ems, PARTNERS.proseware.mpnId);
      assert.match(cardText(confirm), /Proseware, Inc\./);
      const done = invokeCard(await owner.press('submit', findAction(confirm, 'Submit').data));
      assert.match(cardText(done), /Partner of record attached/);
      assert.match(
        cardText(done),
        /Proseware, Inc\. was not emailed: I have no contact address for Partner ID 2345678, so please tell them yourself\./,
      );
      assert.equal(
        (await t.store.getAssignments(FABRIKAM.tenantId, [FABRIKAM.subscriptions.ems])).get(FABRIKAM.subscriptions.ems)
          ?.partnerId,
        PARTNERS.proseware.mpnId,
      );
      const status = await reply(owner, 'status', t);
      const all =
        cardText(status) + cardText(invokeCard(await owner.press('status', findAction(status, 'Next page').data)));
      assert.match(
        all,
        /Partner of record: Proseware, Inc\. \(2345678\)\nAttached by Megan Bowen on .* UTC\. Partner not emailed: no contact address is known for it\./,
      );
    });

    it('says so when Partner Center does not know the ID, keeping what was typed', async () => {
      const owner = t.person(...FABRIKAM_PEOPLE.owner);
      const card = await checkPartner(owner, FABRIKAM.subscriptions.finance, PARTNERS.unknownMpnId);
      assert.match(cardText(card), /No partner is registered with Partner ID 9999999/);
    });

    const refused: { who: string; person: readonly [string, string, string]; label: string; why: RegExp }[] = [
      {
        who: 'a Billing Administrator (not an owner role by default)',
        person: FABRIKAM_PEOPLE.billingAdmin,
        label: 'Service admin',
        why: /Service admins can manage services/,
      },
      {
        who: 'an Intune Administrator',
        person: FABRIKAM_PEOPLE.intuneAdmin,
        label: 'Service admin',
        why: /Service admins can manage services/,
      },
      {
        who: "a guest Global Administrator from the partner's tenant",
        person: FABRIKAM_PEOPLE.guest,
        label: 'Delegated admin \\(partner\\)',
        why: /Partners acting as delegated admins cannot/,
      },
      {
        who: 'a member with no role',
        person: FABRIKAM_PEOPLE.member,
        label: 'User',
        why: /Only the owner \(administrator\) role/,
      },
    ];
    for (const { who, person, label, why } of refused) {
      it(`refuses ${who}, naming the Global Administrator, and writes nothing`, async () => {
        const user = t.person(...person);
        const before = await t.store.history(FABRIKAM.tenantId, FABRIKAM.subscriptions.sales);
        const card = await reply(user, 'add partner', t);
        const text = cardText(card);
        assert.match(text, /Only the owner can do this/);
        assert.match(text, why);
        assert.match(text, new RegExp(`Your role: ${label}`));
        assert.match(text, /Who can: Megan Bowen/);
        const forged = invokeCard(
          await user.press('submit', {
            mode: 'attach',
            subscriptionId: FABRIKAM.subscriptions.sales,
            version: 0,
            partnerId: PARTNERS.adatum.mpnId,
            actionId: '0b9c6a55-5d2f-4a53-9d0e-6c1e2b3a4d5f',
          }),
        );
        assert.match(cardText(forged), /Only the owner can do this/);
        assert.deepEqual(await t.store.history(FABRIKAM.tenantId, FABRIKAM.subscriptions.sales), before);
        // Anyone in the tenant may still look.
        assert.match(cardText(await reply(user, 'status', t)), /Subscriptions 1-20 of 24/);
      });
    }
  });

  describe('OWNER_ROLES naming the Billing Administrator', () => {
    useBot({ OWNER_ROLES: 'GlobalAdministrator,BillingAdministrator' });

    it('lets the Billing Administrator attach, and names both owners to anyone refused', async () => {
      const billing = t.person(...FABRIKAM_PEOPLE.billingAdmin);
      const confirm = await checkPartner(billing, FABRIKAM.subscriptions.sales, PARTNERS.wideWorld.mpnId);
      const done = invokeCard(await billing.press('submit', findAction(confirm, 'Submit').data));
      assert.match(cardText(done), /Wide World Importers IT is now the partner of record/);
      const refusal = await reply(t.person(...FABRIKAM_PEOPLE.intuneAdmin), 'remove partner', t);
      assert.match(cardText(refusal), /Who can: Megan Bowen and Nestor Wilke/);
    });
  });

  describe('Northwind, which has not consented yet', () => {
    useBot();

    it('offers Grant access on install and on every message, changes nothing, and works once consent is given', async () => {
      const admin = t.person(NORTHWIND.tenantId, NORTHWIND.users.globalAdmin, 'Nancy Davolio');
      assert.equal((await admin.install()).status, 200);
      const card = lastSentCard(t.channel, admin.conversationId);
      assert.match(cardText(card), /Your organization has not connected Partner of Record yet/);
      assert.match(cardText(card), /A Global Administrator grants it once/);
      assert.deepEqual(actionTitles(card), ['Grant access', 'I granted it: try again']);
      const grant = (card.actions as { type: string; title: string; url?: string }[]).find(
        (a) => a.title === 'Grant access',
      )!;
      assert.equal(grant.type, 'Action.OpenUrl');
      const url = new URL(grant.url!);
      assert.equal(`${url.origin}${url.pathname}`, `${t.cloud.authorityHost}/${NORTHWIND.tenantId}/v2.0/adminconsent`);
      assert.equal(url.searchParams.get('client_id'), GRAPH_APP.clientId);
      assert.equal(url.searchParams.get('scope'), 'https://graph.microsoft.com/.default');
      assert.equal(url.searchParams.get('redirect_uri'), `https://${BOT_DOMAIN}/consent/callback`);

      // Someone who is not a Global Administrator gets the same card, which tells them whom to ask.
      const other = t.person(NORTHWIND.tenantId, 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b', 'Someone Else');
      const otherCard = await reply(other, 'add partner', t);
      assert.match(cardText(otherCard), /Not a Global Administrator\? Forward this to one of them/);
      assert.deepEqual(await t.store.history(NORTHWIND.tenantId, NORTHWIND.subscriptions.officeE3), []);

      // The administrator consents; Entra sends the browser back to the bot's callback.
      t.cloud.entra.grantConsent(NORTHWIND.tenantId);
      const callback = new URL('/consent/callback', t.bot.url);
      callback.searchParams.set('admin_consent', 'True');
      callback.searchParams.set('tenant', NORTHWIND.tenantId);
      callback.searchParams.set('state', url.searchParams.get('state')!);
      const page = await fetch(callback);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /Access granted/);
      const forged = await fetch(
        new URL(`/consent/callback?admin_consent=True&tenant=${NORTHWIND.tenantId}&state=forged.state`, t.bot.url),
      );
      assert.equal(forged.status, 400);
      assert.match(await forged.text(), /This link is not valid/);

      const status = await reply(admin, 'status', t);
      assert.match(cardText(status), /Subscriptions 1-2 of 2/);
      assert.match(cardText(status), /Office 365 E3/);
    });
  });

  describe('when Microsoft does not answer', () => {
    useBot({ ROLE_CACHE_SECONDS: '0' });

    it('waits out a 429 with Retry-After: 1, and the turn succeeds', async () => {
      const owner = t.person(...FABRIKAM_PEOPLE.owner);
      t.cloud.graph.failNext(
        1,
        graphError(429, 'TooManyRequests', 'Too many requests', {
          retryAfterSeconds: 1,
          pathPrefix: '/v1.0/directory/subscriptions',
        }),
      );
      const started = Date.now();
      const card = await reply(owner, 'status', t);
      assert.ok(Date.now() - started >= 1000, `answered after ${Date.now() - started} ms`);
      assert.match(cardText(card), /Subscriptions 1-20 of 24/);
      assert.equal(t.cloud.graph.pendingFaults(), 0);
    });

    it('answers "not answering" within 10 s when Graph gives 503 five times, and the next message works', async () => {
      const owner = t.person(...FABRIKAM_PEOPLE.owner);
      t.cloud.graph.failNext(
        5,
        graphError(503, 'serviceNotAvailable', 'Service unavailable', {
          pathPrefix: `/v1.0/users/${FABRIKAM.users.globalAdmin}`,
        }),
      );
      const started = Date.now();
      const card = await reply(owner, 'add partner', t);
      assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
      assert.match(cardText(card), /Microsoft's directory is not answering/);
      assert.equal(t.cloud.graph.pendingFaults(), 2, 'three attempts, then the person was told');
      // The last two 503s are retried past within the next turn.
      assert.match(cardText(await reply(owner, 'add partner', t)), /Add a partner of record/);
      assert.equal(t.cloud.graph.pendingFaults(), 0);
      assert.match(t.bot.output(), /"upstream":"graph"[^\n]*"msg":"graph is not answering"/);
    });

    it('answers "not answering" within 10 s while Graph gives 503s, writes nothing, and recovers when Graph is back', async () => {
      const owner = t.person(...FABRIKAM_PEOPLE.owner);
      const confirm = await checkPartner(owner, FABRIKAM.subscriptions.m365E5, PARTNERS.treyResearch.mpnId);
      t.cloud.graph.setDown(true);
      const started = Date.now();
      const failed = invokeCard(await owner.press('submit', findAction(confirm, 'Submit').data));
      assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
      assert.match(
        cardText(failed),
        /Microsoft's directory is not answering\nI could not reach Microsoft's directory, so nothing was changed\. Please try again in a minute\./,
      );
      assert.deepEqual(await t.store.history(FABRIKAM.tenantId, FABRIKAM.subscriptions.m365E5), []);
      // Five outages in a row opened the circuit: the next turn does not even call Graph.
      const calls = t.cloud.graph.requestCount();
      const fast = Date.now();
      assert.match(cardText(await reply(owner, 'status', t)), /not answering/);
      assert.ok(Date.now() - fast < 1000);
      assert.equal(t.cloud.graph.requestCount(), calls);
      assert.match(t.bot.output(), /"upstream":"graph"[^\n]*"msg":"circuit to graph is now open"/);

      t.cloud.graph.setDown(false);
      await new Promise((r) => setTimeout(r, 1100));
      const done = invokeCard(await owner.press('submit', findAction(confirm, 'Submit').data));
      assert.match(cardText(done), /Trey Research Cloud Solutions is now the partner of record/);
    });

    it('answers "not answering" when Partner Center is down at Check ID', async () => {
      const owner = t.person(...FABRIKAM_PEOPLE.owner);
      t.cloud.partnerCenter.setDown(true);
      try {
        const card = await checkPartner(owner, FABRIKAM.subscriptions.finance, '3141592');
        assert.match(cardText(card), /Microsoft's partner registry is not answering/);
      } finally {
        t.cloud.partnerCenter.setDown(false);
      }
    });
  });
});
