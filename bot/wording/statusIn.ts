import type { AuditEntry, PartnerAnswer, SubscriptionListNote, SubscriptionView } from '../core';
import { message, sentences } from './formatter';
import type { EmailState } from './labels';
import type { Language } from './language';
import type { MessageKey } from './messages';
import { dayText, timeText, type Reader } from './times';

/**
 * The status card's sentences built from data, in the person's language. In English they are the same words as
 * labels.ts's, partnerAnswer.ts's and azure.ts's, which the tab still says (test/wording/changesIn.test.ts).
 */

/** "Subscriptions 1-20 of 45 (page 1 of 3). 2 have no partner of record." */
export function statusSummaryIn(
  language: Language,
  views: readonly SubscriptionView[],
  shown: { from: number; to: number; page: number; pageCount: number },
): string {
  if (views.length === 0) return message(language, 'status.noSubscriptions');
  const { from, to, page, pageCount } = shown;
  const range =
    pageCount > 1
      ? message(language, 'status.rangePaged', { from, to, total: views.length, page: page + 1, pageCount })
      : message(language, 'status.range', { from, to, total: views.length });
  const count = views.filter((v) => !v.partner).length;
  const partners =
    count === 0 ? message(language, 'status.everyHasPartner') : message(language, 'status.withoutPartner', { count });
  return sentences(language, range, partners);
}

const CHANGED_BY: Readonly<Record<AuditEntry['kind'], MessageKey>> = {
  attach: 'status.attached',
  change: 'status.changed',
  remove: 'status.removed',
};

/** "Attached by Ada on ...", then where the partner's email stands and what the partner answered, if anything. */
export function lastChangeLineIn(
  reader: Reader,
  change: AuditEntry,
  email: EmailState | null,
  answer: PartnerAnswer | null | undefined,
): string {
  const { language } = reader;
  const changed = message(language, CHANGED_BY[change.kind], {
    actorName: change.actorName,
    when: timeText(change.at, reader),
  });
  if (!email && !answer) return changed;
  const emailText = email
    ? message(language, 'text.sentence', { text: message(language, `status.email.${email}`) })
    : '';
  const said = answer ? answerSentenceIn(reader, answer) : '';
  const first = message(language, 'text.sentence', { text: changed });
  return sentences(language, sentences(language, first, emailText), said);
}

/** A partner's answer as a sentence: a stop added unless the partner's reason already ends with one. */
function sentenceIn(language: Language, text: string): string {
  const ended = /[.!?]$/.test(text) || (language === 'ja' && /[。！？]$/.test(text));
  return ended ? text : message(language, 'text.sentence', { text });
}

/** "Confirmed by Wingtip Partners on 2026-12-09.", "Declined by ... : reason" (partnerAnswer.ts's `answerSentence`). */
export function answerSentenceIn(reader: Reader, answer: PartnerAnswer): string {
  const { language } = reader;
  const partnerName = answer.partnerName;
  const day = dayText(answer.at, reader);
  const said = message(language, answer.answer === 'confirmed' ? 'status.confirmed' : 'status.declined', {
    partnerName,
    day,
  });
  const withReason = answer.reason
    ? message(language, 'status.declinedBecause', { said, reason: answer.reason })
    : said;
  return sentenceIn(language, withReason);
}

/** What the list could not show; `command` is the Reader command for this tenant (azure.ts's `listNotesText`). */
export function listNotesTextIn(language: Language, notes: readonly SubscriptionListNote[], command?: string): string {
  return notes
    .map((note) =>
      note === 'azureNoneVisible' && command
        ? message(language, 'status.azureNoneVisibleCommand', { command })
        : message(language, `status.${note}`),
    )
    .reduce((text, note) => sentences(language, text, note), '');
}
