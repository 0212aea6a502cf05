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
    const { subscriptionId, actionId } = data;
    const removeAt = async (version: number) => {
      const outcome = await call.service.remove(actor, {
        subscriptionId,
        expectedVersion: version,
        idempotencyKey: actionId,
      });
      await afterSaving(() => call.questions.close(call.turn.conversationId));
      return doneCard(call, outcome.view, outcome);
    };
    return orUnconfirmedCard(call, { verb: 'remove', data }, () =>
      atShownVersion(call, actor, subscriptionId, data.version, removeAt),
    );
  },
});
