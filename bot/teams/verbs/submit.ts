import { z } from 'zod';
import { ActionId, PartnerIdMode, RawPartnerId, SubscriptionId, Version } from './fields';
import { answerSavedChange } from './savedChange';
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
  handle: (call, data, actor) =>
    answerSavedChange(call, actor, { verb: 'submit', data }, (version) => {
      const { subscriptionId, actionId, partnerId } = data;
      const request = { subscriptionId, expectedVersion: version, idempotencyKey: actionId, partnerId };
      return data.mode === 'attach' ? call.service.attach(actor, request) : call.service.change(actor, request);
    }),
});
