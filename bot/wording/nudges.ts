/**
 * What the owner's nudge and digest of subscriptions without a partner of record say, and what "Not now" answers, in
 * English: the catalog's English messages take these words (messages/en.ts); nudgesIn.ts says them in a language.
 */

/** Said where a person stopped the reminders: the way back. */
export const ATTACH_ANY_TIME = 'You can attach a partner any time with "add partner".';

export const DIGEST_TITLE = 'Subscriptions without a partner of record';

/** The end of the digest's text for clients that cannot show the card. */
export const DIGEST_FALLBACK_HINT = 'Type add partner to attach a partner to one of them.';

/** Why a partner of record is worth recording early, as the nudge and the digest both begin to say it. */
const BEST_RECORDED_EARLY =
  "A partner of record is best recorded right when a subscription is created, so that your organization's record " +
  'names the partner who helps you design, build, deploy or manage it';

/** Why a nudge is worth a look. */
export const NUDGE_WHY = `${BEST_RECORDED_EARLY} from the start.`;

/** Why the digest is worth a look: the record is the organization's own, kept by this bot. */
export const DIGEST_WHY =
  `${BEST_RECORDED_EARLY}. ` + 'This bot keeps that record for your organization; it changes nothing at Microsoft.';

export const DIGEST_DONE_TITLE = 'Nothing left to attach here';
/** Followed by ATTACH_ANY_TIME. */
export const DIGEST_DONE =
  'Every subscription this card listed has a partner of record now, or you chose not to be reminded about it.';

export const DIGEST_NONE_YOURS_TITLE = 'Nothing here for you to attach';
export const DIGEST_NONE_YOURS_MESSAGE =
  "You may not change the partner of record of any subscription in your organization's record: the tenant's " +
  'administrator (owner) role decides, and for an Azure subscription its own Owners in Azure. Status lists every ' +
  'subscription.';

export const DIGEST_DISMISSED_TITLE = 'No more reminders about these';
