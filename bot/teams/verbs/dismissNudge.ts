import { z } from 'zod';
import { message } from '../../wording/formatter';
import { nudgeDismissedIn } from '../../wording/nudgesIn';
import { subscriptionTitle } from '../../wording/services';
import { actionsIn } from '../noticeCards';
import { SubscriptionId } from './fields';
import { defineVerb, languageOf } from './verb';

/** "Not now" on a nudge: that subscription is not brought up again for this person. */
export const dismissNudge = defineVerb({
  verb: 'dismissNudge',
  data: z.object({ subscriptionId: SubscriptionId }),
  async handle({ service, nudges, notices, now, turn }, { subscriptionId }, actor) {
    // Only owners are nudged; anyone else pressing "Not now" holds a card that was not theirs, and writes nothing.
    await service.requireOwner(actor);
    const view = await service.view(actor, subscriptionId);
    await nudges.dismissNudge(actor, view.subscription.id, now().toISOString());
    // The person's language now, as the press says it: not the one the nudge was sent in.
    const language = languageOf(turn);
    const actions = actionsIn(language);
    return notices.notice({
      title: message(language, 'nudge.dismissedTitle'),
      message: nudgeDismissedIn(language, subscriptionTitle(view.subscription)),
      actions: [actions.start('attach'), actions.status],
      language,
    });
  },
});
