/**
 * What the bot is, as the help and welcome cards both say it. No Microsoft API lets a customer set, clear or read
 * the partner of record, so the bot keeps the organization's own record and must never say it changes Microsoft's.
 */
export const OWN_RECORD =
  "I keep your organization's own record of the partner of record of each subscription, with its history, and tell " +
  'the partner by email when you attach, change or remove one.';

/** The same, for a bot with no mail server: its emails are only written to its mail folder. */
export const OWN_RECORD_NO_MAIL_SERVER =
  "I keep your organization's own record of the partner of record of each subscription, with its history. I have " +
  'no mail server, so the emails that would tell a partner are only written to my mail folder, not sent: tell the ' +
  'partner yourself.';

export const NOTHING_AT_MICROSOFT =
  'This record changes nothing at Microsoft: a partner is credited there only by a step it takes itself.';

/** What the record is, as one paragraph; `file`: the bot's emails only go to its mail folder. */
export function aboutTheRecord(mail: 'sent' | 'file' = 'sent'): string {
  return `${mail === 'file' ? OWN_RECORD_NO_MAIL_SERVER : OWN_RECORD} ${NOTHING_AT_MICROSOFT}`;
}

export const ABOUT_THE_RECORD = aboutTheRecord();
