import type { ChangeKind, DomainErrorDetail, Role, RoleNote, SubscriptionView, Upstream } from '../core';
import { AZURE_OWNERS_RULE } from './azure';
import { capitalized, describeChange, listNames, partnerText, UPSTREAM_NAMES, waitText } from './labels';
import type { Reader } from './times';

/**
 * Every refusal a person can meet, in English words, once: the tab's error bodies read them here, and the catalogs'
 * English takes them from here for the chat's notices, which `refusalsIn.ts` says in the person's language. Plain
 * text: cards show it as TextRun, so names need no escaping.
 */
export interface Refusal {
  title: string;
  message: string;
  /** What to do next, when the buttons alone do not say it. */
  hint?: string;
}

/** The Graph permissions that let the bot read roles given through groups and PIM. */
export const GROUP_AND_PIM_PERMISSIONS = [
  'RoleAssignmentSchedule.Read.Directory',
  'RoleEligibilitySchedule.Read.Directory',
  'GroupMember.Read.All',
];

/** What a refusal adds when roles through groups or PIM may change the answer. */
export function roleNoteSentence(note: RoleNote | undefined): string {
  switch (note) {
    case 'activateInPim':
      return (
        'You are eligible for an owner role, but it is not active now: ' +
        'activate the role in Privileged Identity Management, then try again.'
      );
    case 'groupsAndPimUnseen':
      return (
        'I could not check roles given through groups or Privileged Identity Management: ' +
        `your admin has not granted ${listNames(GROUP_AND_PIM_PERMISSIONS)} yet.`
      );
    default:
      return '';
  }
}

/** Why a role may not act, in words an administrator recognises, with what groups or PIM add. */
export function whyRoleMayNotAct(role: Role, note?: RoleNote): string {
  const why = whyRoleAlone(role);
  const more = role === 'owner' ? '' : roleNoteSentence(note);
  return more ? `${why} ${more}` : why;
}

function whyRoleAlone(role: Role): string {
  switch (role) {
    case 'owner':
      return '';
    case 'serviceAdmin':
      return 'Service admins can manage services, but only the owner (administrator) role may attach, change or remove a partner of record.';
    case 'coAdmin':
      return 'Co-admins cannot attach, change or remove a partner of record; only the owner (administrator) role can.';
    case 'delegatedAdmin':
      return "Partners acting as delegated admins cannot set the partner of record; the customer's owner (administrator) must do it.";
    case 'member':
      return 'Only the owner (administrator) role of your organization may attach, change or remove a partner of record.';
  }
}

/**
 * Why someone may not change an Azure subscription's partner of record: only its Owners in Azure may, whatever
 * their role in the directory (a Global Administrator included).
 */
export function whyNotAzureOwner(subscriptionName: string): string {
  return (
    `Only an Owner of the Azure subscription ${subscriptionName} (its Owner role in Azure) may attach, change or ` +
    'remove its partner of record. Contributors, Readers and User Access Administrators can look, but not change.'
  );
}

/** Whom to ask about an Azure subscription: its Owners, or, when none could be named, the Owners in Azure. */
export function askAzureOwners(owners: readonly string[]): string {
  return owners.length
    ? `Ask ${listNames(owners, 'or')}.`
    : "Ask an Owner of the subscription (the Azure portal lists them under the subscription's Access control).";
}

/** Whom to ask: any one of the owners will do. */
export function askOwners(owners: readonly string[]): string {
  return owners.length ? `Ask ${listNames(owners, 'or')}.` : "Ask your organization's owner (administrator).";
}

export const LOOK_BUT_NOT_CHANGE = 'You can look, but not change.';

/**
 * Shown beside the status to people who may look but not change. `azureOwners`: some of the tenant's subscriptions
 * are Azure ones whose own Owners decide (the bot reads Azure), so the tenant's rule is not the whole story.
 */
export function readOnlyReason(role: Role, owners: readonly string[], note?: RoleNote, azureOwners = false): string {
  const azure = azureOwners ? ` ${AZURE_OWNERS_RULE}` : '';
  return `${whyRoleMayNotAct(role, note)} ${askOwners(owners)}${azure} ${LOOK_BUT_NOT_CHANGE}`;
}

/** What a picker left empty says first: none of its subscriptions is this person's to change. */
export const NONE_YOU_MAY: Record<ChangeKind, string> = {
  attach: 'You may attach a partner of record to none of the subscriptions that have none.',
  change: 'You may change the partner of record of none of the subscriptions that have one.',
  remove: 'You may remove the partner of record of none of the subscriptions that have one.',
};

/** What the refusal adds about the subscriptions that are not Azure ones. */
export const OTHERS_BY_THE_OWNER =
  "Any other subscription's is changed by your organization's owner (administrator) role.";

