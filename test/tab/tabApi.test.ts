import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { generateKeyPair } from 'jose';
import { copyFileSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../bot/config';
import { UpstreamUnavailableError } from '../../bot/core';
import { startBot, tempDir, DEMO, type BotUnderTest } from '../support/botUnderTest';
import { LocalIdentityProvider } from '../support/identityProvider';
import { callTabApi, SSO_APP_ID, SSO_AUDIENCE, startSsoBot } from '../support/ssoTab';
import { storeSnapshot } from '../support/storeSnapshot';

const APP_ID = SSO_APP_ID;
const AUDIENCE = SSO_AUDIENCE;
const call = callTabApi;

describe('tab API with Teams SSO (an app id is set)', () => {
  let idp: LocalIdentityProvider;
  let bot: BotUnderTest;
  const ownerToken = () => idp.token({ tid: DEMO.contoso, oid: DEMO.users.owner, aud: AUDIENCE });

  before(async () => {
    idp = await new LocalIdentityProvider().start();
  });
  after(() => idp.close());
  beforeEach(async () => {
    bot = await startSsoBot(idp);
  });
  afterEach(() => bot.stop());

  it("serves the owner's subscriptions for a valid SSO token", async () => {
    const me = await call(bot, 'GET', '/api/tab/me', await ownerToken());
    assert.equal(me.status, 200);
    assert.deepEqual(me.body.user, { name: 'Ada Owner', role: 'owner', roleLabel: 'Owner (administrator)' });
    assert.equal(me.body.mayChange, true);
    const subs = await call(bot, 'GET', '/api/tab/subscriptions', await ownerToken());
    assert.equal(subs.status, 200);
    assert.equal(subs.body.length, 7);
    assert.deepEqual(subs.body.find((s: any) => s.id === DEMO.subscriptions.o365).partner, {
      partnerId: '1234567',
      name: 'Fabrikam Cloud Services',
      label: 'Fabrikam Cloud Services (1234567)',
    });
  });

  it('accepts the app id itself as the audience too', async () => {
    const token = await idp.token({ tid: DEMO.contoso, oid: DEMO.users.owner, aud: APP_ID });
    assert.equal((await call(bot, 'GET', '/api/tab/me', token)).status, 200);
  });

  it('answers 401 to no token, a tampered one, an expired one, a foreign audience, issuer or key', async () => {
    const good = await ownerToken();
    const [header, payload, signature] = good.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const tampered = [
      header,
      Buffer.from(JSON.stringify({ ...claims, oid: DEMO.users.member })).toString('base64url'),
      signature,
    ].join('.');
    const { privateKey: otherKey } = await generateKeyPair('RS256');
    const bad: [string, string | undefined][] = [
      ['no token', undefined],
      ['garbage', 'not-a-jwt-at-all'],
      ['tampered payload', tampered],
      [
        'expired',
        await idp.token(
          { tid: DEMO.contoso, oid: DEMO.users.owner, aud: AUDIENCE },
          { expiresIn: Math.floor(Date.now() / 1000) - 600 },
        ),
      ],
      ['another audience', await idp.token({ tid: DEMO.contoso, oid: DEMO.users.owner, aud: 'api://elsewhere/app' })],
      [
        'another issuer',
        await idp.token(
          { tid: DEMO.contoso, oid: DEMO.users.owner, aud: AUDIENCE },
          { iss: 'https://evil.example/v2.0' },
        ),
      ],
      [
        "another tenant's issuer",
        await idp.token(
          { tid: DEMO.contoso, oid: DEMO.users.owner, aud: AUDIENCE },
          { iss: idp.issuerFor(DEMO.northwind) },
        ),
      ],
      [
        'an unknown signing key',
        await idp.token({ tid: DEMO.contoso, oid: DEMO.users.owner, aud: AUDIENCE }, { key: otherKey }),
      ],
    ];
    for (const [what, token] of bad) {
      const res = await call(bot, 'GET', '/api/tab/subscriptions', token);
      assert.equal(res.status, 401, what);
      assert.equal(res.body.error.code, 'unauthenticated', what);
    }
  });

  it("refuses a non-owner's forged attach with 403 and changes nothing", async () => {
    const before = await storeSnapshot(bot.app.ports, DEMO.contoso);
    for (const role of ['serviceAdmin', 'coAdmin', 'delegatedAdmin', 'member'] as const) {
      const token = await idp.token({ tid: DEMO.contoso, oid: DEMO.users[role], aud: AUDIENCE });
      const me = await call(bot, 'GET', '/api/tab/me', token);
      assert.equal(me.body.mayChange, false);
      assert.ok(me.body.readOnlyReason.length > 0);
      const res = await call(bot, 'POST', `/api/tab/subscriptions/${DEMO.subscriptions.crm}/attach`, token, {
        partnerId: DEMO.partners.wingtip,
        version: 0,
        requestId: randomUUID(),
      });
      assert.equal(res.status, 403, role);
      assert.equal(res.body.error.code, 'notOwner');
      assert.deepEqual(res.body.error.owners, ['Ada Owner']);
    }
    assert.equal(await storeSnapshot(bot.app.ports, DEMO.contoso), before);
  });

  it('attaches, changes and removes through the same rules as the bot: versions, idempotency, history', async () => {
    const token = await ownerToken();
    const path = `/api/tab/subscriptions/${DEMO.subscriptions.crm}`;
    const check = await call(bot, 'POST', `${path}/check`, token, { partnerId: DEMO.partners.wingtip, version: 0 });
    assert.equal(check.status, 200);
    assert.equal(check.body.partner.name, 'Wingtip Partners');

    const requestId = randomUUID();
    const attach = { partnerId: DEMO.partners.wingtip, version: 0, requestId };
    const [a, b] = await Promise.all([
      call(bot, 'POST', `${path}/attach`, token, attach),
      call(bot, 'POST', `${path}/attach`, token, attach),
    ]);
    assert.equal(a.status, 200);
    assert.equal(b.status, 200);
    assert.equal((await bot.app.ports.store.history(DEMO.contoso, DEMO.subscriptions.crm)).length, 1);

    const stale = await call(bot, 'POST', `${path}/change`, token, {
      partnerId: DEMO.partners.litware,
      version: 0,
      requestId: randomUUID(),
    });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.error.code, 'stale');
    assert.equal(stale.body.error.current.partner.name, 'Wingtip Partners');
    // The banner names the subscription, who changed it and when, and what it is now.
    assert.match(
      stale.body.error.message,
      /^The partner of record for Dynamics 365 \(CRM Online\): Dynamics 365 Customer Engagement changed after this page was shown, so nothing was changed. Attached by Ada Owner on \d{4}-\d\d-\d\d \d\d:\d\d UTC. Partner of record now: Wingtip Partners \(2345678\).$/,
    );

    const change = await call(bot, 'POST', `${path}/change`, token, {
      partnerId: DEMO.partners.litware,
      version: 1,
      requestId: randomUUID(),
    });
    assert.equal(change.status, 200);
    const remove = await call(bot, 'POST', `${path}/remove`, token, { version: 2, requestId: randomUUID() });
    assert.equal(remove.status, 200);
    assert.equal(remove.body.subscription.partner, null);

    const history = await call(bot, 'GET', `${path}/history`, token);
    assert.deepEqual(
      history.body.map((e: any) => [e.kind, e.oldPartner?.name ?? null, e.newPartner?.name ?? null]),
      [
        ['remove', 'Litware Advisory', null],
        ['change', 'Wingtip Partners', 'Litware Advisory'],
        ['attach', null, 'Wingtip Partners'],
      ],
    );
  });

  it('answers bad input with 4xx and a message', async () => {
    const token = await ownerToken();
    const cases: [string, unknown, number, string][] = [
      [
        `/api/tab/subscriptions/${DEMO.subscriptions.crm}/check`,
        { partnerId: '12', version: 0 },
        400,
        'invalidPartnerId',
      ],
      [
        `/api/tab/subscriptions/${DEMO.subscriptions.crm}/check`,
        { partnerId: '9999999', version: 0 },
        404,
        'unknownPartner',
      ],
      [`/api/tab/subscriptions/${DEMO.subscriptions.crm}/check`, { version: 'x' }, 400, 'badRequest'],
      [
        `/api/tab/subscriptions/${DEMO.subscriptions.northwindO365}/check`,
        { partnerId: DEMO.partners.wingtip, version: 0 },
        404,
        'unknownSubscription',
      ],
      [
        `/api/tab/subscriptions/${DEMO.subscriptions.o365}/attach`,
        { partnerId: DEMO.partners.wingtip, version: 0, requestId: randomUUID() },
        409,
        'alreadyHasPartner',
      ],
      [
        `/api/tab/subscriptions/${DEMO.subscriptions.crm}/remove`,
        { version: 0, requestId: 'not-a-uuid' },
        400,
        'badRequest',
      ],
    ];
    for (const [path, body, status, code] of cases) {
      const res = await call(bot, 'POST', path, token, body);
      assert.equal(res.status, status, `${path} ${JSON.stringify(body)}`);
      assert.equal(res.body.error.code, code);
      assert.ok(res.body.error.message);
    }
  });

  it('answers a version that is not a non-negative integer with 400 saying so, and changes nothing', async () => {
    const token = await ownerToken();
    const before = await storeSnapshot(bot.app.ports, DEMO.contoso);
    const crm = `/api/tab/subscriptions/${DEMO.subscriptions.crm}`;
    const azure = `/api/tab/subscriptions/${DEMO.subscriptions.azure}`;
    for (const version of [null, '', [], false, -1, 1.5, 'abc', '0', {}, 2 ** 31, undefined]) {
      const bodies: [string, Record<string, unknown>][] = [
        [`${crm}/check`, { partnerId: DEMO.partners.wingtip, version }],
        [`${crm}/attach`, { partnerId: DEMO.partners.wingtip, version, requestId: randomUUID() }],
        [`${azure}/change`, { partnerId: DEMO.partners.wingtip, version, requestId: randomUUID() }],
        [`${azure}/remove`, { version, requestId: randomUUID() }],
      ];
      for (const [path, body] of bodies) {
        const res = await call(bot, 'POST', path, token, body);
        assert.equal(res.status, 400, `${path} with version ${JSON.stringify(version)}`);
        assert.deepEqual(res.body.error, {
          code: 'badRequest',
          message: 'version must be the version the page showed: a whole number from 0.',
        });
      }
    }
    assert.equal(await storeSnapshot(bot.app.ports, DEMO.contoso), before);
  });

  it('offers no dev sign-in when an app id is set', async () => {
    assert.deepEqual((await call(bot, 'GET', '/api/tab/config')).body, { devSignIn: false });
    const res = await fetch(`${bot.url}/api/tab/dev/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenantId: DEMO.contoso, aadObjectId: DEMO.users.owner }),
    });
    assert.equal(res.status, 404);
  });
});

describe('tab API in local anonymous mode', () => {
  it('signs a seed user in with a dev token, and refuses a forged one', async () => {
    const bot = await startBot();
    try {
      assert.deepEqual((await call(bot, 'GET', '/api/tab/config')).body, {
        devSignIn: true,
        directory: { kind: 'seed', seedFile: 'demo-seed.json', demo: true },
      });
      const users = await call(bot, 'GET', '/api/tab/dev/users');
      assert.ok(users.body[0].users.some((u: any) => u.name === 'Ada Owner'));
      const signIn = await call(bot, 'POST', '/api/tab/dev/sign-in', undefined, {
        tenantId: DEMO.contoso,
        aadObjectId: DEMO.users.member,
      });
      assert.equal(signIn.status, 200);
      const me = await call(bot, 'GET', '/api/tab/me', signIn.body.token);
      assert.equal(me.body.user.name, 'Mel Member');
      const unknown = await call(bot, 'POST', '/api/tab/dev/sign-in', undefined, {
        tenantId: DEMO.contoso,
        aadObjectId: randomUUID(),
      });
      assert.equal(unknown.status, 404);
      const [h, p, s] = signIn.body.token.split('.');
      const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
      const forged = [
        h,
        Buffer.from(JSON.stringify({ ...claims, oid: DEMO.users.owner })).toString('base64url'),
        s,
      ].join('.');
      assert.equal((await call(bot, 'GET', '/api/tab/me', forged)).status, 401);
    } finally {
      await bot.stop();
    }
  });
});

describe("tab API when an outage leaves a change's outcome unknown", () => {
  it('answers 503 outcomeUnknown, and the same request id again gives the saved change, saved once', async () => {
    let lose = true;
    const bot = await startBot({
      customizePorts: (ports) => {
        const store = ports.store;
        // Saved, and then the answer is lost, once: as when COMMIT's answer never comes back.
        const applyChange: typeof store.applyChange = async (change) => {
          const result = await store.applyChange(change);
          if (!lose) return result;
          lose = false;
          throw new UpstreamUnavailableError('store', 'connection lost during COMMIT', 'unknown');
        };
        return {
          ...ports,
          store: new Proxy(store, { get: (t, p, r) => (p === 'applyChange' ? applyChange : Reflect.get(t, p, r)) }),
        };
      },
    });
    try {
      const signIn = await call(bot, 'POST', '/api/tab/dev/sign-in', undefined, {
        tenantId: DEMO.contoso,
        aadObjectId: DEMO.users.owner,
      });
      const token = signIn.body.token;
      const path = `/api/tab/subscriptions/${DEMO.subscriptions.crm}/attach`;
      const body = { partnerId: DEMO.partners.wingtip, version: 0, requestId: randomUUID() };
      const unknown = await call(bot, 'POST', path, token, body);
      assert.equal(unknown.status, 503);
      assert.equal(unknown.body.error.code, 'outcomeUnknown');
      assert.equal(unknown.body.error.title, 'I could not confirm the change');
      assert.match(
        unknown.body.error.message,
        /may or may not have been saved\. Sending the same change again is safe/,
      );
      assert.doesNotMatch(unknown.body.error.message, /nothing was changed/i);

      const again = await call(bot, 'POST', path, token, body);
      assert.equal(again.status, 200);
      assert.equal(again.body.repeated, true);
      assert.equal(again.body.subscription.partner.partnerId, DEMO.partners.wingtip);
      assert.equal((await bot.app.ports.store.history(DEMO.contoso, DEMO.subscriptions.crm)).length, 1);
    } finally {
      await bot.stop();
    }
  });
});

describe('tab API in local anonymous mode with a seed file of its own', () => {
  it('tells the page the seed file it lists people from, and that it is not the demo seed', async () => {
    const dir = tempDir();
    const seedFile = path.join(dir, 'pilot-tenants.json');
    copyFileSync(path.join(REPO_ROOT, 'deployment', 'demo-seed.json'), seedFile);
    const bot = await startBot({ env: { SEED_FILE: seedFile } });
    try {
      assert.deepEqual((await call(bot, 'GET', '/api/tab/config')).body, {
        devSignIn: true,
        directory: { kind: 'seed', seedFile: 'pilot-tenants.json', demo: false },
      });
    } finally {
      await bot.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('tab pages', () => {
  it('serves the tab, the privacy and terms pages the manifest links to, and teams-js from the package', async () => {
    const bot = await startBot();
    try {
      for (const [path, type] of [
        ['/tab', 'text/html'],
        ['/privacy', 'text/html'],
        ['/terms', 'text/html'],
        ['/tab/teams-js.js', 'text/javascript'],
        ['/tab/tab.css', 'text/css'],
        ['/tab/fluent.js', 'text/javascript'],
        ['/tab/fluent-themes.json', 'application/json'],
        ...['tab', 'wording', 'theme', 'table', 'dialogs', 'signIn', 'api'].map(
          (m) => [`/tab/${m}.js`, 'text/javascript'] as const,
        ),
      ] as const) {
        const res = await fetch(`${bot.url}${path}`);
        assert.equal(res.status, 200, path);
        assert.match(res.headers.get('content-type') ?? '', new RegExp(`^${type}`), path);
        assert.match(
          res.headers.get('content-security-policy') ?? '',
          /frame-ancestors 'self' https:\/\/teams\.microsoft\.com/,
        );
      }
      // The page may connect to its own host and to the one address teams-js asks for its list of host origins.
      const TEAMS_JS_VALID_ORIGINS_URL = 'https://res.cdn.office.net/teams-js/validDomains/json/validDomains.json';
      const bundle = readFileSync(require.resolve('@microsoft/teams-js/dist/umd/MicrosoftTeams.min.js'), 'utf8');
      const cdn = [...new Set(bundle.match(/https:\/\/[a-z0-9.-]+\.[a-z]+\/[^'"`\s]*validDomains[^'"`\s]*/g))];
      assert.deepEqual(cdn, [TEAMS_JS_VALID_ORIGINS_URL]);
      const csp = (await fetch(`${bot.url}/tab`)).headers.get('content-security-policy') ?? '';
      assert.match(
        csp,
        new RegExp(`(^|; )connect-src 'self' ${TEAMS_JS_VALID_ORIGINS_URL.replace(/[./]/g, '\\$&')}(;|$)`),
      );
      // No inline script or style: Fluent's components style themselves with constructed style sheets.
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
      assert.match(csp, /(^|; )script-src 'self'(;|$)/);
      assert.match(csp, /(^|; )style-src 'self'(;|$)/);
      // Fluent UI's components are the package's own bundle, and Teams' themes its token sets.
      const fluent = await fetch(`${bot.url}/tab/fluent.js`);
      assert.deepEqual(
        Buffer.from(await fluent.arrayBuffer()),
        readFileSync(require.resolve('@fluentui/web-components/web-components-all.min.js')),
      );
      const themes = (await (await fetch(`${bot.url}/tab/fluent-themes.json`)).json()) as Record<string, any>;
      const tokens = require('@fluentui/tokens');
      assert.deepEqual(themes, {
        default: tokens.teamsLightTheme,
        dark: tokens.teamsDarkTheme,
        contrast: tokens.teamsHighContrastTheme,
      });
      const root = await fetch(`${bot.url}/`, { redirect: 'manual' });
      assert.equal(root.status, 302);
      assert.equal(root.headers.get('location'), '/tab');
      assert.equal((await fetch(`${bot.url}/tab/../package.json`)).status, 404);
    } finally {
      await bot.stop();
    }
  });
});
