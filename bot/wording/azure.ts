import type { SubscriptionListNote } from '../core';

/**
 * What people are told about Azure subscriptions: the app sees only those it was given an Azure role on, so
 * an empty Azure list may mean "none" or "not shared with the app", and the way to share them is one command.
 */

/** Help's word on Azure subscriptions, where the bot reads them: their own Owners decide. */
export const AZURE_OWNERS_RULE =
  "An Azure subscription's partner of record is attached, changed or removed by an Owner of that subscription (its Owner role in Azure, directly or through a group); a Global Administrator is not one by that.";

/** The Azure CLI command that gives the app Reader on every subscription under the tenant's root management group. */
export function azureReaderCommand(appId: string, tenantId: string): string {
  return (
    `az role assignment create --assignee ${appId} --role Reader ` +
    `--scope /providers/Microsoft.Management/managementGroups/${tenantId}`
  );
}

/** What the Grant access card adds for Azure, with the command. */
export function azureReaderStep(appId: string, tenantId: string): string {
  return azureReaderStepWith(azureReaderCommand(appId, tenantId));
}

/** The same around a command given in words (the catalogs' English passes `{command}`). */
export function azureReaderStepWith(command: string): string {
  return (
    'Azure subscriptions are read from Azure Resource Manager, which shows the app only the subscriptions it was ' +
    `given a role on. To let it see all of them, an Owner or User Access Administrator runs once: ${command} ` +
    '(or the same with --scope /subscriptions/<subscription id>, one subscription at a time).'
  );
}

/** The note on an empty Azure list, before the command that would fill it (or a stop). */
export const AZURE_NONE_VISIBLE =
  'No Azure subscription is visible to the app; if you have some, give it Reader on them';

/** The notes that need no command. */
export const LIST_NOTES = {
  azureUnreadable:
    'I could not read your Azure subscriptions from Azure Resource Manager just now, so none is listed here.',
  microsoft365Unreadable:
    "I could not read your Microsoft 365 subscriptions from Microsoft's directory just now, so only Azure's are listed.",
} as const;

/** One note in words; `command` is the Reader command for this tenant, when the bot knows its app id. */
function noteText(note: SubscriptionListNote, command: string | undefined): string {
  return note === 'azureNoneVisible' ? AZURE_NONE_VISIBLE + (command ? `: ${command}` : '.') : LIST_NOTES[note];
}

/** The status's sentences about what its list could not show; '' when there is nothing to say. */
export function listNotesText(notes: readonly SubscriptionListNote[], command?: string): string {
  return notes.map((n) => noteText(n, command)).join(' ');
}
