import { z } from 'zod';
import { partnerTextIn } from '../../wording/changesIn';
import { message } from '../../wording/formatter';
import { subscriptionTitle } from '../../wording/services';
import { doneCard } from './doneCard';
import { SubscriptionId, Version } from './fields';
import { defineVerb } from './verb';

/**
 * The refresh of a "partner of record attached / changed / removed" card: the same card while that change is
 * the latest, else the change made since. Reads only.
 */
export const showChange = defineVerb({
  verb: 'showChange',
  data: z.object({ subscriptionId: SubscriptionId, version: Version }),
  refresh: true,
  async handle(call, { subscriptionId, version }, actor) {
    const view = await call.service.view(actor, subscriptionId);
    // A refresh that carries no usable version shows the state now, as a card whose state changed since.
    if (version === null) return call.notices.stateChanged(view);
    const latest = view.lastChange;
    if (!latest) {
      const { language } = call.notices;
      return call.notices.notice({
        title: subscriptionTitle(view.subscription),
        message: message(language, 'notice.noChangeRecorded', { partner: partnerTextIn(language, view.partner) }),
        language,
      });
    }
    return doneCard(
      call,
      view,
      { audit: latest, ...(await call.service.partnersOf(latest)) },
      latest.version !== version,
    );
  },
});
