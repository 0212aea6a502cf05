import {
  ConfidentialClientApplication,
  InteractionRequiredAuthError,
  LogLevel,
  PublicClientApplication,
  ServerError,
  type AccountInfo,
  type INetworkModule,
  type NetworkRequestOptions,
  type NetworkResponse,
} from '@azure/msal-node';
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import { ConsentRequiredError, UpstreamUnavailableError } from '../../core';
import { type HttpsClient, TransientUpstreamError } from './httpsClient';
import type { UpstreamPolicy } from './upstreamPolicy';

/**
 * Entra error codes that mean "this tenant has not granted the app access": the app has no service principal
 * there yet (700016, 7000229), consent is missing (65001), or a resource it asks for is not provisioned (500011).
 * Each is answered by an administrator granting admin consent.
 */
const CONSENT_ERROR_CODES = new Set(['65001', '700016', '7000229', '500011']);

export interface EntraAppSettings {
  /** `https://login.microsoftonline.com`, or a sovereign cloud's, or a local stand-in's. */
  authorityHost: string;
  clientId: string;
  clientSecret: string;
}

/** Answers `authority/{tenant}` without a discovery call: MSAL is given the metadata it would fetch. */
function authorityOptions(authorityHost: string, tenant: string) {
  return authorityOptionsFor(`${authorityHost}/${tenant}`);
}

/** The same for a whole authority URL (`https://host/{tenant}`), as botbuilder's login settings give it. */
export function authorityOptionsFor(authorityUrl: string) {
  const authority = authorityUrl.replace(/\/+$/, '');
  return {
    authority,
    knownAuthorities: [new URL(authority).host],
    authorityMetadata: JSON.stringify({
      token_endpoint: `${authority}/oauth2/v2.0/token`,
      authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
      end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
      issuer: `${authority}/v2.0`,
      jwks_uri: `${authority}/discovery/v2.0/keys`,
    }),
  };
}

/**
 * MSAL's transport: the bot's HTTPS client, so token calls get the same deadline and trust as every other
 * call. MSAL turns a transport error into its own generic one, so the real failure is kept here for the
 * caller to report (one MSAL call runs at a time per client: see `inFlight` below).
 */
export class RecordingNetworkClient implements INetworkModule {
  lastFailure: TransientUpstreamError | null = null;

  constructor(
    private readonly http: HttpsClient,
    private readonly timeoutMs: number,
  ) {}

  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>('GET', url, options);
  }

  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>('POST', url, options);
  }

  private async send<T>(
    method: 'GET' | 'POST',
    url: string,
    options?: NetworkRequestOptions,
  ): Promise<NetworkResponse<T>> {
    try {
      const res = await this.http.call({
        method,
        url,
        headers: options?.headers,
        body: options?.body,
        timeoutMs: this.timeoutMs,
      });
      return { status: res.status, headers: res.headers, body: (res.json ?? {}) as T };
    } catch (err) {
      if (err instanceof TransientUpstreamError) this.lastFailure = err;
      throw err;
    }
  }
}

interface TenantClient {
  app: ConfidentialClientApplication;
  network: RecordingNetworkClient;
}

/**
 * App-only tokens for Microsoft Graph in each customer tenant (client credentials), one MSAL client per tenant.
 * MSAL keeps each token in memory and asks for a new one five minutes before it expires; concurrent requests
 * for one tenant share one call.
 */
export class ClientCredentialTokens {
  private readonly clients: LRUCache<string, TenantClient>;
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(
    private readonly app: EntraAppSettings,
    private readonly scope: string,
    private readonly http: HttpsClient,
    private readonly policy: UpstreamPolicy,
    private readonly timeoutMs: number,
    private readonly log: Logger,
  ) {
    this.clients = new LRUCache({ max: 5_000 });
  }

  /** A token for the tenant; `renew` skips MSAL's cache, for when the API refused the cached one. */
  token(tenantId: string, options: { renew?: boolean } = {}): Promise<string> {
    const key = `${tenantId}${options.renew ? ':renew' : ''}`;
    const pending = this.inFlight.get(key);
    if (pending) return pending;
    const call = this.acquire(tenantId, options.renew ?? false).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, call);
    return call;
  }

  private async acquire(tenantId: string, renew: boolean): Promise<string> {
    const client = this.clientFor(tenantId);
    return this.policy.execute('token', async () => {
      client.network.lastFailure = null;
      try {
        const result = await client.app.acquireTokenByClientCredential({ scopes: [this.scope], skipCache: renew });
        if (!result?.accessToken) throw new UpstreamUnavailableError('entra', 'no access token in the answer');
        return result.accessToken;
      } catch (err) {
        throw translateMsalError(err, client.network.lastFailure, tenantId, this.log);
      }
    });
  }

  private clientFor(tenantId: string): TenantClient {
    let client = this.clients.get(tenantId);
    if (!client) {
      const network = new RecordingNetworkClient(this.http, this.timeoutMs);
      const app = new ConfidentialClientApplication({
        auth: {
          clientId: this.app.clientId,
          clientSecret: this.app.clientSecret,
          ...authorityOptions(this.app.authorityHost, tenantId),
        },
        system: { networkClient: network, disableInternalRetries: true, loggerOptions: msalLogger(this.log) },
      });
      client = { app, network };
      this.clients.set(tenantId, client);
    }
    return client;
  }
}

/** What redeeming a refresh token needs of an MSAL application, confidential or public. */
type RefreshingApp = Pick<ConfidentialClientApplication, 'acquireTokenByRefreshToken' | 'acquireTokenSilent'>;

