import { createHmac, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { GuidSchema } from '../core';
import { readToken, signToken } from '../signing/signedToken';

/**
 * Admin consent: how a customer tenant grants the bot's app its Graph permissions, once, by one of its Global
 * Administrators (Microsoft identity platform, "Request the permissions from a directory admin").
 *
 * The link carries a `state` signed by the bot: the callback can then tell a consent it asked for from a
 * crafted link. The callback's `tenant` value is Entra's redirect parameter and is shown to the person only;
 * nothing is decided on it.
 */
export interface AdminConsentSettings {
  authorityHost: string;
  clientId: string;
  /** The bot's public host; consent returns to https://BOT_DOMAIN/consent/callback. */
  botDomain: string;
  /** Signs the state. Derived from the app's secret, so every instance agrees and a restart keeps links valid. */
  stateKey: Buffer;
  /** How long a Grant access link works. */
  linkTtlMs?: number;
  now?: () => number;
}

export type ConsentOutcome =
  | { outcome: 'granted'; tenantId: string }
  | { outcome: 'denied'; tenantId: string; reason: string }
  | { outcome: 'invalid' };

const StatePayload = z.object({ t: GuidSchema, e: z.number().int(), n: z.string().max(64) });

/** What Entra appends to the redirect URI: admin_consent + tenant, or error + error_description. */
const CallbackQuery = z.object({
  state: z.string().max(2048),
  tenant: GuidSchema.optional(),
  admin_consent: z.string().max(10).optional(),
  error: z.string().max(100).optional(),
  error_description: z.string().max(2000).optional(),
});

export class AdminConsent {
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(private readonly settings: AdminConsentSettings) {
    this.ttlMs = settings.linkTtlMs ?? 7 * 24 * 60 * 60_000;
    this.now = settings.now ?? Date.now;
  }

  get redirectUri(): string {
    return `https://${this.settings.botDomain}/consent/callback`;
  }

  /** The Grant access link for one tenant: Graph's `.default` scope asks for every permission the app declares. */
  urlFor(tenantId: string): string {
    const url = new URL(`${this.settings.authorityHost}/${tenantId.toLowerCase()}/v2.0/adminconsent`);
    url.searchParams.set('client_id', this.settings.clientId);
    url.searchParams.set('scope', 'https://graph.microsoft.com/.default');
    url.searchParams.set('redirect_uri', this.redirectUri);
    url.searchParams.set('state', this.sign(tenantId.toLowerCase()));
    return url.toString();
  }

  /** Reads the callback's query string. Only a state this bot signed, unexpired, is taken as an answer. */
  readCallback(query: URLSearchParams): ConsentOutcome {
    const parsed = CallbackQuery.safeParse(Object.fromEntries(query));
    if (!parsed.success) return { outcome: 'invalid' };
    const tenantId = this.verify(parsed.data.state);
    if (!tenantId) return { outcome: 'invalid' };
    if (parsed.data.error) return { outcome: 'denied', tenantId, reason: parsed.data.error };
    if (parsed.data.admin_consent?.toLowerCase() === 'true') return { outcome: 'granted', tenantId };
    return { outcome: 'invalid' };
  }

  private sign(tenantId: string): string {
    return signToken(
      { t: tenantId, e: this.now() + this.ttlMs, n: randomBytes(9).toString('base64url') },
      this.settings.stateKey,
    );
  }

  private verify(state: string): string | null {
    const fields = StatePayload.safeParse(readToken(state, this.settings.stateKey));
    if (!fields.success || fields.data.e < this.now()) return null;
    return fields.data.t.toLowerCase();
  }
}

/** A key for signing consent state, derived from the app's secret and used for nothing else. */
export function consentStateKey(clientSecret: string): Buffer {
  return createHmac('sha256', clientSecret).update('partner-of-record admin consent state v1').digest();
}
