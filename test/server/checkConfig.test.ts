import assert from 'node:assert/strict';
import path from 'node:path';
import * as connector from 'botframework-connector';
import {
  BotFrameworkTokens,
  botFrameworkEndpoints,
  outboundAuthority,
  PUBLIC_BOT_FRAMEWORK,
} from '../../bot/adapters/microsoft/botFrameworkTokens';
import { REPO_ROOT } from '../../bot/config';
import { createLogger } from '../../bot/logger';
import { BotFrameworkIdentity } from '../support/botFrameworkIdentity';
import { runToExit } from '../support/botProcess';
import { EntraStandIn } from '../support/microsoftCloud/entraStandIn';
import { requireOpenssl } from '../support/microsoftCloud/tls';

const APP_ID = '6a1d3f5b-2c4e-4b7a-9d8f-0e1c2b3a4d5e';
const APP_SECRET = 'stand-in-check-config-secret-2d7e';
const TENANT_ID = '0c2e4a6b-8d1f-4e3a-b5c7-9d0e1f2a3b4c';

function runCheckConfig(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return runToExit(['--require', 'tsx/cjs', path.join(REPO_ROOT, 'scripts', 'checkConfig.ts')], { PATH: process.env.PATH, ...env }, 30_000);
}

describe('bot framework endpoints and the bot\'s own tokens', () => {
  it('uses botbuilder\'s public-cloud defaults unless an endpoint is set, and then only what is set', () => {
    for (const key of Object.keys(PUBLIC_BOT_FRAMEWORK) as (keyof typeof PUBLIC_BOT_FRAMEWORK)[]) {
      assert.equal(PUBLIC_BOT_FRAMEWORK[key], (connector.AuthenticationConstants as unknown as Record<string, string>)[key], key);
    }
    assert.deepEqual(botFrameworkEndpoints({}), { endpoints: { ...PUBLIC_BOT_FRAMEWORK }, source: 'public' });
    assert.equal(botFrameworkEndpoints({ ChannelService: connector.GovernmentConstants.ChannelService }).endpoints.ToChannelFromBotLoginUrl, connector.GovernmentConstants.ToChannelFromBotLoginUrl);
    assert.deepEqual(botFrameworkEndpoints({ OAuthUrl: 'https://oauth.example' }), { endpoints: { OAuthUrl: 'https://oauth.example' }, source: 'custom' });
  });

  it('asks botframework.com for a MultiTenant bot and the app\'s tenant for a SingleTenant one', () => {
    const login = PUBLIC_BOT_FRAMEWORK.ToChannelFromBotLoginUrl;
    assert.equal(outboundAuthority(login, { appType: 'MultiTenant', tenantId: TENANT_ID }), 'https://login.microsoftonline.com/botframework.com');
    assert.equal(outboundAuthority(login, { appType: 'SingleTenant', tenantId: TENANT_ID }), `https://login.microsoftonline.com/${TENANT_ID}`);
    assert.equal(outboundAuthority('https://localhost:4443/botframework.com/', { appType: 'SingleTenant', tenantId: TENANT_ID }), 'https://localhost:4443/botframework.com');
  });

  it('gets a token once and keeps it; a wrong secret is refused with Entra\'s code and no secret in the error', async function () {
    await requireOpenssl(this);
    const identity = await new BotFrameworkIdentity({ appId: APP_ID, appPassword: APP_SECRET }).start();
    const log = createLogger('silent');
    const good = new BotFrameworkTokens({ appId: APP_ID, appPassword: APP_SECRET }, log, { http: { ca: identity.caPem } });
    const bad = new BotFrameworkTokens({ appId: APP_ID, appPassword: 'not-the-secret' }, log, { http: { ca: identity.caPem } });
    try {
      const scope = `${identity.botFrameworkScope}/.default`;
      const [a, b] = await Promise.all([good.token(identity.loginUrl, scope), good.token(identity.loginUrl, scope)]);
      const c = await good.token(identity.loginUrl, scope);
      assert.equal(a.accessToken, b.accessToken);
      assert.equal(a.accessToken, c.accessToken);
      assert.equal(identity.tokenRequestCount('issued'), 1);
      assert.ok(identity.requests.every((r) => r.path === '/botframework.com/oauth2/v2.0/token'), 'MSAL asked for more than the token');
      await assert.rejects(bad.token(identity.loginUrl, scope), (err: Error) => {
        assert.equal(err.name, 'BotTokenError');
        assert.match(err.message, /AADSTS7000215/);
        assert.ok(!err.message.includes('not-the-secret'));
        return true;
      });
    } finally {
      good.close();
      bad.close();
      await identity.close();
    }
  });
});

