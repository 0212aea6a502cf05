import { z } from 'zod';
import { MAX_BATCH_CHANGES, type SubscriptionView } from '../../core';
import { message } from '../../wording/formatter';
import { subscriptionTitle } from '../../wording/services';
import { Page, TickedSubscriptions, Toggle } from './fields';
import { paginate } from './paging';
import { everyHasPartner } from './start';
import { allTicked, notOneSelection } from './ticks';
import { defineVerb, languageOf, type VerbCall } from './verb';

const choiceOf = (v: SubscriptionView) => ({ title: subscriptionTitle(v.subscription), value: v.subscription.id });

/**
 * Attach to several: the subscriptions without a partner, a page at a time to tick, and "all" when it fits one
 * action. Previous and More send the ticks of this page and of the others, so they carry over to the page asked for.
 */
export const pickSeveral = defineVerb({
  verb: 'pickSeveral',
  data: z.object({
    page: Page,
    subscriptionIds: TickedSubscriptions,
    tickedElsewhere: TickedSubscriptions,
    // Sent with the card's other inputs; a page turn does not read it (Next does).
    allWithoutPartner: Toggle,
  }),
  async handle(call, { page: requestedPage, subscriptionIds, tickedElsewhere }, actor) {
    await call.questions.close(call.turn.conversationId);
    await call.service.requireOwner(actor);
    const ticked = allTicked(subscriptionIds, tickedElsewhere);
    if (ticked === 'twice') return notOneSelection(call, 'twice');
    if (ticked.length > MAX_BATCH_CHANGES) return notOneSelection(call, 'tooMany');
    const all = await call.service.list(actor);
    if (ticked.length > 0) {
      // Judged as Next judges them: the tenant's, without a partner, each once; a refusal is its card.
      const shown = new Map(all.map((v) => [v.subscription.id, v.assignment.version]));
      const selection = ticked.map((id) => ({ subscriptionId: id, version: shown.get(id) ?? 0 }));
      const checked = await call.service.attemptSelection(actor, () =>
        call.service.prepareSelection(actor, 'attach', selection),
      );
      if (checked.kind !== 'done') return call.notices.forOutcome(checked, () => notOneSelection(call, 'none'));
    }
    const fitting = all.filter((v) => !v.partner);
    if (fitting.length === 0) return everyHasPartner(call.notices);
    // Only what this person may change: an Azure subscription's Owners decide it, not the tenant's owner role.
    const views = await call.service.changeable(actor, fitting);
    if (views.length === 0) return call.notices.noneYouMayChange('attach');
    return pickerPage(call, views, requestedPage, new Set(ticked));
  },
});

function pickerPage(call: VerbCall, views: SubscriptionView[], requestedPage: number, ticked: ReadonlySet<string>) {
  const { items, page, pageCount, from, to } = paginate(views, requestedPage, call.settings.pageSize);
  const here = new Set(items.map((v) => v.subscription.id));
  const elsewhere = views.filter((v) => ticked.has(v.subscription.id) && !here.has(v.subscription.id));
  const language = languageOf(call.turn);
  return call.cards.render(
    'pickSeveral',
    {
      title: message(language, 'several.pick.title'),
      prompt: message(language, 'several.pick.prompt', { max: MAX_BATCH_CHANGES, count: views.length }),
      choices: items.map(choiceOf),
      tickedHere: items.flatMap((v) => (ticked.has(v.subscription.id) ? [v.subscription.id] : [])).join(','),
      pageText: pageCount > 1 ? message(language, 'pick.showing', { from, to, total: views.length }) : '',
      tickedText: ticked.size > 0 ? message(language, 'several.pick.ticked', { count: ticked.size }) : '',
      tickedElsewhere: elsewhere.map(choiceOf),
      tickedElsewhereValue: elsewhere.map((v) => v.subscription.id).join(','),
      offerAll: views.length <= MAX_BATCH_CHANGES,
      hasPrev: page > 0,
      prevPage: Math.max(0, page - 1),
      hasNext: page + 1 < pageCount,
      nextPage: page + 1,
    },
    language,
  );
}
