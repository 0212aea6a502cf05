import { azureReaderStep } from '../wording/azure';
import type { ChangeKind, DomainErrorDetail, Outcome, SubscriptionView, Upstream } from '../core';
import { listOf, message, sentences } from '../wording/formatter';
import { whyRoleMayNotActIn } from '../wording/inLanguage';
import { listNames } from '../wording/labels';
import { DEFAULT_LANGUAGE, type Language } from '../wording/language';
import type { MessageKey } from '../wording/messages';
import {
  CONSENT_REQUIRED,
  notAnswering,
  outcomeUnknown,
  refusalFor,
  SEND_AGAIN,
  selectionChanged,
  SOMETHING_WENT_WRONG,
  stateChanged,
  TOO_LARGE_TO_SHOW,
  UNIDENTIFIED,
  unreadableAction,
  whyNotAzureOwner,
  type Refusal,
} from '../wording/refusals';
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
 * outage. Each says what happened (the words are `bot/wording/refusals.ts`'s) and offers a way forward.
 */
export class NoticeCards {
  constructor(
    private readonly cards: CardRenderer,
    /** The admin consent link for a tenant, when the directory is a customer's own (Graph). */
    private readonly grantAccessUrl?: (tenantId: string) => string,
    /** The app id Azure's Reader role is given to, for the Grant access card's Azure step (DIRECTORY=graph). */
    private readonly azureAppId?: string,
    /** Who reads the notices: the times they show are in that person's zone. None: UTC (outside a turn). */
    private readonly reader?: Reader,
  ) {}

  /** The same notices for one turn's reader, so a stale card's "last change" is in their time zone. */
  for(reader: Reader): NoticeCards {
    return new NoticeCards(this.cards, this.grantAccessUrl, this.azureAppId, reader);
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
        const { facts, ...refusal } = selectionChanged(outcome.changed, 'card', this.reader);
        return this.refusal(
          refusal,
          'warning',
          [ACTIONS.status, ACTIONS.start('attach'), ACTIONS.start('change')],
          facts,
        );
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
    const { facts, ...refusal } = stateChanged(view, 'card', this.reader);
    return this.refusal(
      refusal,
      'warning',
      [ACTIONS.status, view.partner ? ACTIONS.start('change') : ACTIONS.start('attach')],
      facts,
    );
  }

  /** The answer to a card action that could not be parsed: nothing was read, so nothing was done. */
  unreadableAction(reason: string): AdaptiveCard {
    return this.refusal(unreadableAction(reason), 'attention', [ACTIONS.status, ACTIONS.help]);
  }

  /** For bugs: the person learns the state may need a look, and the details go to the log. */
  somethingWentWrong(): AdaptiveCard {
    return this.refusal(SOMETHING_WENT_WRONG, 'attention', [ACTIONS.status, ACTIONS.help]);
  }

  /** An upstream timed out or is down: nothing was changed, and coming back in a minute will work. */
  notAnswering(upstream: Upstream): AdaptiveCard {
    return this.refusal(notAnswering(upstream), 'warning', [ACTIONS.status, ACTIONS.help]);
  }

  /**
   * An outage interrupted a change while it was being saved (or just after): it may or may not be saved. The
   * way forward is the very same action again (`again`: the verb and data the person sent, same action id), which
   * the store's idempotency answers with the saved change, or saves now; without it, only the status.
   */
  outcomeUnknown(upstream: Upstream, again?: { verb: string; data: Record<string, unknown> }): AdaptiveCard {
    const actions = again
      ? [{ title: SEND_AGAIN, verb: again.verb, data: again.data }, ACTIONS.status]
      : [ACTIONS.status];
    return this.refusal(outcomeUnknown(upstream), 'warning', actions);
  }

  /** The tenant has not granted the app read access: the way forward is a Global Administrator's admin consent. */
  grantAccess(grantUrl: string, tenantId?: string): AdaptiveCard {
    const azureStep = this.azureAppId && tenantId ? azureReaderStep(this.azureAppId, tenantId) : '';
    return this.cards.render('grantAccess', {
      ...CONSENT_REQUIRED,
      hint: CONSENT_REQUIRED.hint ?? '',
      grantUrl,
      azureStep,
    });
  }

  tooLargeToShow(): AdaptiveCard {
    return this.refusal(TOO_LARGE_TO_SHOW, 'warning', [ACTIONS.status, ACTIONS.help]);
  }

  unidentified(): AdaptiveCard {
    return this.refusal(UNIDENTIFIED, 'attention', [ACTIONS.help]);
  }

  /** Every refusal a person can cause: what happened, why, and a way forward. */
  private refused(d: DomainErrorDetail): AdaptiveCard {
    const refusal = refusalFor(d);
    switch (d.code) {
      case 'unknownUser':
        return this.refusal(refusal, 'attention', [ACTIONS.help]);
      case 'notOwner':
        if (d.azureSubscription !== undefined) {
          return this.refusal(
            { ...refusal, message: whyNotAzureOwner(d.azureSubscription) },
            'attention',
            [ACTIONS.status, ACTIONS.help],
            [{ title: 'Who can', value: d.owners.length ? listNames(d.owners) : "The subscription's Owners in Azure" }],
          );
        }
        return this.notOwner(d);
      case 'unknownSubscription':
        return this.refusal(refusal, 'attention', [ACTIONS.status]);
      case 'stale':
      case 'slowDown':
        return this.refusal(refusal, 'warning', [ACTIONS.status]);
      case 'alreadyHasPartner':
        return this.refusal(refusal, 'default', [ACTIONS.start('change'), ACTIONS.status]);
      case 'noPartnerToChange':
        return this.refusal(refusal, 'default', [ACTIONS.start('attach'), ACTIONS.status]);
      case 'invalidPartnerId':
      case 'unknownPartner':
      case 'samePartner':
        return this.refusal(refusal, 'attention', [ACTIONS.status]);
    }
  }

  /** A change refused to someone whose role may not make it: why, their role and who can, in their language. */
  private notOwner(d: Extract<DomainErrorDetail, { code: 'notOwner' }>): AdaptiveCard {
    const language = this.reader?.language ?? DEFAULT_LANGUAGE;
    const why = whyRoleMayNotActIn(language, d.role, d.note);
    const actions = actionsIn(language);
    return this.refusal(
      {
        title: message(language, 'notOwner.title'),
        message: d.azureOwners ? sentences(language, why, message(language, 'help.azureRule')) : why,
        hint: message(language, 'notOwner.hint'),
      },
      'attention',
      [actions.status, actions.help],
      [
        { title: message(language, 'notOwner.yourRole'), value: message(language, `role.${d.role}`) },
        {
          title: message(language, 'notOwner.whoCan'),
          value: d.owners.length ? listOf(language, d.owners) : message(language, 'notOwner.theOwner'),
        },
      ],
      language,
    );
  }

  notice(options: {
    title: string;
    message: string;
    containerStyle?: ContainerStyle;
    facts?: Fact[];
    hint?: string;
    actions?: CardAction[];
    /** The language the notice's words are in: English until its sentences are moved to the catalogs. */
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

  private refusal(
    refusal: Refusal,
    containerStyle: ContainerStyle,
    actions: CardAction[],
    facts: Fact[] = [],
    language?: Language,
  ): AdaptiveCard {
    return this.notice({ ...refusal, containerStyle, actions, facts, ...(language ? { language } : {}) });
  }
}
