import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import * as connector from 'botframework-connector';
import {
  BotFrameworkTokens,
  botFrameworkEndpoints,
  outboundAuthority,
  PUBLIC_BOT_FRAMEWORK,
} from '../../bot/adapters/microsoft/botFrameworkTokens';
import { REPO_ROOT } from '../../bot/config';
import { createLogger } from '../../bot/runtime/logger';
import { BotFrameworkIdentity } from '../support/botFrameworkIdentity';
import { runToExit } from '../support/botProcess';
import { SQLITE_FILE_NAME } from '../../bot/adapters/sqlite/sqliteStore';
import { buildAppPackage } from '../../manifest/scripts/buildPackage';
import { tempDir } from '../support/botUnderTest';
import { armError, DIRECT_ROLE_PERMISSIONS, startMicrosoftCloud, type MicrosoftCloud } from '../support/microsoftCloud';
import { makeTestCertificate, requireOpenssl } from '../support/microsoftCloud/tls';
import { adminQuery, dropRunSchemas, freshSchema, openTestStore, requirePostgres } from '../support/postgres';
import { freePort, SmtpTestServer } from '../support/smtpTestServer';

const APP_ID = '6a1d3f5b-2c4e-4b7a-9d8f-0e1c2b3a4d5e';
const APP_SECRET = 'stand-in-check-config-secret-2d7e';
const TENANT_ID = '0c2e4a6b-8d1f-4e3a-b5c7-9d0e1f2a3b4c';

const PARTNER_TENANT = '3d5f7a9b-1c2e-4f6a-8b0c-2d4e6f8a0b1c';
const REFRESH_TOKEN = 'stand-in-partner-refresh-token-7c1e9a3b5d';
const MAIL_LOGIN = { user: 'por-mailer', pass: 'stand-in-mail-password-5b8e' };
const BOT_DOMAIN = 'por-bot.example.net';
/** The bot's own tenant's Azure subscriptions, in Azure Resource Manager. */
const AZURE = {
  live: { subscriptionId: '7b1c3d5e-9f2a-4b6c-8d0e-1f3a5b7c9d2e', displayName: 'Tailspin Production' },
  deleted: { subscriptionId: '8c2d4e6f-0a3b-4c7d-9e1f-2a4b6c8d0e3f', displayName: 'Tailspin Old' },
  unseen: { subscriptionId: '9d3e5f7a-1b4c-4d8e-af20-3b5c7d9e1f4a', displayName: 'Tailspin Research' },
};
const SAMPLE_CONTACTS = path.join(REPO_ROOT, 'deployment', 'partner-contacts.sample.json');

function runCheckConfig(
  env: Record<string, string>,
  args: string[] = [],
): Promise<{ code: number | null; output: string }> {
  const script = ['--require', 'tsx/cjs', path.join(REPO_ROOT, 'scripts', 'checkConfig.ts'), ...args];
  return runToExit(script, { PATH: process.env.PATH, ...env }, 30_000);
}

/** A Teams app package as `npm run package` builds it, for this domain. */
async function appPackage(dir: string, domain: string): Promise<string> {
  const zipFile = path.join(dir, `${domain}.zip`);
  await buildAppPackage({ settings: { MicrosoftAppId: APP_ID, BOT_DOMAIN: domain, APP_VERSION: '1.0.0' }, zipFile });
  return zipFile;
}

