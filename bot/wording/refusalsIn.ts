import type { AuditEntry, ChangeKind, DomainErrorDetail, SubscriptionView, Upstream } from '../core';
import { azureReaderCommand } from './azure';
import { partnerTextIn } from './changesIn';
import { listOf, message, sentences } from './formatter';
import { whyRoleMayNotActIn } from './inLanguage';
import { capitalized } from './labels';
import type { Language } from './language';
import type { Refusal, ShownOn } from './refusals';
import { subscriptionTitle } from './services';
import { timeText, type Reader } from './times';

/**
 * Every refusal and notice of refusals.ts in the person's language: the chat's notice cards say these, and the tab
 * can (a stale state has both `ShownOn` forms). In English they are refusals.ts's and labels.ts's very words
 * (test/wording/refusalsIn.test.ts), but for a subscription's service, named here by today's name (services.ts).
 */

type Facts = { title: string; value: string }[];

/** How a notice names a service that did not answer: "Microsoft's directory" (labels.ts's `UPSTREAM_NAMES`). */
export function upstreamNameIn(language: Language, upstream: Upstream): string {
  return message(language, `upstream.${upstream}`);
}

/** When to try again: "in 40 seconds", "in about 2 minutes" (labels.ts's `waitText`). */
export function waitTextIn(language: Language, seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  return s < 90
    ? message(language, 'wait.seconds', { seconds: s })
    : message(language, 'wait.minutes', { minutes: Math.round(s / 60) });
}

const CHANGED_BY = { attach: 'status.attached', change: 'status.changed', remove: 'status.removed' } as const;

/** "Attached by Ada on 8 Dec 2026, 08:05 GMT+9", as the status card says it (labels.ts's `describeChange`). */
export function describeChangeIn(reader: Reader, entry: AuditEntry): string {
  return message(reader.language, CHANGED_BY[entry.kind], {
    actorName: entry.actorName,
    when: timeText(entry.at, reader),
  });
}

/** An outage: nothing was changed, and coming back in a minute will work. */
export function notAnsweringIn(language: Language, upstream: Upstream): Required<Refusal> {
  const name = upstreamNameIn(language, upstream);
  return {
    title: message(language, 'notice.notAnswering.title', { upstream: capitalized(name) }),
    message: message(language, 'notice.notAnswering.message', { upstream: name }),
    hint: message(language, 'notice.notAnswering.hint'),
  };
}

/** A change an outage interrupted while it was saved, or just after: sending it again settles it. */
export function outcomeUnknownIn(language: Language, upstream: Upstream): Required<Refusal> {
  return {
    title: message(language, 'notice.unconfirmed.title'),
    message: message(language, 'notice.unconfirmed.message', {
      upstream: capitalized(upstreamNameIn(language, upstream)),
    }),
    hint: message(language, 'notice.unconfirmed.hint'),
  };
}

/**
 * Why a card action could not be used: its envelope could not be read, it was too large, its verb belongs to no
 * card of this bot (or may not run on a refresh), or its data did not fit the verb.
 */
export type UnreadableReason = 'malformed' | 'tooLarge' | 'unknownCard' | 'invalidData';

export function unreadableActionIn(language: Language, reason: UnreadableReason): Required<Refusal> {
  return {
    title: message(language, 'notice.unreadable.title'),
    message: message(language, 'notice.unreadable.message', {
      reason: message(language, `notice.unreadable.${reason}`),
    }),
    hint: message(language, 'notice.unreadable.hint'),
  };
}

/** The notices that say no data: an activity without an identity, a defect, a card too large for Teams. */
export function fixedNoticeIn(language: Language, notice: 'unidentified' | 'wentWrong' | 'tooLarge'): Refusal {
  return {
    title: message(language, `notice.${notice}.title`),
    message: message(language, `notice.${notice}.message`),
  };
}

/** The tenant has not consented yet: a Global Administrator grants read access once. */
export function consentRequiredIn(language: Language): Required<Refusal> {
  return {
    title: message(language, 'notice.consent.title'),
    message: message(language, 'notice.consent.message'),
    hint: message(language, 'notice.consent.hint'),
  };
}

/** The Grant access card's Azure step, with this tenant's command (azure.ts's `azureReaderStep`). */
export function azureReaderStepIn(language: Language, appId: string, tenantId: string): string {
  return message(language, 'grantAccess.azureStep', { command: azureReaderCommand(appId, tenantId) });
}

/** Why someone may not change an Azure subscription's partner of record: only its Owners in Azure may. */
export function whyNotAzureOwnerIn(language: Language, subscriptionName: string): string {
  return message(language, 'refusal.azure.why', { subscriptionName });
}

/** Whom to ask about an Azure subscription: its Owners, or where the Azure portal lists them. */
export function askAzureOwnersIn(language: Language, owners: readonly string[]): string {
  return owners.length
    ? message(language, 'readOnly.askOwners', { owners: listOf(language, owners, 'or') })
    : message(language, 'refusal.azure.askAnOwner');
}

/** A picker left with nothing this person may change: who decides which subscription. */
export function noneYouMayChangeIn(language: Language, kind: ChangeKind): Required<Refusal> {
  const none = sentences(language, message(language, `refusal.noneYours.${kind}`), message(language, 'help.azureRule'));
  return {
    title: message(language, 'refusal.noneYours.title'),
    message: sentences(language, none, message(language, 'refusal.noneYours.others')),
    hint: message(language, 'notOwner.hint'),
  };
}

/**
 * A Partner ID that cannot be used, as the form says it beside the field. The domain refuses one for a single
 * reason, `PARTNER_ID_RULE` (the detail's English `message`), which the person reads here in their language.
 */
