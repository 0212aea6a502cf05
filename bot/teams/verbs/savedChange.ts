import { afterSaving, type Actor, type ChangeOutcome } from '../../core';
import type { AdaptiveCard } from '../cardRenderer';
import { doneCard } from './doneCard';
import type { VerbCall } from './verb';

/**
 * Submit and Remove: `save` runs at the version the card showed (none usable: the current state, nothing saved),
 * the open question closes, and the outcome is answered. A change an outage left unconfirmed offers the very same
 * action again (`again`: this verb and its data, the same action id), which the store answers with the saved
 * change, or saves now, and never saves twice.
 */
export async function answerSavedChange(
  call: VerbCall,
  actor: Actor,
  again: { verb: string; data: { subscriptionId: string; version: number | null } },
  save: (version: number) => Promise<ChangeOutcome>,
): Promise<AdaptiveCard> {
  const { subscriptionId, version } = again.data;
  const saved = await call.service.attemptAt(actor, subscriptionId, version, save);
  const outcome = await afterSaving(saved, () => call.questions.close(call.turn.conversationId));
  return call.notices.forOutcome(outcome, (change) => doneCard(call, change.view, change), again);
}
