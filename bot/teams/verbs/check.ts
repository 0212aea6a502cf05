import { z } from 'zod';
import { PartnerIdMode, RawPartnerId, SubscriptionId, Version } from './fields';
import { checkPartnerId } from './partnerIdForm';
import { defineVerb } from './verb';

/** "Check ID" on the Partner ID form. */
export const check = defineVerb({
  verb: 'check',
  keepsOpenQuestion: true,
  data: z.object({
    mode: PartnerIdMode,
    subscriptionId: SubscriptionId,
    version: Version,
    partnerId: RawPartnerId.default(''),
  }),
  handle: (call, data, actor) => checkPartnerId(call, actor, data),
});
