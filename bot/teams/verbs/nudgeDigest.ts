import { z } from 'zod';
import type { Actor, SubscriptionView } from '../../core';
import { message } from '../../wording/formatter';
import { digestDoneIn, digestSummaryIn } from '../../wording/nudgesIn';
import { serviceName } from '../../wording/services';
import type { AdaptiveCard } from '../cardRenderer';
import { actionsIn } from '../noticeCards';
import { Page } from './fields';
import { paginate } from './paging';
import { defineVerb, languageOf, type VerbCall } from './verb';

/** What a digest lists now, and, when that is nothing, whether this person may change any subscription at all. */
export interface DigestList {
  /** Without a partner of record, not free/trial/viral, not dismissed by this person, and theirs to change. */
  open: SubscriptionView[];
  /** Read only when nothing is open: no role nor Azure Owner role lets this person change any subscription. */
  mayChangeNone: boolean;
}

/**
 * The subscriptions a digest lists now: no partner of record, not free/trial/viral, not dismissed by this person,
 * and this person's to change, each by its own rule (`changeable`). Read from the current state every time, so
 * a digest never shows what has changed since; someone who may change none is listed none, not refused.
 */
export async function openForDigest(call: Pick<VerbCall, 'service' | 'nudges'>, actor: Actor): Promise<DigestList> {
  const [views, dismissed] = await Promise.all([call.service.list(actor), call.nudges.dismissedSubscriptions(actor)]);
  const skip = new Set(dismissed);
  const withoutPartner = views.filter(
    (v) => !v.partner && v.subscription.nudge !== false && !skip.has(v.subscription.id),
  );
  const open = await call.service.changeable(actor, withoutPartner);
  return { open, mayChangeNone: open.length === 0 && !(await call.service.whoIs(actor)).mayChange };
}

/**
 * The card in place of a digest with no row: all done, or, for someone who may change no subscription (an owner
 * no longer, say), that none is theirs, which "every subscription has a partner now" would misstate.
 */
export function nothingToAttach(call: Pick<VerbCall, 'notices' | 'turn'>, { mayChangeNone }: DigestList): AdaptiveCard {
  const language = languageOf(call.turn);
  return call.notices.notice({
    title: message(language, mayChangeNone ? 'digest.noneYoursTitle' : 'digest.doneTitle'),
    message: mayChangeNone ? message(language, 'digest.noneYours') : digestDoneIn(language),
    containerStyle: 'good',
    actions: [actionsIn(language).status],
    language,
  });
}

/**
 * A person's digest of the subscriptions without a partner of record, 20 a page (the status card's page size), each
 * they may change, each with Attach (the ordinary `choose`), and "Not now" for the lot. Teams refreshes it with this verb: it only reads.
 */
export const nudgeDigest = defineVerb({
  verb: 'nudgeDigest',
  data: z.object({ page: Page }),
  refresh: true,
  async handle(call, { page: requestedPage }, actor) {
    const list = await openForDigest(call, actor);
    const { open } = list;
    if (open.length === 0) return nothingToAttach(call, list);
    const { items, page, pageCount, from, to } = paginate(open, requestedPage, call.settings.pageSize);
    // Drawn outside a turn, the turn is the stored reader's (ConversationFlow.draw); on a refresh, the person's now.
    const language = languageOf(call.turn);
    const summary = digestSummaryIn(language, open.length, { from, to, page, pageCount });
    return call.cards.render(
      'nudgeDigest',
      {
        summary,
        fallbackText: message(language, 'digest.fallback', { summary }),
        page,
        items: items.map(({ subscription: s }) => ({
          service: serviceName(s.service),
          name: s.name,
          subscriptionId: s.id,
        })),
        hasPrev: page > 0,
        prevPage: Math.max(0, page - 1),
        hasNext: page + 1 < pageCount,
        nextPage: page + 1,
      },
      language,
    );
  },
});
