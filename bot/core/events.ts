// The change events a webhook receiver is posted (CloudEvents 1.0, JSON form): a change, or a partner's answer.

/** The kinds of change event, one per kind of change (CloudEvents `type`). */
export const CHANGE_EVENT_TYPES = {
  attach: 'com.partnerofrecord.assignment.attached',
  change: 'com.partnerofrecord.assignment.changed',
  remove: 'com.partnerofrecord.assignment.removed',
} as const;
export type ChangeEventType = (typeof CHANGE_EVENT_TYPES)[keyof typeof CHANGE_EVENT_TYPES];

/** A partner in a change event: absent (null) before an attach and after a remove. */
export interface ChangeEventPartner {
  partnerId: string;
  name: string;
}

/**
 * A change of partner of record as a CloudEvents 1.0 event, in its JSON form (the attributes and `data`). Kept in
 * the outbox as it is, so every delivery of one event, to every receiver and on every attempt, carries the same
 * attributes; the webhook sender serialises it with the cloudevents package when it posts it.
 */
export interface ChangeEvent {
  specversion: '1.0';
  /** The audit entry's event id: a UUID fixed when the change was written. Receivers deduplicate by it. */
  id: string;
  /** `/tenants/{tenantId}/subscriptions/{subscriptionId}`, each segment percent-encoded. */
  source: string;
  type: ChangeEventType;
  /** When the change was made (the audit entry's time). */
  time: string;
  datacontenttype: 'application/json';
  data: {
    tenant: { id: string; name: string };
    subscription: { id: string; service: string; name: string };
    oldPartner: ChangeEventPartner | null;
    newPartner: ChangeEventPartner | null;
    actor: { id: string; name: string };
    /** The subscription's version after the change (1 for its first change through this product). */
    version: number;
  };
}

/** A partner's answer to a change, one kind of event per answer (CloudEvents `type`). */
export const PARTNER_ANSWER_EVENT_TYPES = {
  confirmed: 'com.partnerofrecord.assignment.partner.confirmed',
  declined: 'com.partnerofrecord.assignment.partner.declined',
} as const;
export type PartnerAnswerEventType = (typeof PARTNER_ANSWER_EVENT_TYPES)[keyof typeof PARTNER_ANSWER_EVENT_TYPES];

/** The partner a change named confirmed or declined it (its word to this organization's record). */
export interface PartnerAnswerEvent {
  specversion: '1.0';
  /** The answer's own event id, a UUID kept with the answer. */
  id: string;
  source: string;
  type: PartnerAnswerEventType;
  /** When the partner answered. */
  time: string;
  datacontenttype: 'application/json';
  data: {
    tenant: { id: string; name: string };
    subscription: { id: string; service: string; name: string };
    partner: ChangeEventPartner;
    /** The change answered: its event id and the version it made. */
    change: { id: string; version: number };
    /** A decline's reason, plain text; null when none was given. */
    reason: string | null;
  };
}

/** What a webhook receiver is posted: a change, or a partner's answer to one. */
export type WebhookEvent = ChangeEvent | PartnerAnswerEvent;
