import type { Language } from '../wording/language';
import { storedServiceName } from '../wording/services';
import type { AdaptiveCard, CardRenderer } from './cardRenderer';

/**
 * The card that suggests attaching a partner to a subscription that has none, in the reader's language. `service` is
 * the stored value (a queued nudge carries it as text); the card names the service as people know it today.
 */
export function nudgeCard(
  cards: CardRenderer,
  nudge: { service: string; subscriptionName: string; subscriptionId: string },
  language: Language,
): AdaptiveCard {
  return cards.render('nudge', { ...nudge, service: storedServiceName(nudge.service) }, language);
}
