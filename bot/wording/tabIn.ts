import type { AuditEntry, ChangeKind, Partner, PartnerAnswer, Role } from '../core';
import { partnerTextIn } from './changesIn';
import { message, sentences } from './formatter';
import type { EmailState } from './labels';
import type { Language } from './language';
import type { MessageKey } from './messages';
import { type TimedText, timed } from './timedText';

/**
 * The tab's sentences built from data, in the page's language. In English they are the very words labels.ts and
 * partnerAnswer.ts say (test/wording/tabIn.test.ts). Times are left to the page (timedText.ts): it knows the zone.
 */

const CHANGED_BY: Readonly<Record<ChangeKind, MessageKey>> = {
  attach: 'status.attached',
  change: 'status.changed',
  remove: 'status.removed',
};

type Answer = Pick<PartnerAnswer, 'answer' | 'partnerName' | 'at' | 'reason'>;

/** "Owner (administrator)". */
export function roleLabelIn(language: Language, role: Role): string {
  return message(language, `role.${role}`);
}

/** Where a partner's email stands ("Partner emailed"), as the status card says it. */
export function emailStateIn(language: Language, state: EmailState): string {
  return message(language, `status.email.${state}`);
}

/** A subscription's partner of record, or "No partner of record". */
export function partnerOfRecordIn(language: Language, partner: Partner | null): string {
  return partner ? partnerTextIn(language, partner) : message(language, 'status.noPartner');
}

/** "Attached by Ada Owner on <time>" (labels.ts's `describeChange`). */
export function lastChangeIn(language: Language, change: Pick<AuditEntry, 'kind' | 'actorName' | 'at'>): TimedText {
  return timed((when) => changedBy(language, change, when));
}

function changedBy(
  language: Language,
  change: Pick<AuditEntry, 'kind' | 'actorName' | 'at'>,
  when: (iso: string) => string,
): string {
  return message(language, CHANGED_BY[change.kind], { actorName: change.actorName, when: when(change.at) });
}

/** "Confirmed by Wingtip Partners on <day>", "Declined by ... on <day>: reason" (partnerAnswer.ts's `answerSummary`). */
export function answerIn(language: Language, answer: Answer): TimedText {
  return timed((when) => answerSummary(language, answer, when(answer.at, 'date')));
}

function answerSummary(language: Language, answer: Answer, day: string): string {
  const said = message(language, answer.answer === 'confirmed' ? 'status.confirmed' : 'status.declined', {
    partnerName: answer.partnerName,
    day,
  });
  return answer.reason ? message(language, 'status.declinedBecause', { said, reason: answer.reason }) : said;
}

/** A text as a sentence: a stop added unless it already ends with one (partnerAnswer.ts's `answerSentence`). */
function sentenceIn(language: Language, text: string): string {
  const ended = /[.!?]$/.test(text) || (language === 'ja' && /[。！？]$/.test(text));
  return ended ? text : message(language, 'text.sentence', { text });
}

/** One entry of a subscription's history: who changed what when, from which partner to which, and the answer. */
export function historyEntryIn(
  language: Language,
  entry: Pick<AuditEntry, 'kind' | 'actorName' | 'at'>,
  partners: { oldPartner: Partner | null; newPartner: Partner | null },
  answer: Answer | null,
): TimedText {
  return timed((when) => {
    const changed = message(language, 'text.sentence', { text: changedBy(language, entry, when) });
    const fromTo = message(language, 'tab.history.fromTo', {
      oldPartner: partnerTextIn(language, partners.oldPartner),
      newPartner: partnerTextIn(language, partners.newPartner),
    });
    const said = answer ? sentenceIn(language, answerSummary(language, answer, when(answer.at, 'date'))) : '';
    return sentences(language, sentences(language, changed, fromTo), said);
  });
}

/** "Partner ID 2345678 is registered to Wingtip Partners. Is this the right partner?" */
export function checkQuestionIn(language: Language, partner: Pick<Partner, 'partnerId' | 'name'>): string {
  const registered = message(language, 'tab.check.registeredTo', {
    partnerId: partner.partnerId,
    partnerName: partner.name,
  });
  return sentences(language, registered, message(language, 'confirm.question'));
}
