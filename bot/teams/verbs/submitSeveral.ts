import { z } from 'zod';
import { ActionId, PartnerIdMode, RawPartnerId, Selection } from './fields';
import { severalDoneCard } from './doneSeveral';
import { defineVerb } from './verb';

/**
 * "Submit" on the confirmation for several: one change per subscription, all saved or none, once per action id.
 * An outage that leaves it unconfirmed offers the very same action again, which the store answers once.
 */
export const submitSeveral = defineVerb({
  verb: 'submitSeveral',
  data: z.object({ mode: PartnerIdMode, selection: Selection, partnerId: RawPartnerId, actionId: ActionId }),
  async handle(call, data, actor) {
    const { mode, selection, partnerId, actionId } = data;
    const saved = await call.service.attemptSelection(actor, () =>
      call.service.applySelection(actor, { kind: mode, selection, partnerId, actionId }),
    );
    const again = {
      verb: 'submitSeveral',
      data: { mode, selection: selection.map((s) => [s.subscriptionId, s.version]), partnerId, actionId },
    };
    return call.notices.forOutcome(saved, (outcome) => severalDoneCard(call, outcome), again);
  },
});
