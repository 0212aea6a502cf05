import { oneLine } from '../runtime/plainText';
import type { PartnerEmailPayload } from '../core';

/** Every value from a payload goes on one line by the rule the mail adapters apply to headers too. */
export { oneLine };

export interface PartnerEmailSettings {
  /** One line telling the reader where to get technical and billing support. */
  supportLine: string;
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

/** `2025-01-01 10:00 UTC`; a time that does not parse is shown as given, on one line. */
export function formatUtc(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return oneLine(iso);
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Microsoft's documentation of a partner's own step to be credited: a CPOR claim, or a Partner Admin Link (Azure). */
export const CPOR_DOCS_URL = 'https://learn.microsoft.com/partner-center/incentives/submit-osa-claim';
export const PAL_DOCS_URL = 'https://learn.microsoft.com/azure/cost-management-billing/manage/link-partner-id';

/** Said in every email: the customer's record is not Microsoft's, and the bot can change nothing there. */
const OWN_RECORD_ONLY =
  'This is the customer\u2019s own record of its partner of record. ' +
  'It changes nothing at Microsoft and gives you no access to the subscription.';

/**
 * What the partner does at Microsoft to be credited for this customer. Only the partner can take these steps, and
 * Microsoft decides on them, so the email explains and links them and promises nothing.
 */
function creditStep(service: string, partnerId: string, customer: string): string {
  if (service === 'Azure') {
    return (
      `To be credited by Microsoft for your work on this Azure subscription, link Partner ID ${partnerId} to the ` +
      `identity you use in ${customer}\u2019s tenant (a Partner Admin Link, for example ` +
      `az managementpartner create --partner-id ${partnerId}). Only you can create or change that link. ` +
      `How: ${PAL_DOCS_URL}`
    );
  }
  return (
    `To be credited by Microsoft for your work on this ${service} subscription, file a claim for ${customer} in ` +
    'Partner Center (claiming partner of record, CPOR). ' +
    `Microsoft reviews the claim, and the customer may decline it. How: ${CPOR_DOCS_URL}`
  );
}

/** Sentences both the one-subscription and the several-subscriptions emails say. */
const ADDED_HEADING = 'You are now in the customer\u2019s record as its partner of record';
const NO_LONGER_HEADING = 'You are no longer in the customer\u2019s record as its partner of record';
const WHAT_IT_IS =
  'The partner of record is the partner who helps the customer design, build, deploy or manage the service. ';
const replacedBy = (actor: string, when: string) => `Another partner was attached by ${actor} on ${when}.`;
const contactCustomer = (customer: string) => `If you believe this is a mistake, please contact ${customer} directly.`;

interface Wording {
  subject: string;
  heading: string;
  /** Plain text; the HTML version escapes each one whole. */
  paragraphs: string[];
}

/** `Azure: Contoso Production`, one line per subscription of an email about several. */
function subscriptionLines(payload: PartnerEmailPayload, answerUrls: readonly (string | null)[]): string[] {
  return (payload.batch ?? []).map((entry, i) => {
    const line = `- ${oneLine(entry.subscription.service)}: ${oneLine(entry.subscription.name)}`;
    const url = answerUrls[i];
    return url ? `${line} (confirm or decline: ${url})` : line;
  });
}

/** The wording of an email about several subscriptions of one action: the same sentences, over a list. */
function batchWording(payload: PartnerEmailPayload, answerUrls: readonly (string | null)[]): Wording {
  const partner = oneLine(payload.partner.name);
  const partnerId = oneLine(payload.partner.partnerId);
  const customer = oneLine(payload.customer.name);
  const actor = oneLine(payload.actor.name);
  const when = formatUtc(payload.at);
  const count = payload.batch?.length ?? 0;
  const list = subscriptionLines(payload, answerUrls).join('\n');
  const services = [...new Set((payload.batch ?? []).map((e) => oneLine(e.subscription.service)))];
  if (payload.template === 'added') {
    return {
      subject: `${customer} recorded you as partner of record for ${count} subscriptions`,
      heading: ADDED_HEADING,
      paragraphs: [
        `${actor} of ${customer} recorded ${partner} (Partner ID ${partnerId}) as the partner of record for ` +
          `these ${count} subscriptions, on ${when}:\n${list}`,
        WHAT_IT_IS + OWN_RECORD_ONLY,
        ...services.map((service) => creditStep(service, partnerId, customer)),
        ...(answerUrls.some((u) => u)
          ? [
              `Please tell ${customer} whether this is right for each subscription, with the link beside it (the ` +
                'links are yours, and work for 30 days; your answers go to the customer\u2019s own record only).',
            ]
          : []),
      ],
    };
  }
  return {
    subject: `${customer}\u2019s record no longer names you as partner of record for ${count} subscriptions`,
    heading: NO_LONGER_HEADING,
    paragraphs: [
      `${customer}\u2019s record no longer names ${partner} (Partner ID ${partnerId}) as the partner of record ` +
        `for these ${count} subscriptions:\n${list}`,
      replacedBy(actor, when),
      OWN_RECORD_ONLY,
      contactCustomer(customer),
    ],
  };
}

function wording(payload: PartnerEmailPayload): Wording {
  // Every value from the payload goes through oneLine before it is placed in a sentence.
  const partner = oneLine(payload.partner.name);
  const partnerId = oneLine(payload.partner.partnerId);
  const customer = oneLine(payload.customer.name);
  const subscription = oneLine(payload.subscription.name);
  const service = oneLine(payload.subscription.service);
  const actor = oneLine(payload.actor.name);
  const when = formatUtc(payload.at);
  const which = `the ${service} subscription "${subscription}" of ${customer}`;

  if (payload.template === 'added') {
    return {
      subject: `${customer} recorded you as partner of record for ${subscription}`,
      heading: ADDED_HEADING,
      paragraphs: [
        `${actor} of ${customer} recorded ${partner} (Partner ID ${partnerId}) as the partner of record for ` +
          `the ${service} subscription "${subscription}", on ${when}.`,
        WHAT_IT_IS + OWN_RECORD_ONLY,
        creditStep(service, partnerId, customer),
      ],
    };
  }

  const noLonger = `${customer}\u2019s record no longer names ${partner} (Partner ID ${partnerId}) as the partner of record for ${which}.`;
  const why =
    payload.template === 'replaced'
      ? replacedBy(actor, when)
      : `The partner of record was removed by ${actor} on ${when}. The subscription has no partner of record now.`;
  return {
    subject: `${customer}\u2019s record no longer names you as partner of record for ${subscription}`,
    heading: NO_LONGER_HEADING,
    paragraphs: [noLonger, why, OWN_RECORD_ONLY, contactCustomer(customer)],
  };
}

/** Before the partner's link: what it is for, and that it changes nothing at Microsoft. */
function answerLinkParagraph(payload: PartnerEmailPayload): string {
  return (
    `Please tell ${oneLine(payload.customer.name)} whether this is right: confirm that you work with them on this ` +
    'subscription, or decline, on this page (the link is yours, and works for 30 days; your answer goes to the ' +
    'customer\u2019s own record only):'
  );
}

/** The email a partner receives about a change of partner of record. Pure: rendered again on every attempt. */
export function renderPartnerEmail(payload: PartnerEmailPayload, settings: PartnerEmailSettings): RenderedEmail {
  const batch = (payload.batch?.length ?? 0) > 1;
  const {
    subject,
    heading,
    paragraphs: said,
  } = batch ? batchWording(payload, settings.batchAnswerUrls ?? []) : wording(payload);
  const greeting = `Hello ${oneLine(payload.to.name)},`;
  const support = oneLine(settings.supportLine);
  const footer = `This message was sent by the Partner of Record app in Microsoft Teams on behalf of ${oneLine(payload.customer.name)}.`;
  const paragraphs = [greeting, ...said, ...(support ? [support] : []), footer];

  // An email about several subscriptions gives each its own link, in its list.
  const answer = !batch && payload.template === 'added' && settings.answerUrl ? answerLinkParagraph(payload) : null;
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
<html lang="en">
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
