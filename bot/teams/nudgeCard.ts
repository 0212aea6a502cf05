import type { AdaptiveCard, CardRenderer } from './cardRenderer';

/** The card that suggests attaching a partner to a subscription that has none (sent by the nudge pass). */
export function nudgeCard(
  cards: CardRenderer,
  nudge: { service: string; subscriptionName: string; subscriptionId: string },
): AdaptiveCard {
  return cards.render('nudge', nudge);
}
