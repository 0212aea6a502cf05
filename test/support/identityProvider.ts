import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type KeyLike } from 'jose';

/**
 * Stands in for Microsoft Entra ID, the one cloud part the tab's sign-in needs: it publishes a JWKS over
 * HTTP, the way the real discovery keys endpoint does, and signs RS256 access tokens shaped like Teams SSO
 * tokens (tid, oid, aud, iss, exp, and the delegated scope in scp).
 */
export class LocalIdentityProvider {
  private server?: http.Server;
  private privateKey!: KeyLike;
  private jwk!: JWK;
  readonly kid = 'test-key-1';

  async start(): Promise<this> {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    this.privateKey = privateKey;
    this.jwk = { ...(await exportJWK(publicKey)), kid: this.kid, use: 'sig', alg: 'RS256' };
    this.server = http.createServer((req, res) => {
      if (req.url === '/discovery/v2.0/keys') {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ keys: [this.jwk] }));
        return;
      }
      res.statusCode = 404;
      res.end();
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get base(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  get jwksUrl(): string {
    return `${this.base}/discovery/v2.0/keys`;
  }

  issuerFor(tenantId: string): string {
    return `${this.base}/${tenantId}/v2.0`;
  }

  /**
   * A token as Teams' getAuthToken returns it: a person's, with `scp: 'access_as_user'` and `idtyp: 'user'`.
   * `overrides` lets a test break one thing at a time: `scp: null` leaves the scope out, `roles` adds application
   * roles, `idtyp: 'app'` marks it app-only, `idtyp: null` leaves that claim out.
   */
  async token(
    claims: { tid: string; oid: string; aud: string },
    overrides: {
      iss?: string;
      expiresIn?: string | number;
      key?: KeyLike;
      kid?: string;
      scp?: string | null;
      roles?: string[];
      idtyp?: string | null;
    } = {},
  ): Promise<string> {
    const scp = overrides.scp === undefined ? 'access_as_user' : overrides.scp;
    const idtyp = overrides.idtyp === undefined ? 'user' : overrides.idtyp;
    return new SignJWT({
      tid: claims.tid,
      oid: claims.oid,
      name: 'Test User',
      ...(scp === null ? {} : { scp }),
      ...(idtyp === null ? {} : { idtyp }),
      ...(overrides.roles ? { roles: overrides.roles } : {}),
    })
      .setProtectedHeader({ alg: 'RS256', kid: overrides.kid ?? this.kid })
      .setIssuer(overrides.iss ?? this.issuerFor(claims.tid))
      .setAudience(claims.aud)
      .setIssuedAt()
      .setExpirationTime(overrides.expiresIn ?? '1h')
      .sign(overrides.key ?? this.privateKey);
  }

  async close(): Promise<void> {
    if (this.server) await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}
