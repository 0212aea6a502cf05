import type { SendMailOptions } from 'nodemailer';
import { oneLine } from '../../runtime/plainText';
import type { OutgoingMail } from '../../core';

// A line break in a header value would end the header; whatever built the mail, the adapter is the last
// place that can stop one from becoming a header of its own. Headers get the body's rule: no control
// characters, bidi overrides or zero-width characters in a display name or the subject either.
const header = oneLine;

/** The nodemailer message for an OutgoingMail, shared by the SMTP and the file mailer. */
export function toNodemailerMessage(mail: OutgoingMail): SendMailOptions {
  return {
    // The outbox's Message-ID, not one nodemailer makes up: every attempt of a message carries the same.
    messageId: mail.messageId,
    from: header(mail.from),
    ...(mail.replyTo ? { replyTo: header(mail.replyTo) } : {}),
    // An address object, so nodemailer quotes or encodes the display name ("name" <email>).
    to: { name: header(mail.to.name), address: header(mail.to.email) },
    subject: header(mail.subject),
    text: mail.text,
    html: mail.html,
    // The message never refers to files or URLs; refuse them rather than have data read the disk.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
}
