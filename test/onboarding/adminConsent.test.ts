import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import restify from 'restify';
import { AdminConsent, consentStateKey } from '../../bot/onboarding/adminConsent';
import { registerConsentCallback } from '../../bot/onboarding/consentCallback';
import { message } from '../../bot/wording/formatter';
import { englishLeft, englishPhrases } from '../support/englishLeft';

const TENANT = '0f2b6e51-4c8e-4c1b-9d1e-3a7c2f9b8e10';
const OTHER_TENANT = '9d6c1a2b-7e4f-4a3b-8c2d-1e0f9a8b7c6d';
const CLIENT_ID = '11111111-2222-3333-4444-555555555555';

function consent(now = () => Date.now(), secret = 'app-secret') {
  return new AdminConsent({
    authorityHost: 'https://login.microsoftonline.com',
    clientId: CLIENT_ID,
    botDomain: 'por-bot.example.net',
    stateKey: consentStateKey(secret),
    now,
    linkTtlMs: 60_000,
  });
}

/** The query Entra appends to the redirect URI after an administrator answered. */
function callback(state: string, fields: Record<string, string>): URLSearchParams {
  return new URLSearchParams({ state, ...fields });
}

describe('admin consent links and their callback', () => {
  it('builds the documented adminconsent URL for the tenant, returning to the bot', () => {
    const url = new URL(consent().urlFor(TENANT.toUpperCase()));
    assert.equal(`${url.origin}${url.pathname}`, `https://login.microsoftonline.com/${TENANT}/v2.0/adminconsent`);
    assert.equal(url.searchParams.get('client_id'), CLIENT_ID);
    assert.equal(url.searchParams.get('scope'), 'https://graph.microsoft.com/.default');
    assert.equal(url.searchParams.get('redirect_uri'), 'https://por-bot.example.net/consent/callback');
    assert.ok((url.searchParams.get('state') ?? '').length > 20);
  });

  it('takes a granted consent for the tenant it signed, whatever tenant the query names', () => {
    const c = consent();
    const state = new URL(c.urlFor(TENANT)).searchParams.get('state')!;
    assert.deepEqual(c.readCallback(callback(state, { admin_consent: 'True', tenant: OTHER_TENANT })), {
      outcome: 'granted',
      tenantId: TENANT,
    });
    assert.deepEqual(
      c.readCallback(callback(state, { error: 'access_denied', error_description: 'AADSTS65004: declined' })),
      {
        outcome: 'denied',
        tenantId: TENANT,
        reason: 'access_denied',
      },
    );
  });

  it('refuses a state that was changed, signed with another key, expired, or missing', () => {
    let now = 1_000_000;
    const c = consent(() => now);
    const state = new URL(c.urlFor(TENANT)).searchParams.get('state')!;
    const [payload, mac] = state.split('.');
    const forged = Buffer.from(JSON.stringify({ t: OTHER_TENANT, e: now + 60_000, n: 'x' })).toString('base64url');
    const otherKey = new URL(consent(() => now, 'another-secret').urlFor(TENANT)).searchParams.get('state')!;
    for (const bad of [`${forged}.${mac}`, `${payload}.${mac!.slice(0, -2)}AA`, otherKey, 'nonsense', '']) {
      assert.deepEqual(
        c.readCallback(callback(bad, { admin_consent: 'True', tenant: TENANT })),
        { outcome: 'invalid' },
        bad,
      );
    }
    assert.deepEqual(c.readCallback(new URLSearchParams({ admin_consent: 'True', tenant: TENANT })), {
      outcome: 'invalid',
    });
    now += 60_001;
    assert.deepEqual(c.readCallback(callback(state, { admin_consent: 'True' })), { outcome: 'invalid' }, 'expired');
  });
});

/** The callback page on a real restify server, as the bot registers it. */
describe("admin consent callback page, in the browser's language (Accept-Language)", () => {
  let server: restify.Server;
  let base: string;
  const c = consent();

  before(async () => {
    server = restify.createServer({ handleUncaughtExceptions: false });
    registerConsentCallback(server, c, pino({ level: 'silent' }));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const state = () => new URL(c.urlFor(TENANT)).searchParams.get('state')!;
  async function open(fields: Record<string, string>, acceptLanguage: string) {
    const url = `${base}/consent/callback?${new URLSearchParams(fields)}`;
    const res = await fetch(url, { headers: { 'accept-language': acceptLanguage } });
    return { status: res.status, language: res.headers.get('content-language'), html: await res.text() };
  }
  /** The page's words: its title and paragraph, entities decoded. */
  const words = (html: string) => ({
    texts: [...html.matchAll(/>([^<]+)</g)].map((m) =>
      m[1]!.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))),
    ),
  });
  const OUTCOMES: [string, Record<string, string>, number][] = [
    ['granted', { admin_consent: 'True', tenant: TENANT }, 200],
    ['declined', { error: 'access_denied', error_description: 'AADSTS65004' }, 200],
    ['not granted', { error: 'invalid_request' }, 200],
    ['invalid', { admin_consent: 'True' }, 400],
  ];

  for (const [outcome, fields, status] of OUTCOMES) {
    it(`says "${outcome}" in German, French, Spanish and Japanese, with no English sentence left`, async () => {
      const signed = () => (outcome === 'invalid' ? 'forged.state' : state());
      const english = await open({ state: signed(), ...fields }, 'en-US');
      assert.equal(english.status, status);
      assert.equal(english.language, 'en');
      const data = ['Partner of Record', 'Microsoft Teams', TENANT];
      assert.ok(englishPhrases(words(english.html), [], data).length >= 2, 'the check sees the English sentences');
      for (const language of ['de', 'fr', 'es', 'ja'] as const) {
        const page = await open({ state: signed(), ...fields }, language);
        assert.equal(page.status, status, language);
        assert.equal(page.language, language);
        assert.match(page.html, new RegExp(`<html lang="${language}">`));
        assert.deepEqual(englishLeft(words(english.html), words(page.html), { data }), [], `${outcome} in ${language}`);
      }
    });
  }

  it("names the bot's typed command in the page's language, and falls back to English for pt-BR", async () => {
    const de = await open({ state: state(), admin_consent: 'True', tenant: TENANT }, 'de-AT,de;q=0.9');
    assert.match(de.html, /<h1>Zugriff gewährt<\/h1>/);
    assert.match(de.html, new RegExp(`\\(Mandant ${TENANT}\\)`));
    assert.ok(de.html.includes(`zum Beispiel „${message('de', 'command.status')}“.`), de.html);
    const ja = await open({ state: state(), admin_consent: 'True', tenant: TENANT }, 'ja');
    assert.ok(ja.html.includes('(例: 「状態」)'), ja.html);
    const portuguese = await open({ state: state(), admin_consent: 'True' }, 'pt-BR,pt;q=0.9');
    assert.equal(portuguese.language, 'en');
    assert.match(portuguese.html, /<h1>Access granted<\/h1>/);
    assert.match(portuguese.html, /for example &#34;status&#34;\./);
  });
});
