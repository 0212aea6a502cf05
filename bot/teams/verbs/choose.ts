import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { serviceName } from '../../wording/services';
import { Mode, SubscriptionId } from './fields';
import { askForPartnerId } from './partnerIdForm';
import { defineVerb, languageOf } from './verb';

/** A subscription picked (or "Attach a partner" on a nudge): the Partner ID form, or the removal to confirm. */
export const choose = defineVerb({
  verb: 'choose',
  keepsOpenQuestion: true,
  data: z.object({ mode: Mode, subscriptionId: SubscriptionId }),
  async handle(call, { mode, subscriptionId }, actor) {
    if (mode !== 'remove') return askForPartnerId(call, actor, mode, subscriptionId);
    const prepared = await call.service.attempt(actor, subscriptionId, () =>
      call.service.prepare(actor, 'remove', subscriptionId),
    );
    return call.notices.forOutcome(prepared, (view) =>
      call.cards.render(
        'confirmRemove',
        {
          subscriptionId: view.subscription.id,
          service: serviceName(view.subscription.service),
          subscriptionName: view.subscription.name,
          partnerId: view.assignment.partnerId ?? '',
          partnerName: view.partner?.name ?? '',
          version: view.assignment.version,
          actionId: randomUUID(),
        },
        languageOf(call.turn),
      ),
    );
  },
});
