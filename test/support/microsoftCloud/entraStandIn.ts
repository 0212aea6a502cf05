/**
 * Stands in for the Microsoft identity platform (Entra ID) token service, for one app registration.
 *
 * Shapes follow Microsoft's documentation:
 * - Token endpoint `POST /{tenant}/oauth2/v2.0/token`, form-encoded, client secret in the body or as HTTP
 *   Basic: "Microsoft identity platform and the OAuth 2.0 client credentials flow"
 *   (learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow) and the "Refresh the
 *   access token" section of v2-oauth2-auth-code-flow. Success: `{token_type: 'Bearer', expires_in,
 *   ext_expires_in, access_token}`, plus `scope`, `refresh_token`, `id_token` (when `openid` is asked) and
 *   `client_info` (when `client_info=1` is sent) for the refresh grant.
 * - Errors: `{error, error_description: 'AADSTSnnn: message\r\nTrace ID: …\r\nCorrelation ID: …\r\nTimestamp:
 *   …', error_codes: [nnn], timestamp, trace_id, correlation_id, error_uri}` ("Microsoft Entra authentication
 *   and authorization error codes", reference-error-codes). Codes used: 90002 unknown tenant, 900144 missing
 *   parameter, 70003 unsupported grant, 9001023 client credentials on /common, 700016 app not in the tenant
 *   (unauthorized_client), 7000215 wrong secret (invalid_client, 401), 7000218 no secret, 1002012 / 70011
 *   invalid_scope, 500011 invalid_resource, 65001 no consent (invalid_grant, suberror consent_required),
 *   9002313 / 70000 / 700082 bad refresh tokens, 900561 wrong HTTP method.
 * - Device code flow ("Microsoft identity platform and the OAuth 2.0 device authorization grant flow",
 *   v2-oauth2-device-code): `POST /{tenant}/oauth2/v2.0/devicecode` (client_id, scope) answers `{user_code, device_code,
 *   verification_uri, expires_in, interval, message}`; the token endpoint's grant
 *   `urn:ietf:params:oauth:grant-type:device_code` (MSAL sends `device_code`) answers `authorization_pending` (AADSTS70016) until the user has
 *   signed in (approveDeviceCode), then the tokens; `expired_token` (70019) after expires_in. No client secret is
 *   sent: the app must allow public client flows (allowPublicClient), else AADSTS7000218. A refresh token from it
 *   belongs to a public client: redeemed with a client secret, it is refused with AADSTS700025 (invalid_client).
 * - `GET /{tenant}/v2.0/.well-known/openid-configuration` ("OpenID Connect on the Microsoft identity
 *   platform", v2-protocols-oidc) with every endpoint pointing back at this server, `GET
 *   /{tenant}/discovery/v2.0/keys` (the keys that sign id_tokens), and instance discovery `GET
 *   /common/discovery/instance?api-version=1.1&authorization_endpoint=…` (MSAL.NET "Custom authority
 *   aliases", which also gives the invalid_instance / AADSTS50049 error).
 *
 * Access tokens are opaque random strings (base64url of 48 bytes), not JWTs: Graph and Partner Center
 * stand-ins ask this object who a token belongs to, as the real services validate their own tokens. Every
 * token handed out is remembered so a test can look for it in logs (issuedTokens, sensitiveValues).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type KeyLike } from 'jose';
import { StandInServer, type Fault, type IncomingCall, type Reply, type ReplyContext } from './standInServer';

export type Audience = 'graph' | 'partnerCenter' | 'arm';

/** How a tenant without consent refuses tokens: no service principal (AADSTS700016) or no grant (AADSTS65001). */
export type ConsentRefusal = 'AADSTS700016' | 'AADSTS65001';

export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
export const PARTNER_CENTER_RESOURCE = 'https://api.partnercenter.microsoft.com';
/** Azure Resource Manager's resource: client credentials ask `https://management.azure.com/.default`. */
export const ARM_RESOURCE = 'https://management.azure.com';
export const GRAPH_DEFAULT_SCOPE = `${GRAPH_RESOURCE}/.default`;
export const PARTNER_CENTER_SCOPE = `${PARTNER_CENTER_RESOURCE}/user_impersonation`;
const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);

export interface IssuedToken {
  token: string;
  tenantId: string;
  audience: Audience;
  /** Epoch milliseconds. */
  expiresAt: number;
  grantType: 'client_credentials' | 'refresh_token' | 'device_code';
  clientId: string;
  /** App-only (client credentials) rather than App+User (refresh token). */
  appOnly: boolean;
  /** The signed-in user's object id, for App+User tokens. */
  userId?: string;
}

