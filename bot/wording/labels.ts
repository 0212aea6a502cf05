import type {
  AuditEntry,
  ChangeKind,
  EmailStatus,
  Partner,
  Role,
  SubscriptionView,
  MailDelivered,
  Upstream,
} from '../core';
import { timeText, type Reader } from './times';

/**
 * The words the chat, the tab and the emails share: labels for roles, services that did not answer, email
 * delivery, changes, dates and lists. Plain text: cards show outside data as TextRun, which no markdown touches.
 */

/** What each kind of change is called on the cards that start it. */
export const CHANGE_TITLES: Record<ChangeKind, string> = {
  attach: 'Add a partner of record',
  change: 'Change the partner of record',
  remove: 'Remove a partner of record',
};

/**
 * What the owner is told once a change is saved, in the chat's final card and the tab alike: who is partner
 * of record now, and who will be emailed about it. `mail`: `file` when the bot has no mail server, so an email is
 * only written to its mail folder.
 */
export function changeDoneMessage(
  subscriptionName: string,
  change: { kind: ChangeKind; oldPartner: Partner | null; newPartner: Partner | null },
  mail: MailDelivered = 'sent',
): string {
  const told = [change.newPartner, change.oldPartner].flatMap((p) => (p ? [emailSentence(p, mail)] : [])).join(' ');
  const message =
    change.kind === 'remove'
      ? `${subscriptionName} has no partner of record now.`
      : `${change.newPartner?.name ?? ''} is now the partner of record for ${subscriptionName}.`;
  return told ? `${message} ${told}` : message;
}

/** `these 3 subscriptions`, or `this 1 subscription`: how the cards of an action on several name them. */
export function subscriptionsText(count: number): string {
  return count === 1 ? 'this 1 subscription' : `these ${count} subscriptions`;
}

/**
 * What one action on several subscriptions did, for the chat's card and the tab: the partner named, and who is told
 * by email (the partner named, and each partner replaced, once).
 */
export function selectionDoneMessage(
  count: number,
  change: { kind: ChangeKind; newPartner: Partner; oldPartners: readonly Partner[] },
  mail: MailDelivered = 'sent',
): string {
  const which = subscriptionsText(count);
  const named = changeDoneMessage(which, { kind: change.kind, oldPartner: null, newPartner: change.newPartner }, mail);
  return [named, ...change.oldPartners.map((p) => emailSentence(p, mail))].join(' ');
}

export const ROLE_LABELS: Record<Role, string> = {
  owner: 'Owner (administrator)',
  serviceAdmin: 'Service admin',
  coAdmin: 'Co-admin',
  delegatedAdmin: 'Delegated admin (partner)',
  member: 'User',
};

export function partnerText(partner: Partner | null): string {
  return partner ? `${partner.name} (${partner.partnerId})` : 'None';
}

/** "Attached by Ada on 2026-12-07 23:05 UTC", the time in the reader's zone when one is known (times.ts). */
export function describeChange(entry: AuditEntry, reader?: Reader): string {
  const verb = entry.kind === 'attach' ? 'Attached' : entry.kind === 'change' ? 'Changed' : 'Removed';
  return `${verb} by ${entry.actorName} on ${timeText(entry.at, reader)}`;
}

/** "A", "A and B", "A, B and C" (or with "or": any one of them). */
export function listNames(names: readonly string[], conjunction: 'and' | 'or' = 'and'): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} ${conjunction} ${names[names.length - 1]}`;
}

/**
 * What the owner is told about a partner's email after a change. A partner with no known contact (Partner
 * Center gives no address, and the contacts file has none) is not emailed; the change stands all the same.
 */
export function emailSentence(partner: Partner, mail: MailDelivered = 'sent'): string {
  if (!partner.email) {
    return `${partner.name} was not emailed: I have no contact address for Partner ID ${partner.partnerId}, so please tell them yourself.`;
  }
  return mail === 'file'
    ? `${partner.name} will not be emailed: this bot has no mail server, so its email is only written to the bot's mail folder. Please tell them yourself.`
    : `${partner.name} will be told by email.`;
}

/** When to try again, in words: "in 1 second", "in 40 seconds", "in about 2 minutes". */
export function waitText(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 90) return `in ${s} second${s === 1 ? '' : 's'}`;
  return `in about ${Math.round(s / 60)} minutes`;
}

/** How a card or the tab names the service that did not answer. */
export const UPSTREAM_NAMES: Record<Upstream, string> = {
  graph: "Microsoft's directory",
  arm: 'Azure Resource Manager',
  entra: "Microsoft's sign-in service",
  partnerCenter: "Microsoft's partner registry",
  store: "the bot's database",
};

export function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Where the partner emails of a subscription's last change stand, as the status card and the tab say it. */
export type EmailState = EmailStatus | 'noContact';
export const EMAIL_STATE_LABELS: Record<EmailState, string> = {
  sent: 'Partner emailed',
  filed: "Email to the partner not sent (no mail server): it is in the bot's mail folder",
  pending: 'Email to the partner not sent yet',
  failed: 'Email to the partner failed: please tell the partner yourself',
  noContact: 'Partner not emailed: no contact address is known for it',
};

export function emailState(view: SubscriptionView): EmailState | null {
  if (view.emailStatus) return view.emailStatus;
  return view.partner && !view.partner.email ? 'noContact' : null;
}

/**
 * Where the partner emails of one action on several subscriptions stand, said once for the action. `overtaken`: a
 * subscription whose change wrote one of them has changed since, so its delivery is no longer known here.
 */
export type BatchEmailState = EmailState | 'overtaken';
export const BATCH_EMAIL_LABELS: Record<BatchEmailState, string> = {
  ...EMAIL_STATE_LABELS,
  overtaken: 'Partner emails of this action: no longer shown here, as a subscription has changed since',
};

/** Asked when a Partner ID resolved to a registered name, before anything is changed. */
export const CONFIRM_PARTNER_QUESTION = 'Is this the right partner?';

export const NO_PARTNER_OF_RECORD = 'No partner of record';
