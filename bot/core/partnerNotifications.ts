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

/** An email to one partner about a change, addressed, signed and stamped as every partner email is. */
function emailTo(
  facts: Pick<ChangeFacts, 'tenant' | 'actor' | 'at'>,
  template: PartnerEmailPayload['template'],
  partner: Partner & { email: string },
  subscription: Pick<Subscription, 'id' | 'service' | 'name'>,
  extra: Pick<PartnerEmailPayload, 'change' | 'batch'>,
): NewOutboxMessage {
  return {
    channel: 'email',
    tenantId: facts.tenant.id,
    subscriptionId: subscription.id,
    notifyOwner: { tenantId: facts.actor.tenantId, aadObjectId: facts.actor.aadObjectId },
    payload: {
      template,
      to: { name: partner.contactName ?? partner.name, email: partner.email },
      partner: { partnerId: partner.partnerId, name: partner.name },
      customer: { tenantId: facts.tenant.id, name: facts.tenant.name },
      subscription: { id: subscription.id, service: subscription.service, name: subscription.name },
      actor: { aadObjectId: facts.actor.aadObjectId, name: facts.actor.name },
      at: facts.at,
      ...(partner.language ? { language: partner.language } : {}),
      ...extra,
    },
  };
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
    // Only the partner now named may answer the change.
    const answerable = change && template === 'added' ? { change } : {};
    messages.push(emailTo(facts, template, { ...partner, email: partner.email }, facts.subscription, answerable));
  };
  if (facts.kind !== 'remove') email('added', facts.newPartner);
  if (facts.kind === 'change') email('replaced', facts.oldPartner);
  if (facts.kind === 'remove') email('removed', facts.oldPartner);
  return messages;
}

/** One change of an action on several subscriptions, as the emails about it need it. */
export interface BatchEmailChange {
  subscription: Subscription;
  oldPartner: Partner | null;
  eventId: string;
  version: number;
}

/**
 * The emails an action on several subscriptions owes, by the subscription whose change carries each: ONE to the
 * partner attached, listing every subscription, and one to each partner replaced, listing its own. An email is
 * written with the first change it tells of (a store writes a change's messages with that change only).
 */
export function batchPartnerEmailsFor(
  facts: Omit<ChangeFacts, 'subscription' | 'oldPartner'>,
  changes: readonly BatchEmailChange[],
): Map<string, NewOutboxMessage[]> {
  const bySubscription = new Map<string, NewOutboxMessage[]>();
  const email = (template: 'added' | 'replaced', partner: Partner | null, told: readonly BatchEmailChange[]) => {
    const first = told[0];
    if (!partner?.email || !first) return;
    const entries = told.map((c) => ({
      subscription: { id: c.subscription.id, service: c.subscription.service, name: c.subscription.name },
      // Only the partner now named may answer each change.
      ...(template === 'added' ? { change: { eventId: c.eventId, version: c.version } } : {}),
    }));
    const message = emailTo(facts, template, { ...partner, email: partner.email }, first.subscription, {
      ...(entries[0]!.change ? { change: entries[0]!.change } : {}),
      batch: entries,
    });
    bySubscription.set(first.subscription.id, [...(bySubscription.get(first.subscription.id) ?? []), message]);
  };
  email('added', facts.newPartner, changes);
  if (facts.kind === 'change') {
    const byOldPartner = new Map<string, BatchEmailChange[]>();
    for (const c of changes) {
      if (c.oldPartner)
        byOldPartner.set(c.oldPartner.partnerId, [...(byOldPartner.get(c.oldPartner.partnerId) ?? []), c]);
    }
    for (const told of byOldPartner.values()) email('replaced', told[0]!.oldPartner, told);
  }
  return bySubscription;
}
