import { z } from 'zod';
import type { Actor, SubscriptionView } from '../../core';
import {
  DIGEST_DONE_MESSAGE,
  DIGEST_DONE_TITLE,
  DIGEST_FALLBACK_HINT,
  DIGEST_TITLE,
  DIGEST_WHY,
  digestSummary,
} from '../../wording/nudges';
import { ACTIONS } from '../noticeCards';
import { Page } from './fields';
import { paginate } from './paging';
import { defineVerb, type VerbCall } from './verb';

/**
 * The subscriptions a digest lists now: no partner of record, not free/trial/viral, not dismissed by this person.
 * Read from the current state every time, so a digest never shows what has changed since.
 */
export async function openForDigest(
  call: Pick<VerbCall, 'service' | 'nudges'>,
  actor: Actor,
): Promise<SubscriptionView[]> {
  await call.service.requireOwner(actor);
  const [views, dismissed] = await Promise.all([call.service.list(actor), call.nudges.dismissedSubscriptions(actor)]);
  const skip = new Set(dismissed);
  return views.filter((v) => !v.partner && v.subscription.nudge !== false && !skip.has(v.subscription.id));
}

/**
 * The owner's digest of subscriptions without a partner of record, 20 a page (the status card's page size), each
 * with Attach (the ordinary `choose`), and "Not now" for the lot. Teams refreshes it with this verb: it only reads.
 */
export const nudgeDigest = defineVerb({
  verb: 'nudgeDigest',
  data: z.object({ page: Page }),
  refresh: true,
  async handle(call, { page: requestedPage }, actor) {
    const open = await openForDigest(call, actor);
    if (open.length === 0) {
      return call.notices.notice({
        title: DIGEST_DONE_TITLE,
        message: DIGEST_DONE_MESSAGE,
        containerStyle: 'good',
        actions: [ACTIONS.status],
      });
    }
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
