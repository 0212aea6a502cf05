import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * `<payload>.<mac>`: a JSON value in base64url and its HMAC-SHA256 under `key`, for the states and links the bot hands
 * out and later reads back (admin consent's state, a partner's answer link).
 */
export function signToken(value: unknown, key: Buffer): string {
  const payload = Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${payload}.${macOf(payload, key)}`;
}

/** The JSON value a token carries if `key` signed it unaltered, else null. Its fields are the caller's to check. */
export function readToken(token: string, key: Buffer): unknown {
  const [payload, mac, extra] = token.split('.');
  if (!payload || !mac || extra !== undefined) return null;
  const expected = Buffer.from(macOf(payload, key));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
}

function macOf(payload: string, key: Buffer): string {
  return createHmac('sha256', key).update(payload).digest('base64url');
}
