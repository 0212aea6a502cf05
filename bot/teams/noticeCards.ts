import type { DomainError } from '../domain/errors';
import { whyRoleMayNotAct } from '../domain/rules';
import type { SubscriptionView } from '../domain/types';
import type { Upstream } from '../ports';
import type { AdaptiveCard, CardAction, CardRenderer } from './cardRenderer';
import { capitalized, describeChange, listNames, md, partnerText, ROLE_LABELS, UPSTREAM_NAMES, waitText } from './wording';

type Mode = 'attach' | 'change' | 'remove';

/** The buttons notices offer as a way forward. */
export const ACTIONS = {
  status: { title: 'Status', verb: 'status', data: { page: 0 } },
  help: { title: 'Help', verb: 'help', data: {} },
  start: (mode: Mode, title?: string): CardAction => ({
    title: title ?? (mode === 'attach' ? 'Add partner' : mode === 'change' ? 'Change partner' : 'Remove partner'),
    verb: 'start',
    data: { mode },
  }),
} satisfies Record<string, CardAction | ((...a: never[]) => CardAction)>;

/**
 * The cards that tell a person something went other than planned: a refusal, stale state, bad input, an
 * outage. Each says what happened and offers a way forward.
 */
export class NoticeCards {
  constructor(private readonly cards: CardRenderer) {}

  stale(view: SubscriptionView): AdaptiveCard {
    const facts = [{ title: 'Partner of record now', value: partnerText(view.partner) }];
    if (view.lastChange) facts.push({ title: 'Last change', value: describeChange(view.lastChange) });
    return this.notice({
      title: 'Someone changed this meanwhile',
      message: `The partner of record for ${md(view.subscription.name)} changed after this card was shown, so I changed nothing.`,
      containerStyle: 'warning',
      facts,
      hint: 'Start again to act on the current state.',
      actions: [ACTIONS.status, view.partner ? ACTIONS.start('change') : ACTIONS.start('attach')],
    });
  }

  /** The answer to a card action that could not be parsed: nothing was read, so nothing was done. */
  unreadableAction(reason: string): AdaptiveCard {
    return this.notice({
      title: 'I could not use that card',
      message: `${reason} Nothing was changed.`,
      containerStyle: 'attention',
      hint: 'Start again from here.',
      actions: [ACTIONS.status, ACTIONS.help],
    });
  }

  /** For outages and bugs: the person learns the state may need a look, and the details go to the log. */
  somethingWentWrong(): AdaptiveCard {
    return this.notice({
      title: 'Something went wrong on my side',
      message: 'I could not finish that. Please try again in a moment; open the status to see the current state.',
      containerStyle: 'attention',
      actions: [ACTIONS.status, ACTIONS.help],
    });
  }

  /** An upstream timed out or is down: nothing was changed, and coming back in a minute will work. */
  notAnswering(upstream: Upstream): AdaptiveCard {
    return this.notice({
      title: `${capitalized(UPSTREAM_NAMES[upstream])} is not answering`,
      message: `I could not reach ${UPSTREAM_NAMES[upstream]}, so I changed nothing. Please try again in a minute.`,
      containerStyle: 'warning',
      hint: 'This is on Microsoft\'s side or mine, not yours; your partners of record are as they were.',
      actions: [ACTIONS.status, ACTIONS.help],
    });
  }

  /** The tenant has not granted the app read access: the way forward is a Global Administrator's admin consent. */
  grantAccess(grantUrl: string): AdaptiveCard {
    return this.cards.render('grantAccess', {
      title: 'Your organization has not connected Partner of Record yet',
      message:
        'To show your subscriptions and check who may change their partner of record, I need read access to your organization\'s directory. A Global Administrator grants it once, for everyone.',
      grantUrl,
      hint: 'Not a Global Administrator? Forward this to one of them: Microsoft\'s page will ask anyone else to request approval instead.',
    });
  }

  tooLargeToShow(): AdaptiveCard {
    return this.notice({
      title: 'That answer is too large to show',
      message: 'Teams cannot show a card this large. Open the status to see your subscriptions page by page.',
      containerStyle: 'warning',
      actions: [ACTIONS.status, ACTIONS.help],
    });
  }

