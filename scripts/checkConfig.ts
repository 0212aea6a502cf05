/**
 * `npm run check-config [-- --package FILE]`: reads the settings as the bot does (.env, then the environment) and
 * checks, in the order of going live, every step it can from where it runs:
 * - the bot's identity settings (MicrosoftAppType SingleTenant, as new Azure Bots are), then each identity endpoint
 *   the bot will use: the OpenID metadata inbound tokens are checked against and its signing keys, the token
 *   endpoint the bot's replies get their tokens from (with the bot's own credentials), and with DIRECTORY=graph
 *   Graph's token endpoint for the bot's own tenant and the Graph permissions granted there (graphPermissions.ts),
 *   then an Azure Resource Manager token and the Azure subscriptions it shows the app there (azure.ts);
 * - the store (configChecks/store.ts), the mail server (smtp.ts), Partner Center and the partner contacts file
 *   (partnerCenter.ts), and BOT_DOMAIN against the Teams app package (appPackage.ts, build/appPackage.zip unless
 *   --package names another).
 * One line per check (configChecks/report.ts); exit 1 if any failed. Never prints a secret or a token: of a token,
 * only its audience and expiry.
 */
import 'dotenv/config';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { decodeJwt } from 'jose';
import {
  botFrameworkEndpoints,
  BotFrameworkTokens,
  defaultScope,
  GOVERNMENT_CHANNEL_SERVICE,
  outboundAuthority,
  type BotIdentity,
} from '../bot/adapters/microsoft/botFrameworkTokens';
import { ARM_SCOPE } from '../bot/adapters/arm/armClient';
import { graphClientCredentials, loadConfigOrExit, REPO_ROOT, type AppConfig } from '../bot/config';
import { createLogger } from '../bot/runtime/logger';
import { checkAppPackage } from './configChecks/appPackage';
import { checkAzureSubscriptions } from './configChecks/azure';
import { checkGraphPermissions } from './configChecks/graphPermissions';
import { checkPartnerCenter, checkPartnerContacts } from './configChecks/partnerCenter';
import { failed, ok, report, skipped, summary, warning } from './configChecks/report';
import { checkSmtp } from './configChecks/smtp';
import { checkStore } from './configChecks/store';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
const TIMEOUT_MS = 10_000;
/** The endpoint settings botbuilder needs once any is set (the emulator's and CallerId are optional). */
const REQUIRED_WHEN_CUSTOM = [
  'ToBotFromChannelOpenIdMetadataUrl',
  'ToBotFromChannelTokenIssuer',
  'OAuthUrl',
  'ToChannelFromBotLoginUrl',
  'ToChannelFromBotOAuthScope',
] as const;

/** GET a JSON document (http or https, the process's trust store), with a deadline. */
function getJson(url: string): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      reject(new Error('not a URL'));
      return;
    }
    const client = parsed.protocol === 'https:' ? https : parsed.protocol === 'http:' ? http : null;
    if (!client) {
      reject(new Error('not an http(s) address'));
      return;
    }
    const req = client.get(parsed, { headers: { accept: 'application/json' }, timeout: TIMEOUT_MS }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > 4 * 1024 * 1024) req.destroy(new Error('answer too large'));
        else chunks.push(c);
      });
      res.on('end', () => {
        let json: unknown;
        try {
          json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, json });
      });
      res.on('error', () => reject(new Error('connection lost')));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)));
    req.on('error', (err: NodeJS.ErrnoException) =>
      reject(new Error(err.code ? `connection failed (${err.code})` : err.message)),
    );
  });
}

function identityOf(config: AppConfig): BotIdentity {
  return {
    appId: config.MicrosoftAppId,
    appPassword: config.MicrosoftAppPassword,
    appType: config.MicrosoftAppType,
    tenantId: config.MicrosoftAppTenantId,
  };
}

