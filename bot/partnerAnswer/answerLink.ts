import { createHmac, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { SigningKeys } from '../core';
import { readToken, signToken } from '../signing/signedToken';

/**
 * The personal link in a new partner's email: `/partner-answer?t=TOKEN`, where the token names one change (its event
 * id and the version it made) and when the link stops working, signed with HMAC-SHA256. Nobody signs in: whoever
 * holds the link may answer for the partner the change named, once, while that change is the latest.
 *
 * The token is fixed by the change (no random part), so every attempt to send one email carries the same link.
 */
export interface AnswerLinkClaims {
  changeEventId: string;
  version: number;
  /** Epoch milliseconds after which the link is refused. */
  expiresAt: number;
}

/** How long a link works after the change it answers: long enough for a partner's inbox, not for ever. */
export const ANSWER_LINK_TTL_MS = 30 * 24 * 60 * 60_000;

/** The path of the page and of its answer's POST. */
export const ANSWER_PATH = '/partner-answer';

/** A token is a few hundred characters; anything longer is refused before it is hashed. */
export const MAX_TOKEN_LENGTH = 512;

const Payload = z.object({
  e: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
  v: z.number().int().min(1).max(2_147_483_647),
  x: z.number().int().min(0),
});

export interface AnswerLinksSettings {
  /** The signing key, or where to get it once (the store's, when there is no app secret to derive it from). */
  key: Buffer | (() => Promise<Buffer>);
  /** The bot's public address without a trailing slash (https://BOT_DOMAIN, or the local address). */
  baseUrl: () => string;
  now?: () => number;
  ttlMs?: number;
}

export class AnswerLinks {
  private readonly now: () => number;
  private readonly ttlMs: number;
  private loadedKey: Promise<Buffer> | undefined;

  constructor(private readonly settings: AnswerLinksSettings) {
    this.now = settings.now ?? Date.now;
    this.ttlMs = settings.ttlMs ?? ANSWER_LINK_TTL_MS;
  }

  /** The link for the change with this event id, made at `changedAt`, to the subscription's version `version`. */
  async urlFor(change: { eventId: string; version: number; at: string }): Promise<string> {
    const expiresAt = Date.parse(change.at) + this.ttlMs;
    const token = signToken({ e: change.eventId, v: change.version, x: expiresAt }, await this.key());
    return `${this.settings.baseUrl()}${ANSWER_PATH}?t=${token}`;
  }

  /** What a token says, if this bot signed it unaltered and it has not expired; null otherwise. */
  async read(token: string): Promise<AnswerLinkClaims | null> {
    if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return null;
    const fields = Payload.safeParse(readToken(token, await this.key()));
    if (!fields.success || fields.data.x < this.now()) return null;
    return { changeEventId: fields.data.e, version: fields.data.v, expiresAt: fields.data.x };
  }

  private key(): Promise<Buffer> {
    const { key } = this.settings;
    // A key the store could not give is asked for again next time rather than kept as a failure.
    this.loadedKey ??= Buffer.isBuffer(key)
      ? Promise.resolve(key)
      : key().catch((err: unknown) => {
          this.loadedKey = undefined;
          throw err;
        });
    return this.loadedKey;
  }
}

/** What the store's signing key for answer links is kept under. */
export const ANSWER_LINK_KEY_PURPOSE = 'partner-answer-link';

/**
 * The key that signs answer links: derived from the app's secret as the consent state's key is, with a label of its
 * own, so neither can stand for the other. Without a secret (local anonymous mode, a managed identity) the key the
 * store keeps, so links stay valid across restarts and on every instance; with neither, one for this process only.
 */
export function answerLinkKey(secret: string, keys?: SigningKeys): Buffer | (() => Promise<Buffer>) {
  if (secret) return createHmac('sha256', secret).update('partner-of-record partner answer link v1').digest();
  if (keys) return () => keys.signingKey(ANSWER_LINK_KEY_PURPOSE);
  return randomBytes(32);
}
