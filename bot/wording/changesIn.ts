import type { ChangeKind, MailDelivered, Partner } from '../core';
import { message, sentences } from './formatter';
import type { Language } from './language';

/**
 * The one-subscription change's sentences built from data, in the person's language. In English they are the
 * same words as labels.ts's (test/wording/changesIn.test.ts).
 */

/** What each kind of change is called on the cards that start it. */
export function changeTitleIn(language: Language, kind: ChangeKind): string {
  return message(language, `change.title.${kind}`);
}

/** "Contoso Partners (1234567)", or "None". */
export function partnerTextIn(language: Language, partner: Partner | null): string {
  return partner ? `${partner.name} (${partner.partnerId})` : message(language, 'partner.none');
}

/** What the owner is told about a partner's email after a change (labels.ts's `emailSentence`). */
export function emailSentenceIn(language: Language, partner: Partner, mail: MailDelivered = 'sent'): string {
  const partnerName = partner.name;
  if (!partner.email) return message(language, 'email.noContact', { partnerName, partnerId: partner.partnerId });
  return message(language, mail === 'file' ? 'email.noMailServer' : 'email.willBeTold', { partnerName });
}

/** Who is partner of record now, and who will be emailed about it (labels.ts's `changeDoneMessage`). */
export function changeDoneMessageIn(
  language: Language,
  subscriptionName: string,
  change: { kind: ChangeKind; oldPartner: Partner | null; newPartner: Partner | null },
  mail: MailDelivered = 'sent',
): string {
  const done =
    change.kind === 'remove'
      ? message(language, 'done.noPartnerNow', { subscriptionName })
      : message(language, 'done.nowPartner', { subscriptionName, partnerName: change.newPartner?.name ?? '' });
  return [change.newPartner, change.oldPartner].reduce(
    (text, partner) => (partner ? sentences(language, text, emailSentenceIn(language, partner, mail)) : text),
    done,
  );
}