describe("bot framework endpoints and the bot's own tokens", () => {
  it("uses botbuilder's public-cloud defaults unless an endpoint is set, and then only what is set", () => {
    for (const key of Object.keys(PUBLIC_BOT_FRAMEWORK) as (keyof typeof PUBLIC_BOT_FRAMEWORK)[]) {
      assert.equal(
        PUBLIC_BOT_FRAMEWORK[key],
        (connector.AuthenticationConstants as unknown as Record<string, string>)[key],
        key,
      );
    }
    assert.deepEqual(botFrameworkEndpoints({}), { endpoints: { ...PUBLIC_BOT_FRAMEWORK }, source: 'public' });
    assert.equal(
      botFrameworkEndpoints({ ChannelService: connector.GovernmentConstants.ChannelService }).endpoints
        .ToChannelFromBotLoginUrl,
      connector.GovernmentConstants.ToChannelFromBotLoginUrl,
    );
    assert.deepEqual(botFrameworkEndpoints({ OAuthUrl: 'https://oauth.example' }), {
      endpoints: { OAuthUrl: 'https://oauth.example' },
      source: 'custom',
    });
  });

  it("asks botframework.com for a MultiTenant bot and the app's tenant for a SingleTenant one", () => {
    const login = PUBLIC_BOT_FRAMEWORK.ToChannelFromBotLoginUrl;
    assert.equal(
      outboundAuthority(login, { appType: 'MultiTenant', tenantId: TENANT_ID }),
      'https://login.microsoftonline.com/botframework.com',
    );
    assert.equal(
      outboundAuthority(login, { appType: 'SingleTenant', tenantId: TENANT_ID }),
      `https://login.microsoftonline.com/${TENANT_ID}`,
    );
    assert.equal(
      outboundAuthority('https://localhost:4443/botframework.com/', { appType: 'SingleTenant', tenantId: TENANT_ID }),
      'https://localhost:4443/botframework.com',
    );
  });

  it("gets a token once and keeps it; a wrong secret is refused with Entra's code and no secret in the error", async function () {
    await requireOpenssl(this);
    const identity = await new BotFrameworkIdentity({ appId: APP_ID, appPassword: APP_SECRET }).start();
    const log = createLogger('silent');
    const good = new BotFrameworkTokens({ appId: APP_ID, appPassword: APP_SECRET }, log, {
      http: { ca: identity.caPem },
    });
    const bad = new BotFrameworkTokens({ appId: APP_ID, appPassword: 'not-the-secret' }, log, {
      http: { ca: identity.caPem },
    });
    try {
      const scope = `${identity.botFrameworkScope}/.default`;
      const [a, b] = await Promise.all([good.token(identity.loginUrl, scope), good.token(identity.loginUrl, scope)]);
      const c = await good.token(identity.loginUrl, scope);
      assert.equal(a.accessToken, b.accessToken);
      assert.equal(a.accessToken, c.accessToken);
      assert.equal(identity.tokenRequestCount('issued'), 1);
      assert.ok(
        identity.requests.every((r) => r.path === '/botframework.com/oauth2/v2.0/token'),
        'MSAL asked for more than the token',
      );
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
  this.timeout(90_000);
  let identity: BotFrameworkIdentity;
  let cloud: MicrosoftCloud;
  let smtp: SmtpTestServer;
  let dir: string;

  before(async function () {
    await requireOpenssl(this);
    identity = await new BotFrameworkIdentity({ appId: APP_ID, appPassword: APP_SECRET }).start();
    cloud = await startMicrosoftCloud({ clientId: APP_ID, clientSecret: APP_SECRET });
    cloud.entra.grantConsent(TENANT_ID);
    cloud.graph.setTenant({
      id: TENANT_ID,
      displayName: 'Tailspin Toys',
      users: [],
      roleAssignments: [],
      subscriptions: [],
    });
    // Azure: one subscription the app holds Reader on, one deleted (not counted), one it cannot see.
    cloud.arm.addSubscription(TENANT_ID, { ...AZURE.live, state: 'Enabled' });
    cloud.arm.addSubscription(TENANT_ID, { ...AZURE.deleted, state: 'Deleted' });
    cloud.arm.addSubscription(TENANT_ID, { ...AZURE.unseen, state: 'Enabled' }, { appCanRead: false });
    cloud.entra.grantConsent(PARTNER_TENANT);
    cloud.entra.addRefreshToken(PARTNER_TENANT, REFRESH_TOKEN);
    cloud.partnerCenter.addPartner({ mpnId: '4567890', partnerName: 'Tailspin Partner Services' });
    cloud.partnerCenter.setOwnProfile(PARTNER_TENANT, '4567890');
    const certificate = await makeTestCertificate();
    assert.equal(certificate.caPath, identity.caPath, 'one test CA for every stand-in');
    smtp = await (
      await SmtpTestServer.onFreePort({
        tls: { key: certificate.keyPem, cert: certificate.certPem },
        login: MAIL_LOGIN,
      })
    ).start();
    dir = tempDir('por-check-config-');
  });
  after(async () => {
    await identity?.close();
    await cloud?.close();
    await smtp?.stop();
  });

  /** Every setting of a bot ready to go live, each pointed at a stand-in that answers. */
  const goLive = (): Record<string, string> => ({
    MicrosoftAppId: APP_ID,
    MicrosoftAppPassword: APP_SECRET,
    MicrosoftAppType: 'SingleTenant',
    MicrosoftAppTenantId: TENANT_ID,
    ...identity.botSettings(),
    DIRECTORY: 'graph',
    BOT_DOMAIN,
    ENTRA_AUTHORITY_HOST: cloud.authorityHost,
    GRAPH_BASE_URL: cloud.graphBaseUrl,
    ARM_BASE_URL: cloud.armBaseUrl,
    NODE_EXTRA_CA_CERTS: identity.caPath,
    DATA_DIR: path.join(dir, 'data-not-yet-made'),
    SMTP_URL: `smtps://${MAIL_LOGIN.user}:${MAIL_LOGIN.pass}@localhost:${smtp.port}`,
    PARTNER_DIRECTORY: 'partnercenter',
    PARTNER_CENTER_TENANT_ID: PARTNER_TENANT,
    PARTNER_CENTER_REFRESH_TOKEN: REFRESH_TOKEN,
    PARTNER_CENTER_BASE_URL: cloud.partnerCenterBaseUrl,
    PARTNER_CONTACTS_FILE: SAMPLE_CONTACTS,
  });

  const assertNoSecret = (output: string, extra: string[] = []) => {
    for (const secret of [
      APP_SECRET,
      MAIL_LOGIN.pass,
      REFRESH_TOKEN,
      ...identity.sensitiveValues(),
      ...cloud.entra.sensitiveValues(),
      ...extra,
    ]) {
      assert.ok(!output.includes(secret), 'a secret or token is in the output');
    }
  };

  it('reports every check ok against endpoints that answer, and prints no secret or token', async () => {
    const zip = await appPackage(dir, BOT_DOMAIN);
    const { code, output } = await runCheckConfig(goLive(), ['--package', zip]);
    assert.equal(code, 0, output);
    const lines = output.trim().split('\n');
    // Each check's name, without the address or file it names.
    assert.deepEqual(
      lines.map((l) =>
        l.replace(/^((?:[A-Za-z_]+ ?){1,4}?)(?: \(?[a-z/:.].*?)?: (ok|WARNING|FAILED|skipped).*$/i, '$1: $2'),
      ),
      [
        'MicrosoftAppId: ok',
        'MicrosoftAppType: ok',
        'MicrosoftAppPassword: ok',
        'MicrosoftAppTenantId: ok',
        'Bot Framework endpoints: ok',
        'inbound OpenID metadata: ok',
        'inbound signing keys: ok',
        'outbound token: ok',
        'Graph token: ok',
        'Graph permissions: ok',
        'Azure Resource Manager token: ok',
        'Azure subscriptions: ok',
        'store: ok',
        'store schema: ok',
        'store writes: ok',
        'SMTP: ok',
        'Partner Center token: ok',
        'Partner Center profile: ok',
        'partner contacts: ok',
        'BOT_DOMAIN: ok',
        'app package: ok',
        'all checks passed',
      ],
    );
    assert.match(output, /inbound signing keys \S+: ok \(1 key, endorsements: msteams\)/);
    // SingleTenant: the bot's own tenant stays what the login URL names only for Microsoft's hosts.
    assert.match(
      output,
      new RegExp(`outbound token ${identity.loginUrl}: ok \\(audience ${identity.botFrameworkScope}, expires \\d{4}-`),
    );
    assert.match(output, /Graph token \S+: ok \(audience not readable, expires/);
    assert.match(output, /^Graph permissions \S+: ok \(all 6 granted\)$/m);
    assert.match(output, /^Azure Resource Manager token \S+: ok \(audience not readable, expires/m);
    assert.match(output, /^Azure subscriptions \S+: ok \(1 visible to the app\)$/m);
    assert.match(
      output,
      /^store \(SQLite\) \S+data-not-yet-made\/partner-of-record\.sqlite: ok \(no file yet: the bot creates it/m,
    );
    assert.match(output, /^store schema: ok \(none yet: the bot creates it \(version \d+\)/m);
    assert.match(output, /^store writes: ok \(\S+ is writable\)$/m);
    assert.match(
      output,
      new RegExp(`^SMTP localhost:${smtp.port}: ok \\(connected, TLS \\(smtps\\), logged in\\)$`, 'm'),
    );
    assert.match(
      output,
      /^Partner Center profile \S+\/v1\/profiles\/mpn: ok \(signed in as Tailspin Partner Services, Partner ID 4567890\)$/m,
    );
    assert.match(output, /^partner contacts \S+partner-contacts\.sample\.json: ok \(2 partners have a contact\)$/m);
    assert.match(output, new RegExp(`^app package \\S+: ok \\(made for ${BOT_DOMAIN.replace(/\./g, '\\.')}\\)$`, 'm'));
    assertNoSecret(output);
  });

  it('warns of a tenant that has not granted the group and PIM permissions yet, and fails one without a needed one', async () => {
    const zip = await appPackage(dir, BOT_DOMAIN);
    try {
      // Directory.Read.All reads roles, users and groups, but not PIM's schedules.
      cloud.graph.setPermissions(TENANT_ID, ['Organization.Read.All', 'User.Read.All', 'Directory.Read.All']);
      const pending = await runCheckConfig(goLive(), ['--package', zip]);
      assert.equal(pending.code, 0, pending.output);
      assert.match(
        pending.output,
        /^Graph permissions \S+: WARNING: not granted yet: RoleAssignmentSchedule\.Read\.Directory, RoleEligibilitySchedule\.Read\.Directory; owners through groups and Privileged Identity Management are not seen/m,
      );
      cloud.graph.setPermissions(
        TENANT_ID,
        DIRECT_ROLE_PERMISSIONS.filter((p) => p !== 'Organization.Read.All'),
      );
      const missing = await runCheckConfig(goLive(), ['--package', zip]);
      assert.equal(missing.code, 1, missing.output);
      assert.match(
        missing.output,
        /^Graph permissions \S+: FAILED: not granted: Organization\.Read\.All; a Global Administrator grants admin consent again$/m,
      );
    } finally {
      cloud.graph.setPermissions(TENANT_ID, [
        'Organization.Read.All',
        'RoleManagement.Read.Directory',
        'User.Read.All',
        'RoleAssignmentSchedule.Read.Directory',
        'RoleEligibilitySchedule.Read.Directory',
        'GroupMember.Read.All',
      ]);
    }
  });

  it('gives the Reader command when Azure Resource Manager shows the app no subscription, and fails on a refusal or an outage', async () => {
    const zip = await appPackage(dir, BOT_DOMAIN);
    try {
      cloud.arm.setAppCanRead(TENANT_ID, AZURE.live.subscriptionId, false);
      const none = await runCheckConfig(goLive(), ['--package', zip]);
      assert.equal(none.code, 0, none.output);
      const command = `az role assignment create --assignee ${APP_ID} --role Reader --scope /providers/Microsoft.Management/managementGroups/${TENANT_ID}`;
      assert.ok(
        none.output.includes(
          `: WARNING: none visible: give the app Reader on them (an Owner or User Access Administrator runs: ${command})`,
        ),
        none.output,
      );
      assert.match(none.output, /^all checks passed \(1 warning\)$/m);
    } finally {
      cloud.arm.setAppCanRead(TENANT_ID, AZURE.live.subscriptionId, true);
    }

    const answers: [number, string, RegExp][] = [
      [
        403,
        'AuthorizationFailed',
        /FAILED: refused \(HTTP 403 AuthorizationFailed\): Azure Resource Manager does not accept the app's token for this tenant$/m,
      ],
      [503, 'ServiceUnavailable', /FAILED: not answering \(HTTP 503\): try again later$/m],
    ];
    for (const [status, code, line] of answers) {
      cloud.arm.failNext(1, armError(status, code, 'stand-in failure', { pathPrefix: '/subscriptions' }));
      const { code: exit, output } = await runCheckConfig(goLive(), ['--package', zip]);
      assert.equal(exit, 1, output);
      const azureLine = output.split('\n').find((l) => l.startsWith('Azure subscriptions')) ?? '';
      assert.match(azureLine, line);
      assert.match(output, /^1 check FAILED$/m);
    }
  });

  it('says what failed and exits 1: a SingleTenant bot without a tenant, endpoints half set, metadata missing, a wrong secret', async () => {
    const settings = identity.botSettings();
    const blocker = path.join(dir, 'a-file');
    writeFileSync(blocker, '');
    const { code, output } = await runCheckConfig(
      {
        MicrosoftAppId: APP_ID,
        MicrosoftAppPassword: 'wrong-secret-3e9a',
        MAIL_TRANSPORT: 'file',
        MicrosoftAppType: 'SingleTenant',
        ToBotFromChannelOpenIdMetadataUrl: `${identity.baseUrl}/nowhere/openidconfiguration`,
        ToChannelFromBotLoginUrl: settings.ToChannelFromBotLoginUrl!,
        ToChannelFromBotOAuthScope: settings.ToChannelFromBotOAuthScope!,
        NODE_EXTRA_CA_CERTS: identity.caPath,
        // Under a file, not a folder: the bot could not create DATA_DIR there.
        DATA_DIR: path.join(blocker, 'data'),
        BOT_DOMAIN,
      },
      ['--package', path.join(dir, 'not-built.zip')],
    );
    assert.equal(code, 1, output);
    assert.match(output, /^MicrosoftAppId: ok/m);
    assert.match(output, /^MicrosoftAppTenantId: FAILED: not set: SingleTenant needs the app registration's tenant$/m);
    assert.match(output, /^Bot Framework endpoints: FAILED: custom, but ToBotFromChannelTokenIssuer, OAuthUrl unset/m);
    assert.match(output, /^inbound OpenID metadata \S+: FAILED: HTTP 404$/m);
    assert.match(output, /^outbound token \S+: FAILED: refused or unreachable \(AADSTS7000215\)$/m);
    assert.match(output, /^SMTP: WARNING: SMTP_URL is not set: partner emails are written as \.eml files/m);
    assert.match(output, /^Partner Center: skipped \(PARTNER_DIRECTORY=seed/m);
    assert.match(output, /^app package \S+not-built\.zip: skipped \(not built here: `npm run package` builds it/m);
    assert.match(
      output,
      /^store writes: FAILED: \S+a-file cannot be written \(ENOTDIR\): the bot creates DATA_DIR and its store there$/m,
    );
    assert.match(output, /^5 checks FAILED \(1 warning\)$/m);
    assert.ok(!output.includes('wrong-secret-3e9a'));
  });

  it('warns of a MultiTenant bot, and fails each later step with what to fix', async () => {
    // A store written by a newer build; a wrong mail password; a refresh token unused for 90 days; a contacts file
    // with a bad address; a package built for another host.
    const dataDir = path.join(dir, 'data-newer');
    mkdirSync(dataDir, { recursive: true });
    const db = new BetterSqlite3(path.join(dataDir, SQLITE_FILE_NAME));
    db.exec(
      'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    db.prepare('INSERT INTO schema_migrations VALUES (999, ?, ?)').run('from the future', new Date().toISOString());
    db.close();
    const contacts = path.join(dir, 'bad-contacts.json');
    writeFileSync(contacts, JSON.stringify({ contacts: [{ partnerId: '1234567', email: 'not an address' }] }));
    const revoked = 'stand-in-revoked-refresh-token-4f2a8c6e0b';
    cloud.entra.addRefreshToken(PARTNER_TENANT, revoked);
    cloud.entra.revokeRefreshToken(revoked);
    const zip = await appPackage(dir, 'old-host.example.net');

    const { code, output } = await runCheckConfig(
      {
        ...goLive(),
        MicrosoftAppType: 'MultiTenant',
        DATA_DIR: dataDir,
        SMTP_URL: `smtps://${MAIL_LOGIN.user}:wrong-mail-password-1d4c@localhost:${smtp.port}`,
        PARTNER_CENTER_REFRESH_TOKEN: revoked,
        PARTNER_CONTACTS_FILE: contacts,
      },
      ['--package', zip],
    );
    assert.equal(code, 1, output);
    assert.match(
      output,
      /^MicrosoftAppType: WARNING: MultiTenant \(the default when unset\): new Azure Bots cannot be MultiTenant; set MicrosoftAppType=SingleTenant/m,
    );
    assert.match(
      output,
      /^store schema: FAILED: version 999 is newer than this build knows \(\d+\): the bot refuses to start/m,
    );
    assert.match(output, /^store writes: ok/m);
    assert.match(
      output,
      new RegExp(
        `^SMTP localhost:${smtp.port}: FAILED: the mail server refused the login \\(535 Invalid username or password\\): check the user and password in SMTP_URL$`,
        'm',
      ),
    );
    assert.match(
      output,
      /^Partner Center token \S+: FAILED: the refresh token is refused \(AADSTS700082\): run `npm run partner-center-sign-in`/m,
    );
    assert.match(output, /^Partner Center profile: skipped \(no access token\)$/m);
    assert.match(output, /^partner contacts \S+bad-contacts\.json: FAILED: .*is invalid: contacts\.0\.email/m);
    assert.match(
      output,
      /^app package \S+: FAILED: its validDomains \(old-host\.example\.net\) do not allow BOT_DOMAIN por-bot\.example\.net; its SSO resource is api:\/\/old-host\.example\.net\/\S+, not api:\/\/por-bot\.example\.net\/\S+: build it again with `npm run package`$/m,
    );
    assert.match(output, /^5 checks FAILED \(1 warning\)$/m);
    assertNoSecret(output, ['wrong-mail-password-1d4c', revoked]);
  });
});

describe('npm run check-config: the PostgreSQL store', function () {
  this.timeout(90_000);
  let url: string;
  const withPassword = (u: string, schemaOptions = '') => {
    const parsed = new URL(u);
    parsed.password = 'stand-in-pg-password-8e2b';
    if (schemaOptions) parsed.searchParams.set('options', schemaOptions);
    return parsed.toString();
  };

  before(function () {
    url = requirePostgres(this);
  });
  after(async () => {
    if (url) await dropRunSchemas(url);
  });

  it('checks a database before the first start without leaving anything in it, and a migrated one as current', async () => {
    const schema = freshSchema();
    const fresh = await runCheckConfig({ STORE: 'postgres', DATABASE_URL: withPassword(url), DATABASE_SCHEMA: schema });
    assert.match(
      fresh.output,
      new RegExp(
        `^store \\(PostgreSQL\\) postgres://postgres@127\\.0\\.0\\.1:\\d+/test \\(schema ${schema}\\): ok \\(connected\\)$`,
        'm',
      ),
    );
    assert.match(
      fresh.output,
      /^store schema: ok \(none yet: the bot creates it \(version \d+\) at its first start\)$/m,
    );
    assert.match(fresh.output, /^store writes: ok \(a probe write, rolled back\)$/m);
    const left = await adminQuery(url, 'SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    assert.equal(left.length, 0, 'the probe left the schema behind');

    await (await openTestStore(url, schema)).close();
    const migrated = await runCheckConfig({
      STORE: 'postgres',
      DATABASE_URL: withPassword(url),
      DATABASE_SCHEMA: schema,
    });
    assert.match(migrated.output, /^store schema: ok \(version (\d+), current\)$/m);
    assert.match(migrated.output, /^store writes: ok/m);
    for (const run of [fresh, migrated])
      assert.ok(!run.output.includes('stand-in-pg-password-8e2b'), 'the password is in the output');
  });

  it('fails a database that cannot be written, and one that does not answer', async () => {
    const schema = freshSchema();
    await (await openTestStore(url, schema)).close();
    const readOnly = await runCheckConfig({
      STORE: 'postgres',
      DATABASE_URL: withPassword(url, '-c default_transaction_read_only=on'),
      DATABASE_SCHEMA: schema,
    });
    assert.equal(readOnly.code, 1);
    assert.match(readOnly.output, /^store writes: FAILED: the database is in read-only mode/m);

    const nowhere = new URL(url);
    nowhere.port = String(await freePort());
    const down = await runCheckConfig({
      STORE: 'postgres',
      DATABASE_URL: withPassword(nowhere.toString()),
      DATABASE_SCHEMA: schema,
    });
    assert.equal(down.code, 1);
    assert.match(
      down.output,
      /^store \(PostgreSQL\) \S+ \(schema \w+\): FAILED: not reachable or refused: ECONNREFUSED/m,
    );
    assert.doesNotMatch(down.output, /^store schema/m);
    for (const run of [readOnly, down])
      assert.ok(!run.output.includes('stand-in-pg-password-8e2b'), 'the password is in the output');
  });
});
