/**
 * Stands in for the two identity services a production bot talks to, over HTTPS on 127.0.0.1 (the test
 * certificate of microsoftCloud/tls.ts; a child process trusts it through NODE_EXTRA_CA_CERTS, an in-process
 * client through `caPem`):
 *
 * - Bot Framework's token metadata, the shape of https://login.botframework.com/v1/.well-known/openidconfiguration:
 *   `GET /v1/.well-known/openidconfiguration` (issuer, authorization_endpoint, jwks_uri,
 *   id_token_signing_alg_values_supported, token_endpoint_auth_methods_supported) and `GET /v1/.well-known/keys`,
 *   whose keys carry `endorsements` (the channels a key may sign for: `msteams` here) as Bot Framework's do. The
 *   channel's tokens to the bot are signed with that key: `iss` = the channel issuer, `aud` = the bot's app id,
 *   `serviceurl` = the activity's serviceUrl, with nbf / iat / exp.
 * - Microsoft Entra's token endpoint for the bot's own tokens (the Connector's audience):
 *   `POST /{tenant}/oauth2/v2.0/token`, client_credentials with the bot's id and secret (form body or HTTP Basic),
 *   answering `{token_type, expires_in, ext_expires_in, access_token}` with an RS256 JWT (`aud` = the Bot Framework
 *   scope, `appid`/`azp` = the bot, `iss` = `${baseUrl}/${BOT_FRAMEWORK_TENANT_ID}/v2.0`), or Entra's errors
 *   (wrong secret: 401 invalid_client AADSTS7000215; unknown app: 400 unauthorized_client AADSTS700016; a scope
 *   other than the Bot Framework's: 400 invalid_scope AADSTS70011; another grant: 400 AADSTS70003). Its signing
 *   keys are at `GET /{tenant}/discovery/v2.0/keys`, where the channel stand-in checks the bot's tokens.
 *
 * Settings for a bot pointed here: `botSettings()`, all of botbuilder's endpoint settings at once.
 */
import { randomBytes } from 'node:crypto';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type JWK, type KeyLike } from 'jose';
import { entraError } from './microsoftCloud/entraStandIn';
import { StandInServer, type IncomingCall, type Reply } from './microsoftCloud/standInServer';
import { basicCredentials, type TokenRequestRecord } from './microsoftCloud/entraStandIn';

/** The tenant Bot Framework's tokens come from (what `iss` names on Entra's tokens for api.botframework.com). */
export const BOT_FRAMEWORK_TENANT_ID = 'd6d49420-f39b-4df7-a1dc-d59a935871db';
/** An issuer botbuilder takes for the Emulator's (it then checks the token against the Emulator's metadata). */
export const EMULATOR_ISSUER = `https://sts.windows.net/${BOT_FRAMEWORK_TENANT_ID}/`;

export interface BotFrameworkIdentityOptions {
  appId: string;
  appPassword: string;
  /** Lifetime of the bot's tokens (default 3599 s, as Entra answers). */
  expiresInSeconds?: number;
  /** The channels the channel signing key is endorsed for (default ['msteams']). */
  endorsements?: string[];
}

/** A token request as the Entra stand-in records one, less what only a customer tenant has. */
export type BotTokenRequest = Omit<TokenRequestRecord, 'tenantId' | 'audience'>;

export interface ChannelTokenOptions {
  /** The activity's serviceUrl, for the `serviceurl` claim. */
  serviceUrl: string;
  audience?: string;
  issuer?: string;
  /** Seconds from now (negative: in the past). Default: nbf -5 min, exp +1 h. */
  notBefore?: number;
  expiresIn?: number;
  issuedAt?: number;
  /** Sign with this key instead of the published one (the header still names `kid`). */
  key?: KeyLike | Uint8Array;
  alg?: string;
  kid?: string;
  extraClaims?: Record<string, unknown>;
}

interface KeyPair {
  privateKey: KeyLike;
  publicKey: KeyLike;
  jwk: JWK;
  kid: string;
}

async function makeKey(extra: Record<string, unknown> = {}): Promise<KeyPair> {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomBytes(16).toString('base64url');
  const jwk = { ...(await exportJWK(publicKey)), kid, use: 'sig', ...extra } as JWK;
  return { privateKey, publicKey, jwk, kid };
}

export class BotFrameworkIdentity extends StandInServer {
  protected readonly serviceName = 'Bot Framework identity';
  readonly appId: string;
  readonly appPassword: string;
  readonly expiresInSeconds: number;
  readonly tokenRequests: BotTokenRequest[] = [];
  private readonly endorsements: string[];
  private channelKey?: KeyPair;
  private entraKey?: KeyPair;
  private readonly issued: string[] = [];

