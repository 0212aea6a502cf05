/**
 * What the bot is, as the help and welcome cards both say it. No Microsoft API lets a customer set, clear or read
 * the partner of record, so the bot keeps the organization's own record and must never say it changes Microsoft's.
 */
export const OWN_RECORD =
  'I keep your organization\'s own record of the partner of record of each subscription, with its history, and tell ' +
  'the partner by email when you attach, change or remove one.';

export const NOTHING_AT_MICROSOFT =
  'This record changes nothing at Microsoft: a partner is credited there only by a step it takes itself.';

/** The two sentences above, as one paragraph. */
export const ABOUT_THE_RECORD = `${OWN_RECORD} ${NOTHING_AT_MICROSOFT}`;
