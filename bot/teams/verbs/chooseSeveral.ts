import { z } from 'zod';
import { MAX_BATCH_CHANGES, PartnerIdSchema } from '../../core';
import type { AdaptiveCard } from '../cardRenderer';
import { ACTIONS } from '../noticeCards';
import { PartnerIdMode, TickedSubscriptions, Toggle } from './fields';
import { askForSeveralPartnerId } from './severalForm';
import { defineVerb, type VerbCall } from './verb';

/**
 * "Next" on the several-subscriptions pickers: the ticked subscriptions, all without a partner, or all of one
 * partner, each at the version it has now; then the one Partner ID form for them.
 */
export const chooseSeveral = defineVerb({
  verb: 'chooseSeveral',
  data: z.object({
    mode: PartnerIdMode,
    subscriptionIds: TickedSubscriptions,
    allWithoutPartner: Toggle,
    fromPartnerId: PartnerIdSchema.optional(),
  }),
  async handle(call, data, actor) {
    const views = await call.service.list(actor);
    const shown = new Map(views.map((v) => [v.subscription.id, v.assignment.version]));
    const chosen =
      data.mode === 'change'
        ? views.filter((v) => data.fromPartnerId !== undefined && v.partner?.partnerId === data.fromPartnerId)
        : data.allWithoutPartner === 'true'
          ? views.filter((v) => !v.partner)
          : null;
    // Ticked ids are taken as sent: one that is not the tenant's (or has a partner now) is refused by the core.
    const selection = chosen
      ? chosen.map((v) => ({ subscriptionId: v.subscription.id, version: v.assignment.version }))
      : data.subscriptionIds.map((id) => ({ subscriptionId: id, version: shown.get(id) ?? 0 }));
    if (selection.length === 0 || selection.length > MAX_BATCH_CHANGES) return nothingChosen(call, selection.length);
    return askForSeveralPartnerId(call, actor, data.mode, selection);
  },
});

function nothingChosen(call: VerbCall, count: number): AdaptiveCard {
  return call.notices.notice({
    title: count === 0 ? 'No subscription chosen' : `More than ${MAX_BATCH_CHANGES} subscriptions`,
    message:
      count === 0
        ? 'Tick at least one subscription, or all of them. Nothing was changed.'
        : `One action changes at most ${MAX_BATCH_CHANGES} subscriptions. Nothing was changed: tick up to ${MAX_BATCH_CHANGES}.`,
    actions: [ACTIONS.start('attach'), ACTIONS.status],
  });
}
