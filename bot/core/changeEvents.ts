import { CHANGE_EVENT_TYPES, type ChangeEvent } from './events';
import type { NewOutboxMessage } from './ports';
import type { ChangeFacts } from './partnerNotifications';
import type { Partner } from './types';

/**
 * The change event of a change: a CloudEvents 1.0 event (JSON form) that the organisation running the bot can act
 * on (CRM, billing, tickets). `eventId` is the UUID stored with the change's audit entry; `version` is the
 * subscription's version once the change is applied.
 */
export function changeEventFor(facts: ChangeFacts, eventId: string, version: number): ChangeEvent {
  const partner = (p: Partner | null) => (p ? { partnerId: p.partnerId, name: p.name } : null);
  return {
    specversion: '1.0',
    id: eventId,
    source: `/tenants/${encodeURIComponent(facts.tenant.id)}/subscriptions/${encodeURIComponent(facts.subscription.id)}`,
    type: CHANGE_EVENT_TYPES[facts.kind],
    time: facts.at,
    datacontenttype: 'application/json',
    data: {
      tenant: { id: facts.tenant.id, name: facts.tenant.name },
      subscription: { id: facts.subscription.id, service: facts.subscription.service, name: facts.subscription.name },
      oldPartner: partner(facts.oldPartner),
      newPartner: partner(facts.newPartner),
      actor: { id: facts.actor.aadObjectId, name: facts.actor.name },
      version,
    },
  };
}

/** One outbox message per receiver, each carrying the same event. */
export function webhookMessagesFor(
  event: ChangeEvent,
  tenantId: string,
  subscriptionId: string,
  urls: readonly string[],
): NewOutboxMessage[] {
  return urls.map((target) => ({ channel: 'webhook', tenantId, subscriptionId, target, payload: event }));
}
