import {
  type AuditEntry,
  type Partner,
  type PartnerAnswer,
  type PartnerId,
  SERVICES,
  type SubscriptionView,
} from '../core';
import { partnerTextIn } from '../wording/changesIn';
import { emailState } from '../wording/labels';
import { DEFAULT_LANGUAGE, type Language } from '../wording/language';
import { serviceName } from '../wording/services';
import { answerIn, emailStateIn, historyEntryIn, lastChangeIn, partnerOfRecordIn } from '../wording/tabIn';
import { plainText } from '../wording/timedText';

/**
 * Views as the page shows them, in the page's language. The words (labels, "No partner of record", who changed what
 * and when, where the partner's email stands) come from bot/wording/, as the chat's cards have them; the page only
 * lays them out. A sentence with a time is there twice: `text`, the time in UTC, and `timed`, its parts, so the page
 * can say the time in the browser's zone.
 */
export function toPartnerJson(partner: Partner, language: Language = DEFAULT_LANGUAGE) {
  return { partnerId: partner.partnerId, name: partner.name, label: partnerTextIn(language, partner) };
}

export function toSubscriptionJson(view: SubscriptionView, language: Language = DEFAULT_LANGUAGE) {
  const email = emailState(view);
  const lastChange = view.lastChange ? lastChangeIn(language, view.lastChange) : [];
  const answer = view.answer ? answerIn(language, view.answer) : [];
  return {
    id: view.subscription.id,
    service: view.subscription.service,
    // The service as people know it today ("Dynamics 365 (CRM Online)"); `service` is the stored name.
    serviceName: serviceName(view.subscription.service),
    name: view.subscription.name,
    partner: view.partner ? toPartnerJson(view.partner, language) : null,
    version: view.assignment.version,
    lastChange: view.lastChange
      ? { kind: view.lastChange.kind, actorName: view.lastChange.actorName, at: view.lastChange.at }
      : null,
    emailStatus: view.emailStatus,
    text: {
      partner: partnerOfRecordIn(language, view.partner),
      lastChange: plainText(lastChange),
      email: view.lastChange && email ? emailStateIn(language, email) : '',
      answer: plainText(answer),
    },
    timed: { lastChange, answer },
    answer: view.answer ? { answer: view.answer.answer, at: view.answer.at, reason: view.answer.reason } : null,
  };
}

/** The services in the record's order (the official FAQ's), then by name, as the page lists them. */
export function inListOrder(views: readonly SubscriptionView[], language: Language): SubscriptionView[] {
  const names = new Intl.Collator(language);
  return [...views].sort(
    (a, b) =>
      SERVICES.indexOf(a.subscription.service) - SERVICES.indexOf(b.subscription.service) ||
      names.compare(a.subscription.name, b.subscription.name),
  );
}

export function toHistoryJson(
  entry: AuditEntry,
  partners: Map<string, Partner>,
  answer: PartnerAnswer | null,
  language: Language = DEFAULT_LANGUAGE,
) {
  const partnerOf = (id: PartnerId | null) =>
    id ? (partners.get(id) ?? { partnerId: id, name: `Partner ${id}`, email: '' }) : null;
  const [oldPartner, newPartner] = [partnerOf(entry.oldPartnerId), partnerOf(entry.newPartnerId)];
  const timed = historyEntryIn(language, entry, { oldPartner, newPartner }, answer);
  return {
    kind: entry.kind,
    oldPartner: oldPartner ? toPartnerJson(oldPartner, language) : null,
    newPartner: newPartner ? toPartnerJson(newPartner, language) : null,
    actorName: entry.actorName,
    at: entry.at,
    version: entry.version,
    text: plainText(timed),
    timed,
  };
}
