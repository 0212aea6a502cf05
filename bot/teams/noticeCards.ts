import type { ChangeKind, DomainErrorDetail, Outcome, SubscriptionView, Upstream } from '../core';
import { listOf, message, sentences } from '../wording/formatter';
import { whyRoleMayNotActIn } from '../wording/inLanguage';
import { DEFAULT_LANGUAGE, type Language } from '../wording/language';
import type { MessageKey } from '../wording/messages';
import type { Refusal } from '../wording/refusals';
import {
  azureReaderStepIn,
  consentRequiredIn,
  fixedNoticeIn,
  noneYouMayChangeIn,
  notAnsweringIn,
  outcomeUnknownIn,
  refusalForIn,
  selectionChangedIn,
  stateChangedIn,
  type UnreadableReason,
  unreadableActionIn,
  whyNotAzureOwnerIn,
} from '../wording/refusalsIn';
import type { Reader } from '../wording/times';
import type { AdaptiveCard, CardAction, CardRenderer, Fact } from './cardRenderer';

const START_TITLES: Record<ChangeKind, string> = {
  attach: 'Add partner',
  change: 'Change partner',
  remove: 'Remove partner',
};

/** The buttons notices offer as a way forward. */
export const ACTIONS = {
  status: { title: 'Status', verb: 'status', data: { page: 0 } },
  help: { title: 'Help', verb: 'help', data: {} },
  start: (mode: ChangeKind): CardAction => ({ title: START_TITLES[mode], verb: 'start', data: { mode } }),
} satisfies Record<string, CardAction | ((...a: never[]) => CardAction)>;

const START_KEYS: Record<ChangeKind, MessageKey> = {
  attach: 'welcome.addPartner',
  change: 'welcome.changePartner',
  remove: 'welcome.removePartner',
};

/** The same buttons in a language (in English, ACTIONS' very words). */
export function actionsIn(language: Language): typeof ACTIONS {
  return {
    status: { ...ACTIONS.status, title: message(language, 'button.status') },
    help: { ...ACTIONS.help, title: message(language, 'button.help') },
    start: (mode) => ({ ...ACTIONS.start(mode), title: message(language, START_KEYS[mode]) }),
  };
}

type ContainerStyle = 'default' | 'good' | 'warning' | 'attention' | 'accent';

/**
 * The cards that tell a person something went other than planned: a refusal, stale state, bad input, an
 * outage. Each says what happened, in the reader's language (the words are `bot/wording/refusalsIn.ts`'s), and
 * offers a way forward.
 */
export class NoticeCards {
  constructor(
    private readonly cards: CardRenderer,
    /** The admin consent link for a tenant, when the directory is a customer's own (Graph). */
    private readonly grantAccessUrl?: (tenantId: string) => string,
    /** The app id Azure's Reader role is given to, for the Grant access card's Azure step (DIRECTORY=graph). */
    private readonly azureAppId?: string,
    /** Who reads the notices: their language, and the zone of the times shown. None: English and UTC. */
    private readonly reader: Reader = { language: DEFAULT_LANGUAGE },
  ) {}

  /** The same notices for one turn's reader: in their language, a stale card's "last change" in their time zone. */
  for(reader: Reader): NoticeCards {
    return new NoticeCards(this.cards, this.grantAccessUrl, this.azureAppId, reader);
  }

  /** The language these notices are in; a verb passes it to `notice` with its own words. */
  get language(): Language {
    return this.reader.language;
  }

  /** The notices' buttons, in their language. */
  get actions(): typeof ACTIONS {
    return actionsIn(this.language);
  }

  /**
   * The chat's one answer to an action's outcome: `done` renders what was done; every other outcome is a notice
   * with a way forward. `again` (the verb and data the person sent) is offered when a change may have been saved.
   */
  forOutcome<T>(
    outcome: Outcome<T>,
    done: (value: T) => AdaptiveCard,
    again?: { verb: string; data: Record<string, unknown> },
  ): AdaptiveCard {
    switch (outcome.kind) {
      case 'done':
        return done(outcome.value);
      case 'refused':
        return this.refused(outcome.reason);
      case 'stale':
        return this.stateChanged(outcome.current);
      case 'staleSelection': {
        const { facts, ...refusal } = selectionChangedIn(outcome.changed, 'card', this.reader);
        const { status, start } = this.actions;
        return this.refusal(refusal, 'warning', [status, start('attach'), start('change')], facts);
      }
      case 'unconfirmed':
        return this.outcomeUnknown(outcome.upstream, again);
      case 'outage':
        return this.notAnswering(outcome.upstream);
      case 'consentRequired':
        // Without a consent link there is no way forward to offer: a configuration defect, for the log.
        if (!this.grantAccessUrl) throw outcome.error;
        return this.grantAccess(this.grantAccessUrl(outcome.error.tenantId), outcome.error.tenantId);
    }
  }

  /** A decision made on a card whose subscription changed since: the state now, who changed it and when. */
  stateChanged(view: SubscriptionView): AdaptiveCard {
    const { facts, ...refusal } = stateChangedIn(view, 'card', this.reader);
    const { status, start } = this.actions;
    return this.refusal(refusal, 'warning', [status, view.partner ? start('change') : start('attach')], facts);
  }

  /** The answer to a card action that could not be used: nothing was read, so nothing was done. */
  unreadableAction(reason: UnreadableReason): AdaptiveCard {
    const { status, help } = this.actions;
    return this.refusal(unreadableActionIn(this.language, reason), 'attention', [status, help]);
  }