/** One call of the token endpoint, as logged: never the secret, the refresh token or the token issued. */
export interface TokenRequestRecord {
  at: Date;
  /** The tenant as written in the path (a GUID, a domain, `common`...). */
  tenant: string;
  /** The tenant it resolved to, or null. */
  tenantId: string | null;
  grantType: string;
  clientId: string;
  scope: string;
  status: number;
  /** The OAuth error (`invalid_grant`...) when refused. */
  error?: string;
  /** The AADSTS number when refused. */
  aadsts?: number;
  /** The audience of the token issued. */
  audience?: Audience;
}

export interface SignedInUser {
  oid: string;
  name: string;
  preferredUsername: string;
}

interface TenantState {
  id: string;
  displayName: string;
  domains: string[];
  consented: boolean;
  refusal: ConsentRefusal;
}

interface RefreshTokenState {
  tenantId: string;
  user: SignedInUser;
  issuedAt: number;
  revoked: boolean;
  /** Issued to a public client (device code): redeemed without a client secret. */
  publicClient?: boolean;
}

/** The device code grant: the RFC 8628 name Entra documents, and the short one MSAL sends, which Entra accepts. */
export const DEVICE_CODE_GRANTS: ReadonlySet<string> = new Set([
  'urn:ietf:params:oauth:grant-type:device_code',
  'device_code',
]);

interface DeviceCodeState {
  userCode: string;
  tenantId: string;
  scope: string;
  expiresAt: number;
  /** Token requests that were answered authorization_pending. */
  pendingPolls: number;
  user?: SignedInUser;
  redeemed: boolean;
}

