import { ConfidentialClientApplication, ServerError } from '@azure/msal-node';
import type { Logger } from 'pino';
import { authorityOptionsFor, msalLogger, RecordingNetworkClient } from './entraTokens';
import { HttpsClient, type HttpsClientOptions } from './httpsClient';
import { hostOf } from '../../runtime/hostName';

/**
 * The Bot Framework's endpoints as botbuilder's ConfigurationBotFrameworkAuthentication settles them: its
 * public-cloud (or US Government) constants when none of its endpoint settings is given; once one is given,
 * every one is taken as written and an unset one stays unset (botbuilder drops its defaults then).
 * Copied from botframework-connector's AuthenticationConstants / GovernmentConstants (a test keeps them equal).
 */
export const PUBLIC_BOT_FRAMEWORK = {
  ToChannelFromBotLoginUrl: 'https://login.microsoftonline.com/botframework.com',
  ToChannelFromBotOAuthScope: 'https://api.botframework.com',
  ToBotFromChannelTokenIssuer: 'https://api.botframework.com',
  OAuthUrl: 'https://api.botframework.com',
  ToBotFromChannelOpenIdMetadataUrl: 'https://login.botframework.com/v1/.well-known/openidconfiguration',
  ToBotFromEmulatorOpenIdMetadataUrl: 'https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration',
} as const;

export const GOVERNMENT_CHANNEL_SERVICE = 'https://botframework.azure.us';

const GOVERNMENT_BOT_FRAMEWORK = {
  ToChannelFromBotLoginUrl: 'https://login.microsoftonline.us/MicrosoftServices.onmicrosoft.us',
  ToChannelFromBotOAuthScope: 'https://api.botframework.us',
  ToBotFromChannelTokenIssuer: 'https://api.botframework.us',
  OAuthUrl: 'https://api.botframework.azure.us',
  ToBotFromChannelOpenIdMetadataUrl: 'https://login.botframework.azure.us/v1/.well-known/openidconfiguration',
  ToBotFromEmulatorOpenIdMetadataUrl:
    'https://login.microsoftonline.us/cab8a31a-1906-4287-a0d8-4eef66b95f6e/v2.0/.well-known/openid-configuration',
} as const;

/** Login hosts whose tenant botbuilder replaces with MicrosoftAppTenantId for a SingleTenant bot. */
const MICROSOFT_LOGIN_PREFIXES = ['https://login.microsoftonline.com/', 'https://login.microsoftonline.us/'];

export type BotFrameworkEndpointName = keyof typeof PUBLIC_BOT_FRAMEWORK;
export const BOT_FRAMEWORK_ENDPOINT_NAMES = Object.keys(PUBLIC_BOT_FRAMEWORK) as BotFrameworkEndpointName[];

export interface BotFrameworkEndpoints {
  /** Where each endpoint is; undefined when a custom configuration leaves it unset. */
  endpoints: Partial<Record<BotFrameworkEndpointName, string>>;
  /** 'public' / 'government' (botbuilder's constants) or 'custom' (the settings as written). */
  source: 'public' | 'government' | 'custom';
}

/** The endpoints botbuilder will use for these settings (`AppConfig.botFrameworkSettings`). */
export function botFrameworkEndpoints(settings: Record<string, string | undefined>): BotFrameworkEndpoints {
  const custom = [...BOT_FRAMEWORK_ENDPOINT_NAMES, 'CallerId'].some((key) => (settings[key] ?? '').trim() !== '');
  if (custom) {
    const endpoints: Partial<Record<BotFrameworkEndpointName, string>> = {};
    for (const key of BOT_FRAMEWORK_ENDPOINT_NAMES) {
      const value = settings[key]?.trim();
      if (value) endpoints[key] = value;
    }
    return { endpoints, source: 'custom' };
  }
  if ((settings.ChannelService ?? '').trim() === GOVERNMENT_CHANNEL_SERVICE)
    return { endpoints: { ...GOVERNMENT_BOT_FRAMEWORK }, source: 'government' };
  return { endpoints: { ...PUBLIC_BOT_FRAMEWORK }, source: 'public' };
}

export interface BotIdentity {
  appId: string;
  appPassword: string;
  appType: 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';
  tenantId: string;
}

/**
 * The authority the bot's own tokens come from, for the login URL botbuilder hands the credentials factory:
 * Microsoft's login hosts keep their tenant (botframework.com) for a MultiTenant bot and take the app's
 * tenant for a SingleTenant one, as botbuilder's password credentials do; any other URL is used as written.
 */
