import type { AuditEntry, Partner, PartnerAnswer, PartnerId, SubscriptionView } from '../core';
import { answerSentence, answerSummary } from '../wording/partnerAnswer';
import { describeChange, EMAIL_STATE_LABELS, emailState, NO_PARTNER_OF_RECORD, partnerText } from '../wording/labels';

/**
 * Views as the page shows them. The words (labels, "No partner of record", who changed what and when, where the
 * partner's email stands) come from bot/wording/, as the chat's cards have them; the page only lays them out.
 */
export function toPartnerJson(partner: Partner) {
  return { partnerId: partner.partnerId, name: partner.name, label: partnerText(partner) };
}

export function toSubscriptionJson(view: SubscriptionView) {
  const email = emailState(view);
  return {
    id: view.subscription.id,
    service: view.subscription.service,
    name: view.subscription.name,
    partner: view.partner ? toPartnerJson(view.partner) : null,
    version: view.assignment.version,
    lastChange: view.lastChange
      ? { kind: view.lastChange.kind, actorName: view.lastChange.actorName, at: view.lastChange.at }
      : null,
    emailStatus: view.emailStatus,
    text: {
      partner: view.partner ? partnerText(view.partner) : NO_PARTNER_OF_RECORD,
      lastChange: view.lastChange ? describeChange(view.lastChange) : '',
      email: view.lastChange && email ? EMAIL_STATE_LABELS[email] : '',
      answer: view.answer ? answerSummary(view.answer) : '',
    },
    answer: view.answer ? { answer: view.answer.answer, at: view.answer.at, reason: view.answer.reason } : null,
  };
}

export function toHistoryJson(entry: AuditEntry, partners: Map<string, Partner>, answer: PartnerAnswer | null) {
  const partner = (id: PartnerId | null) =>
    id ? toPartnerJson(partners.get(id) ?? { partnerId: id, name: `Partner ${id}`, email: '' }) : null;
  const oldPartner = partner(entry.oldPartnerId);
  const newPartner = partner(entry.newPartnerId);
  return {
    kind: entry.kind,
    oldPartner,
    newPartner,
    actorName: entry.actorName,
    at: entry.at,
    version: entry.version,
    text:
      `${describeChange(entry)}. From ${oldPartner?.label ?? partnerText(null)} to ${newPartner?.label ?? partnerText(null)}.` +
      (answer ? ` ${answerSentence(answer)}` : ''),
  };
}
