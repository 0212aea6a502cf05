import { createHmac } from 'node:crypto';
import type * as CloudEvents from 'cloudevents';
import type { WebhookEvent, Clock, WebhookSender } from '../../core';

export const SIGNATURE_HEADER = 'x-signature-256';
export const TIMESTAMP_HEADER = 'x-signature-timestamp';

/**
 * The signature of one delivery: HMAC-SHA256, keyed with WEBHOOK_SECRET (its UTF-8 bytes), of the UTF-8 bytes of
 * `<timestamp>.<body>`, where timestamp is the X-Signature-Timestamp header (unix seconds, decimal) and body is the
 * request body exactly as sent; written as `sha256=<lower-case hex>`. The timestamp is signed with the body so a
 * captured request cannot be replayed later under a fresh timestamp.
 */
export function signDelivery(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

/** A receiver's URL as logs and /healthz show it: scheme, host, port and path; no credentials, query or fragment. */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(not a URL)';
  }
}

/**
 * A change event in structured mode (CloudEvents HTTP binding): the cloudevents package checks the event against the
 * specification and writes the body, `application/cloudevents+json`. The same event gives the same body every time.
 */
export function structuredEvent(event: WebhookEvent): { headers: Record<string, string>; body: string } {
  // Loaded by the first event sent: a bot without webhooks never needs it.
  const { CloudEvent, HTTP } = require('cloudevents') as typeof CloudEvents;
  const message = HTTP.structured(new CloudEvent<WebhookEvent['data']>({ ...event }, true));
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers)) if (typeof value === 'string') headers[name] = value;
  return { headers, body: String(message.body) };
}

export interface WebhookSenderOptions {
  secret: string;
  clock: Clock;
  /** Each POST has this long to get an answer's status line and headers. */
  timeoutMs: number;
}

/**
 * Posts change events with Node's fetch: one attempt per call, within the deadline; redirects are not followed (a 3xx
 * is a failure: a receiver that moved is reconfigured, not chased); the response body is never read, only
 * cancelled, so a receiver cannot make the bot hold a large answer. Only a 2xx counts as delivered.
 */
export function createWebhookSender({ secret, clock, timeoutMs }: WebhookSenderOptions): WebhookSender {
  return {
    async post(url, event) {
      let prepared: { headers: Record<string, string>; body: string };
      try {
        prepared = structuredEvent(event);
      } catch (err) {
        return {
          ok: false,
          error: `not a valid CloudEvent: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
        };
      }
      const timestamp = String(Math.floor(clock.now().getTime() / 1000));
      try {
        const response = await fetch(url, {
          method: 'POST',
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
          headers: {
            ...prepared.headers,
            'user-agent': 'partner-of-record-bot',
            [TIMESTAMP_HEADER]: timestamp,
            [SIGNATURE_HEADER]: signDelivery(secret, timestamp, prepared.body),
          },
          body: prepared.body,
        });
        await response.body?.cancel().catch(() => undefined);
        if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
        return { ok: false, error: `the receiver answered ${response.status}` };
      } catch (err) {
        return { ok: false, error: describeFailure(err, timeoutMs) };
      }
    },
  };
}

/** Why a POST got no answer, in a few words and without a stack: the deadline, or the network's error code. */
function describeFailure(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError')
    return `no answer within ${Math.round(timeoutMs / 100) / 10} s`;
  const code = e?.cause?.code ?? e?.cause?.message;
  return `no connection to the receiver${code ? ` (${code})` : ''}`;
}
