import { isDomainError, type Actor } from '../../core';
import type { AdaptiveCard } from '../cardRenderer';
import type { VerbCall } from './verb';

/**
 * The domain refuses a decision made on a state that is no longer current; the person then sees the state
 * that won, with who changed it and when, so they can decide again.
 */
export async function orStateChangedCard(
  { service, notices }: VerbCall,
  actor: Actor,
  subscriptionId: string,
  work: () => Promise<AdaptiveCard>,
): Promise<AdaptiveCard> {
  try {
    return await work();
  } catch (err) {
    if (!isDomainError(err, 'stale')) throw err;
    return notices.stateChanged(await service.view(actor, subscriptionId));
  }
}

/**
 * Work on the state a card showed, at the version it carried; a card that carried no usable version (see
 * `Version` in fields.ts) is answered as one whose state changed since: the current state, nothing changed.
 */
export async function atShownVersion(
  call: VerbCall,
  actor: Actor,
  subscriptionId: string,
  version: number | null,
  work: (version: number) => Promise<AdaptiveCard>,
): Promise<AdaptiveCard> {
  if (version === null) return call.notices.stateChanged(await call.service.view(actor, subscriptionId));
  return orStateChangedCard(call, actor, subscriptionId, () => work(version));
}
