import type { WebhookEvent } from '../events';

/** What a receiver answered: a 2xx, or anything else (a status, a network failure, the deadline). */
export type WebhookDelivery = { ok: true; status: number } | { ok: false; error: string };

/** Posts a change event to a webhook receiver, signed; one attempt, never throws. */
export interface WebhookSender {
  post(url: string, event: WebhookEvent): Promise<WebhookDelivery>;
}
