import pino from 'pino';
import { graphClientCredentials, type AppConfig } from '../../bot/config';
import { RefreshTokenTokens } from '../../bot/adapters/microsoft/entraTokens';
import { HttpsClient } from '../../bot/adapters/microsoft/httpsClient';
import { UpstreamPolicy } from '../../bot/adapters/microsoft/upstreamPolicy';
import { loadPartnerContacts } from '../../bot/adapters/partnerCenter/partnerContacts';
import { ConsentRequiredError, UpstreamUnavailableError } from '../../bot/core';
import { failed, messageOf, ok, report, skipped, warning } from './report';

const PARTNER_CENTER_SCOPES = ['https://api.partnercenter.microsoft.com/user_impersonation'];
const SIGN_IN_AGAIN =
  'run `npm run partner-center-sign-in` for a new one, and store it as PARTNER_CENTER_REFRESH_TOKEN';

/**
 * PARTNER_DIRECTORY=partnercenter: the refresh token is redeemed for an access token (as the bot does), and
 * Partner Center answers `GET /v1/profiles/mpn`, the signed-in partner's own profile, with it. Reports the
 * partner's name and Partner ID; never a token.
 */
export async function checkPartnerCenter(config: AppConfig): Promise<void> {
  if (config.PARTNER_DIRECTORY !== 'partnercenter') {
    report('Partner Center', skipped('PARTNER_DIRECTORY=seed: Partner IDs are looked up in SEED_FILE'));
    return;
  }
  // loadConfig has checked both are set with PARTNER_DIRECTORY=partnercenter.
  const tenantId = config.PARTNER_CENTER_TENANT_ID ?? '';
  const log = pino({ level: 'silent' });
  const app = { authorityHost: config.ENTRA_AUTHORITY_HOST, ...graphClientCredentials(config) };
  // One attempt each: a check says what happened, and a retry would only hide it.
  const policy = (upstream: 'entra' | 'partnerCenter') =>
    new UpstreamPolicy(upstream, { maxAttempts: 1, halfOpenAfterMs: 1_000 }, log);
  const entraHttp = new HttpsClient('entra');
  const partnerCenterHttp = new HttpsClient('partnerCenter');
  const timeoutMs = config.UPSTREAM_TIMEOUT_MS;
  const refreshToken = config.PARTNER_CENTER_REFRESH_TOKEN ?? '';
  const scopes = PARTNER_CENTER_SCOPES;
  const tokens = new RefreshTokenTokens(
    app,
    tenantId,
    refreshToken,
    scopes,
    entraHttp,
    policy('entra'),
    timeoutMs,
    log,
  );
  const tokenCheck = `Partner Center token ${config.ENTRA_AUTHORITY_HOST}/${tenantId}`;
  try {
    let token: string;
    try {
      token = await tokens.token();
      report(tokenCheck, ok('the refresh token gave an access token'));
    } catch (err) {
      report(tokenCheck, failed(tokenFailure(err)));
      report('Partner Center profile', skipped('no access token'));
      return;
    }
    const url = `${config.PARTNER_CENTER_BASE_URL}/v1/profiles/mpn`;
    const headers = { authorization: `Bearer ${token}` };
    try {
      const res = await partnerCenterHttp.call({ method: 'GET', url, timeoutMs, headers });
      const profile = res.json as { partnerName?: unknown; mpnId?: unknown } | undefined;
      if (res.status !== 200) {
        const code = (res.json as { code?: unknown } | undefined)?.code;
        const detail = code !== undefined ? ` (code ${String(code)})` : '';
        report(`Partner Center profile ${url}`, failed(`HTTP ${res.status}${detail}`));
      } else if (typeof profile?.partnerName !== 'string') {
        report(`Partner Center profile ${url}`, failed('the answer has no partnerName'));
      } else {
        const id = typeof profile.mpnId === 'string' ? `, Partner ID ${profile.mpnId}` : '';
        report(`Partner Center profile ${url}`, ok(`signed in as ${profile.partnerName}${id}`));
      }
    } catch (err) {
      report(`Partner Center profile ${url}`, failed(messageOf(err)));
    }
  } finally {
    entraHttp.close();
    partnerCenterHttp.close();
  }
}

function tokenFailure(err: unknown): string {
  const known = err instanceof UpstreamUnavailableError || err instanceof ConsentRequiredError;
  const reason = known ? err.reason : messageOf(err);
  // 700082: unused for 90 days; 70008: expired; 50173 / 70043: revoked or past the session policy;
  // 9002313 / 70000: not a token of this app and tenant.
  if (/AADSTS(700082|70008|50173|70043|9002313|70000)\b/.test(reason)) {
    return `the refresh token is refused (${reason}): ${SIGN_IN_AGAIN}`;
  }
  if (err instanceof ConsentRequiredError) {
    return `the app has no consent in the partner tenant (${reason}): ${SIGN_IN_AGAIN}`;
  }
  return `refused or unreachable (${reason})`;
}

/** PARTNER_CONTACTS_FILE: read with the bot's own loader; how many partners have a contact. */
export function checkPartnerContacts(config: AppConfig): void {
  const file = config.PARTNER_CONTACTS_FILE;
  if (!file) {
    if (config.PARTNER_DIRECTORY === 'partnercenter') {
      const why = 'PARTNER_CONTACTS_FILE is not set: no partner is emailed (Partner Center gives no contact)';
      report('partner contacts', warning(why));
    } else report('partner contacts', skipped('PARTNER_DIRECTORY=seed: contacts come from SEED_FILE'));
    return;
  }
  try {
    const contacts = loadPartnerContacts(file);
    const n = contacts.size;
    const counted = ok(`${n} partner${n === 1 ? ' has' : 's have'} a contact`);
    report(`partner contacts ${file}`, n ? counted : warning('valid, but lists no partner'));
  } catch (err) {
    report(`partner contacts ${file}`, failed(messageOf(err)));
  }
}
