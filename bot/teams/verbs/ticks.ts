import { MAX_BATCH_CHANGES } from '../../core';
import type { AdaptiveCard } from '../cardRenderer';
import { ACTIONS } from '../noticeCards';
import type { VerbCall } from './verb';

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
  const { title, message } = {
    none: { title: 'No subscription chosen', message: 'Tick at least one subscription, or all of them.' },
    tooMany: {
      title: `More than ${MAX_BATCH_CHANGES} subscriptions`,
      message: `One action changes at most ${MAX_BATCH_CHANGES} subscriptions: tick up to ${MAX_BATCH_CHANGES}.`,
    },
    twice: { title: 'A subscription was sent twice', message: 'Start again from the picker.' },
  }[problem];
  return call.notices.notice({
    title,
    message: `${message} Nothing was changed.`,
    actions: [ACTIONS.start('attach'), ACTIONS.status],
  });
}
