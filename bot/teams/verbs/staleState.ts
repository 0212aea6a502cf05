import { isDomainError } from '../../domain/errors';
import type { Actor } from '../../domain/types';
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