export function partnerIdProblemIn(language: Language, d: DomainErrorDetail): string {
  switch (d.code) {
    case 'invalidPartnerId':
      return message(language, 'refusal.partnerId.invalid', { rule: message(language, 'refusal.partnerId.rule') });
    case 'unknownPartner':
      return message(language, 'refusal.partnerId.unknown', { partnerId: d.partnerId });
    case 'samePartner':
      return message(language, 'refusal.partnerId.same', { partnerId: d.partnerId });
    default:
      return message(language, 'refusal.partnerId.other');
  }
}

/** A change refused because the subscription changed after it was shown: what it is now, who changed it, when. */
export function stateChangedIn(
  view: SubscriptionView,
  shownOn: ShownOn,
  reader: Reader,
): Required<Refusal> & { facts: Facts } {
  const { language } = reader;
  const partner = partnerTextIn(language, view.partner);
  const change = view.lastChange ? describeChangeIn(reader, view.lastChange) : '';
  const facts = [{ title: message(language, 'notice.stale.partnerNowTitle'), value: partner }];
  if (change) facts.push({ title: message(language, 'notice.stale.lastChangeTitle'), value: change });
  const changed = message(language, 'notice.stale.message', {
    subscription: subscriptionTitle(view.subscription),
    shownOn,
  });
  // A card lists who and when as facts; the tab's banner has only this text, so it says them too.
  const when = change ? message(language, 'text.sentence', { text: change }) : '';
  const now = message(language, 'notice.stale.partnerNow', { partner });
  return {
    title: message(language, 'notice.stale.title', { shownOn }),
    message: shownOn === 'page' ? sentences(language, changed, sentences(language, when, now)) : changed,
    hint: message(language, 'notice.stale.hint'),
    facts,
  };
}

/** How the page's sentence lists the changed subscriptions. */
const CHANGES_SEPARATOR: Readonly<Record<Language, string>> = { en: '; ', de: '; ', fr: ' ; ', es: '; ', ja: '、' };

/**
 * An action on several subscriptions decided on states of which some changed since: nothing was changed to any.
 * The facts name each changed subscription and its partner of record now.
 */
export function selectionChangedIn(
  changed: readonly SubscriptionView[],
  shownOn: ShownOn,
  reader: Reader,
): Required<Refusal> & { facts: Facts } {
  const { language } = reader;
  const facts = changed.map((view) => {
    const partner = partnerTextIn(language, view.partner);
    const value = view.lastChange ? `${partner} (${describeChangeIn(reader, view.lastChange)})` : partner;
    return { title: subscriptionTitle(view.subscription), value };
  });
  const selected = message(language, 'notice.selectionChanged.message', { count: changed.length, shownOn });
  const changes = facts
    .map((f) => message(language, 'notice.selectionChanged.change', { subscription: f.title, partner: f.value }))
    .join(CHANGES_SEPARATOR[language]);
  return {
    title: message(language, 'notice.selectionChanged.title', { shownOn }),
    message:
      shownOn === 'page'
        ? sentences(language, selected, message(language, 'notice.selectionChanged.changed', { changes }))
        : selected,
    hint: message(language, 'notice.selectionChanged.hint'),
    facts,
  };
}

/** Whom to ask: any one of the owners will do (refusals.ts's `askOwners`). */
function askOwnersIn(language: Language, owners: readonly string[]): string {
  return owners.length
    ? message(language, 'readOnly.askOwners', { owners: listOf(language, owners, 'or') })
    : message(language, 'readOnly.askTheOwner');
}

/** The refusals that say no data; the first two come with a hint. */
function fixedRefusalIn(
  language: Language,
  code: 'unknownUser' | 'stale' | 'unknownSubscription' | 'alreadyHasPartner' | 'noPartnerToChange',
): Refusal {
  const refusal = {
    title: message(language, `refusal.${code}.title`),
    message: message(language, `refusal.${code}.message`),
  };
  return code === 'unknownUser' || code === 'stale'
    ? { ...refusal, hint: message(language, `refusal.${code}.hint`) }
    : refusal;
}

/** Every refusal the domain can give, in words (refusals.ts's `refusalFor`). */
export function refusalForIn(language: Language, d: DomainErrorDetail): Refusal {
  switch (d.code) {
    case 'unknownUser':
    case 'unknownSubscription':
    case 'stale':
    case 'alreadyHasPartner':
    case 'noPartnerToChange':
      return fixedRefusalIn(language, d.code);
    case 'notOwner': {
      const hint = message(language, 'notOwner.hint');
      if (d.azureSubscription !== undefined) {
        const why = whyNotAzureOwnerIn(language, d.azureSubscription);
        return {
          title: message(language, 'refusal.azure.title'),
          message: sentences(language, why, askAzureOwnersIn(language, d.owners)),
          hint,
        };
      }
      const whyAndAsk = sentences(
        language,
        whyRoleMayNotActIn(language, d.role, d.note),
        askOwnersIn(language, d.owners),
      );
      const azure = d.azureOwners ? message(language, 'help.azureRule') : '';
      return { title: message(language, 'notOwner.title'), message: sentences(language, whyAndAsk, azure), hint };
    }
    case 'slowDown':
      return {
        title: message(language, 'refusal.slowDown.title'),
        message: message(language, 'refusal.slowDown.message', { wait: waitTextIn(language, d.retryAfterSeconds) }),
        hint: message(language, 'refusal.slowDown.hint'),
      };
    case 'invalidPartnerId':
    case 'unknownPartner':
    case 'samePartner':
      return { title: message(language, 'refusal.partnerId.title'), message: partnerIdProblemIn(language, d) };
  }
}
