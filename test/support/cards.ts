import assert from 'node:assert/strict';
import type { PostResult } from './teamsUser';
import type { ChannelServer } from './channelServer';

export type Card = Record<string, any>;

/** The card an Action.Execute answered with, after checking the invoke response has Teams' exact shape. */
export function invokeCard(result: PostResult): Card {
  assert.equal(result.status, 200, `invoke answered ${result.status}: ${JSON.stringify(result.body)}`);
  assert.equal(result.body?.statusCode, 200);
  assert.equal(result.body?.type, 'application/vnd.microsoft.card.adaptive');
  assert.equal(result.body?.value?.type, 'AdaptiveCard');
  return result.body.value as Card;
}

/** The cards the bot sent to the channel in this conversation, oldest first. */
export function sentCards(channel: ChannelServer, conversationId: string): Card[] {
  return channel
    .messages(conversationId)
    .flatMap((m) => (m.activity.attachments ?? []) as { contentType: string; content: Card }[])
    .filter((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')
    .map((a) => a.content);
}

export function lastSentCard(channel: ChannelServer, conversationId: string): Card {
  const cards = sentCards(channel, conversationId);
  assert.ok(cards.length > 0, 'the bot sent no card');
  return cards[cards.length - 1]!;
}

/** All text a card shows, in order: enough to assert on what a person reads. */
export function cardText(card: Card): string {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (n.type === 'TextBlock' && typeof n.text === 'string') out.push(n.text);
    if (n.type === 'FactSet' && Array.isArray(n.facts)) {
      for (const f of n.facts as { title: string; value: string }[]) out.push(`${f.title}: ${f.value}`);
    }
    if (n.type === 'Input.ChoiceSet' && Array.isArray(n.choices)) {
      for (const c of n.choices as { title: string }[]) out.push(c.title);
    }
    for (const [key, value] of Object.entries(n)) if (key !== 'actions' && key !== 'choices' && key !== 'facts') walk(value);
  };
  walk(card.body);
  // Markdown escapes are for the renderer; assertions read the text as a person sees it.
  return out
    .join('\n')
    .replace(/(?<!\\)\*\*(.*?)\*\*/g, '$1')
    .replace(/\\(.)/g, '$1');
}

export function findAction(card: Card, title: string): { verb: string; data: Record<string, any> } {
  const action = (card.actions ?? []).find((a: any) => a.title === title);
  assert.ok(action, `no action "${title}" on card; actions: ${(card.actions ?? []).map((a: any) => a.title).join(', ')}`);
  return { verb: action.verb, data: action.data ?? {} };
}

export function actionTitles(card: Card): string[] {
  return (card.actions ?? []).map((a: any) => a.title as string);
}

export function choiceValues(card: Card, inputId = 'subscriptionId'): string[] {
  const input = (card.body ?? []).find((e: any) => e.id === inputId);
  assert.ok(input, `no input ${inputId} on card`);
  return (input.choices ?? []).map((c: any) => c.value as string);
}