function checkSettings(config: AppConfig): void {
  const id = identityOf(config);
  if (!id.appId)
    report('MicrosoftAppId', failed('not set: the bot would run in local anonymous mode, with no token checks'));
  else
    report(
      'MicrosoftAppId',
      GUID.test(id.appId) ? ok('a GUID') : failed('not a GUID (the Application (client) ID of the app registration)'),
    );

  if (id.appType === 'MultiTenant') {
    report(
      'MicrosoftAppType',
      warning(
        'MultiTenant (the default when unset): new Azure Bots cannot be MultiTenant; ' +
          "set MicrosoftAppType=SingleTenant and MicrosoftAppTenantId to the app registration's tenant, " +
          'as the Azure Bot is, unless it is an older MultiTenant one',
      ),
    );
  } else report('MicrosoftAppType', ok(id.appType));

  if (id.appType === 'UserAssignedMSI') report('MicrosoftAppPassword', ok('not used by a managed identity'));
  else
    report(
      'MicrosoftAppPassword',
      id.appPassword ? ok('set') : failed(`not set: a ${id.appType} bot needs its client secret`),
    );

  const needsTenant = id.appType !== 'MultiTenant';
  if (!id.tenantId)
    report(
      'MicrosoftAppTenantId',
      needsTenant
        ? failed(`not set: ${id.appType} needs the app registration's tenant`)
        : ok('not needed for MultiTenant'),
    );
  else
    report(
      'MicrosoftAppTenantId',
      GUID.test(id.tenantId) ? ok('a GUID') : failed('not a GUID (the Directory (tenant) ID)'),
    );
}

function checkEndpoints(config: AppConfig): ReturnType<typeof botFrameworkEndpoints> | null {
  const settings = config.botFrameworkSettings;
  const resolved = botFrameworkEndpoints(settings);
  if (resolved.source === 'custom') {
    const missing = REQUIRED_WHEN_CUSTOM.filter((key) => !resolved.endpoints[key]);
    report(
      'Bot Framework endpoints',
      missing.length
        ? failed(`custom, but ${missing.join(', ')} unset (setting some drops botbuilder's defaults for the rest)`)
        : ok('custom, all set'),
    );
    return resolved;
  }
  const channelService = settings.ChannelService;
  if (channelService && channelService !== GOVERNMENT_CHANNEL_SERVICE) {
    report(
      'Bot Framework endpoints',
      failed(
        `ChannelService=${channelService} is neither empty nor ${GOVERNMENT_CHANNEL_SERVICE}, and no endpoint is set`,
      ),
    );
    return null;
  }
  report(
    'Bot Framework endpoints',
    ok(resolved.source === 'government' ? "Microsoft's US Government cloud" : "Microsoft's public cloud"),
  );
  return resolved;
}

async function checkInbound(metadataUrl: string | undefined): Promise<void> {
  const name = `inbound OpenID metadata ${metadataUrl ?? ''}`.trim();
  if (!metadataUrl) {
    report(name, failed('ToBotFromChannelOpenIdMetadataUrl is not set'));
    report('inbound signing keys', { skipped: 'no metadata' });
    return;
  }
  let jwksUri: string;
  try {
    const res = await getJson(metadataUrl);
    const doc = res.json as { jwks_uri?: unknown; issuer?: unknown } | undefined;
    if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
    if (typeof doc?.jwks_uri !== 'string') throw new Error('no jwks_uri in the answer');
    jwksUri = doc.jwks_uri;
    report(name, ok(typeof doc.issuer === 'string' ? `issuer ${doc.issuer}` : 'no issuer named'));
  } catch (err) {
    report(name, failed((err as Error).message));
    report('inbound signing keys', { skipped: 'no metadata' });
    return;
  }
  const keysName = `inbound signing keys ${jwksUri}`;
  try {
    const res = await getJson(jwksUri);
    if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
    const keys = (res.json as { keys?: unknown } | undefined)?.keys;
    if (!Array.isArray(keys)) throw new Error('no keys in the answer');
    const rsa = keys.filter(
      (k) =>
        k &&
        typeof k === 'object' &&
        typeof (k as { n?: unknown }).n === 'string' &&
        typeof (k as { e?: unknown }).e === 'string',
    );
    if (rsa.length === 0) throw new Error('no RSA signing key');
    const endorsements = new Set<string>();
    for (const key of rsa)
      for (const e of ((key as { endorsements?: unknown }).endorsements as unknown[] | undefined) ?? [])
        if (typeof e === 'string') endorsements.add(e);
    const endorsed = [...endorsements].sort();
    const anyEndorsed = rsa.some((k) => Array.isArray((k as { endorsements?: unknown }).endorsements));
    if (anyEndorsed && !endorsements.has('msteams'))
      throw new Error(`no key is endorsed for msteams (endorsements: ${endorsed.join(', ') || 'none'})`);
    report(
      keysName,
      ok(
        `${rsa.length} key${rsa.length === 1 ? '' : 's'}, endorsements: ${endorsed.length ? endorsed.slice(0, 12).join(', ') : 'none'}`,
      ),
    );
  } catch (err) {
    report(keysName, failed((err as Error).message));
  }
}

