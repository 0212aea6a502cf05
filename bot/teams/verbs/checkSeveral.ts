import { z } from 'zod';
import { PartnerIdMode, RawPartnerId, Selection } from './fields';
import { checkSeveralPartnerId } from './severalForm';
import { defineVerb } from './verb';

/** "Check ID" on the one Partner ID form for several subscriptions. */
export const checkSeveral = defineVerb({
  verb: 'checkSeveral',
  data: z.object({ mode: PartnerIdMode, selection: Selection, partnerId: RawPartnerId.default('') }),
  handle: (call, data, actor) => checkSeveralPartnerId(call, actor, data),
});