  unidentified(): AdaptiveCard {
    return this.notice({
      title: 'I could not tell who you are',
      message:
        'Your message reached me without your Microsoft Entra identity, so I cannot check your role. Open this chat from Microsoft Teams signed in with your work account, then try again.',
      containerStyle: 'attention',
      actions: [ACTIONS.help],
    });
  }

  /** Every refusal a person can cause, in words: what happened, why, and a way forward. */
  forDomainError(err: DomainError): AdaptiveCard {
    const d = err.detail;
    switch (d.code) {
      case 'unknownUser':
        return this.notice({
          title: 'You are not in this organization\'s directory',
          message:
            'I could not find you among the people of your organization, so I cannot let you change anything. Only the owner (administrator) role may attach, change or remove a partner of record.',
          containerStyle: 'attention',
          hint: 'If you should have access, ask your organization\'s owner (administrator).',
          actions: [ACTIONS.help],
        });
      case 'notOwner':
        return this.notice({
          title: 'Only the owner can do this',
          message: whyRoleMayNotAct(d.role),
          containerStyle: 'attention',
          facts: [
            { title: 'Your role', value: ROLE_LABELS[d.role] },
            { title: 'Who can', value: d.owners.length ? listNames(d.owners) : 'Your organization\'s owner (administrator)' },
          ],
          hint: 'You can still look at the status.',
          actions: [ACTIONS.status, ACTIONS.help],
        });
      case 'unknownSubscription':
        return this.notice({
          title: 'Subscription not found',
          message:
            'I cannot find that subscription in your organization, so I changed nothing. It may have been cancelled, or it belongs to another organization, whose own owner (administrator) is the only one who can change its partner of record.',
          containerStyle: 'attention',
          actions: [ACTIONS.status],
        });
      case 'stale':
        return this.notice({
          title: 'Someone changed this meanwhile',
          message: 'The partner of record changed after this card was shown, so I changed nothing.',
          containerStyle: 'warning',
          hint: 'Start again to act on the current state.',
          actions: [ACTIONS.status],
        });
      case 'alreadyHasPartner':
        return this.notice({
          title: 'This subscription already has a partner of record',
          message: 'To replace it, change the partner instead.',
          actions: [ACTIONS.start('change'), ACTIONS.status],
        });
      case 'noPartnerToChange':
        return this.notice({
          title: 'This subscription has no partner of record',
          message: 'There is nothing to change or remove. You can add one.',
          actions: [ACTIONS.start('attach'), ACTIONS.status],
        });
      case 'slowDown':
        return this.notice({
          title: 'You are going a little fast',
          message: `I changed nothing just now: there have been many changes and Partner ID checks in the last minute. Please try again ${waitText(d.retryAfterSeconds)}.`,
          containerStyle: 'warning',
          hint: 'Nothing you did before this was undone. Open the status to see where things stand.',
          actions: [ACTIONS.status],
        });
      case 'invalidPartnerId':
      case 'unknownPartner':
      case 'samePartner':
        return this.notice({
          title: 'Check the Partner ID',
          message: partnerIdProblem(d),
          containerStyle: 'attention',
          actions: [ACTIONS.status],
        });
    }
  }

  notice(options: {
    title: string;
    message: string;
    containerStyle?: 'default' | 'good' | 'warning' | 'attention' | 'accent';
    facts?: { title: string; value: string }[];
    hint?: string;
    actions?: CardAction[];
  }): AdaptiveCard {
    return this.cards.render('notice', {
      title: options.title,
      message: options.message,
      containerStyle: options.containerStyle ?? 'default',
      facts: options.facts ?? [],
      hint: options.hint ?? '',
      actions: options.actions ?? [],
    });
  }
}

export function partnerIdProblem(d: DomainError['detail']): string {
  switch (d.code) {
    case 'invalidPartnerId':
      return `${d.message} Check the ID your partner gave you and try again.`;
    case 'unknownPartner':
      return `No partner is registered with Partner ID ${d.partnerId}. Check the ID with your partner and try again.`;
    case 'samePartner':
      return `Partner ID ${d.partnerId} is already the partner of record for this subscription.`;
    default:
      return 'That Partner ID cannot be used.';
  }
}