/** A token with these credentials; reports only its audience and expiry. */
/** The access token when one was given, for the checks that use it; null when refused. */
async function checkToken(
  name: string,
  credentials: Pick<BotIdentity, 'appId' | 'appPassword'>,
  authority: string,
  scope: string,
): Promise<string | null> {
  const tokens = new BotFrameworkTokens(credentials, createLogger('silent'), { timeoutMs: TIMEOUT_MS });
  try {
    const { accessToken, expiresOn } = await tokens.token(authority, scope);
    let audience = 'not readable';
    try {
      const aud = decodeJwt(accessToken).aud;
      audience = Array.isArray(aud) ? aud.join(' ') : (aud ?? 'none');
    } catch {
      /* an opaque token: its audience is not ours to read */
    }
    report(name, ok(`audience ${audience}, expires ${expiresOn.toISOString()}`));
    return accessToken;
  } catch (err) {
    const reason = (err as { reason?: unknown }).reason;
    report(name, failed(typeof reason === 'string' ? `refused or unreachable (${reason})` : 'token request failed'));
    return null;
  } finally {
    tokens.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { package: { type: 'string' } } });
  const config = loadConfigOrExit();
  checkSettings(config);
  const resolved = checkEndpoints(config);
  const identity = identityOf(config);

  if (resolved) await checkInbound(resolved.endpoints.ToBotFromChannelOpenIdMetadataUrl);

  const login = resolved?.endpoints.ToChannelFromBotLoginUrl;
  const audience = resolved?.endpoints.ToChannelFromBotOAuthScope;
  if (identity.appType === 'UserAssignedMSI')
    report('outbound token', { skipped: 'a managed identity gets its tokens from the Azure host' });
  else if (!identity.appId || !identity.appPassword) report('outbound token', { skipped: 'no app id or password' });
  else if (!login || !audience)
    report('outbound token', failed('ToChannelFromBotLoginUrl or ToChannelFromBotOAuthScope is not set'));
  else {
    const authority = outboundAuthority(login, identity);
    await checkToken(`outbound token ${authority}`, identity, authority, defaultScope(audience));
  }

  if (config.DIRECTORY === 'graph') {
    if (!config.MicrosoftAppTenantId)
      report('Graph token', { skipped: "set MicrosoftAppTenantId to check it and Azure's for the bot's own tenant" });
    else {
      const { clientId, clientSecret } = graphClientCredentials(config);
      const authority = `${config.ENTRA_AUTHORITY_HOST}/${config.MicrosoftAppTenantId}`;
      const token = await checkToken(
        `Graph token ${authority}`,
        { appId: clientId, appPassword: clientSecret },
        authority,
        GRAPH_SCOPE,
      );
      if (token) await checkGraphPermissions(config, token);
      else report('Graph permissions', skipped('no Graph token'));
      const armToken = await checkToken(
        `Azure Resource Manager token ${authority}`,
        { appId: clientId, appPassword: clientSecret },
        authority,
        ARM_SCOPE,
      );
      if (armToken) await checkAzureSubscriptions(config, config.MicrosoftAppTenantId, armToken);
      else report('Azure subscriptions', skipped('no Azure Resource Manager token'));
    }
  }

  await checkStore(config);
  await checkSmtp(config);
  await checkPartnerCenter(config);
  checkPartnerContacts(config);
  await checkAppPackage(config, path.resolve(values.package ?? path.join(REPO_ROOT, 'build', 'appPackage.zip')));

  process.exitCode = summary();
}

main().catch((err: unknown) => {
  process.stderr.write(`check-config could not run: ${err instanceof Error ? err.name : 'error'}\n`);
  process.exitCode = 1;
});