  constructor(options: BotFrameworkIdentityOptions) {
    super();
    this.appId = options.appId;
    this.appPassword = options.appPassword;
    this.expiresInSeconds = options.expiresInSeconds ?? 3599;
    this.endorsements = options.endorsements ?? ['msteams'];
  }

  override async start(): Promise<this> {
    this.channelKey ??= await makeKey({ kty: 'RSA', endorsements: this.endorsements });
    this.entraKey ??= await makeKey();
    return super.start();
  }

  // ---- what a bot is configured with ---------------------------------------------------------------

  get openIdMetadataUrl(): string {
    return `${this.baseUrl}/v1/.well-known/openidconfiguration`;
  }

  get jwksUrl(): string {
    return `${this.baseUrl}/v1/.well-known/keys`;
  }

  /** `iss` of the channel's tokens to the bot (Bot Framework's is https://api.botframework.com). */
  get channelIssuer(): string {
    return `${this.baseUrl}/api`;
  }

  /** The audience of the bot's tokens to the channel (Bot Framework's is https://api.botframework.com). */
  get botFrameworkScope(): string {
    return `${this.baseUrl}/api`;
  }

  /** ToChannelFromBotLoginUrl: the authority for the bot's own tokens. */
  get loginUrl(): string {
    return `${this.baseUrl}/botframework.com`;
  }

  /** `iss` of the bot's tokens (what the channel checks). */
  get entraIssuer(): string {
    return `${this.baseUrl}/${BOT_FRAMEWORK_TENANT_ID}/v2.0`;
  }

  /** Where the keys that sign the bot's tokens are published. */
  get entraJwksUrl(): string {
    return `${this.baseUrl}/common/discovery/v2.0/keys`;
  }

  /** Every one of botbuilder's endpoint settings, pointed here (all of them: some alone drop the defaults). */
  botSettings(): Record<string, string> {
    return {
      ToBotFromChannelOpenIdMetadataUrl: this.openIdMetadataUrl,
      ToBotFromChannelTokenIssuer: this.channelIssuer,
      OAuthUrl: `${this.baseUrl}/oauth`,
      ToChannelFromBotLoginUrl: this.loginUrl,
      ToChannelFromBotOAuthScope: this.botFrameworkScope,
    };
  }

  /** What must never reach a log: the secret, every token issued, and the signing keys' public parts. */
  sensitiveValues(): string[] {
    return [this.appPassword, ...this.issued];
  }

  /** The published channel key's modulus (`n`), to look for in output. */
  get channelKeyModulus(): string {
    return String(this.channelKey!.jwk.n);
  }

  get channelKid(): string {
    return this.channelKey!.kid;
  }

  /** The channel key's public key as PEM (what an HS256 forgery uses as its "secret"). */
  async channelPublicKeyPem(): Promise<string> {
    return exportSPKI(this.channelKey!.publicKey);
  }

  // ---- tokens ---------------------------------------------------------------------------------------

