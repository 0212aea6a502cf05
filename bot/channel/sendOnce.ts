import type { TurnContext } from 'botbuilder';

/** The name of the retry policy in the Connector client's pipeline (@azure/core-rest-pipeline's defaultRetryPolicyName). */
export const CLIENT_RETRY_POLICY = 'defaultRetryPolicy';

/** Connector clients whose retry policy was taken out here: the adapter reuses a proactive send's client. */
const sendingOnce = new WeakSet<object>();

/**
 * botbuilder's Connector client retries on its own: a 429 after sleeping out its Retry-After (up to three times), a
 * 5xx or a dropped connection with backoff. A proactive send would hold the outbox dispatcher for as long (emails and
 * every other chat waiting behind it), and a long Retry-After would outlive the message's lease. The outbox retries
 * these itself, honouring Retry-After without holding anything else up, so the client of a proactive turn sends
 * once: its retry policy is taken out of its pipeline. The adapter keeps proactive turns' clients apart from the
 * clients a turn's replies use (which keep their retries; connectorClients.ts) and reuses them, so a client already
 * made to send once is remembered as such. False when the client is not shaped as expected (a botbuilder upgrade):
 * the send then goes with botbuilder's retries.
 */
export function sendOnlyOnce(context: TurnContext): boolean {
  const key = context.adapter?.ConnectorClientKey;
  const connector: unknown = key === undefined ? undefined : context.turnState?.get(key);
  const pipeline = (
    connector as { client?: { pipeline?: { removePolicy?: (policy: { name: string }) => unknown[] } } } | undefined
  )?.client?.pipeline;
  if (typeof pipeline?.removePolicy !== 'function') return false;
  if (sendingOnce.has(pipeline)) return true;
  const removed = pipeline.removePolicy({ name: CLIENT_RETRY_POLICY });
  if (!Array.isArray(removed) || removed.length === 0) return false;
  sendingOnce.add(pipeline);
  return true;
}
