import { z } from 'zod';
import { message } from '../../wording/formatter';
import { notRemindedIn } from '../../wording/nudgesIn';
import { partnerTextIn } from '../../wording/changesIn';
import { subscriptionTitle } from '../../wording/services';
import { actionsIn } from '../noticeCards';
import { nudgeCard } from '../nudgeCard';
import { SubscriptionId } from './fields';
import { defineVerb, languageOf } from './verb';

/**
 * The refresh of a nudge card: the nudge while the subscription still has no partner and was not dismissed;
 * otherwise what became of it, with no button left to press. Reads only.
 */
export const nudge = defineVerb({
  verb: 'nudge',
  data: z.object({ subscriptionId: SubscriptionId }),
  refresh: true,
  async handle({ service, cards, notices, nudges, turn }, { subscriptionId }, actor) {
    const language = languageOf(turn);
    const view = await service.view(actor, subscriptionId);
    const subscription = subscriptionTitle(view.subscription);
    if (view.partner) {
      return notices.notice({
        title: message(language, 'nudge.hasPartnerTitle', { subscription }),
        message: message(language, 'nudge.hasPartner', { partner: partnerTextIn(language, view.partner) }),
        containerStyle: 'good',
        language,
      });
    }
    if (await nudges.isDismissed(actor, view.subscription.id)) {
      return notices.notice({
        title: message(language, 'nudge.stillNoneTitle', { subscription }),
        message: notRemindedIn(language),
        actions: [actionsIn(language).start('attach')],
        language,
      });
    }
    const { subscription: s } = view;
    return nudgeCard(cards, { service: s.service, subscriptionName: s.name, subscriptionId: s.id }, language);
  },
});
