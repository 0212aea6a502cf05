import type { AuditEntry, Partner, SubscriptionView } from '../../core';
import { changeDoneMessage, partnerText } from '../../wording/labels';
import { timeText } from '../../wording/times';
import type { AdaptiveCard } from '../cardRenderer';
import { readerOf, type VerbCall } from './verb';

const TITLES: Record<AuditEntry['kind'], string> = {
  attach: 'Partner of record attached',
  change: 'Partner of record changed',
  remove: 'Partner of record removed',
};

/**
 * The card that ends an attach, change or remove. It refreshes itself (`showChange`) when it comes into view
 * again, so scrolling back shows whether that change still stands.
 */
export function doneCard(
  { cards, settings, turn }: Pick<VerbCall, 'cards' | 'settings' | 'turn'>,
  view: SubscriptionView,
  change: { audit: AuditEntry; oldPartner: Partner | null; newPartner: Partner | null },
  /** A later change than the one the card was about: the card says it happened since. */
  since = false,
): AdaptiveCard {
  const { audit, oldPartner, newPartner } = change;
  return cards.render('done', {
    kind: audit.kind,
    title: since ? `Since then: ${TITLES[audit.kind].toLowerCase()}` : TITLES[audit.kind],
    message: changeDoneMessage(view.subscription.name, { kind: audit.kind, oldPartner, newPartner }, settings.mail),
    service: view.subscription.service,
    subscriptionName: view.subscription.name,
    subscriptionId: view.subscription.id,
    version: audit.version,
    partnerText: partnerText(newPartner),
    previousPartnerText: partnerText(oldPartner),
    actorName: audit.actorName,
    when: timeText(audit.at, readerOf(turn)),
  });
}
