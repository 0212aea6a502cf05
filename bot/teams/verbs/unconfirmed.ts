import { isOutcomeUnknown, isUpstreamUnavailable, UpstreamUnavailableError } from '../../core';
import type { AdaptiveCard } from '../cardRenderer';
import type { VerbCall } from './verb';

/**
 * A Submit or Remove an outage interrupted while it was being saved (or just after) may or may not be saved: the
 * person is told so, and offered the very same action again (`again`: this verb and the data it got, the same
 * action id), which the store answers with the saved change, or saves now, and never saves twice.
 */
export async function orUnconfirmedCard(
  { notices }: VerbCall,
  again: { verb: string; data: Record<string, unknown> },
  work: () => Promise<AdaptiveCard>,
): Promise<AdaptiveCard> {
  try {
    return await work();
  } catch (err) {
    if (!isOutcomeUnknown(err)) throw err;
    return notices.outcomeUnknown(err.upstream, again);
  }
}

/** Work done once a change is saved: an outage there must not be answered with "nothing was changed". */
export async function afterSaving<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (isUpstreamUnavailable(err) && err.outcome !== 'unknown')
      throw new UpstreamUnavailableError(err.upstream, err.reason, 'unknown');
    throw err;
  }
}
