import { z } from 'zod';
import { ActionId, SubscriptionId, Version } from './fields';
import { doneCard } from './doneCard';
import { atShownVersion } from './staleState';
import { afterSaving, orUnconfirmedCard } from './unconfirmed';
import { defineVerb } from './verb';

/** "Remove" on the confirmation: at the version the card showed, once per action id. */
export const remove = defineVerb({
  verb: 'remove',
  data: z.object({ subscriptionId: SubscriptionId, version: Version, actionId: ActionId }),
  async handle(call, data, actor) {
    return orUnconfirmedCard(call, { verb: 'remove', data }, () => atShownVersion(call, actor, data.subscriptionId, data.version, async (version) => {
      const outcome = await call.service.remove(actor, { subscriptionId: data.subscriptionId, expectedVersion: version, idempotencyKey: data.actionId });
      await afterSaving(() => call.questions.close(call.turn.conversationId));
      return doneCard(call, outcome.view, outcome);
    }));
  },
});
