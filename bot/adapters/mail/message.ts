import type { SendMailOptions } from 'nodemailer';
import type { OutgoingMail } from '../../ports';

// A line break in a header value would end the header; whatever built the mail, the adapter is the last
// place that can stop one from becoming a header of its own.
const noLineBreaks = (value: string): string => value.replace(/[\r\n\u2028\u2029]+/g, ' ');

/** The nodemailer message for an OutgoingMail, shared by the SMTP and the file mailer. */
export function toNodemailerMessage(mail: OutgoingMail): SendMailOptions {
  return {
    // The outbox's Message-ID, not one nodemailer makes up: every attempt of a message carries the same.
    messageId: mail.messageId,
    from: noLineBreaks(mail.from),
    ...(mail.replyTo ? { replyTo: noLineBreaks(mail.replyTo) } : {}),
    // An address object, so nodemailer quotes or encodes the display name ("name" <email>).
    to: { name: noLineBreaks(mail.to.name), address: noLineBreaks(mail.to.email) },
    subject: noLineBreaks(mail.subject),
    text: mail.text,
    html: mail.html,
    // The message never refers to files or URLs; refuse them rather than have data read the disk.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}
