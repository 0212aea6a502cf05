import { MAX_BATCH_CHANGES } from '../../core';
import { message } from '../../wording/formatter';
import type { AdaptiveCard } from '../cardRenderer';
import { actionsIn } from '../noticeCards';
import { languageOf, type VerbCall } from './verb';

/**
 * Ticks on the several-subscriptions picker survive paging: the card shows the page's ChoiceSet and, in a second one,
 * the subscriptions ticked on other pages (still ticked, so they can be unticked). Every button sends both, so the
 * whole selection is the two answers together.
 */
export function allTicked(onThisPage: readonly string[], elsewhere: readonly string[]): string[] | 'twice' {
  const all = [...elsewhere, ...onThisPage];
  return new Set(all).size === all.length ? all : 'twice';
}

/** The picker's answer when the ticks cannot make one action: none, more than one action takes, or one listed twice. */
export function notOneSelection(call: VerbCall, problem: 'none' | 'tooMany' | 'twice'): AdaptiveCard {
  const language = languageOf(call.turn);
  const actions = actionsIn(language);
  const values = { max: MAX_BATCH_CHANGES };
  return call.notices.notice({
    title: message(language, `several.${problem}.title`, values),
    message: message(language, `several.${problem}.message`, values),
    actions: [actions.start('attach'), actions.status],
    language,
  });
}
