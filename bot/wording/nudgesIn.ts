import { message, sentences } from './formatter';
import type { Language } from './language';

/**
 * The nudge's and the digest's sentences built from data, in the person's language; in English, nudges.ts's words
 * (test/wording/nudgesIn.test.ts).
 */

/** "21 subscriptions have no partner of record in your organization's record (1-20, page 1 of 2)." */
export function digestSummaryIn(
  language: Language,
  count: number,
  shown: { from: number; to: number; page: number; pageCount: number },
): string {
  const { from, to, page, pageCount } = shown;
  return pageCount > 1
    ? message(language, 'digest.summaryPaged', { count, from, to, page: page + 1, pageCount })
    : message(language, 'digest.summary', { count });
}

/** A digest with nothing left to list: every one has a partner now or was dismissed, and the way back. */
export function digestDoneIn(language: Language): string {
  return sentences(language, message(language, 'digest.done'), message(language, 'nudge.attachAnyTime'));
}

/** What "Not now" on a digest answers: these `count` subscriptions are not brought up again. */
export function digestDismissedIn(language: Language, count: number): string {
  return sentences(
    language,
    message(language, 'digest.dismissed', { count }),
    message(language, 'nudge.attachAnyTime'),
  );
}

/** What "Not now" on a nudge answers; `subscription` is "Service: Name". */
export function nudgeDismissedIn(language: Language, subscription: string): string {
  return sentences(
    language,
    message(language, 'nudge.dismissed', { subscription }),
    message(language, 'nudge.attachAnyTime'),
  );
}

/** A nudge's refresh once its subscription was dismissed: no reminder, and the way back. */
export function notRemindedIn(language: Language): string {
  return sentences(language, message(language, 'nudge.notReminded'), message(language, 'nudge.attachAnyTime'));
}
