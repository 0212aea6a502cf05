import type { PartnerAnswer } from '../core';
import { dayText, type Reader } from './times';

/**
 * What the partner's answer page, the owner's message, the status card, the tab and the CSV say about a partner's
 * answer. A confirmation is the partner's word to this organization's record: nothing at Microsoft changes or is
 * decided by it, and nothing here may say otherwise.
 */

/**
 * "Confirmed by Wingtip Partners on 2026-12-09", "Declined by Wingtip Partners on 2026-12-09: reason". A day is enough
 * next to the change it answers: the reader's own day when their time zone is known (times.ts).
 */
export function answerSummary(
  answer: Pick<PartnerAnswer, 'answer' | 'partnerName' | 'at' | 'reason'>,
  reader?: Reader,
): string {
  const said = `${answer.answer === 'confirmed' ? 'Confirmed' : 'Declined'} by ${answer.partnerName} on ${dayText(answer.at, reader)}`;
  return answer.reason ? `${said}: ${answer.reason}` : said;
}

/** The summary as a sentence: a stop added unless the partner's reason already ends with one. */
export function answerSentence(
  answer: Pick<PartnerAnswer, 'answer' | 'partnerName' | 'at' | 'reason'>,
  reader?: Reader,
): string {
  const summary = answerSummary(answer, reader);
  return /[.!?]$/.test(summary) ? summary : `${summary}.`;
}

export const ANSWER_PAGE = {
  title: 'Your answer to a partner of record change',
  intro: (customer: string) =>
    `${customer} recorded your organization as its partner of record. Please tell them whether that is right.`,
  meaning:
    'Confirm means: we work with this customer on this subscription. Your answer goes only to the customer\u2019s own ' +
    'record and to the person who made the change. It changes nothing at Microsoft.',
  customer: 'Customer',
  subscription: 'Subscription',
  partner: 'Partner',
  recordedBy: 'Recorded by',
  confirm: 'Confirm',
  decline: 'Decline',
  reasonLabel: 'Reason for declining (optional)',
  sending: 'Sending your answer\u2026',
  failed: 'Your answer did not reach us. Wait a minute, then press the button again.',
  thanks: 'Thank you. Your answer was recorded.',
  superseded:
    'This change is no longer current: the customer has changed this subscription\u2019s partner of record since. ' +
    'There is nothing to answer here.',
  invalidTitle: 'This answer link does not work',
  invalid:
    'This link is not valid: it was changed, has expired, or is not for this site. ' +
    'Please use the link in the most recent email about this change.',
  slowDownTitle: 'Too many requests',
  slowDown: 'Too many requests came from here or for this link. Please wait a minute, then open the link again.',
  unknown: 'This link does not name a change this site knows. Please use the link in the most recent email.',
} as const;

/** What the owner is told in Teams when the partner a change named answered it. */
export function ownerConfirmedText(partner: string, subscription: string): string {
  return (
    `${partner} confirmed that it works with your organization on ${subscription}. ` +
    'This is the partner\u2019s word to your organization\u2019s own record; nothing changes at Microsoft.'
  );
}

export function ownerDeclinedTitle(partner: string, subscription: string): string {
  return `${partner} declined being the partner of record for ${subscription}`;
}

export function ownerDeclinedReason(reason: string | null): string {
  return reason ? `Their reason: ${reason}` : 'They gave no reason.';
}

export const OWNER_DECLINED_NEXT = 'Your record still names them. You can change the partner of record, or remove it.';