export interface EntraStandInOptions {
  clientId: string;
  clientSecret: string;
  /** The app registration's display name, for error messages (default "Partner of Record Bot"). */
  appDisplayName?: string;
  /** Lifetime of access tokens (default 3599, as Entra answers). */
  expiresInSeconds?: number;
  /** The clock tokens expire by (default Date.now). */
  now?: () => number;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MULTI_TENANT_ALIASES = new Set(['common', 'organizations', 'consumers']);

/** "2016-01-09 02:02:12Z", the timestamp format of Entra's error bodies. */
export function entraTimestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

function entraErrorBody(
  ctx: ReplyContext,
  error: string,
  code: number,
  message: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const timestamp = entraTimestamp(ctx.date);
  return {
    error,
    error_description: `AADSTS${code}: ${message}\r\nTrace ID: ${ctx.requestId}\r\nCorrelation ID: ${ctx.clientRequestId}\r\nTimestamp: ${timestamp}`,
    error_codes: [code],
    timestamp,
    trace_id: ctx.requestId,
    correlation_id: ctx.clientRequestId,
    error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    ...extra,
  };
}

/**
 * A canned Entra token-endpoint error for failNext, e.g.
 * `entra.failNext(1, entraError(400, 'invalid_grant', 70008, 'The refresh token has expired.'))`.
 */
export function entraError(
  status: number,
  error: string,
  aadsts: number,
  message: string,
  extra: Record<string, unknown> = {},
): Fault {
  return { status, body: (ctx: ReplyContext) => entraErrorBody(ctx, error, aadsts, message, extra) };
}

function splitScope(scope: string): { resource: string; permission: string } | null {
  const at = scope.lastIndexOf('/');
  if (at <= 0) return null;
  return { resource: scope.slice(0, at).replace(/\/+$/, '').toLowerCase(), permission: scope.slice(at + 1) };
}

/** client_secret_basic (RFC 6749 2.3.1): the client id and secret from an `Authorization: Basic` header. */
export function basicCredentials(headers: IncomingHttpHeaders): { clientId: string; clientSecret: string } | undefined {
  const value = headers.authorization;
  if (typeof value !== 'string' || !/^basic\s+/i.test(value)) return undefined;
  const decoded = Buffer.from(value.replace(/^basic\s+/i, ''), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const decodeFormValue = (v: string) => {
    try {
      return decodeURIComponent(v.replace(/\+/g, ' '));
    } catch {
      return v;
    }
  };
  return {
    clientId: decodeFormValue(decoded.slice(0, colon)),
    clientSecret: decodeFormValue(decoded.slice(colon + 1)),
  };
}

export class EntraStandIn extends StandInServer {
  protected readonly serviceName = 'Entra ID';
  readonly clientId: string;
  readonly clientSecret: string;
  readonly appDisplayName: string;
  /** Lifetime given to access tokens issued from now on. */
  expiresInSeconds: number;
  /** Where the openid-configuration's userinfo_endpoint points (index.ts sets the Graph stand-in). */
  graphBaseUrl = GRAPH_RESOURCE;
  readonly tokenRequests: TokenRequestRecord[] = [];
  /** "Allow public client flows" of the app registration: the device code flow needs it. */
  allowPublicClient = false;
  /** The polling interval device codes ask for (Entra says 5). */
  deviceCodeIntervalSeconds = 5;

  private readonly deviceCodes = new Map<string, DeviceCodeState>();
  private readonly now: () => number;
  private readonly tenants = new Map<string, TenantState>();
  private readonly refreshTokens = new Map<string, RefreshTokenState>();
  private readonly accessTokens = new Map<string, IssuedToken>();
  private readonly handedOut: string[] = [];
  private signingKey?: KeyLike;
  private jwk?: JWK;
  private readonly kid = randomBytes(12).toString('base64url');

  constructor(options: EntraStandInOptions) {
    super();
    this.clientId = options.clientId.toLowerCase();
    this.clientSecret = options.clientSecret;
    this.appDisplayName = options.appDisplayName ?? 'Partner of Record Bot';
    this.expiresInSeconds = options.expiresInSeconds ?? 3599;
    this.now = options.now ?? Date.now;
  }

  override async start(): Promise<this> {
    if (!this.signingKey) {
      const { publicKey, privateKey } = await generateKeyPair('RS256');
      this.signingKey = privateKey;
      this.jwk = { ...(await exportJWK(publicKey)), kid: this.kid, use: 'sig', alg: 'RS256' };
    }
    return super.start();
  }

  /** https://localhost:PORT: what a client uses as its authority host. */
  get authorityHost(): string {
    return this.baseUrl;
  }

  authority(tenantId: string): string {
    return `${this.baseUrl}/${tenantId}`;
  }

  tokenEndpoint(tenantId: string): string {
    return `${this.authority(tenantId)}/oauth2/v2.0/token`;
  }

  // ---- tenants and consent -------------------------------------------------------------------------

  /** Makes a tenant known (not consented unless it already was). Domains let `/{domain}/...` resolve to it. */
  addTenant(tenantId: string, details: { displayName?: string; domains?: string[] } = {}): void {
    const id = tenantId.toLowerCase();
    const existing = this.tenants.get(id);
    this.tenants.set(id, {
      id,
      displayName: details.displayName ?? existing?.displayName ?? id,
      domains: (details.domains ?? existing?.domains ?? []).map((d) => d.toLowerCase()),
      consented: existing?.consented ?? false,
      refusal: existing?.refusal ?? 'AADSTS700016',
    });
  }

  /** The tenant's admin granted consent: tokens are issued for it. */
  grantConsent(tenantId: string): void {
    this.addTenant(tenantId);
    this.tenants.get(tenantId.toLowerCase())!.consented = true;
  }

  /**
   * The tenant has not consented: token requests fail with AADSTS700016 (unauthorized_client, the app has
   * no service principal there: the default) or AADSTS65001 (invalid_grant, consent_required).
   */
  revokeConsent(tenantId: string, refusal: ConsentRefusal = 'AADSTS700016'): void {
    this.addTenant(tenantId);
    const tenant = this.tenants.get(tenantId.toLowerCase())!;
    tenant.consented = false;
    tenant.refusal = refusal;
  }

  isConsented(tenantId: string): boolean {
    return this.tenants.get(tenantId.toLowerCase())?.consented ?? false;
  }

  // ---- refresh tokens --------------------------------------------------------------------------------

  /** A refresh token the tenant's signed-in user holds (the partner's App+User sign-in). */
  addRefreshToken(tenantId: string, token: string, user?: Partial<SignedInUser>): void {
    this.addTenant(tenantId);
    const oid = user?.oid ?? '5d3c9a7e-2b14-4f6a-9c81-0e7f3a2b6d45';
    this.refreshTokens.set(token, {
      tenantId: tenantId.toLowerCase(),
      user: {
        oid,
        name: user?.name ?? 'Partner Admin',
        preferredUsername: user?.preferredUsername ?? 'admin@partner.example',
      },
      issuedAt: this.now(),
      revoked: false,
    });
  }

  /** The refresh token stops working (as after 90 days without use): AADSTS700082. */
  revokeRefreshToken(token: string): void {
    const state = this.refreshTokens.get(token);
    if (state) state.revoked = true;
  }

  // ---- device codes --------------------------------------------------------------------------------------

  /** User codes handed out and not yet signed in with, oldest first, with how often each was polled. */
  pendingDeviceCodes(): { userCode: string; pendingPolls: number }[] {
    return [...this.deviceCodes.values()]
      .filter((d) => !d.user)
      .map((d) => ({ userCode: d.userCode, pendingPolls: d.pendingPolls }));
  }

  /** The user signed in at the verification page with this code (and passed MFA): the next poll gets the tokens. */
  approveDeviceCode(userCode: string, user?: Partial<SignedInUser>): void {
    const state = [...this.deviceCodes.values()].find((d) => d.userCode === userCode);
    if (!state) throw new Error(`no device code with user code ${userCode}`);
    state.user = {
      oid: user?.oid ?? '5d3c9a7e-2b14-4f6a-9c81-0e7f3a2b6d45',
      name: user?.name ?? 'Partner Admin',
      preferredUsername: user?.preferredUsername ?? 'admin@partner.example',
    };
  }

  // ---- tokens issued -----------------------------------------------------------------------------------

  /** Every access token, refresh token and id_token this stand-in handed out, oldest first. */
  issuedTokens(): string[] {
    return [...this.handedOut];
  }

  /** Everything that must never show up in a log: the client secret, the refresh tokens given, and issuedTokens. */
  sensitiveValues(): string[] {
    return [this.clientSecret, ...this.refreshTokens.keys(), ...this.handedOut];
  }

  /** The tenant an unexpired access token for `audience` belongs to, else null. */
  verify(token: string, audience: Audience): string | null {
    const issued = this.accessTokens.get(token);
    if (!issued || issued.audience !== audience || issued.expiresAt <= this.now()) return null;
    return issued.tenantId;
  }

  /** What is known of an access token (expired ones included), for services that explain a refusal. */
  inspect(token: string): IssuedToken | undefined {
    const issued = this.accessTokens.get(token);
    return issued ? { ...issued } : undefined;
  }

  isExpired(token: IssuedToken): boolean {
    return token.expiresAt <= this.now();
  }

  /** Every access token issued so far expires now. */
  expireAccessTokens(): void {
    const past = this.now() - 1;
    for (const issued of this.accessTokens.values()) issued.expiresAt = past;
  }

  /** Token requests matching every given field. */
  tokenRequestCount(filter: { tenantId?: string; grantType?: string; outcome?: 'issued' | 'refused' } = {}): number {
    return this.tokenRequests.filter(
      (r) =>
        (filter.tenantId === undefined || r.tenantId === filter.tenantId.toLowerCase()) &&
        (filter.grantType === undefined || r.grantType === filter.grantType) &&
        (filter.outcome === undefined || (filter.outcome === 'issued') === (r.status === 200)),
    ).length;
  }

  // ---- HTTP ----------------------------------------------------------------------------------------------

  protected standardHeaders(call: IncomingCall): Record<string, string> {
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store, no-cache',
      pragma: 'no-cache',
      'x-ms-request-id': call.ctx.requestId,
      'x-ms-ests-server': '2.1.0 - stand-in',
    };
    if (this.clientCorrelationId(call.headers)) headers['client-request-id'] = call.ctx.clientRequestId;
    return headers;
  }

  protected defaultErrorReply(status: number): Reply {
    if (status === 429)
      return entraError(
        429,
        'temporarily_unavailable',
        90055,
        'There are too many incoming requests. Try again later.',
      );
    if (status === 503 || status === 502 || status === 504) {
      return entraError(
        status,
        'temporarily_unavailable',
        90006,
        'The service is temporarily unavailable. Try again later.',
      );
    }
    if (status >= 500)
      return entraError(
        status,
        'server_error',
        50000,
        'There was an error issuing a token or an issue with our sign-in service.',
      );
    if (status === 401)
      return entraError(
        401,
        'invalid_client',
        7000215,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${this.clientId}'.`,
      );
    return entraError(status, 'invalid_request', 90023, 'The authentication service request is not valid.');
  }

  protected async route(call: IncomingCall): Promise<Reply> {
    const segments = call.path.split('/').filter(Boolean);
    const [tenant, ...rest] = segments;
    const tail = rest.join('/');
    if (!tenant) return { status: 404 };

    if (tail === 'oauth2/v2.0/devicecode') {
      if (call.method !== 'POST') {
        return this.fail(
          call,
          400,
          'invalid_request',
          900561,
          `The endpoint only accepts POST, OPTIONS requests. Received a ${call.method} request.`,
        );
      }
      return this.deviceCode(call, tenant);
    }
    if (tail === 'oauth2/v2.0/token') {
      if (call.method !== 'POST') {
        return this.fail(
          call,
          400,
          'invalid_request',
          900561,
          `The endpoint only accepts POST, OPTIONS requests. Received a ${call.method} request.`,
        );
      }
      return this.token(call, tenant);
    }
    if (call.method !== 'GET') return { status: 405 };
    if (tail === 'v2.0/.well-known/openid-configuration') return this.openIdConfiguration(call, tenant);
    if (tail === 'discovery/v2.0/keys') return { status: 200, body: { keys: [this.jwk] } };
    if (tenant.toLowerCase() === 'common' && tail === 'discovery/instance') return this.instanceDiscovery(call);
    return { status: 404 };
  }

  private resolveTenant(segment: string): TenantState | undefined {
    const lower = segment.toLowerCase();
    const byId = this.tenants.get(lower);
    if (byId) return byId;
    for (const tenant of this.tenants.values()) if (tenant.domains.includes(lower)) return tenant;
    return undefined;
  }

  private fail(
    call: IncomingCall,
    status: number,
    error: string,
    code: number,
    message: string,
    extra: Record<string, unknown> = {},
  ): Reply {
    return { status, body: entraErrorBody(call.ctx, error, code, message, extra) };
  }

  private tenantNotFound(call: IncomingCall, segment: string, error = 'invalid_request'): Reply {
    return this.fail(
      call,
      400,
      error,
      90002,
      `Tenant '${segment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
    );
  }

  private openIdConfiguration(call: IncomingCall, segment: string): Reply {
    const alias = MULTI_TENANT_ALIASES.has(segment.toLowerCase());
    const tenant = alias ? undefined : this.resolveTenant(segment);
    if (!alias && !tenant) return this.tenantNotFound(call, segment, 'invalid_tenant');
    const t = tenant ? tenant.id : segment.toLowerCase();
    const base = `${this.baseUrl}/${t}`;
    return {
      status: 200,
      body: {
        token_endpoint: `${base}/oauth2/v2.0/token`,
        token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
        jwks_uri: `${base}/discovery/v2.0/keys`,
        response_modes_supported: ['query', 'fragment', 'form_post'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
        issuer: `${this.baseUrl}/${tenant ? tenant.id : '{tenantid}'}/v2.0`,
        request_uri_parameter_supported: false,
        userinfo_endpoint: `${this.graphBaseUrl}/oidc/userinfo`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
        http_logout_supported: true,
        frontchannel_logout_supported: true,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        claims_supported: [
          'sub',
          'iss',
          'cloud_instance_name',
          'cloud_instance_host_name',
          'cloud_graph_host_name',
          'msgraph_host',
          'aud',
          'exp',
          'iat',
          'auth_time',
          'acr',
          'nonce',
          'preferred_username',
          'name',
          'tid',
          'ver',
          'at_hash',
          'c_hash',
          'email',
        ],
        kerberos_endpoint: `${base}/kerberos`,
        tenant_region_scope: tenant ? 'EU' : null,
        cloud_instance_name: 'microsoftonline.com',
        cloud_graph_host_name: 'graph.windows.net',
        msgraph_host: new URL(this.graphBaseUrl).host,
        rbac_url: 'https://pas.windows.net',
      },
    };
  }

  private instanceDiscovery(call: IncomingCall): Reply {
    const apiVersion = call.query.get('api-version');
    if (!apiVersion)
      return this.fail(
        call,
        400,
        'invalid_request',
        900144,
        "The request body must contain the following parameter: 'api-version'.",
      );
    const endpoint = call.query.get('authorization_endpoint');
    let tenant = 'common';
    if (endpoint) {
      let parsed: URL;
      try {
        parsed = new URL(endpoint);
      } catch {
        return this.fail(call, 400, 'invalid_instance', 50049, 'Unknown or invalid instance.');
      }
      if (parsed.host !== new URL(this.baseUrl).host)
        return this.fail(call, 400, 'invalid_instance', 50049, 'Unknown or invalid instance.');
      tenant = parsed.pathname.split('/').filter(Boolean)[0] ?? 'common';
    }
    const host = new URL(this.baseUrl).host;
    return {
      status: 200,
      body: {
        tenant_discovery_endpoint: `${this.baseUrl}/${tenant}/v2.0/.well-known/openid-configuration`,
        'api-version': apiVersion,
        metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
      },
    };
  }

  private async token(call: IncomingCall, segment: string): Promise<Reply> {
    const form = new URLSearchParams(call.body.toString('utf8'));
    const basic = basicCredentials(call.headers);
    const grantType = form.get('grant_type') ?? '';
    const clientId = (form.get('client_id') ?? basic?.clientId ?? '').toLowerCase();
    const clientSecret = form.get('client_secret') ?? basic?.clientSecret;
    const scope = (form.get('scope') ?? '').trim();
    const record: TokenRequestRecord = {
      at: new Date(),
      tenant: segment,
      tenantId: null,
      grantType,
      clientId,
      scope,
      status: 0,
    };
    this.tokenRequests.push(record);

    const reply = await this.decideToken(call, segment, form, { grantType, clientId, clientSecret, scope }, record);
    record.status = reply.status;
    if (reply.status !== 200 && typeof reply.body === 'object' && reply.body !== null) {
      const body = reply.body as { error?: string; error_codes?: number[] };
      record.error = body.error;
      record.aadsts = body.error_codes?.[0];
    }
    return reply;
  }

  private async decideToken(
    call: IncomingCall,
    segment: string,
    form: URLSearchParams,
    req: { grantType: string; clientId: string; clientSecret: string | undefined; scope: string },
    record: TokenRequestRecord,
  ): Promise<Reply> {
    const alias = MULTI_TENANT_ALIASES.has(segment.toLowerCase());
    let tenant = alias ? undefined : this.resolveTenant(segment);
    if (!alias && !tenant) return this.tenantNotFound(call, segment);
    if (tenant) record.tenantId = tenant.id;

    if (!req.grantType)
      return this.fail(
        call,
        400,
        'invalid_request',
        900144,
        "The request body must contain the following parameter: 'grant_type'.",
      );
    if (!req.clientId)
      return this.fail(
        call,
        400,
        'invalid_request',
        900144,
        "The request body must contain the following parameter: 'client_id'.",
      );
    if (DEVICE_CODE_GRANTS.has(req.grantType)) {
      if (!tenant) return this.tenantNotFound(call, segment);
      return this.redeemDeviceCode(call, tenant, form, req);
    }
    if (req.grantType !== 'client_credentials' && req.grantType !== 'refresh_token') {
      return this.fail(
        call,
        400,
        'unsupported_grant_type',
        70003,
        `The app requested an unsupported grant type '${req.grantType}'.`,
      );
    }
    if (alias && req.grantType === 'client_credentials') {
      return this.fail(
        call,
        400,
        'invalid_request',
        9001023,
        'The grant type is not supported over the /common or /consumers endpoints. Please use the /organizations or tenant-specific endpoint.',
      );
    }

    // A refresh token names its tenant: /common and /organizations resolve through it.
    let refresh: RefreshTokenState | undefined;
    if (req.grantType === 'refresh_token') {
      const token = form.get('refresh_token');
      if (!token)
        return this.fail(
          call,
          400,
          'invalid_request',
          900144,
          "The request body must contain the following parameter: 'refresh_token'.",
        );
      refresh = this.refreshTokens.get(token);
      if (!refresh)
        return this.fail(call, 400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.');
      if (!tenant) {
        tenant = this.tenants.get(refresh.tenantId);
        if (tenant) record.tenantId = tenant.id;
      }
    }
    if (!tenant) return this.tenantNotFound(call, segment);

    const tenantName = tenant.displayName;
    if (req.clientId !== this.clientId || (!tenant.consented && tenant.refusal === 'AADSTS700016')) {
      return this.fail(
        call,
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${req.clientId}' was not found in the directory '${tenantName}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
      );
    }
    const secretGiven = req.clientSecret !== undefined && req.clientSecret !== '';
    if (refresh?.publicClient && secretGiven) {
      return this.fail(
        call,
        401,
        'invalid_client',
        700025,
        "Client is public so neither 'client_assertion' nor 'client_secret' should be presented.",
      );
    }
    if (!secretGiven && !(refresh?.publicClient && this.allowPublicClient)) {
      return this.fail(
        call,
        400,
        'invalid_client',
        7000218,
        "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
      );
    }
    if (secretGiven && req.clientSecret !== this.clientSecret) {
      return this.fail(
        call,
        401,
        'invalid_client',
        7000215,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${this.clientId}'.`,
      );
    }
    if (!req.scope)
      return this.fail(
        call,
        400,
        'invalid_request',
        900144,
        "The request body must contain the following parameter: 'scope'.",
      );

    const scopes = req.scope.split(/\s+/).filter(Boolean);
    let audience: Audience;
    let grantedScope: string | undefined;
    if (req.grantType === 'client_credentials') {
      if (scopes.length !== 1) {
        return this.fail(
          call,
          400,
          'invalid_scope',
          70011,
          `The provided value for the input parameter 'scope' is not valid. The scope ${req.scope} is not valid.`,
        );
      }
      const parts = splitScope(scopes[0]!);
      if (parts?.permission !== '.default') {
        return this.fail(
          call,
          400,
          'invalid_scope',
          1002012,
          `The provided value for scope ${scopes[0]} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
        );
      }
      const isArm = parts.resource === ARM_RESOURCE;
      if (parts.resource !== GRAPH_RESOURCE && parts.resource !== GRAPH_APP_ID && !isArm) {
        return this.fail(
          call,
          400,
          'invalid_resource',
          500011,
          `The resource principal named ${parts.resource} was not found in the tenant named ${tenantName}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
        );
      }
      audience = isArm ? 'arm' : 'graph';
    } else {
      const resourceScopes = scopes.filter((s) => !OIDC_SCOPES.has(s.toLowerCase()));
      const valid =
        resourceScopes.length === 1 &&
        (() => {
          const parts = splitScope(resourceScopes[0]!);
          return (
            !!parts &&
            parts.resource === PARTNER_CENTER_RESOURCE &&
            ['user_impersonation', '.default'].includes(parts.permission.toLowerCase())
          );
        })();
      if (!valid) {
        const offending = resourceScopes.find((s) => splitScope(s)?.resource !== PARTNER_CENTER_RESOURCE) ?? req.scope;
        return this.fail(
          call,
          400,
          'invalid_scope',
          70011,
          `The provided value for the input parameter 'scope' is not valid. The scope ${offending} is not valid.`,
        );
      }
      audience = 'partnerCenter';
      grantedScope = PARTNER_CENTER_SCOPE;
    }

    if (!tenant.consented) {
      return this.fail(
        call,
        400,
        'invalid_grant',
        65001,
        `The user or administrator has not consented to use the application with ID '${this.clientId}' named '${this.appDisplayName}'. Send an interactive authorization request for this user and resource.`,
        { suberror: 'consent_required' },
      );
    }

    if (refresh) {
      if (refresh.tenantId !== tenant.id)
        return this.fail(call, 400, 'invalid_grant', 70000, 'Provided grant is invalid or malformed.');
      if (refresh.revoked) {
        return this.fail(
          call,
          400,
          'invalid_grant',
          700082,
          `The refresh token has expired due to inactivity. The token was issued on ${new Date(refresh.issuedAt).toISOString()} and was inactive for 90.00:00:00.`,
        );
      }
    }

    const accessToken = randomBytes(48).toString('base64url');
    const expiresIn = this.expiresInSeconds;
    this.accessTokens.set(accessToken, {
      token: accessToken,
      tenantId: tenant.id,
      audience,
      expiresAt: this.now() + expiresIn * 1000,
      grantType: req.grantType,
      clientId: req.clientId,
      appOnly: req.grantType === 'client_credentials',
      userId: refresh?.user.oid,
    });
    this.handedOut.push(accessToken);
    record.audience = audience;

    if (!refresh) {
      return {
        status: 200,
        body: { token_type: 'Bearer', expires_in: expiresIn, ext_expires_in: expiresIn, access_token: accessToken },
      };
    }

    const newRefreshToken = randomBytes(96).toString('base64url');
    this.refreshTokens.set(newRefreshToken, {
      tenantId: tenant.id,
      user: refresh.user,
      issuedAt: this.now(),
      revoked: false,
      publicClient: refresh.publicClient,
    });
    this.handedOut.push(newRefreshToken);
    const body: Record<string, unknown> = {
      token_type: 'Bearer',
      scope: grantedScope,
      expires_in: expiresIn,
      ext_expires_in: expiresIn,
      access_token: accessToken,
      refresh_token: newRefreshToken,
    };
    if (scopes.some((s) => s.toLowerCase() === 'openid')) {
      body.id_token = await this.idToken(tenant.id, refresh.user);
      this.handedOut.push(body.id_token as string);
    }
    if (form.get('client_info') === '1') {
      body.client_info = Buffer.from(JSON.stringify({ uid: refresh.user.oid, utid: tenant.id })).toString('base64url');
    }
    return { status: 200, body };
  }