/**
 * Delegated tokens for one fixed tenant from a refresh token (Partner Center's App+User sign-in). The first
 * call redeems the configured refresh token; later calls use MSAL's cache, which holds the access token and
 * the newest refresh token Entra returned. The token is redeemed with the app's secret; one that Entra says
 * belongs to a public client (AADSTS700025: `npm run partner-center-sign-in`'s device code sign-in gives such
 * tokens) is redeemed without it from then on.
 */
export class RefreshTokenTokens {
  private readonly network: RecordingNetworkClient;
  private app: RefreshingApp;
  private isPublic = false;
  private account: AccountInfo | null = null;
  private inFlight: Promise<string> | null = null;

  constructor(
    private readonly settings: EntraAppSettings,
    private readonly tenantId: string,
    private readonly refreshToken: string,
    private readonly scopes: string[],
    http: HttpsClient,
    private readonly policy: UpstreamPolicy,
    timeoutMs: number,
    private readonly log: Logger,
  ) {
    this.network = new RecordingNetworkClient(http, timeoutMs);
    const { clientId, clientSecret, authorityHost } = settings;
    this.app = new ConfidentialClientApplication({
      auth: { clientId, clientSecret, ...authorityOptions(authorityHost, tenantId) },
      system: this.system(),
    });
  }

  private system() {
    return { networkClient: this.network, disableInternalRetries: true, loggerOptions: msalLogger(this.log) };
  }

  token(): Promise<string> {
    this.inFlight ??= this.acquire().finally(() => (this.inFlight = null));
    return this.inFlight;
  }

  private async acquire(): Promise<string> {
    return this.policy.execute('token', async () => {
      this.network.lastFailure = null;
      try {
        return await this.redeem();
      } catch (err) {
        if (this.isPublic || entraErrorCode(err) !== '700025' || this.network.lastFailure) {
          throw translateMsalError(err, this.network.lastFailure, this.tenantId, this.log);
        }
      }
      this.log.info({ upstream: 'entra' }, "the refresh token is a public client's: redeeming it without the secret");
      this.isPublic = true;
      this.account = null;
      this.app = new PublicClientApplication({
        auth: { clientId: this.settings.clientId, ...authorityOptions(this.settings.authorityHost, this.tenantId) },
        system: this.system(),
      });
      try {
        return await this.redeem();
      } catch (err) {
        throw translateMsalError(err, this.network.lastFailure, this.tenantId, this.log);
      }
    });
  }

  private async redeem(): Promise<string> {
    if (this.account) {
      const silent = await this.app
        .acquireTokenSilent({ account: this.account, scopes: this.scopes })
        .catch(() => null);
      if (silent?.accessToken) return silent.accessToken;
    }
    // forceCache: MSAL keeps a redeemed refresh token's answer only when asked to, and the silent call above
    // needs it (the access token, and the newest refresh token Entra rolled to).
    const request = { refreshToken: this.refreshToken, scopes: this.scopes, forceCache: true };
    const result = await this.app.acquireTokenByRefreshToken(request);
    if (!result?.accessToken) throw new UpstreamUnavailableError('entra', 'no access token in the answer');
    this.account = result.account ?? null;
    return result.accessToken;
  }
}

/** Entra's AADSTS number of a refusal MSAL passed on, as a string; undefined for anything else. */
function entraErrorCode(err: unknown): string | undefined {
  if (!(err instanceof ServerError || err instanceof InteractionRequiredAuthError)) return undefined;
  // error_codes[0] arrives as a number from Entra, though MSAL types it as a string.
  const code = String(err.errorNo ?? /AADSTS(\d+)/.exec(err.errorMessage)?.[1] ?? '');
  return code || undefined;
}

/** MSAL's errors, sorted into what the bot does about them. Only codes reach the log, never MSAL's text. */
function translateMsalError(
  err: unknown,
  transportFailure: TransientUpstreamError | null,
  tenantId: string,
  log: Logger,
): Error {
  if (transportFailure) return transportFailure;
  if (err instanceof UpstreamUnavailableError || err instanceof TransientUpstreamError) return err;
  // Entra's refusals arrive as ServerError, or as InteractionRequiredAuthError for consent (both AuthErrors).
  if (err instanceof ServerError || err instanceof InteractionRequiredAuthError) {
    const code = entraErrorCode(err) ?? '';
    if (CONSENT_ERROR_CODES.has(code) || err.subError === 'consent_required')
      return new ConsentRequiredError(tenantId, `AADSTS${code}`);
    log.error(
      { upstream: 'entra', tenantId, error: err.errorCode, code: code ? `AADSTS${code}` : undefined },
      'Microsoft Entra refused the token request',
    );
    return new UpstreamUnavailableError('entra', code ? `AADSTS${code}` : err.errorCode || 'refused');
  }
  const code = (err as { errorCode?: unknown } | null)?.errorCode;
  log.error(
    { upstream: 'entra', tenantId, error: typeof code === 'string' ? code : 'unknown' },
    'token request failed',
  );
  return new UpstreamUnavailableError('entra', typeof code === 'string' ? code : 'token request failed');
}

/** MSAL's own log, at warning and above, without personal data (MSAL never logs secrets or tokens). */
export function msalLogger(log: Logger) {
  return {
    logLevel: LogLevel.Warning,
    piiLoggingEnabled: false,
    loggerCallback: (level: LogLevel, message: string) => {
      if (level <= LogLevel.Warning) log.debug({ upstream: 'entra', msal: message.slice(0, 500) }, 'msal');
    },
  };
}
