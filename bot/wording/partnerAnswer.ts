import type { PartnerAnswer } from '../core';
import { dayText, type Reader } from './times';

/**
 * What the owner's message, the status card, the tab and the CSV say about a partner's answer (the partner's page
 * says it in the catalogs' `answerPage.*`). A confirmation is the partner's word to this organization's record:
 * nothing at Microsoft changes or is decided by it, and nothing here may say otherwise.
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

/**
 * What the owner is told in Teams when the partner a change named answered it (in English: the catalogs say it in the
 * owner's language, partnerAnswerIn.ts). `when`: the time of the answer, as the owner reads times.
 */
export function ownerConfirmedText(partner: string, subscription: string, when: string): string {
  return (
    `${partner} confirmed on ${when} that it works with your organization on ${subscription}. ` +
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
