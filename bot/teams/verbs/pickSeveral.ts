import { z } from 'zod';
import { MAX_BATCH_CHANGES } from '../../core';
import { Page } from './fields';
import { paginate } from './paging';
import { everyHasPartner } from './start';
import { defineVerb } from './verb';

/** Attach to several: the subscriptions without a partner, a page at a time to tick, and "all" when it fits one action. */
export const pickSeveral = defineVerb({
  verb: 'pickSeveral',
  data: z.object({ page: Page }),
  async handle({ service, cards, notices, questions, settings, turn }, { page: requestedPage }, actor) {
    await questions.close(turn.conversationId);
    await service.requireOwner(actor);
    const views = (await service.list(actor)).filter((v) => !v.partner);
    if (views.length === 0) return everyHasPartner(notices);
    const { items, page, pageCount, from, to } = paginate(views, requestedPage, settings.pageSize);
    return cards.render('pickSeveral', {
      title: 'Add a partner of record to several subscriptions',
      prompt: `Tick the subscriptions without a partner that get the same one (at most ${MAX_BATCH_CHANGES}), or all ${views.length} of them.`,
      choices: items.map((v) => ({
        title: `${v.subscription.service}: ${v.subscription.name}`,
        value: v.subscription.id,
      })),
      pageText: pageCount > 1 ? `Showing ${from}-${to} of ${views.length}. Ticks count on this page only.` : '',
      offerAll: views.length <= MAX_BATCH_CHANGES,
      hasPrev: page > 0,
      prevPage: Math.max(0, page - 1),
      hasNext: page + 1 < pageCount,
      nextPage: page + 1,
    });
  },
});
