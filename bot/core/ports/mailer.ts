export interface OutgoingMail {
  /** RFC 5322 Message-ID, with angle brackets; the same on every attempt of one message. */
  messageId: string;
  from: string;
  replyTo: string | null;
  to: { name: string; email: string };
  subject: string;
  text: string;
  html: string;
}

/** Thrown by a Mailer. `permanent`: the server refused for good (5xx); retrying will not help. */
export class MailSendError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'MailSendError';
  }
}

/**
 * What became of an accepted message: `sent`, a mail server took it for delivery; `file`, it was only written to
 * the bot's mail folder and reached nobody. The owner is told which, and the status says which.
 */
export type MailDelivered = 'sent' | 'file';
export interface MailDelivery {
  delivered: MailDelivered;
}

/** Resolves once the mail server (or the mail drop) has accepted the message, saying which. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<MailDelivery>;
  close(): Promise<void>;
}
