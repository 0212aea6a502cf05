import { z } from 'zod';
import { ACTIONS } from '../noticeCards';
import { SubscriptionId } from './fields';
import { ATTACH_ANY_TIME } from '../../wording/nudges';
import { defineVerb } from './verb';

/** "Not now" on a nudge: that subscription is not brought up again for this person. */
export const dismissNudge = defineVerb({
  verb: 'dismissNudge',
  data: z.object({ subscriptionId: SubscriptionId }),
  async handle({ service, nudges, notices, now }, { subscriptionId }, actor) {
    // Only owners are nudged; anyone else pressing "Not now" holds a card that was not theirs, and writes nothing.
    await service.requireOwner(actor);
    const view = await service.view(actor, subscriptionId);
    await nudges.dismissNudge(actor, view.subscription.id, now().toISOString());
    return notices.notice({
      title: 'No more reminders about this one',
      message: `I won't bring up ${view.subscription.service}: ${view.subscription.name} again. ${ATTACH_ANY_TIME}`,
      actions: [ACTIONS.start('attach'), ACTIONS.status],
    });
  },
});