  /** A channel -> bot token as Bot Framework signs it; options break one thing at a time. */
  async channelToken(options: ChannelTokenOptions): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const claims = { serviceurl: options.serviceUrl, ...(options.extraClaims ?? {}) };
    const jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: options.alg ?? 'RS256', kid: options.kid ?? this.channelKey!.kid, typ: 'JWT' })
      .setIssuer(options.issuer ?? this.channelIssuer)
      .setAudience(options.audience ?? this.appId)
      .setIssuedAt(now + (options.issuedAt ?? -60))
      .setNotBefore(now + (options.notBefore ?? -300))
      .setExpirationTime(now + (options.expiresIn ?? 3600));
    return jwt.sign(options.key ?? this.channelKey!.privateKey);
  }

  /** Token requests with this outcome. */
  tokenRequestCount(outcome?: 'issued' | 'refused'): number {
    return this.tokenRequests.filter((r) => outcome === undefined || (outcome === 'issued') === (r.status === 200))
      .length;
  }

  // ---- HTTP ------------------------------------------------------------------------------------------

  protected standardHeaders(call: IncomingCall): Record<string, string> {
    return {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-ms-request-id': call.ctx.requestId,
    };
  }

  protected defaultErrorReply(status: number): Reply {
    if (status >= 500)
      return entraError(status, 'temporarily_unavailable', 90006, 'The service is temporarily unavailable.');
    return entraError(status, 'invalid_request', 90023, 'The authentication service request is not valid.');
  }

  protected async route(call: IncomingCall): Promise<Reply> {
    if (call.method === 'GET' && call.path === '/v1/.well-known/openidconfiguration') {
      return {
        status: 200,
        body: {
          issuer: this.channelIssuer,
          authorization_endpoint: `${this.baseUrl}/v1/.well-known/authorize`,
          jwks_uri: this.jwksUrl,
          id_token_signing_alg_values_supported: ['RS256'],
          token_endpoint_auth_methods_supported: ['private_key_jwt'],
        },
      };
    }
    if (call.method === 'GET' && call.path === '/v1/.well-known/keys')
      return { status: 200, body: { keys: [this.channelKey!.jwk] } };
    const segments = call.path.split('/').filter(Boolean);
    const [tenant, ...rest] = segments;
    const tail = rest.join('/');
    if (tenant && call.method === 'GET' && tail === 'discovery/v2.0/keys')
      return { status: 200, body: { keys: [{ ...this.entraKey!.jwk, kty: 'RSA' }] } };
    if (tenant && tail === 'oauth2/v2.0/token') {
      if (call.method !== 'POST')
        return entraError(400, 'invalid_request', 900561, 'The endpoint only accepts POST requests.');
      return this.token(call, tenant);
    }
    return { status: 404, body: { error: 'not_found' } };
  }

  private async token(call: IncomingCall, tenant: string): Promise<Reply> {
    const form = new URLSearchParams(call.body.toString('utf8'));
    const basic = basicCredentials(call.headers);
    const record: BotTokenRequest = {
      at: new Date(),
      tenant,
      grantType: form.get('grant_type') ?? '',
      clientId: form.get('client_id') ?? basic?.clientId ?? '',
      scope: form.get('scope') ?? '',
      status: 0,
    };
    const reply = await this.decide(form, record, basic?.clientSecret);
    record.status = reply.status;
    this.tokenRequests.push(record);
    return reply;
  }

  private async decide(
    form: URLSearchParams,
    record: BotTokenRequest,
    basicSecret: string | undefined,
  ): Promise<Reply> {
    const refuse = (status: number, error: string, code: number, message: string) => {
      record.error = error;
      record.aadsts = code;
      return entraError(status, error, code, message);
    };
    if (record.grantType !== 'client_credentials') {
      return refuse(
        400,
        'unsupported_grant_type',
        70003,
        `The app requested an unsupported grant type '${record.grantType}'.`,
      );
    }
    if (record.clientId.toLowerCase() !== this.appId.toLowerCase()) {
      return refuse(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${record.clientId}' was not found in the directory.`,
      );
    }
    const secret = form.get('client_secret') ?? basicSecret;
    if (!secret)
      return refuse(
        401,
        'invalid_client',
        7000218,
        "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
      );
    if (secret !== this.appPassword) {
      return refuse(
        401,
        'invalid_client',
        7000215,
        `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${this.appId}'.`,
      );
    }
    const scopes = record.scope.split(' ').filter(Boolean);
    if (scopes.length !== 1 || scopes[0] !== `${this.botFrameworkScope}/.default`) {
      return refuse(
        400,
        'invalid_scope',
        70011,
        `The provided value for the input parameter 'scope' is not valid. The scope ${record.scope} is not valid.`,
      );
    }
    const now = Math.floor(Date.now() / 1000);
    const accessToken = await new SignJWT({
      appid: this.appId,
      azp: this.appId,
      tid: BOT_FRAMEWORK_TENANT_ID,
      ver: '2.0',
      idtyp: 'app',
    })
      .setProtectedHeader({ alg: 'RS256', kid: this.entraKey!.kid, typ: 'JWT' })
      .setIssuer(this.entraIssuer)
      .setAudience(this.botFrameworkScope)
      .setSubject(this.appId)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + this.expiresInSeconds)
      .sign(this.entraKey!.privateKey);
    this.issued.push(accessToken);
    return {
      status: 200,
      body: {
        token_type: 'Bearer',
        expires_in: this.expiresInSeconds,
        ext_expires_in: this.expiresInSeconds,
        access_token: accessToken,
      },
    };
  }
}

/** `alg: none`: a header and claims with an empty signature. */
export function unsignedToken(header: Record<string, unknown>, claims: Record<string, unknown>): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${part({ ...header, alg: 'none' })}.${part(claims)}.`;
}

/** Another RSA key, for a forgery signed with the wrong key under the right `kid`. */
export async function strangerKey(): Promise<KeyLike> {
  return (await generateKeyPair('RS256')).privateKey;
}
