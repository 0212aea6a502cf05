import { z } from 'zod';
import { ACTIONS } from '../noticeCards';
import { ATTACH_ANY_TIME } from '../../wording/nudges';
import { SubscriptionId } from './fields';
import { defineVerb } from './verb';
import { nudgeCard } from '../nudgeCard';

/**
 * The refresh of a nudge card: the nudge while the subscription still has no partner and was not dismissed;
 * otherwise what became of it, with no button left to press. Reads only.
 */
export const nudge = defineVerb({
  verb: 'nudge',
  data: z.object({ subscriptionId: SubscriptionId }),
  refresh: true,
  async handle({ service, cards, notices, nudges }, { subscriptionId }, actor) {
    const view = await service.view(actor, subscriptionId);
    const subscription = {
      service: view.subscription.service,
      subscriptionName: view.subscription.name,
      subscriptionId: view.subscription.id,
    };
    if (view.partner) {
      return notices.notice({
        title: `${subscription.service}: ${subscription.subscriptionName} has a partner of record now`,
        message: `${view.partner.name} (${view.partner.partnerId}) is its partner of record.`,
        containerStyle: 'good',
      });
    }
    if (await nudges.isDismissed(actor, view.subscription.id)) {
      return notices.notice({
        title: `${subscription.service}: ${subscription.subscriptionName} still has no partner of record`,
        message: `You chose not to be reminded about it. ${ATTACH_ANY_TIME}`,
        actions: [ACTIONS.start('attach')],
      });
    }
    return nudgeCard(cards, subscription);
  },
});
