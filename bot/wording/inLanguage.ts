import type { MailDelivered, Role, RoleNote } from '../core';
import { listOf, message, sentences } from './formatter';
import type { Language } from './language';
import type { MessageKey } from './messages';

/**
 * The welcome and help cards' sentences built from data, in the person's language. In English they are the same
 * words as record.ts's `aboutTheRecord` and refusals.ts's `readOnlyReason` (test/wording/catalogs.test.ts).
 */

/** What the bot is; `file`: the bot's emails only go to its mail folder. */
export function aboutTheRecordIn(language: Language, mail: MailDelivered = 'sent'): string {
  const own = message(language, mail === 'file' ? 'record.ownNoMailServer' : 'record.own');
  return sentences(language, own, message(language, 'record.nothingAtMicrosoft'));
}

/** "Hi Ada.", or a greeting without a name for someone the directory does not know. */
export function greetingIn(language: Language, userName: string | null): string {
  return userName === null
    ? message(language, 'welcome.greetingAnonymous')
    : message(language, 'welcome.greeting', { userName });
}

const WHY_ROLE: Readonly<Record<Exclude<Role, 'owner'>, MessageKey>> = {
  serviceAdmin: 'readOnly.serviceAdmin',
  coAdmin: 'readOnly.coAdmin',
  delegatedAdmin: 'readOnly.delegatedAdmin',
  member: 'readOnly.member',
};

const ROLE_NOTES: Readonly<Record<RoleNote, MessageKey>> = {
  activateInPim: 'readOnly.activateInPim',
  groupsAndPimUnseen: 'readOnly.groupsAndPimUnseen',
};

/** Why this role may not change a partner of record, and what would let it (refusals.ts's `whyRoleMayNotAct`). */
export function whyRoleMayNotActIn(language: Language, role: Role, note?: RoleNote): string {
  if (role === 'owner') return '';
  return sentences(language, message(language, WHY_ROLE[role]), note ? message(language, ROLE_NOTES[note]) : '');
}

/**
 * Why someone may look but not change, whom to ask (any one owner will do), and that they may look. `azureOwners`:
 * some subscriptions are Azure ones whose own Owners decide, so the tenant's rule is not the whole story.
 */
export function readOnlyReasonIn(
  language: Language,
  role: Role,
  owners: readonly string[],
  note?: RoleNote,
  azureOwners = false,
): string {
  const ask = owners.length
    ? message(language, 'readOnly.askOwners', { owners: listOf(language, owners, 'or') })
    : message(language, 'readOnly.askTheOwner');
  const whyAndAsk = sentences(language, whyRoleMayNotActIn(language, role, note), ask);
  const azure = azureOwners ? message(language, 'help.azureRule') : '';
  return sentences(language, sentences(language, whyAndAsk, azure), message(language, 'readOnly.lookButNotChange'));
}

/** For someone the directory does not know; with the Azure Owners' rule where the bot reads Azure. */
export function anonymousReadOnlyIn(language: Language, azureOwners: boolean): string {
  const anonymous = message(language, 'readOnly.anonymous');
  return azureOwners ? sentences(language, anonymous, message(language, 'help.azureRule')) : anonymous;
}

/** Help's word on who may act in this organization: its owners by name, when the directory named any. */
export function ownersTextIn(language: Language, owners: readonly string[]): string {
  return owners.length
    ? message(language, 'help.owners', { owners: listOf(language, owners) })
    : message(language, 'help.ownersUnknown');
}