/**
 * A picker left with nothing this person may change: the subscriptions it would list are Azure ones they are no
 * Owner of, or the tenant's others while they are only an Azure Owner.
 */
export function noneYouMayChange(kind: ChangeKind): Refusal {
  return {
    title: 'None of these is yours to change',
    message: `${NONE_YOU_MAY[kind]} ${AZURE_OWNERS_RULE} ${OTHERS_BY_THE_OWNER}`,
    hint: STILL_LOOK,
  };
}

const ONLY_OWNERS = 'Only the owner (administrator) role may attach, change or remove a partner of record.';

/** The welcome's word to someone the directory does not know; `azureOwners` where the bot reads Azure's Owners. */
export function anonymousReadOnly(azureOwners = false): string {
  const azure = azureOwners ? ` ${AZURE_OWNERS_RULE}` : '';
  return `I could not find you in your organization's directory, so I can only show help. ${ONLY_OWNERS}${azure}`;
}

export const UNIDENTIFIED: Refusal = {
  title: 'I could not tell who you are',
  message:
    'Your message reached me without your Microsoft Entra identity, so I cannot check your role. Open this chat from Microsoft Teams signed in with your work account, then try again.',
};

export const SOMETHING_WENT_WRONG: Refusal = {
  title: 'Something went wrong on my side',
  message: 'I could not finish that. Please try again in a moment; open the status to see the current state.',
};

export const TOO_LARGE_TO_SHOW: Refusal = {
  title: 'That answer is too large to show',
  message: 'Teams cannot show a card this large. Open the status to see your subscriptions page by page.',
};

export function unreadableAction(reason: string): Required<Refusal> {
  return {
    title: 'I could not use that card',
    message: `${reason} Nothing was changed.`,
    hint: 'Start again from here.',
  };
}

export function notAnswering(upstream: Upstream): Refusal {
  return notAnsweringNamed(UPSTREAM_NAMES[upstream]);
}

/** The same, for a service named in words (the catalogs' English passes `{upstream}`). */
export function notAnsweringNamed(name: string): Required<Refusal> {
  return {
    title: `${capitalized(name)} is not answering`,
    message: `I could not reach ${name}, so nothing was changed. Please try again in a minute.`,
    hint: "This is on Microsoft's side or mine, not yours; your partners of record are as they were.",
  };
}

/**
 * A change an outage interrupted while it was being saved, or just after: it may or may not be saved. Sending the
 * very same change again is what settles it (its action id makes a second save impossible).
 */
export function outcomeUnknown(upstream: Upstream): Refusal {
  return outcomeUnknownNamed(UPSTREAM_NAMES[upstream]);
}

/** The same, for a service named in words (the catalogs' English passes `{upstream}`). */
export function outcomeUnknownNamed(name: string): Required<Refusal> {
  return {
    title: 'I could not confirm the change',
    message:
      `${capitalized(name)} stopped answering while I was saving your change, so it may or may not have been saved. ` +
      'Sending the same change again is safe: it is saved once at most, and you will see where it stands.',
    hint: 'If it still does not go through, try again in a minute; the status shows where things stand now.',
  };
}

/** The button that sends the same change again. */
export const SEND_AGAIN = 'Send again';

export const CONSENT_REQUIRED: Required<Refusal> = {
  title: 'Your organization has not connected Partner of Record yet',
  message:
    "To show your subscriptions and check who may change their partner of record, I need read access to your organization's directory. A Global Administrator grants it once, for everyone.",
  hint: "Not a Global Administrator? Forward this to one of them: Microsoft's page will ask anyone else to request approval instead.",
};

/** The same refusal in the tab, where the Grant access button lives in the chat. */
export const CONSENT_REQUIRED_IN_TAB =
  'Your organization has not granted Partner of Record read access yet. A Global Administrator can grant it with the "Grant access" button in the bot\'s chat.';

