import { randomUUID } from 'node:crypto';
import { cardText, choiceValues, findAction, invokeCard, type Card } from '../test/support/cards';
import type { BenchChannel, BenchClient, BenchUser, TurnResult } from './harness';

export const STEPS = [
  'say "add/change partner"',
  'press choose',
  'press check',
  'press submit',
  'say "status"',
] as const;
export type Step = (typeof STEPS)[number];
export const TURNS_PER_CONVERSATION = STEPS.length;

/** One scripted change: which partner the owner puts on which subscription. */
export interface PartnerChange {
  subscriptionId: string;
  subscriptionName: string;
  partnerId: string;
  partnerName: string;
}

/**
 * The scripted conversation, as an owner has it in Teams: "add partner" (or "change partner"), choose the
 * subscription, check the Partner ID, submit, then "status". Each card's actions are read from the card the bot
 * returned, as Teams would; every turn's time from the first byte sent to the last byte of the answer is recorded.
 */
export async function partnerConversation(
  client: BenchClient,
  channel: BenchChannel,
  user: BenchUser,
  change: PartnerChange,
  mode: 'attach' | 'change',
  record: (step: Step, ms: number) => void,
): Promise<void> {
  let step: Step = STEPS[0];
  const turn = async (activity: Record<string, unknown>): Promise<TurnResult> => {
    const result = await client.post(activity);
    record(step, result.ms);
    if (result.status !== 200) throw new Error(`HTTP ${result.status}: ${JSON.stringify(result.body)}`);
    return result;
  };
  // Message turns answer with an empty 200; the card went to the channel during the turn.
  const say = async (text: string): Promise<Card> => {
    await turn(user.activity({ type: 'message', text }));
    const card = channel.takeCard(user.conversationId);
    if (!card) throw new Error('the bot sent no card');
    return card;
  };
  // Invoke turns answer with the next card in the HTTP response.
  const press = async (
    card: Card,
    title: string,
    verb: string,
    inputs: Record<string, unknown> = {},
  ): Promise<Card> => {
    const action = findAction(card, title);
    if (action.verb !== verb) throw new Error(`"${title}" has verb ${action.verb}, expected ${verb}`);
    const value = {
      action: { type: 'Action.Execute', id: randomUUID(), verb, data: { ...action.data, ...inputs } },
      trigger: 'manual',
    };
    return invokeCard(await turn(user.activity({ type: 'invoke', name: 'adaptiveCard/action', value })));
  };
  const expect = (card: Card, text: string) => {
    if (!cardText(card).includes(text))
      throw new Error(`card does not say "${text}": ${JSON.stringify(cardText(card))}`);
  };
  const partner = `${change.partnerName} (${change.partnerId})`;

  try {
    const picker = await say(mode === 'attach' ? 'add partner' : 'change partner');
    if (!choiceValues(picker).includes(change.subscriptionId))
      throw new Error(`${change.subscriptionId} is not offered`);
    step = 'press choose';
    const enter = await press(picker, 'Next', 'choose', { subscriptionId: change.subscriptionId });
    step = 'press check';
    const confirm = await press(enter, 'Check ID', 'check', { partnerId: change.partnerId });
    expect(confirm, change.partnerName);
    step = 'press submit';
    const done = await press(confirm, 'Submit', 'submit');
    expect(done, mode === 'attach' ? 'Partner of record attached' : 'Partner of record changed');
    expect(done, partner);
    step = 'say "status"';
    expect(await say('status'), `${change.subscriptionName}\nPartner of record: ${partner}`);
  } catch (err) {
    throw new Error(`${change.subscriptionId} at ${step}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** One "status" turn; resolves with its time. */
export async function statusTurn(client: BenchClient, channel: BenchChannel, user: BenchUser): Promise<number> {
  const result = await client.post(user.activity({ type: 'message', text: 'status' }));
  if (result.status !== 200) throw new Error(`status: HTTP ${result.status}: ${JSON.stringify(result.body)}`);
  if (!channel.takeCard(user.conversationId)) throw new Error('status: the bot sent no card');
  return result.ms;
}
