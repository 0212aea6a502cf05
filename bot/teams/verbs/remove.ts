import { z } from 'zod';
import { ActionId, SubscriptionId, Version } from './fields';
import { answerSavedChange } from './savedChange';
import { defineVerb } from './verb';

/** "Remove" on the confirmation: at the version the card showed, once per action id. */
export const remove = defineVerb({
  verb: 'remove',
  data: z.object({ subscriptionId: SubscriptionId, version: Version, actionId: ActionId }),
  handle: (call, data, actor) =>
    answerSavedChange(call, actor, { verb: 'remove', data }, (version) =>
      call.service.remove(actor, {
        subscriptionId: data.subscriptionId,
        expectedVersion: version,
        idempotencyKey: data.actionId,
      }),
    ),
});