  /** For bugs: the person learns the state may need a look, and the details go to the log. */
  somethingWentWrong(): AdaptiveCard {
    const { status, help } = this.actions;
    return this.refusal(fixedNoticeIn(this.language, 'wentWrong'), 'attention', [status, help]);
  }

  /** An upstream timed out or is down: nothing was changed, and coming back in a minute will work. */
  notAnswering(upstream: Upstream): AdaptiveCard {
    const { status, help } = this.actions;
    return this.refusal(notAnsweringIn(this.language, upstream), 'warning', [status, help]);
  }

  /**
   * An outage interrupted a change while it was being saved (or just after): it may or may not be saved. The
   * way forward is the very same action again (`again`: the verb and data the person sent, same action id), which
   * the store's idempotency answers with the saved change, or saves now; without it, only the status.
   */
  outcomeUnknown(upstream: Upstream, again?: { verb: string; data: Record<string, unknown> }): AdaptiveCard {
    const { status } = this.actions;
    const actions = again
      ? [{ title: message(this.language, 'notice.sendAgain'), verb: again.verb, data: again.data }, status]
      : [status];
    return this.refusal(outcomeUnknownIn(this.language, upstream), 'warning', actions);
  }

  /** The tenant has not granted the app read access: the way forward is a Global Administrator's admin consent. */
  grantAccess(grantUrl: string, tenantId?: string): AdaptiveCard {
    const { language } = this;
    const azureStep = this.azureAppId && tenantId ? azureReaderStepIn(language, this.azureAppId, tenantId) : '';
    return this.cards.render('grantAccess', { ...consentRequiredIn(language), grantUrl, azureStep }, language);
  }

  tooLargeToShow(): AdaptiveCard {
    const { status, help } = this.actions;
    return this.refusal(fixedNoticeIn(this.language, 'tooLarge'), 'warning', [status, help]);
  }

  unidentified(): AdaptiveCard {
    return this.refusal(fixedNoticeIn(this.language, 'unidentified'), 'attention', [this.actions.help]);
  }

  /** A picker left with nothing this person may change: none of its subscriptions is theirs to decide. */
  noneYouMayChange(kind: ChangeKind): AdaptiveCard {
    return this.refusal(noneYouMayChangeIn(this.language, kind), 'default', [this.actions.status]);
  }

  /** Every refusal a person can cause: what happened, why, and a way forward. */
  private refused(d: DomainErrorDetail): AdaptiveCard {
    const refusal = refusalForIn(this.language, d);
    const { status, help, start } = this.actions;
    switch (d.code) {
      case 'unknownUser':
        return this.refusal(refusal, 'attention', [help]);
      case 'notOwner':
        return this.notOwner(d);
      case 'unknownSubscription':
        return this.refusal(refusal, 'attention', [status]);
      case 'stale':
      case 'slowDown':
        return this.refusal(refusal, 'warning', [status]);
      case 'alreadyHasPartner':
        return this.refusal(refusal, 'default', [start('change'), status]);
      case 'noPartnerToChange':
        return this.refusal(refusal, 'default', [start('attach'), status]);
      case 'invalidPartnerId':
      case 'unknownPartner':
      case 'samePartner':
        return this.refusal(refusal, 'attention', [status]);
    }
  }

  /**
   * A change refused to someone whose role may not make it: why, and who can. An Azure subscription's own Owners
   * decide it; any other subscription's the tenant's owner role, so the person's role is said too.
   */
  private notOwner(d: Extract<DomainErrorDetail, { code: 'notOwner' }>): AdaptiveCard {
    const { language } = this;
    const whoCan = message(language, 'notOwner.whoCan');
    const named = d.owners.length ? listOf(language, d.owners) : '';
    const { status, help } = this.actions;
    const hint = message(language, 'notOwner.hint');
    if (d.azureSubscription !== undefined) {
      const refusal = {
        title: message(language, 'refusal.azure.title'),
        message: whyNotAzureOwnerIn(language, d.azureSubscription),
        hint,
      };
      const value = named || message(language, 'refusal.azure.theOwners');
      return this.refusal(refusal, 'attention', [status, help], [{ title: whoCan, value }]);
    }
    const why = whyRoleMayNotActIn(language, d.role, d.note);
    const refusal = {
      title: message(language, 'notOwner.title'),
      message: d.azureOwners ? sentences(language, why, message(language, 'help.azureRule')) : why,
      hint,
    };
    return this.refusal(
      refusal,
      'attention',
      [status, help],
      [
        { title: message(language, 'notOwner.yourRole'), value: message(language, `role.${d.role}`) },
        { title: whoCan, value: named || message(language, 'notOwner.theOwner') },
      ],
    );
  }

  /**
   * A notice with the caller's words. `language`: the language they are in, for the card's fallback text; a verb
   * whose words come from the catalogs passes `notices.language`, one still in English leaves it out.
   */
  notice(options: {
    title: string;
    message: string;
    containerStyle?: ContainerStyle;
    facts?: Fact[];
    hint?: string;
    actions?: CardAction[];
    language?: Language;
  }): AdaptiveCard {
    return this.cards.render(
      'notice',
      {
        title: options.title,
        message: options.message,
        containerStyle: options.containerStyle ?? 'default',
        facts: options.facts ?? [],
        hint: options.hint ?? '',
        actions: options.actions ?? [],
      },
      options.language,
    );
  }

  /** A notice in these notices' language. */
  private refusal(
    refusal: Refusal,
    containerStyle: ContainerStyle,
    actions: CardAction[],
    facts: Fact[] = [],
  ): AdaptiveCard {
    return this.notice({ ...refusal, containerStyle, actions, facts, language: this.language });
  }
}