describe('npm run check-config', function () {
  this.timeout(60_000);
  let identity: BotFrameworkIdentity;
  let entra: EntraStandIn;

  before(async function () {
    await requireOpenssl(this);
    identity = await new BotFrameworkIdentity({ appId: APP_ID, appPassword: APP_SECRET }).start();
    entra = await new EntraStandIn({ clientId: APP_ID, clientSecret: APP_SECRET }).start();
    entra.grantConsent(TENANT_ID);
  });
  after(async () => {
    await identity?.close();
    await entra?.close();
  });

  it('reports every check ok against endpoints that answer, and prints no secret or token', async () => {
    const { code, output } = await runCheckConfig({
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: APP_SECRET,
      MicrosoftAppType: 'SingleTenant',
      MAIL_TRANSPORT: 'file',
      MicrosoftAppTenantId: TENANT_ID,
      ...identity.botSettings(),
      DIRECTORY: 'graph',
      BOT_DOMAIN: 'por-bot.example.net',
      ENTRA_AUTHORITY_HOST: entra.authorityHost,
      NODE_EXTRA_CA_CERTS: identity.caPath,
    });
    assert.equal(code, 0, output);
    const lines = output.trim().split('\n');
    assert.deepEqual(lines.map((l) => l.replace(/ https:\/\/\S+?(?=: (ok|FAILED))/, '').replace(/: (ok|FAILED).*$/, ': $1')), [
      'MicrosoftAppId: ok',
      'MicrosoftAppType: ok',
      'MicrosoftAppPassword: ok',
      'MicrosoftAppTenantId: ok',
      'Bot Framework endpoints: ok',
      'inbound OpenID metadata: ok',
      'inbound signing keys: ok',
      'outbound token: ok',
      'Graph token: ok',
      'all checks passed',
    ]);
    assert.match(output, /inbound signing keys \S+: ok \(1 key, endorsements: msteams\)/);
    // SingleTenant: the bot's own tenant stays what the login URL names only for Microsoft's hosts.
    assert.match(output, new RegExp(`outbound token ${identity.loginUrl}: ok \\(audience ${identity.botFrameworkScope}, expires \\d{4}-`));
    assert.match(output, /Graph token \S+: ok \(audience not readable, expires/);
    for (const secret of [APP_SECRET, ...identity.sensitiveValues(), ...entra.sensitiveValues()]) {
      assert.ok(!output.includes(secret), 'a secret or token is in the output');
    }
  });

  it('says what failed and exits 1: a SingleTenant bot without a tenant, endpoints half set, metadata missing, a wrong secret', async () => {
    const settings = identity.botSettings();
    const { code, output } = await runCheckConfig({
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'wrong-secret-3e9a',
      MAIL_TRANSPORT: 'file',
      MicrosoftAppType: 'SingleTenant',
      ToBotFromChannelOpenIdMetadataUrl: `${identity.baseUrl}/nowhere/openidconfiguration`,
      ToChannelFromBotLoginUrl: settings.ToChannelFromBotLoginUrl!,
      ToChannelFromBotOAuthScope: settings.ToChannelFromBotOAuthScope!,
      NODE_EXTRA_CA_CERTS: identity.caPath,
    });
    assert.equal(code, 1, output);
    assert.match(output, /^MicrosoftAppId: ok/m);
    assert.match(output, /^MicrosoftAppTenantId: FAILED: not set: SingleTenant needs the app registration's tenant$/m);
    assert.match(output, /^Bot Framework endpoints: FAILED: custom, but ToBotFromChannelTokenIssuer, OAuthUrl unset/m);
    assert.match(output, /^inbound OpenID metadata \S+: FAILED: HTTP 404$/m);
    assert.match(output, /^outbound token \S+: FAILED: refused or unreachable \(AADSTS7000215\)$/m);
    assert.match(output, /^4 checks FAILED$/m);
    assert.ok(!output.includes('wrong-secret-3e9a'));
  });
});
