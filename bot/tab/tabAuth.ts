import { randomBytes } from 'node:crypto';
import type * as Jose from 'jose';
import { z } from 'zod';
import { GuidSchema, type Actor, UpstreamUnavailableError } from '../core';

/** jose is loaded at the first sign-in, not at start-up: most turns never touch the tab. */
const jose = (): typeof Jose => require('jose') as typeof Jose;

/** Why a tab request is not authenticated; the API answers 401 with this message. */
export class TabAuthError extends Error {}

export interface TabAuthenticator {
  /** Who is calling, from the request's `Authorization: Bearer` token; throws TabAuthError. */
  authenticate(authorization: string | undefined): Promise<Actor>;
  /** Present only in local anonymous mode: signs a token for a chosen directory user. */
  devSignIn?: (actor: Actor) => Promise<string>;
}

const IdentityClaims = z.object({ tid: GuidSchema, oid: GuidSchema });

function bearer(authorization: string | undefined): string {
  const match = /^Bearer ([A-Za-z0-9._~+/=-]{10,8192})$/.exec(authorization ?? '');
  if (!match) throw new TabAuthError('Sign-in required: send the Teams SSO token as a Bearer token.');
  return match[1]!;
}

function actorOf(payload: Jose.JWTPayload): Actor {
  const claims = IdentityClaims.safeParse(payload);
  if (!claims.success) throw new TabAuthError('The token does not name a user and a tenant (oid, tid).');
  return { tenantId: claims.data.tid.toLowerCase(), aadObjectId: claims.data.oid.toLowerCase() };
}

/** The delegated scope the app registration exposes (aad.manifest.json) and Teams asks for in getAuthToken. */
export const TAB_SSO_SCOPE = 'access_as_user';

/**
 * A Teams SSO token is delegated: a person signed in, and `scp` lists the scopes they granted, `access_as_user`
 * among them. An app-only token (client credentials) has no `scp`, carries `roles` instead, and says `idtyp: app`
 * when the app registration asks for that claim; it names no person, so it may not use the tab.
 */
function requireDelegatedScope(payload: Jose.JWTPayload): void {
  const scp = typeof payload.scp === 'string' ? payload.scp.split(' ').filter((s) => s.length > 0) : [];
  if (payload.idtyp === 'app' || (scp.length === 0 && payload.roles !== undefined)) {
    throw new TabAuthError(
      `The sign-in token is an app-only token, not a person's: the tab needs the Teams sign-in token with the ${TAB_SSO_SCOPE} scope.`,
    );
  }
  if (scp.length === 0) {
    throw new TabAuthError(
      `The sign-in token grants no delegated scope: the tab needs the Teams sign-in token with the ${TAB_SSO_SCOPE} scope.`,
    );
  }
  if (!scp.includes(TAB_SSO_SCOPE)) {
    throw new TabAuthError(`The sign-in token does not grant the ${TAB_SSO_SCOPE} scope the tab needs.`);
  }
}

/**
 * jose's errors that say the signing keys could not be had, not that the token is bad: the keys endpoint timed
 * out (JWKSTimeout), answered other than 200 or with text that is not JSON (the generic JOSEError, which jose
 * throws only there), or with no key set (JWKSInvalid).
 */
const KEYS_UNAVAILABLE = new Set(['ERR_JWKS_TIMEOUT', 'ERR_JOSE_GENERIC', 'ERR_JWKS_INVALID']);

/**
 * Why the keys could not be had, when that is why the check failed: an outage of the sign-in service, not the
 * person's token. An error that is not jose's comes from fetching the keys (refused, reset, DNS, TLS).
 */
function keysUnavailable(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  if (!(err instanceof jose().errors.JOSEError)) return typeof code === 'string' ? code : 'fetch failed';
  return KEYS_UNAVAILABLE.has(err.code) ? err.code : undefined;
}

export interface SsoSettings {
  jwksUrl: string;
  /** Issuer templates; `{tenantid}` stands for the token's own `tid`. */
  issuers: string[];
  audiences: string[];
}

/**
 * Teams SSO (`authentication.getAuthToken`): an Entra ID access token for the tab's app. Its signature is
 * checked against the published keys, its issuer, audience and expiry against the settings, and it must be a
 * person's token granting `access_as_user`.
 */
export function createSsoAuthenticator(settings: SsoSettings): TabAuthenticator {
  let keys: ReturnType<typeof Jose.createRemoteJWKSet> | undefined;
  return {
    async authenticate(authorization) {
      const token = bearer(authorization);
      keys ??= jose().createRemoteJWKSet(new URL(settings.jwksUrl), { cooldownDuration: 30_000 });
      let payload: Jose.JWTPayload;
      try {
        ({ payload } = await jose().jwtVerify(token, keys, {
          audience: settings.audiences,
          algorithms: ['RS256'],
          requiredClaims: ['exp', 'iss', 'tid', 'oid'],
          clockTolerance: 60,
        }));
      } catch (err) {
        const outage = keysUnavailable(err);
        if (outage !== undefined) throw new UpstreamUnavailableError('entra', `signing keys: ${outage}`);
        throw new TabAuthError(`The sign-in token was refused (${(err as { code?: string }).code ?? 'invalid'}).`);
      }
      const actor = actorOf(payload);
      const expected = settings.issuers.map((t) => t.replace('{tenantid}', actor.tenantId).toLowerCase());
      if (!expected.includes(String(payload.iss).toLowerCase()))
        throw new TabAuthError('The sign-in token comes from an unexpected issuer.');
      requireDelegatedScope(payload);
      return actor;
    },
  };
}

const DEV_ISSUER = 'partner-of-record-local-dev';
const DEV_AUDIENCE = 'partner-of-record-tab';

/**
 * Local anonymous mode only: there is no app registration to issue SSO tokens, so the tab's dev sign-in
 * gets a short-lived token signed with a key that lives and dies with this process.
 */
export function createDevAuthenticator(): TabAuthenticator {
  const key = randomBytes(32);
  return {
    async authenticate(authorization) {
      const token = bearer(authorization);
      try {
        const { payload } = await jose().jwtVerify(token, key, {
          issuer: DEV_ISSUER,
          audience: DEV_AUDIENCE,
          algorithms: ['HS256'],
        });
        return actorOf(payload);
      } catch (err) {
        if (err instanceof TabAuthError) throw err;
        throw new TabAuthError('The dev sign-in has expired or is not valid: sign in again.');
      }
    },
    async devSignIn(actor) {
      return new (jose().SignJWT)({ tid: actor.tenantId, oid: actor.aadObjectId })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer(DEV_ISSUER)
        .setAudience(DEV_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime('8h')
        .sign(key);
    },
  };
}