/** A Partner ID that cannot be used, as the form shows it beside the field. */
export function partnerIdProblem(d: DomainErrorDetail): string {
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

/** Where the state a person acted on was shown: a chat card or the tab's page. */
export type ShownOn = 'card' | 'page';

/** What a person does with a subscription that changed since it was shown. */
export const STATE_CHANGED_HINT = 'Here is its current state: decide again from it.';

/** A change refused because the subscription changed after it was shown: what it is now, who changed it, when. */
export function stateChanged(
  view: SubscriptionView,
  shownOn: ShownOn,
  reader?: Reader,
): Refusal & { facts: { title: string; value: string }[] } {
  const facts = [{ title: 'Partner of record now', value: partnerText(view.partner) }];
  if (view.lastChange) facts.push({ title: 'Last change', value: describeChange(view.lastChange, reader) });
  return {
    title: `This subscription changed since this ${shownOn} was shown`,
    // A card lists who and when as facts; the tab's banner has only this sentence, so it says them too.
    message:
      `The partner of record for ${view.subscription.service}: ${view.subscription.name} changed after this ${shownOn} was shown, so nothing was changed.` +
      (shownOn === 'page'
        ? `${view.lastChange ? ` ${describeChange(view.lastChange, reader)}.` : ''} Partner of record now: ${partnerText(view.partner)}.`
        : ''),
    hint: STATE_CHANGED_HINT,
    facts,
  };
}

export const SELECTION_CHANGED_HINT = 'Start again from their current state.';

/**
 * An action on several subscriptions decided on states of which some changed since: nothing was changed to any.
 * The facts name each changed subscription and its partner of record now.
 */
export function selectionChanged(
  changed: readonly SubscriptionView[],
  shownOn: ShownOn,
  reader?: Reader,
): Refusal & { facts: { title: string; value: string }[] } {
  const facts = changed.map((view) => ({
    title: `${view.subscription.service}: ${view.subscription.name}`,
    value: view.lastChange
      ? `${partnerText(view.partner)} (${describeChange(view.lastChange, reader)})`
      : partnerText(view.partner),
  }));
  const which = changed.length === 1 ? 'One of the subscriptions' : `${changed.length} of the subscriptions`;
  return {
    title: `Subscriptions changed since this ${shownOn} was shown`,
    message:
      `${which} you selected changed after this ${shownOn} was shown, so nothing was changed to any of them.` +
      (shownOn === 'page' ? ` Changed: ${facts.map((f) => `${f.title}, now ${f.value}`).join('; ')}.` : ''),
    hint: SELECTION_CHANGED_HINT,
    facts,
  };
}

/** What someone who may not change can still do. */
export const STILL_LOOK = 'You can still look at the status.';
export const NOT_OWNER_TITLE = 'Only the owner can do this';

/** The domain's refusals that say no data: the same words whatever the case. */
export const FIXED_REFUSALS = {
  unknownUser: {
    title: "You are not in this organization's directory",
    message: `I could not find you among the people of your organization, so you cannot change anything here. ${ONLY_OWNERS}`,
    hint: "If you should have access, ask your organization's owner (administrator).",
  },
  unknownSubscription: {
    title: 'Subscription not found',
    message:
      "That subscription is not one of your organization's, so nothing was changed. It may have been cancelled, or it belongs to another organization, whose own owner (administrator) is the only one who can change its partner of record.",
  },
  stale: {
    title: 'This subscription changed since it was shown',
    message: 'The partner of record changed after it was shown to you, so nothing was changed.',
    hint: 'Start again to act on the current state.',
  },
  alreadyHasPartner: {
    title: 'This subscription already has a partner of record',
    message: 'To replace it, change the partner instead.',
  },
  noPartnerToChange: {
    title: 'This subscription has no partner of record',
    message: 'There is nothing to change or remove. You can add one.',
  },
} as const satisfies Record<string, Refusal>;

export const AZURE_NOT_OWNER_TITLE = "Only the subscription's Owners can do this";
export const SLOW_DOWN = {
  title: 'You are going a little fast',
  hint: 'Nothing you did before this was undone. Open the status to see where things stand.',
} as const;
export const PARTNER_ID_TITLE = 'Check the Partner ID';

/** Why nothing was changed just now, and when to try again ("in 40 seconds", `waitText`). */
export function slowDownMessage(wait: string): string {
  return `Nothing was changed just now: there have been many changes and Partner ID checks in the last minute. Please try again ${wait}.`;
}

/** Every refusal the domain can give, in words. `stale` without the subscription's view says less. */
export function refusalFor(d: DomainErrorDetail): Refusal {
  switch (d.code) {
    case 'unknownUser':
    case 'unknownSubscription':
    case 'stale':
    case 'alreadyHasPartner':
    case 'noPartnerToChange':
      return FIXED_REFUSALS[d.code];
    case 'notOwner':
      if (d.azureSubscription !== undefined) {
        return {
          title: AZURE_NOT_OWNER_TITLE,
          message: `${whyNotAzureOwner(d.azureSubscription)} ${askAzureOwners(d.owners)}`,
          hint: STILL_LOOK,
        };
      }
      return {
        title: NOT_OWNER_TITLE,
        message: `${whyRoleMayNotAct(d.role, d.note)} ${askOwners(d.owners)}${d.azureOwners ? ` ${AZURE_OWNERS_RULE}` : ''}`,
        hint: STILL_LOOK,
      };
    case 'slowDown':
      return { ...SLOW_DOWN, message: slowDownMessage(waitText(d.retryAfterSeconds)) };
    case 'invalidPartnerId':
    case 'unknownPartner':
    case 'samePartner':
      return { title: PARTNER_ID_TITLE, message: partnerIdProblem(d) };
  }
}
