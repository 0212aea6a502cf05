import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { RefreshTokenTokens } from '../../bot/adapters/microsoft/entraTokens';
import { HttpsClient } from '../../bot/adapters/microsoft/httpsClient';
import { UpstreamPolicy } from '../../bot/adapters/microsoft/upstreamPolicy';
import { REPO_ROOT } from '../../bot/config';
import { createLogger } from '../../bot/runtime/logger';
import { runToExit } from '../support/botProcess';
import { tempDir } from '../support/botUnderTest';
import { DEVICE_CODE_GRANTS, startMicrosoftCloud, type MicrosoftCloud } from '../support/microsoftCloud';
import { requireOpenssl } from '../support/microsoftCloud/tls';

const APP_ID = '8b2d4f6a-1c3e-4a5b-9d7f-0e2c4a6b8d1f';
const APP_SECRET = 'stand-in-sign-in-secret-6a3f';
const PARTNER_TENANT = '4e6a8c0d-2f1b-4d3c-a5e7-9b1d3f5a7c9e';
const PC_SCOPES = ['https://api.partnercenter.microsoft.com/user_impersonation'];

describe('npm run partner-center-sign-in', function () {
  this.timeout(60_000);
  let cloud: MicrosoftCloud;
  let dir: string;

  before(async function () {
    await requireOpenssl(this);
    cloud = await startMicrosoftCloud({ clientId: APP_ID, clientSecret: APP_SECRET });
    cloud.entra.grantConsent(PARTNER_TENANT);
    cloud.entra.deviceCodeIntervalSeconds = 1;
    dir = tempDir('por-sign-in-');
  });
  after(async () => {
    await cloud?.close();
  });
  beforeEach(() => {
    cloud.entra.allowPublicClient = true;
    cloud.entra.clearRequests();
  });

  /** Runs the script; once Entra has answered a poll "pending", the admin finishes signing in. */
  async function signIn(args: string[], approve = true) {
    const run = runToExit(
      ['--require', 'tsx/cjs', path.join(REPO_ROOT, 'scripts', 'partnerCenterSignIn.ts'), ...args],
      {
        PATH: process.env.PATH,
        NODE_EXTRA_CA_CERTS: cloud.caPath,
        MicrosoftAppId: APP_ID,
        PARTNER_CENTER_TENANT_ID: PARTNER_TENANT,
        ENTRA_AUTHORITY_HOST: cloud.authorityHost,
      },
      45_000,
    );
    let exited = false;
    void run.finally(() => (exited = true)).catch(() => undefined);
    while (approve && !exited) {
      const waiting = cloud.entra.pendingDeviceCodes().find((c) => c.pendingPolls >= 1);
      if (waiting) {
        cloud.entra.approveDeviceCode(waiting.userCode, { preferredUsername: 'pc-admin@partner.example' });
        break;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    return run;
  }

  it('signs the admin in with a device code and writes a refresh token the bot can use to FILE only', async () => {
    const out = path.join(dir, 'token');
    const { code, stdout, stderr } = await signIn(['--out', out]);
    assert.equal(code, 0, stderr);
    // Entra's message: the page and the code to enter there.
    assert.match(
      stdout,
      /^To sign in, use a web browser to open the page https:\/\/microsoft\.com\/devicelogin and enter the code [A-Z]{8} to authenticate\.$/m,
    );
    assert.match(stdout, /^Signed in as pc-admin@partner\.example in tenant 4e6a8c0d-/m);
    assert.match(
      stdout,
      new RegExp(
        `The refresh token is in ${out.replace(/[/.]/g, '\\$&')} \\(mode 600\\)\\. The bot reads it from PARTNER_CENTER_REFRESH_TOKEN`,
      ),
    );
    assert.match(stdout, /Key Vault secret PartnerCenterRefreshToken/);
    assert.match(stdout, /^Renew it by \d{4}-\d{2}-\d{2}: Entra refresh tokens last 90 days by default/m);

    const token = readFileSync(out, 'utf8');
    assert.equal(statSync(out).mode & 0o777, 0o600);
    for (const secret of cloud.entra.sensitiveValues())
      assert.ok(!`${stdout}${stderr}`.includes(secret), 'a token is in the output');
    assert.ok(cloud.entra.sensitiveValues().includes(token), 'the file holds a refresh token Entra issued');

    // MSAL was given the authority's metadata: it asked for the device code and the token, nothing else.
    const paths = new Set(cloud.entra.requests.map((r) => r.path));
    assert.deepEqual([...paths].sort(), [
      `/${PARTNER_TENANT}/oauth2/v2.0/devicecode`,
      `/${PARTNER_TENANT}/oauth2/v2.0/token`,
    ]);
    const polls = cloud.entra.tokenRequests.filter((r) => DEVICE_CODE_GRANTS.has(r.grantType));
    assert.ok(
      polls.length >= 2 && polls.at(-1)!.status === 200 && polls[0]!.error === 'authorization_pending',
      'pending, then the tokens',
    );
    assert.match(polls[0]!.scope, /user_impersonation/);
    assert.match(polls[0]!.scope, /offline_access/);

    // The bot redeems it as the public client's token it is (Entra refuses it with the secret: AADSTS700025).
    const http = new HttpsClient('entra', { ca: cloud.caPem });
    const log = createLogger('silent');
    const policy = new UpstreamPolicy('entra', { maxAttempts: 1, halfOpenAfterMs: 1_000 }, log);
    const app = { authorityHost: cloud.authorityHost, clientId: APP_ID, clientSecret: APP_SECRET };
    try {
      const tokens = new RefreshTokenTokens(app, PARTNER_TENANT, token, PC_SCOPES, http, policy, 5_000, log);
      const accessToken = await tokens.token();
      assert.equal(cloud.entra.verify(accessToken, 'partnerCenter'), PARTNER_TENANT);
      const refreshes = cloud.entra.tokenRequests.filter((r) => r.grantType === 'refresh_token');
      assert.deepEqual(
        refreshes.map((r) => r.aadsts ?? r.status),
        [700025, 200],
      );
      assert.equal(await tokens.token(), accessToken, "kept in the public client's cache");
    } finally {
      http.close();
    }
  });

  it('refuses an existing FILE before anyone signs in, and says what Entra refused', async () => {
    const out = path.join(dir, 'exists');
    writeFileSync(out, 'keep me');
    const refused = await signIn(['--out', out], false);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /exists; give another --out, or --force/);
    assert.equal(readFileSync(out, 'utf8'), 'keep me');
    assert.equal(cloud.entra.requests.length, 0);

    const missing = await signIn([], false);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /--out FILE is required/);

    // Public client flows not allowed on the app registration: Entra asks for a secret the device flow never sends.
    cloud.entra.allowPublicClient = false;
    const denied = await signIn(['--out', path.join(dir, 'denied')]);
    assert.equal(denied.code, 1);
    assert.match(
      denied.stderr,
      /^partner-center-sign-in: Entra refused the sign-in: invalid_client \(AADSTS7000218\): the app registration does not allow public client flows/,
    );
  });
});
