import { message } from './formatter';
import { timeText, type Reader } from './times';

/**
 * What the owner who made a change is told in Teams once its partner answered, in the owner's language and time zone;
 * in English, partnerAnswer.ts's words (test/wording/partnerAnswerIn.test.ts).
 */

/** `subscription` is "Service: Name"; `at` the answer's time (ISO 8601), said as the reader reads times. */
export function ownerConfirmedIn(reader: Reader, partner: string, subscription: string, at: string): string {
  return message(reader.language, 'answer.ownerConfirmed', { partner, subscription, when: timeText(at, reader) });
}

/** The decline's notice: who declined which subscription, their reason, and the two ways to act on it. */
export function ownerDeclinedIn(
  reader: Reader,
  partner: string,
  subscription: string,
  reason: string | null,
): { title: string; message: string; hint: string } {
  const { language } = reader;
  return {
    title: message(language, 'answer.ownerDeclinedTitle', { partner, subscription }),
    message: reason
      ? message(language, 'answer.ownerDeclinedReason', { reason })
      : message(language, 'answer.ownerDeclinedNoReason'),
    hint: message(language, 'answer.ownerDeclinedNext'),
  };
}