  /** Whether a delegated scope list names Partner Center (user_impersonation or .default) and nothing else. */
  private partnerCenterScopeProblem(scopes: string[]): string | null {
    const resourceScopes = scopes.filter((s) => !OIDC_SCOPES.has(s.toLowerCase()));
    const parts = resourceScopes.length === 1 ? splitScope(resourceScopes[0]!) : null;
    if (
      parts &&
      parts.resource === PARTNER_CENTER_RESOURCE &&
      ['user_impersonation', '.default'].includes(parts.permission.toLowerCase())
    )
      return null;
    return resourceScopes.find((s) => splitScope(s)?.resource !== PARTNER_CENTER_RESOURCE) ?? scopes.join(' ');
  }

  private deviceCode(call: IncomingCall, segment: string): Reply {
    const tenant = this.resolveTenant(segment);
    if (!tenant) return this.tenantNotFound(call, segment);
    const form = new URLSearchParams(call.body.toString('utf8'));
    const clientId = (form.get('client_id') ?? '').toLowerCase();
    const scope = (form.get('scope') ?? '').trim();
    if (!clientId)
      return this.fail(
        call,
        400,
        'invalid_request',
        900144,
        "The request body must contain the following parameter: 'client_id'.",
      );
    if (clientId !== this.clientId) {
      return this.fail(
        call,
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${tenant.displayName}'.`,
      );
    }
    const offending = this.partnerCenterScopeProblem(scope.split(/\s+/).filter(Boolean));
    if (offending !== null) {
      return this.fail(
        call,
        400,
        'invalid_scope',
        70011,
        `The provided value for the input parameter 'scope' is not valid. The scope ${offending} is not valid.`,
      );
    }
    const userCode = Array.from(randomBytes(8), (b) => String.fromCharCode(65 + (b % 26))).join('');
    const deviceCode = randomBytes(48).toString('base64url');
    const expiresIn = 900;
    this.deviceCodes.set(deviceCode, {
      userCode,
      tenantId: tenant.id,
      scope,
      expiresAt: this.now() + expiresIn * 1000,
      pendingPolls: 0,
      redeemed: false,
    });
    this.handedOut.push(deviceCode);
    const verificationUri = 'https://microsoft.com/devicelogin';
    return {
      status: 200,
      body: {
        user_code: userCode,
        device_code: deviceCode,
        verification_uri: verificationUri,
        expires_in: expiresIn,
        interval: this.deviceCodeIntervalSeconds,
        message: `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${userCode} to authenticate.`,
      },
    };
  }

