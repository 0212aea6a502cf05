import assert from 'node:assert/strict';
import { AdminConsent, consentStateKey } from '../../bot/onboarding/adminConsent';

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
