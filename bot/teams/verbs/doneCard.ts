import type { AuditEntry, Partner, SubscriptionView } from '../../core';
import { changeDoneMessageIn, partnerTextIn } from '../../wording/changesIn';
import { message } from '../../wording/formatter';
import { serviceName } from '../../wording/services';
import { timeText } from '../../wording/times';
import type { AdaptiveCard } from '../cardRenderer';
import { languageOf, readerOf, type VerbCall } from './verb';

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
  const language = languageOf(turn);
  const done = { kind: audit.kind, oldPartner, newPartner };
  return cards.render(
    'done',
    {
      kind: audit.kind,
      title: message(language, since ? `done.since.${audit.kind}` : `done.title.${audit.kind}`),
      message: changeDoneMessageIn(language, view.subscription.name, done, settings.mail),
      service: serviceName(view.subscription.service),
      azure: view.subscription.service === 'Azure',
      subscriptionName: view.subscription.name,
      subscriptionId: view.subscription.id,
      version: audit.version,
      partnerText: partnerTextIn(language, newPartner),
      previousPartnerText: partnerTextIn(language, oldPartner),
      actorName: audit.actorName,
      when: timeText(audit.at, readerOf(turn)),
    },
    language,
  );
}