export function outboundAuthority(loginEndpoint: string, identity: Pick<BotIdentity, 'appType' | 'tenantId'>): string {
  const url = loginEndpoint.trim().replace(/\/+$/, '');
  const prefix = MICROSOFT_LOGIN_PREFIXES.find((p) => url.toLowerCase().startsWith(p));
  if (prefix && identity.appType === 'SingleTenant' && identity.tenantId) return `${prefix}${identity.tenantId}`;
  return url;
}

/** `https://api.botframework.com` -> `https://api.botframework.com/.default`, as MSAL wants an app's scope. */
export function defaultScope(audience: string): string {
  const trimmed = audience.trim().replace(/\/+$/, '');
  return trimmed.endsWith('/.default') ? trimmed : `${trimmed}/.default`;
}

export interface BotToken {
  accessToken: string;
  expiresOn: Date;
}

/** The bot's token could not be had; the message names the cause (an AADSTS code), never a secret. */
export class BotTokenError extends Error {
  constructor(readonly reason: string) {
    super(`the bot's token request failed (${reason})`);
    this.name = 'BotTokenError';
  }
}

/**
 * The bot's own app-only tokens (client credentials), for the Bot Framework Connector and whatever else the bot
 * calls as itself: one MSAL client per authority, given the authority's metadata so MSAL makes no discovery
 * call, sending through the bot's HttpsClient (deadline, size cap, the trust store of the process), with MSAL's
 * own retries off. MSAL keeps each token and asks again shortly before it expires; concurrent requests share one
 * call.
 */
export class BotFrameworkTokens {
  private readonly http: HttpsClient;
  private readonly clients = new Map<string, { app: ConfidentialClientApplication; network: RecordingNetworkClient }>();
  private readonly inFlight = new Map<string, Promise<BotToken>>();

  constructor(
    private readonly identity: Pick<BotIdentity, 'appId' | 'appPassword'>,
    private readonly log: Logger,
    private readonly options: { timeoutMs?: number; http?: HttpsClientOptions } = {},
  ) {
    this.http = new HttpsClient('entra', options.http);
  }

  token(authority: string, scope: string): Promise<BotToken> {
    const key = `${authority} ${scope}`;
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const call = this.acquire(authority, scope).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, call);
    return call;
  }

  close(): void {
    this.http.close();
  }

  private async acquire(authority: string, scope: string): Promise<BotToken> {
    const client = this.clientFor(authority);
    client.network.lastFailure = null;
    try {
      const result = await client.app.acquireTokenByClientCredential({ scopes: [scope] });
      if (!result?.accessToken) throw new BotTokenError('no access token in the answer');
      return { accessToken: result.accessToken, expiresOn: result.expiresOn ?? new Date(Date.now() + 5 * 60_000) };
    } catch (err) {
      // Read afresh: the network client sets it while MSAL runs.
      const failure = (client.network as RecordingNetworkClient).lastFailure as { reason: string } | null;
      throw this.explain(err, failure?.reason ?? null, authority);
    }
  }

  /** One log line with codes only (MSAL's own text can quote the request), and an error that says as little. */
  private explain(err: unknown, transportFailure: string | null, authority: string): BotTokenError {
    if (err instanceof BotTokenError) return err;
    const host = hostOf(authority);
    if (transportFailure) {
      this.log.error(
        { upstream: 'entra', authorityHost: host, reason: transportFailure },
        "the bot's token request failed",
      );
      return new BotTokenError(transportFailure);
    }
    if (err instanceof ServerError) {
      const code = String(err.errorNo ?? /AADSTS(\d+)/.exec(err.errorMessage)?.[1] ?? '');
      const aadsts = code ? `AADSTS${code}` : undefined;
      this.log.error(
        { upstream: 'entra', authorityHost: host, appId: this.identity.appId, error: err.errorCode, code: aadsts },
        "Microsoft Entra refused the bot's token request (check MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppType)",
      );
      return new BotTokenError(aadsts ?? (err.errorCode || 'refused'));
    }
    const code = (err as { errorCode?: unknown } | null)?.errorCode;
    const reason = typeof code === 'string' && code ? code : 'token request failed';
    this.log.error({ upstream: 'entra', authorityHost: host, error: reason }, "the bot's token request failed");
    return new BotTokenError(reason);
  }

  private clientFor(authority: string) {
    let client = this.clients.get(authority);
    if (!client) {
      const network = new RecordingNetworkClient(this.http, this.options.timeoutMs ?? 10_000);
      const app = new ConfidentialClientApplication({
        auth: {
          clientId: this.identity.appId,
          clientSecret: this.identity.appPassword,
          ...authorityOptionsFor(authority),
        },
        system: { networkClient: network, disableInternalRetries: true, loggerOptions: msalLogger(this.log) },
      });
      client = { app, network };
      this.clients.set(authority, client);
    }
    return client;
  }
}
