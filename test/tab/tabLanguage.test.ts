import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { SERVICES } from '../../bot/core';
import { SERVICE_NAMES } from '../../bot/wording/services';
import { startBot, DEMO, type BotUnderTest } from '../support/botUnderTest';

/**
 * The tab's API in the page's language: the page's words from GET /api/tab/wording, and the sentences built from data
 * in the language the page names in each request's Accept-Language. Refusals' sentences stay English for now.
 */
describe("tab API in the page's language", () => {
  let bot: BotUnderTest;
  const tokens: Record<string, string> = {};

  before(async () => {
    bot = await startBot();
    for (const who of ['owner', 'member'] as const) {
      const res = await fetch(`${bot.url}/api/tab/dev/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ tenantId: DEMO.contoso, aadObjectId: DEMO.users[who] }),
      });
      tokens[who] = ((await res.json()) as { token: string }).token;
    }
  });
  after(() => bot?.stop());

  async function call(path: string, language: string, who: 'owner' | 'member' = 'owner', body?: unknown) {
    const res = await fetch(`${bot.url}${path}`, {
      method: body ? 'POST' : 'GET',
      headers: {
        authorization: `Bearer ${tokens[who]}`,
        'accept-language': language,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as any };
  }

  const wording = async (query: string, acceptLanguage?: string) => {
    const res = await fetch(`${bot.url}/api/tab/wording${query}`, {
      headers: acceptLanguage ? { 'accept-language': acceptLanguage } : {},
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  it("gives the page's words for teams-js's locale, and English for a language it does not speak", async () => {
    const de = await wording('?language=de-DE');
    assert.equal(de.status, 200);
    assert.equal(de.body.language, 'de');
    assert.equal(de.body.messages['tab.export'], 'Verlauf herunterladen (CSV)');
    assert.equal(de.body.messages['partnerId.check'], 'ID prüfen');
    for (const tag of ['pt-BR', 'x', 'en-US']) {
      const other = await wording(`?language=${tag}`);
      assert.equal(other.body.language, 'en', tag);
      assert.equal(other.body.messages['tab.export'], 'Download the history (CSV)');
    }
    assert.equal((await wording('?language=ja')).body.messages['tab.action.history'], '履歴');
  });

  it("without a language, answers in the browser's Accept-Language", async () => {
    assert.equal((await wording('', 'fr-CA,fr;q=0.9,en;q=0.8')).body.language, 'fr');
    assert.equal((await wording('', 'pt-BR,es;q=0.5')).body.language, 'es');
    assert.equal((await wording('')).body.language, 'en');
  });

  it('answers a language that is no tag with 400 and a message', async () => {
    for (const query of ['?language=%3Cscript%3E', `?language=${'a'.repeat(65)}`, '?language=de_DE']) {
      const res = await wording(query);
      assert.equal(res.status, 400, query);
      assert.equal(res.body.error.code, 'badRequest');
      assert.match(res.body.error.message, /language tag/);
    }
  });

  it('says who is signed in, and why someone may only look, in the language asked', async () => {
    const owner = await call('/api/tab/me', 'de');
    assert.equal(owner.body.user.roleLabel, 'Besitzer (Administrator)');
    const member = await call('/api/tab/me', 'fr', 'member');
    assert.equal(member.body.user.roleLabel, 'Utilisateur');
    assert.match(member.body.readOnlyReason, /Adressez-vous à Ada Owner\./);
    assert.match((await call('/api/tab/me', 'en', 'member')).body.readOnlyReason, /Ask Ada Owner\./);
  });

  it("lists the rows in the record's order of services, named as today, their sentences in the language", async () => {
    const rows = (await call('/api/tab/subscriptions', 'de')).body as any[];
    const order = rows.map((r) => SERVICES.indexOf(r.service));
    assert.deepEqual(
      order,
      [...order].sort((a, b) => a - b),
    );
    for (const row of rows) assert.equal(row.serviceName, SERVICE_NAMES[row.service as keyof typeof SERVICE_NAMES]);
    const crm = rows.find((r) => r.id === DEMO.subscriptions.crm);
    assert.equal(crm.text.partner, 'Kein Partner of Record');
    const o365 = rows.find((r) => r.id === DEMO.subscriptions.o365);
    assert.equal(o365.text.partner, 'Fabrikam Cloud Services (1234567)');
  });

  it('checks, attaches and tells the history in the language, each time left to the page', async () => {
    const path = `/api/tab/subscriptions/${DEMO.subscriptions.ax7}`;
    const check = await call(`${path}/check`, 'ja', 'owner', { partnerId: DEMO.partners.wingtip, version: 0 });
    assert.equal(check.status, 200);
    assert.equal(
      check.body.question,
      'Partner ID 2345678 は Wingtip Partners として登録されています。このパートナーで間違いありませんか?',
    );
    const attach = await call(`${path}/attach`, 'de', 'owner', {
      partnerId: DEMO.partners.wingtip,
      version: 0,
      requestId: randomUUID(),
    });
    assert.equal(attach.status, 200);
    assert.match(attach.body.message, /^Wingtip Partners ist jetzt Partner of Record für /);
    const [first, at] = attach.body.subscription.timed.lastChange;
    assert.equal(first, 'Hinzugefügt von Ada Owner am ');
    assert.equal(at.shape, 'dateTime');
    assert.ok(!Number.isNaN(Date.parse(at.at)));
    assert.match(
      attach.body.subscription.text.lastChange,
      /^Hinzugefügt von Ada Owner am \d{4}-\d\d-\d\d \d\d:\d\d UTC$/,
    );

    const history = (await call(`${path}/history`, 'es')).body as any[];
    assert.equal(history.length, 1);
    assert.match(history[0].text, /^Agregado por Ada Owner el .* UTC\. De Ninguno a Wingtip Partners \(2345678\)\.$/);
    assert.deepEqual(history[0].timed[1], { at: at.at, shape: 'dateTime' });
  });

  it('says what an action on several did in the language', async () => {
    const rows = (await call('/api/tab/subscriptions', 'fr')).body as any[];
    const selection = rows
      .filter((r) => [DEMO.subscriptions.intune, DEMO.subscriptions.powerbi].includes(r.id))
      .map((r) => ({ id: r.id, version: r.version }));
    const saved = await call('/api/tab/selection/attach', 'fr', 'owner', {
      selection,
      partnerId: DEMO.partners.litware,
      requestId: randomUUID(),
    });
    assert.equal(saved.status, 200);
    assert.match(saved.body.message, /^Litware Advisory est désormais le partenaire officiel de ces 2 abonnements\./);
  });

  it("refuses a member's change in the language, and a Partner ID nobody holds too", async () => {
    const path = `/api/tab/subscriptions/${DEMO.subscriptions.o365}`;
    const refused = await call(`${path}/remove`, 'de', 'member', { version: 1, requestId: randomUUID() });
    assert.equal(refused.status, 403);
    assert.equal(refused.body.error.code, 'notOwner');
    assert.equal(refused.body.error.title, 'Das kann nur der Besitzer');
    const rows = (await call('/api/tab/subscriptions', 'ja')).body as any[];
    const { version } = rows.find((r) => r.id === DEMO.subscriptions.o365);
    const unknown = await call(`${path}/check`, 'ja', 'owner', { partnerId: '99999999', version });
    assert.equal(unknown.status, 404);
    assert.doesNotMatch(unknown.body.error.message, /[A-Za-z]{4,} [a-z]{3,} [a-z]{3,}/, 'no English sentence');
  });

  it('answers a stale change in the language: the refusal and the row as it is now', async () => {
    const path = `/api/tab/subscriptions/${DEMO.subscriptions.o365}`;
    const stale = await call(`${path}/remove`, 'de', 'owner', { version: 7, requestId: randomUUID() });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.error.code, 'stale');
    assert.match(stale.body.error.message, /daher wurde nichts geändert/);
    assert.match(stale.body.error.title, /geändert/);
    assert.equal(stale.body.error.current.partner.label, 'Fabrikam Cloud Services (1234567)');
  });
});
