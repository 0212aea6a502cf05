import type { MailDelivered, Partner } from '../core';
import { emailSentenceIn } from './changesIn';
import { message, sentences } from './formatter';
import type { BatchEmailState } from './labels';
import type { Language } from './language';

/**
 * The sentences built from data of an action on several subscriptions, in the person's language. In English they
 * are the same words as labels.ts's `subscriptionsText`, `selectionDoneMessage` and `BATCH_EMAIL_LABELS`, which the
 * tab still says (test/wording/changesIn.test.ts).
 */

/** `these 3 subscriptions`, or `this 1 subscription`: how the cards of an action on several name them. */
export function subscriptionsTextIn(language: Language, count: number): string {
  return message(language, 'several.count', { count });
}

/**
 * What one action on several subscriptions did: the partner named, and who is told by email (the partner named, and
 * each partner replaced, once).
 */
export function selectionDoneMessageIn(
  language: Language,
  count: number,
  change: { newPartner: Partner; oldPartners: readonly Partner[] },
  mail: MailDelivered = 'sent',
): string {
  const named = message(language, 'several.done.nowPartner', { partnerName: change.newPartner.name, count });
  return [change.newPartner, ...change.oldPartners].reduce(
    (text, partner) => sentences(language, text, emailSentenceIn(language, partner, mail)),
    named,
  );
}

/** Where the action's partner emails stand, as a sentence (`BATCH_EMAIL_LABELS` and a stop). */
export function batchEmailTextIn(language: Language, state: BatchEmailState): string {
  const label =
    state === 'overtaken' ? message(language, 'several.email.overtaken') : message(language, `status.email.${state}`);
  return message(language, 'text.sentence', { text: label });
}
