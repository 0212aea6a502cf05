import type { PartnerEmailPayload } from './messages';
import type { NewOutboxMessage } from './ports';
import type { ChangeKind, DirectoryUser, Partner, Subscription, TenantRef } from './types';

export interface ChangeFacts {
  kind: ChangeKind;
  tenant: TenantRef;
  subscription: Subscription;
  actor: DirectoryUser;
  oldPartner: Partner | null;
  newPartner: Partner | null;
  at: string;
}

/**
 * Who is owed an email because of a change: the partner attached, and the partner replaced or removed.
 * A partner the directory has no email for is skipped rather than queued to fail.
 */
export function partnerEmailsFor(
  facts: ChangeFacts,
  change?: { eventId: string; version: number },
): NewOutboxMessage[] {
  const messages: NewOutboxMessage[] = [];
  const email = (template: PartnerEmailPayload['template'], partner: Partner | null) => {
    if (!partner?.email) return;
    messages.push({
      channel: 'email',
      tenantId: facts.tenant.id,
      subscriptionId: facts.subscription.id,
      notifyOwner: { tenantId: facts.actor.tenantId, aadObjectId: facts.actor.aadObjectId },
      payload: {
        template,
        to: { name: partner.contactName ?? partner.name, email: partner.email },
        partner: { partnerId: partner.partnerId, name: partner.name },
        customer: { tenantId: facts.tenant.id, name: facts.tenant.name },
        subscription: { id: facts.subscription.id, service: facts.subscription.service, name: facts.subscription.name },
        actor: { aadObjectId: facts.actor.aadObjectId, name: facts.actor.name },
        at: facts.at,
        // Only the partner now named may answer the change.
        ...(change && template === 'added' ? { change } : {}),
      },
    });
  };
  if (facts.kind !== 'remove') email('added', facts.newPartner);
  if (facts.kind === 'change') email('replaced', facts.oldPartner);
  if (facts.kind === 'remove') email('removed', facts.oldPartner);
  return messages;
}
