import { changeEventFor, webhookMessagesFor } from './changeEvents';
import { batchPartnerEmailsFor } from './partnerNotifications';
import type { AssignmentChange } from './ports';
import { MAX_BATCH_CHANGES } from './ports';
import type { AuditEntry, DirectoryUser, Partner, PartnerIdKind, SubscriptionView, TenantRef } from './types';

/** One subscription of a selection, at the version the card or page showed it. */
export interface SelectedSubscription {
  subscriptionId: string;
  version: number;
}

/** Attach one partner to several subscriptions, or change the partner of several: one action, all or none. */
export interface BatchRequest {
  kind: PartnerIdKind;
  selection: readonly SelectedSubscription[];
  partnerId: string;
  /** One id for the whole action; each subscription's idempotency key is derived from it. */
  actionId: string;
}

export interface BatchChangeOutcome {
  /** False when the same action had already been applied: the caller answers as if it just happened. */
  firstTime: boolean;
  newPartner: Partner;
  /** One per subscription, in the order selected. */
  changes: { view: SubscriptionView; audit: AuditEntry; oldPartner: Partner | null }[];
}

/** The partners an action on several subscriptions replaced, each once, in the order first met. */
export function replacedPartners(saved: BatchChangeOutcome): Partner[] {
  const olds = new Map(saved.changes.flatMap((c) => (c.oldPartner ? [[c.oldPartner.partnerId, c.oldPartner]] : [])));
  return [...olds.values()];
}

/** Partner ID checked for a selection: the subscriptions as they are, and the partner to confirm. */
export interface CheckedSelection {
  views: SubscriptionView[];
  partner: Partner;
}

/**
 * Some subscriptions of a selection are not at the versions shown: nothing was done. `attemptBatch` answers it as
 * the `staleSelection` outcome, with those subscriptions as they are now.
 */
export class StaleSelectionError extends Error {
  constructor(readonly subscriptionIds: string[]) {
    super(`stale selection: ${subscriptionIds.length} changed`);
    this.name = 'StaleSelectionError';
  }
}

/** A selection is 1 to MAX_BATCH_CHANGES distinct subscriptions; the edges (zod) refuse anything else first. */
export function checkSelection(selection: readonly SelectedSubscription[]): void {
  const ids = new Set(selection.map((s) => s.subscriptionId));
  if (selection.length === 0 || selection.length > MAX_BATCH_CHANGES || ids.size !== selection.length)
    throw new RangeError(`A selection holds 1 to ${MAX_BATCH_CHANGES} distinct subscriptions`);
}

/** What the changes of one batch are made from, read before they are written. */
export interface BatchPlan {
  request: BatchRequest;
  tenant: TenantRef;
  actor: DirectoryUser;
  newPartner: Partner;
  /** The subscriptions as read now, in the order selected. */
  before: readonly SubscriptionView[];
  at: string;
  eventIds: readonly string[];
  webhookUrls: readonly string[];
}

/**
 * The store's changes for a batch: each with its own key (from the action id), event and webhook messages; the
 * partner emails, one per partner, each written with the first change it tells of.
 */
export function batchChangesFor(plan: BatchPlan): AssignmentChange[] {
  const { request, tenant, actor, newPartner, at } = plan;
  const planned = plan.before.map((view, i) => ({
    view,
    expectedVersion: request.selection[i]!.version,
    eventId: plan.eventIds[i]!,
  }));
  const emails = batchPartnerEmailsFor(
    { kind: request.kind, tenant, actor, newPartner, at },
    planned.map((p) => ({
      subscription: p.view.subscription,
      oldPartner: p.view.partner,
      eventId: p.eventId,
      version: p.expectedVersion + 1,
    })),
  );
  return planned.map(({ view, expectedVersion, eventId }) => {
    const { subscription } = view;
    const facts = { kind: request.kind, tenant, subscription, actor, oldPartner: view.partner, newPartner, at };
    const event = changeEventFor(facts, eventId, expectedVersion + 1);
    return {
      tenantId: tenant.id,
      subscriptionId: subscription.id,
      kind: request.kind,
      expectedVersion,
      initialPartnerId: subscription.initialPartnerId,
      newPartnerId: newPartner.partnerId,
      actorId: actor.aadObjectId,
      actorName: actor.name,
      at,
      eventId,
      idempotencyKey: `${tenant.id}:${subscription.id}:${request.actionId}`,
      outbox: [
        ...(emails.get(subscription.id) ?? []),
        ...webhookMessagesFor(event, tenant.id, subscription.id, plan.webhookUrls),
      ],
    };
  });
}
