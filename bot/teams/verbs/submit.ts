import { z } from 'zod';
import { ActionId, PartnerIdMode, RawPartnerId, SubscriptionId, Version } from './fields';
import { doneCard } from './doneCard';
import { atShownVersion } from './staleState';
import { afterSaving, orUnconfirmedCard } from './unconfirmed';
import { defineVerb } from './verb';

/** "Submit" on the confirmation: attach or change, at the version the card showed, once per action id. */
export const submit = defineVerb({
  verb: 'submit',
  keepsOpenQuestion: true,
  data: z.object({
    mode: PartnerIdMode,
    subscriptionId: SubscriptionId,
    version: Version,
    partnerId: RawPartnerId,
    actionId: ActionId,
  }),
  async handle(call, data, actor) {
    const { subscriptionId, actionId, partnerId } = data;
    const saveAt = async (version: number) => {
      const request = { subscriptionId, expectedVersion: version, idempotencyKey: actionId, partnerId };
      const outcome =
        data.mode === 'attach' ? await call.service.attach(actor, request) : await call.service.change(actor, request);
      await afterSaving(() => call.questions.close(call.turn.conversationId));
      return doneCard(call, outcome.view, outcome);
    };
    return orUnconfirmedCard(call, { verb: 'submit', data }, () =>
      atShownVersion(call, actor, subscriptionId, data.version, saveAt),
    );
  },
});
