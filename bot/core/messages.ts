import type { MailDelivered } from './ports/mailer';

/** What a change owes people, as data: the partner's email and the owner's Teams notices, rendered when sent. */

export interface PersonRef {
  name: string;
  email: string;
}

/** An email to a partner about a change of partner of record. Rendered when sent, from this data. */
export interface PartnerEmailPayload {
  /** added: now partner of record; replaced: no longer (another partner was attached); removed: no longer. */
  template: 'added' | 'replaced' | 'removed';
  to: PersonRef;
  partner: { partnerId: string; name: string };
  customer: { tenantId: string; name: string };
  subscription: { id: string; service: string; name: string };
  actor: { aadObjectId: string; name: string };
  at: string;
  /**
   * The partner contact's language tag as it was when the change was saved, so the email is written in the same
   * language however often it is retried. Absent: none known, or queued before it was kept; read as English.
   */
  language?: string;
  /**
   * The change this email tells of (its event id and the version it made): an `added` email links the page where
   * the partner confirms or declines it. Absent in emails queued before answers were kept.
   */
  change?: { eventId: string; version: number };
  /**
   * One action on several subscriptions: every subscription it changed for this partner (the first is
   * `subscription`), each with its change. One email tells of them all. Absent for one subscription.
   */
  batch?: BatchEmailEntry[];
}

export interface BatchEmailEntry {
  subscription: { id: string; service: string; name: string };
  /** As `change` above: present in an `added` email, so each subscription can be confirmed or declined. */
  change?: { eventId: string; version: number };
}

/** Who in Teams a message is for: the stored conversation reference of this user is used. */
export interface TeamsRecipient {
  tenantId: string;
  aadObjectId: string;
}

/** A message to a person in Teams. Rendered by the Teams layer when sent. */
export type TeamsPayload =
  | {
      kind: 'partnerNotified';
      to: TeamsRecipient;
      partnerName: string;
      partnerEmail: string;
      subscriptionName: string;
      template: PartnerEmailPayload['template'];
      /** `file`: the email was only written to the bot's mail folder. Absent in notices queued before it was kept. */
      delivered?: MailDelivered;
    }
  | {
      kind: 'partnerNotNotified';
      to: TeamsRecipient;
      partnerName: string;
      partnerEmail: string;
      subscriptionName: string;
      template: PartnerEmailPayload['template'];
      reason: string;
    }
  | {
      /** The partner a change named answered it from the link in its email: told to the owner who made it. */
      kind: 'partnerAnswered';
      to: TeamsRecipient;
      answer: 'confirmed' | 'declined';
      reason: string | null;
      partnerName: string;
      partnerId: string;
      subscriptionId: string;
      service: string;
      subscriptionName: string;
      at: string;
    }
  | {
      kind: 'nudge';
      to: TeamsRecipient;
      /**
       * The chat the nudge was queued for (the person's stored conversation when the nudge pass ran). It goes
       * there or nowhere: if the person's chat is another one by the time it is sent, it is not sent into it
       * ('moved'), and counts as undelivered. Absent in nudges queued before it was recorded: they go to the
       * person's current chat.
       */
      conversationId?: string;
      subscriptionId: string;
      service: string;
      subscriptionName: string;
    }
  | {
      /**
       * One card for an owner listing the subscriptions without a partner of record, drawn from the current state
       * when it is sent (so nothing in it is stale). It goes into this chat or nowhere, as a nudge does.
       */
      kind: 'nudgeDigest';
      to: TeamsRecipient;
      conversationId: string;
    };