  private async redeemDeviceCode(
    call: IncomingCall,
    tenant: TenantState,
    form: URLSearchParams,
    req: { clientId: string; clientSecret: string | undefined; scope: string },
  ): Promise<Reply> {
    if (req.clientId !== this.clientId) {
      return this.fail(
        call,
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${req.clientId}' was not found in the directory '${tenant.displayName}'.`,
      );
    }
    if (!this.allowPublicClient && !req.clientSecret) {
      return this.fail(
        call,
        401,
        'invalid_client',
        7000218,
        "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
      );
    }
    const code = form.get('device_code') ?? '';
    const state = this.deviceCodes.get(code);
    if (!state || state.redeemed || state.tenantId !== tenant.id)
      return this.fail(call, 400, 'invalid_grant', 70000, 'Provided grant is invalid or malformed.');
    if (state.expiresAt <= this.now())
      return this.fail(call, 400, 'expired_token', 70019, 'Verification code expired.');
    if (!state.user) {
      state.pendingPolls += 1;
      return this.fail(
        call,
        400,
        'authorization_pending',
        70016,
        'OAuth 2.0 device flow error. Authorization is pending. Continue polling.',
      );
    }
    if (!tenant.consented) {
      return this.fail(
        call,
        400,
        'invalid_grant',
        65001,
        `The user or administrator has not consented to use the application with ID '${this.clientId}' named '${this.appDisplayName}'.`,
        { suberror: 'consent_required' },
      );
    }
    state.redeemed = true;
    const scopes = (req.scope || state.scope).split(/\s+/).filter(Boolean);
    const accessToken = randomBytes(48).toString('base64url');
    const expiresIn = this.expiresInSeconds;
    this.accessTokens.set(accessToken, {
      token: accessToken,
      tenantId: tenant.id,
      audience: 'partnerCenter',
      expiresAt: this.now() + expiresIn * 1000,
      grantType: 'device_code',
      clientId: req.clientId,
      appOnly: false,
      userId: state.user.oid,
    });
    this.handedOut.push(accessToken);
    const body: Record<string, unknown> = {
      token_type: 'Bearer',
      scope: PARTNER_CENTER_SCOPE,
      expires_in: expiresIn,
      ext_expires_in: expiresIn,
      access_token: accessToken,
    };
    if (scopes.some((s) => s.toLowerCase() === 'offline_access')) {
      const refreshToken = randomBytes(96).toString('base64url');
      this.refreshTokens.set(refreshToken, {
        tenantId: tenant.id,
        user: state.user,
        issuedAt: this.now(),
        revoked: false,
        publicClient: true,
      });
      this.handedOut.push(refreshToken);
      body.refresh_token = refreshToken;
    }
    if (scopes.some((s) => s.toLowerCase() === 'openid')) {
      body.id_token = await this.idToken(tenant.id, state.user);
      this.handedOut.push(body.id_token as string);
    }
    if (form.get('client_info') === '1') {
      body.client_info = Buffer.from(JSON.stringify({ uid: state.user.oid, utid: tenant.id })).toString('base64url');
    }
    return { status: 200, body };
  }

  private async idToken(tenantId: string, user: SignedInUser): Promise<string> {
    const nowSeconds = Math.floor(this.now() / 1000);
    return new SignJWT({
      name: user.name,
      oid: user.oid,
      preferred_username: user.preferredUsername,
      tid: tenantId,
      ver: '2.0',
    })
      .setProtectedHeader({ typ: 'JWT', alg: 'RS256', kid: this.kid })
      .setIssuer(`${this.baseUrl}/${tenantId}/v2.0`)
      .setAudience(this.clientId)
      .setSubject(createHash('sha256').update(`${this.clientId}:${user.oid}`).digest('base64url').slice(0, 43))
      .setIssuedAt(nowSeconds)
      .setNotBefore(nowSeconds)
      .setExpirationTime(nowSeconds + 3600)
      .sign(this.signingKey!);
  }
}

export function isGuid(value: string): boolean {
  return GUID.test(value);
}
