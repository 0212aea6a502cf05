import { z } from 'zod';
import { MAX_BATCH_CHANGES, PartnerIdSchema } from '../../core';
import { PartnerIdMode, TickedSubscriptions, Toggle } from './fields';
import { askForSeveralPartnerId } from './severalForm';
import { allTicked, notOneSelection } from './ticks';
import { defineVerb } from './verb';

/**
 * "Next" on the several-subscriptions pickers: the ticked subscriptions (on this page and the others), all without
 * a partner, or all of one partner, each at the version it has now; then the one Partner ID form for them.
 */
export const chooseSeveral = defineVerb({
  verb: 'chooseSeveral',
  data: z.object({
    mode: PartnerIdMode,
    subscriptionIds: TickedSubscriptions,
    tickedElsewhere: TickedSubscriptions,
    allWithoutPartner: Toggle,
    fromPartnerId: PartnerIdSchema.optional(),
  }),
  async handle(call, data, actor) {
    const ticked = allTicked(data.subscriptionIds, data.tickedElsewhere);
    if (ticked === 'twice') return notOneSelection(call, 'twice');
    const views = await call.service.list(actor);
    const shown = new Map(views.map((v) => [v.subscription.id, v.assignment.version]));
    const all =
      data.mode === 'change'
        ? views.filter((v) => data.fromPartnerId !== undefined && v.partner?.partnerId === data.fromPartnerId)
        : data.allWithoutPartner === 'true'
          ? views.filter((v) => !v.partner)
          : null;
    // "All" is all this person may change (pickSeveral and pickMove offered those); ticked ones are judged by the core.
    const chosen = all && (await call.service.changeable(actor, all));
    // Ticked ids are taken as sent: one that is not the tenant's (or has a partner now) is refused by the core.
    const selection = chosen
      ? chosen.map((v) => ({ subscriptionId: v.subscription.id, version: v.assignment.version }))
      : ticked.map((id) => ({ subscriptionId: id, version: shown.get(id) ?? 0 }));
    if (selection.length === 0) return notOneSelection(call, 'none');
    if (selection.length > MAX_BATCH_CHANGES) return notOneSelection(call, 'tooMany');
    return askForSeveralPartnerId(call, actor, data.mode, selection);
  },
});
