import { z } from 'zod';
import { PartnerIdMode, RawPartnerId, SubscriptionId, Version } from './fields';
import { askForPartnerId } from './partnerIdForm';
import { defineVerb } from './verb';

/** "Edit" on the confirmation card: the form again, with the ID that was checked. */
export const editId = defineVerb({
  verb: 'editId',
  keepsOpenQuestion: true,
  data: z.object({
    mode: PartnerIdMode,
    subscriptionId: SubscriptionId,
    version: Version,
    partnerId: RawPartnerId.default(''),
  }),
  handle: (call, data, actor) =>
    askForPartnerId(call, actor, data.mode, data.subscriptionId, { version: data.version, value: data.partnerId }),
});
