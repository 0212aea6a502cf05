import { z } from 'zod';
import type { Actor, SubscriptionView } from '../../core';
import {
  DIGEST_DONE_MESSAGE,
  DIGEST_DONE_TITLE,
  DIGEST_FALLBACK_HINT,
  DIGEST_NONE_YOURS_MESSAGE,
  DIGEST_NONE_YOURS_TITLE,
  DIGEST_TITLE,
  DIGEST_WHY,
  digestSummary,
} from '../../wording/nudges';
import type { AdaptiveCard } from '../cardRenderer';
import { ACTIONS } from '../noticeCards';
import { Page } from './fields';
import { paginate } from './paging';
import { defineVerb, type VerbCall } from './verb';

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
export function nothingToAttach(call: Pick<VerbCall, 'notices'>, { mayChangeNone }: DigestList): AdaptiveCard {
  return call.notices.notice({
    title: mayChangeNone ? DIGEST_NONE_YOURS_TITLE : DIGEST_DONE_TITLE,
    message: mayChangeNone ? DIGEST_NONE_YOURS_MESSAGE : DIGEST_DONE_MESSAGE,
    containerStyle: 'good',
    actions: [ACTIONS.status],
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
    const summary = digestSummary(open.length, from, to, page, pageCount);
    return call.cards.render('nudgeDigest', {
      title: DIGEST_TITLE,
      summary,
      why: DIGEST_WHY,
      fallbackText: `${DIGEST_TITLE}: ${summary} ${DIGEST_FALLBACK_HINT}`,
      page,
      items: items.map(({ subscription: s }) => ({ service: s.service, name: s.name, subscriptionId: s.id })),
      hasPrev: page > 0,
      prevPage: Math.max(0, page - 1),
      hasNext: page + 1 < pageCount,
      nextPage: page + 1,
    });
  },
});
