import { oneLine } from '../runtime/plainText';
import type { PartnerEmailPayload } from '../core';
import { message, sentences, type MessageValues } from '../wording/formatter';
import { languageOf, type Language } from '../wording/language';
import type { MessageKey } from '../wording/messages';
import { storedServiceName } from '../wording/services';

/** Every value from a payload goes on one line by the rule the mail adapters apply to headers too. */
export { oneLine };

export interface PartnerEmailSettings {
  /**
   * One line telling the reader where to get technical and billing support, as the operator wrote it (in every
   * email, whatever its language); undefined: the bot's own line, in the email's language; '' or blank: none.
   */
  supportLine?: string;
  /** The partner's personal link to confirm or decline the change (an `added` email that names its change). */
  answerUrl?: string | null;
  /** For an email about several subscriptions (`batch`): the partner's link for each, in the same order. */
  batchAnswerUrls?: readonly (string | null)[];
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * `2025-01-01 10:00 UTC` in every language: the partner's time zone is not known, so the time says it is UTC. A time
 * that does not parse is shown as given, on one line.
 */
export function formatUtc(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return oneLine(iso);
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Microsoft's documentation of a partner's own step to be credited: a CPOR claim, or a Partner Admin Link (Azure). */
export const CPOR_DOCS_URL = 'https://learn.microsoft.com/partner-center/incentives/submit-osa-claim';
export const PAL_DOCS_URL = 'https://learn.microsoft.com/azure/cost-management-billing/manage/link-partner-id';

/** A stored service by today's name ("Dynamics 365 (CRM Online)"), on one line. */
function serviceText(stored: string): string {
  return storedServiceName(oneLine(stored));
}

/** The values every sentence of an email may use, each on one line before it is placed in a sentence. */
function valuesOf(
  payload: PartnerEmailPayload,
): Record<'partner' | 'partnerId' | 'customer' | 'actor' | 'when', string> {
  return {
    partner: oneLine(payload.partner.name),
    partnerId: oneLine(payload.partner.partnerId),
    customer: oneLine(payload.customer.name),
    actor: oneLine(payload.actor.name),
    when: formatUtc(payload.at),
  };
}

interface Wording {
  subject: string;
  heading: string;
  /** Plain text; the HTML version escapes each one whole. */
  paragraphs: string[];
}

/**
 * What the partner does at Microsoft to be credited for this customer. Only the partner can take these steps, and
 * Microsoft decides on them, so the email explains and links them and promises nothing.
 */
function creditStep(say: Say, service: string, values: MessageValues): string {
  return service === 'Azure'
    ? say('partnerEmail.creditAzure', { ...values, url: PAL_DOCS_URL })
    : say('partnerEmail.creditClaim', { ...values, service: serviceText(service), url: CPOR_DOCS_URL });
}

/** One language's messages, as the email's sentences ask for them. */
type Say = (key: MessageKey, values?: MessageValues) => string;

/** `- Azure: Contoso Production`, one line per subscription of an email about several, with its link if any. */
function subscriptionLines(say: Say, payload: PartnerEmailPayload, answerUrls: readonly (string | null)[]): string {
  return (payload.batch ?? [])
    .map((entry, i) => {
      const title = `${serviceText(entry.subscription.service)}: ${oneLine(entry.subscription.name)}`;
      const url = answerUrls[i];
      return `- ${url ? say('partnerEmail.batch.answerLink', { subscription: title, url }) : title}`;
    })
    .join('\n');
}

/** The wording of an email about several subscriptions of one action: the same sentences, over a list. */
function batchWording(
  say: Say,
  language: Language,
  payload: PartnerEmailPayload,
  answerUrls: readonly (string | null)[],
): Wording {
  const values = { ...valuesOf(payload), count: payload.batch?.length ?? 0 };
  const list = subscriptionLines(say, payload, answerUrls);
  const services = [...new Set((payload.batch ?? []).map((e) => oneLine(e.subscription.service)))];
  if (payload.template === 'added') {
    return {
      subject: say('partnerEmail.batch.added.subject', values),
      heading: say('partnerEmail.added.heading'),
      paragraphs: [
        `${say('partnerEmail.batch.added.recorded', values)}\n${list}`,
        sentences(language, say('partnerEmail.whatItIs'), say('partnerEmail.ownRecordOnly')),
        ...services.map((service) => creditStep(say, service, values)),
        ...(answerUrls.some((u) => u) ? [say('partnerEmail.batch.answerLinks', values)] : []),
      ],
    };
  }
  return {
    subject: say('partnerEmail.batch.noLonger.subject', values),
    heading: say('partnerEmail.noLonger.heading'),
    paragraphs: [
      `${say('partnerEmail.batch.noLonger.names', values)}\n${list}`,
      say('partnerEmail.replacedBy', values),
      say('partnerEmail.ownRecordOnly'),
      say('partnerEmail.contactCustomer', values),
    ],
  };
}

function wording(say: Say, language: Language, payload: PartnerEmailPayload): Wording {
  const values = {
    ...valuesOf(payload),
    subscription: oneLine(payload.subscription.name),
    service: serviceText(payload.subscription.service),
  };
  if (payload.template === 'added') {
    return {
      subject: say('partnerEmail.added.subject', values),
      heading: say('partnerEmail.added.heading'),
      paragraphs: [
        say('partnerEmail.added.recorded', values),
        sentences(language, say('partnerEmail.whatItIs'), say('partnerEmail.ownRecordOnly')),
        creditStep(say, oneLine(payload.subscription.service), values),
      ],
    };
  }
  const why =
    payload.template === 'replaced' ? say('partnerEmail.replacedBy', values) : say('partnerEmail.removedBy', values);
  return {
    subject: say('partnerEmail.noLonger.subject', values),
    heading: say('partnerEmail.noLonger.heading'),
    paragraphs: [
      say('partnerEmail.noLonger.names', values),
      why,
      say('partnerEmail.ownRecordOnly'),
      say('partnerEmail.contactCustomer', values),
    ],
  };
}

/**
 * The email a partner receives about a change of partner of record, in the language its payload carries (the
 * contact's when the change was saved; English when none, or one the bot does not write). Pure: rendered again on
 * every attempt, the same each time.
 */
export function renderPartnerEmail(payload: PartnerEmailPayload, settings: PartnerEmailSettings): RenderedEmail {
  const language = languageOf(payload.language);
  const say: Say = (key, values) => message(language, key, values);
  const batch = (payload.batch?.length ?? 0) > 1;
  const {
    subject,
    heading,
    paragraphs: said,
  } = batch ? batchWording(say, language, payload, settings.batchAnswerUrls ?? []) : wording(say, language, payload);
  const customer = oneLine(payload.customer.name);
  const greeting = say('partnerEmail.greeting', { name: oneLine(payload.to.name) });
  const support = settings.supportLine === undefined ? say('partnerEmail.support') : oneLine(settings.supportLine);
  const footer = say('partnerEmail.footer', { customer });
  const paragraphs = [greeting, ...said, ...(support ? [support] : []), footer];

  // An email about several subscriptions gives each its own link, in its list.
  const answer =
    !batch && payload.template === 'added' && settings.answerUrl ? say('partnerEmail.answerLink', { customer }) : null;
  if (answer && settings.answerUrl)
    paragraphs.splice(paragraphs.length - (support ? 2 : 1), 0, `${answer} ${settings.answerUrl}`);
  const text = `${paragraphs.join('\n\n')}\n`;
  const body = paragraphs
    .map((p) => {
      // The link is written as a link; every other paragraph is escaped whole.
      const html =
        answer && settings.answerUrl && p === `${answer} ${settings.answerUrl}`
          ? `${escapeHtml(answer)} <a href="${escapeHtml(settings.answerUrl)}">${escapeHtml(settings.answerUrl)}</a>`
          : escapeHtml(p).replace(/\n/g, '<br>\n');
      return `<p style="margin: 0 0 16px;">${html}</p>`;
    })
    .join('\n');
  const html = `<!DOCTYPE html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(subject)}</title>
</head>
<body style="margin: 0; padding: 24px; font-family: 'Segoe UI', Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #242424; background: #ffffff;">
<main style="max-width: 600px;">
<h1 style="font-size: 20px; margin: 0 0 16px;">${escapeHtml(heading)}</h1>
${body}
</main>
</body>
</html>
`;
  return { subject, text, html };
}
