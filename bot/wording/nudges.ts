/** What the owner's digest of subscriptions without a partner of record says, and what "Not now" answers. */

/** Said where a person stopped the reminders: the way back. */
export const ATTACH_ANY_TIME = 'You can attach a partner any time with "add partner".';

export const DIGEST_TITLE = 'Subscriptions without a partner of record';

/** The end of the digest's text for clients that cannot show the card. */
export const DIGEST_FALLBACK_HINT = 'Type add partner to attach a partner to one of them.';

/** Why the digest is worth a look: the record is the organization's own, kept by this bot. */
export const DIGEST_WHY =
  "A partner of record is best recorded right when a subscription is created, so that your organization's record " +
  'names the partner who helps you design, build, deploy or manage it. This bot keeps that record for your ' +
  'organization; it changes nothing at Microsoft.';

/** "3 subscriptions have no partner of record (1-3 of 3)." */
export function digestSummary(count: number, from: number, to: number, page: number, pageCount: number): string {
  const subject = count === 1 ? '1 subscription has' : `${count} subscriptions have`;
  const where = pageCount > 1 ? ` (${from}-${to}, page ${page + 1} of ${pageCount}).` : '.';
  return `${subject} no partner of record in your organization's record${where}`;
}

export const DIGEST_DONE_TITLE = 'Nothing left to attach here';
export const DIGEST_DONE_MESSAGE =
  'Every subscription this card listed has a partner of record now, or you chose not to be reminded about it. ' +
  ATTACH_ANY_TIME;

export const DIGEST_NONE_YOURS_TITLE = 'Nothing here for you to attach';
export const DIGEST_NONE_YOURS_MESSAGE =
  "You may not change the partner of record of any subscription in your organization's record: the tenant's " +
  'administrator (owner) role decides, and for an Azure subscription its own Owners in Azure. Status lists every ' +
  'subscription.';

export const DIGEST_DISMISSED_TITLE = 'No more reminders about these';
export function digestDismissedMessage(count: number): string {
  const which = count === 1 ? 'this subscription' : `these ${count} subscriptions`;
  return `I won't bring up ${which} again; I will tell you only about subscriptions that appear later. ${ATTACH_ANY_TIME}`;
}
