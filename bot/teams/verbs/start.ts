import { z } from 'zod';
import type { ChangeKind, Service } from '../../core';
import { message } from '../../wording/formatter';
import { changeTitleIn } from '../../wording/changesIn';
import { serviceName, subscriptionTitle } from '../../wording/services';
import type { AdaptiveCard } from '../cardRenderer';
import type { NoticeCards } from '../noticeCards';
import { Mode, Page, ServiceFilter } from './fields';
import { paginate } from './paging';
import { defineVerb, languageOf } from './verb';

/** Nothing to attach to: said by every picker of subscriptions without a partner. */
export function everyHasPartner(notices: NoticeCards): AdaptiveCard {
  const { language, actions } = notices;
  return notices.notice({
    title: message(language, 'notice.everyHasPartner.title'),
    message: message(language, 'notice.everyHasPartner.message'),
    containerStyle: 'good',
    actions: [actions.start('change'), actions.status],
    language,
  });
}

/** Nothing to change or remove: said by every picker of subscriptions with a partner. */
export function noneHasPartner(notices: NoticeCards, mode: ChangeKind): AdaptiveCard {
  const { language, actions } = notices;
  return notices.notice({
    title: message(language, 'notice.noneHasPartner.title'),
    message: message(language, 'notice.noneHasPartner.message', { mode }),
    actions: [actions.start('attach'), actions.status],
    language,
  });
}

/** Nothing of the service typed fits ("add partner intune" when every Intune subscription has a partner). */
function noneOfService(notices: NoticeCards, mode: ChangeKind, service: Service): AdaptiveCard {
  const { language, actions } = notices;
  return notices.notice({
    title: message(language, 'pick.noneOfService.title', { service: serviceName(service) }),
    message: message(language, 'pick.noneOfService.message', { service: serviceName(service), mode }),
    actions: [actions.start(mode), actions.status],
    language,
  });
}

/**
 * Add, change or remove: the subscriptions this kind of change applies to, a page at a time; only one service's when
 * the person typed its name after the command.
 */
export const start = defineVerb({
  verb: 'start',
  data: z.object({ mode: Mode, page: Page, service: ServiceFilter }),
  async handle(
    { service, cards, notices, questions, settings, turn },
    { mode, page: requestedPage, service: typedService },
    actor,
  ) {
    // Starting over leaves any earlier "type the Partner ID" question behind.
    await questions.close(turn.conversationId);
    await service.requireOwner(actor);
    const language = languageOf(turn);
    const fitting = (await service.list(actor)).filter((v) => (mode === 'attach' ? !v.partner : !!v.partner));
    if (fitting.length === 0) {
      return mode === 'attach' ? everyHasPartner(notices) : noneHasPartner(notices, mode);
    }
    const ofService = typedService ? fitting.filter((v) => v.subscription.service === typedService) : fitting;
    if (typedService && ofService.length === 0) return noneOfService(notices, mode, typedService);
    // Only what this person may change: an Azure subscription's Owners decide it, not the tenant's owner role.
    const views = await service.changeable(actor, ofService);
    if (views.length === 0) return notices.noneYouMayChange(mode);
    const { items, page, pageCount, from, to } = paginate(views, requestedPage, settings.pageSize);
    return cards.render(
      'pickSubscription',
      {
        mode,
        service: typedService ?? '',
        title: changeTitleIn(language, mode),
        prompt: message(language, mode === 'attach' ? 'pick.promptWithout' : 'pick.promptWith'),
        // Choice titles are plain text in Teams (no markdown).
        choices: items.map((v) => ({
          title: `${subscriptionTitle(v.subscription)}${v.partner ? ` (${v.partner.name})` : ''}`,
          value: v.subscription.id,
        })),
        pageText: pageCount > 1 ? message(language, 'pick.showing', { from, to, total: views.length }) : '',
        hasPrev: page > 0,
        prevPage: Math.max(0, page - 1),
        hasNext: page + 1 < pageCount,
        nextPage: page + 1,
      },
      language,
    );
  },
});
