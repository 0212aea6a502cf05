import { randomUUID } from 'node:crypto';
import {
  type AuditEntry,
  PARTNER_ANSWER_EVENT_TYPES,
  type AssignmentStore,
  type Clock,
  type NewOutboxMessage,
  type PartnerAnswer,
  type PartnerAnswerEvent,
  type PartnerAnswerKind,
  type PartnerDirectory,
  type RoleDirectory,
  type SubscriptionDirectory,
} from '../core';
import type { AnswerLinkClaims } from './answerLink';

/** What the answer page shows of the change a link names. */
export interface AnsweredChange {
  change: AuditEntry;
  customer: string;
  /** `service` is empty for a subscription the directory no longer lists. */
  subscription: { id: string; service: string; name: string };
  partner: { partnerId: string; name: string };
}

export type AnswerPageState =
  /** The link names no change this bot knows, or one that named no partner. */
  | { state: 'unknown' }
  /** A later change to the subscription: this one can no longer be answered. */
  | { state: 'superseded'; facts: AnsweredChange }
  | { state: 'open'; facts: AnsweredChange }
  | { state: 'answered'; facts: AnsweredChange; answer: PartnerAnswer };

export interface PartnerAnswersDeps {
  store: AssignmentStore;
  subscriptions: SubscriptionDirectory;
  roles: Pick<RoleDirectory, 'getTenant'>;
  partners: PartnerDirectory;
  clock: Clock;
  /** Where the answer's event is posted (WEBHOOK_URLS). */
  webhookUrls?: readonly string[];
  /** Told after an answer queued messages, so they go now rather than at the next poll. */
  onOutboxWritten?: () => void;
  newEventId?: () => string;
}

/**
 * A partner's answer to the change that named it: what the page shows (reads only) and the answer itself, recorded
 * once with the owner's Teams message and the webhook events, in one store transaction.
 */
export class PartnerAnswers {
  constructor(private readonly deps: PartnerAnswersDeps) {}

  async read(link: AnswerLinkClaims): Promise<AnswerPageState> {
    const facts = await this.facts(link);
    if (!facts) return { state: 'unknown' };
    const { change } = facts;
    const [answers, current] = await Promise.all([
      this.deps.store.partnerAnswers(change.tenantId, [change.eventId]),
      this.deps.store.getAssignments(change.tenantId, [change.subscriptionId]),
    ]);
    if ((current.get(change.subscriptionId)?.version ?? 0) !== change.version) return { state: 'superseded', facts };
    const answer = answers.get(change.eventId);
    return answer ? { state: 'answered', facts, answer } : { state: 'open', facts };
  }

  async answer(link: AnswerLinkClaims, answer: PartnerAnswerKind, reason: string | null): Promise<AnswerPageState> {
    const facts = await this.facts(link);
    if (!facts) return { state: 'unknown' };
    const { change, partner, subscription, customer } = facts;
    const at = this.deps.clock.now().toISOString();
    const eventId = this.deps.newEventId?.() ?? randomUUID();
    const given = answer === 'declined' && reason ? reason : null;
    const event: PartnerAnswerEvent = {
      specversion: '1.0',
      id: eventId,
      source: `/tenants/${encodeURIComponent(change.tenantId)}/subscriptions/${encodeURIComponent(change.subscriptionId)}`,
      type: PARTNER_ANSWER_EVENT_TYPES[answer],
      time: at,
      datacontenttype: 'application/json',
      data: {
        tenant: { id: change.tenantId, name: customer },
        subscription: { ...subscription },
        partner: { ...partner },
        change: { id: change.eventId, version: change.version },
        reason: given,
      },
    };
    const outbox: NewOutboxMessage[] = [
      {
        channel: 'teams',
        tenantId: change.tenantId,
        subscriptionId: change.subscriptionId,
        payload: {
          kind: 'partnerAnswered',
          to: { tenantId: change.tenantId, aadObjectId: change.actorId },
          answer,
          reason: given,
          partnerName: partner.name,
          partnerId: partner.partnerId,
          subscriptionId: subscription.id,
          service: subscription.service,
          subscriptionName: subscription.name,
          at,
        },
      },
      ...(this.deps.webhookUrls ?? []).map(
        (target): NewOutboxMessage => ({
          channel: 'webhook',
          tenantId: change.tenantId,
          subscriptionId: change.subscriptionId,
          target,
          payload: event,
        }),
      ),
    ];
    const result = await this.deps.store.recordPartnerAnswer({
      changeEventId: change.eventId,
      tenantId: change.tenantId,
      subscriptionId: change.subscriptionId,
      version: change.version,
      partnerId: partner.partnerId as PartnerAnswer['partnerId'],
      partnerName: partner.name,
      answer,
      reason: given,
      at,
      eventId,
      outbox,
    });
    if (result.outcome === 'superseded') return { state: 'superseded', facts };
    if (result.outcome === 'recorded') this.deps.onOutboxWritten?.();
    return { state: 'answered', facts, answer: result.answer };
  }

  /** The change a link names, with the names to show; null when the link's change is not one a partner answers. */
  private async facts(link: AnswerLinkClaims): Promise<AnsweredChange | null> {
    const change = await this.deps.store.changeByEventId(link.changeEventId);
    if (!change || change.version !== link.version || change.kind === 'remove' || !change.newPartnerId) return null;
    const [tenant, subscription, partner] = await Promise.all([
      this.deps.roles.getTenant(change.tenantId),
      this.deps.subscriptions.getSubscription(change.tenantId, change.subscriptionId),
      this.deps.partners.findPartner(change.newPartnerId),
    ]);
    return {
      change,
      customer: tenant?.name ?? change.tenantId,
      // A subscription the directory no longer lists is still named, by its id.
      subscription: subscription
        ? { id: subscription.id, service: subscription.service, name: subscription.name }
        : { id: change.subscriptionId, service: '', name: change.subscriptionId },
      partner: { partnerId: change.newPartnerId, name: partner?.name ?? `Partner ${change.newPartnerId}` },
    };
  }
}
