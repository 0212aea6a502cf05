/**
 * How long a Retry-After header asks to wait, in milliseconds: it is either seconds or an HTTP date (RFC 9110
 * 10.2.3). Null when there is none, or it says nothing usable; a date already past is 0.
 */
export function retryAfterMs(value: string | null | undefined, now = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
