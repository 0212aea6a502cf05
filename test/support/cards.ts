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

/**
 * All text a card shows, in order, as a person reads it: enough to assert on. A TextBlock is markdown, so its
 * `**bold**` reads as bold text; a RichTextBlock's TextRuns are plain text and read exactly as they are,
 * backslashes and asterisks included. A fact reads "title: value", from a FactSet or from a fact row (a
 * ColumnSet of a title column and a value column, the layout cards use for facts that show data).
 */
export function cardText(card: Card): string {
  const out: string[] = [];
  textsOf(card.body, out);
  return out.join('\n');
}

/** The facts a card shows, from FactSets and from fact rows, in order. */
export function cardFacts(card: Card): { title: string; value: string }[] {
  const facts: { title: string; value: string }[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (n.type === 'FactSet') return void facts.push(...((n.facts ?? []) as { title: string; value: string }[]));
    if (n.type === 'ColumnSet' && Array.isArray(n.columns) && n.columns.length === 2) {
      return void facts.push({ title: textOf(n.columns[0]), value: textOf(n.columns[1]) });
    }
    for (const [key, value] of Object.entries(n)) if (key !== 'actions' && key !== 'selectAction') walk(value);
  };
  walk(card.body);
  return facts;
}

/** The text of every TextRun in the card's body, in order: the text Teams shows as it is, never as markdown. */
export function textRuns(card: Card): string[] {
  const runs: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if (n.type === 'TextRun' && typeof n.text === 'string') runs.push(n.text);
    for (const [key, value] of Object.entries(n)) if (key !== 'actions' && key !== 'selectAction') walk(value);
  };
  walk(card.body);
  return runs;
}

function textOf(node: unknown): string {
  const texts: string[] = [];
  textsOf(node, texts);
  return texts.join(' ');
}

function textsOf(node: unknown, out: string[]): void {
  if (Array.isArray(node)) {
    for (const n of node) textsOf(n, out);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const n = node as Record<string, unknown>;
  switch (n.type) {
    case 'TextBlock':
      if (typeof n.text === 'string') out.push(n.text.replace(/\*\*(.*?)\*\*/g, '$1'));
      return;
    case 'RichTextBlock':
      out.push(
        ((n.inlines ?? []) as unknown[])
          .map((i) =>
            typeof i === 'string'
              ? i
              : typeof (i as { text?: unknown })?.text === 'string'
                ? (i as { text: string }).text
                : '',
          )
          .join(''),
      );
      return;
    case 'FactSet':
      for (const f of (n.facts ?? []) as { title: string; value: string }[]) out.push(`${f.title}: ${f.value}`);
      return;
    case 'ColumnSet': {
      // Columns stand side by side: a fact row reads "title: value".
      out.push(
        ((n.columns ?? []) as unknown[])
          .map(textOf)
          .filter((c) => c !== '')
          .join(': '),
      );
      return;
    }
    case 'Input.ChoiceSet':
      for (const c of (n.choices ?? []) as { title: string }[]) out.push(c.title);
      return;
  }
  for (const [key, value] of Object.entries(n)) if (key !== 'actions' && key !== 'selectAction') textsOf(value, out);
}

export function findAction(card: Card, title: string): { verb: string; data: Record<string, any> } {
  const action = (card.actions ?? []).find((a: any) => a.title === title);
  assert.ok(
    action,
    `no action "${title}" on card; actions: ${(card.actions ?? []).map((a: any) => a.title).join(', ')}`,
  );
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

/**
 * What Teams sends for a button with `associatedInputs: auto`: its data, and each input of the card's body by id
 * with its value (as the card set it, unless `changed` says what the person changed).
 */
export function pressData(
  card: Card,
  title: string,
  changed: Record<string, string> = {},
): { verb: string; data: Record<string, any> } {
  const action = findAction(card, title);
  const inputs: Record<string, string> = {};
  for (const e of card.body ?? []) {
    if (typeof e.type === 'string' && e.type.startsWith('Input.') && e.id) inputs[e.id] = String(e.value ?? '');
  }
  return { verb: action.verb, data: { ...action.data, ...inputs, ...changed } };
}

/** The card's texts in the Attention colour: what it says is wrong. */
export function attentionTexts(card: Card): string[] {
  const texts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    if ((n.type === 'TextRun' || n.type === 'TextBlock') && n.color === 'Attention') texts.push(String(n.text));
    for (const [key, value] of Object.entries(n)) if (key !== 'actions' && key !== 'selectAction') walk(value);
  };
  walk(card.body);
  return texts;
}

/** An input's own check, as Adaptive Cards clients run it before sending: required, and the regex. */
function failsOwnCheck(input: Record<string, any>, value: string): boolean {
  if (input.isRequired && value === '') return true;
  return typeof input.regex === 'string' && value !== '' && !new RegExp(input.regex).test(value);
}

/**
 * A press of the button `title` with `values` typed into the card's inputs, as Teams handles it: an input whose own
 * check fails keeps the card as it is, with the input's message shown under the field, and sends nothing;
 * otherwise the action goes to the bot. `errors` is every error message the person then sees.
 */
export async function pressAsTeamsWould(
  user: { press(verb: string, data: Record<string, unknown>): Promise<PostResult> },
  card: Card,
  title: string,
  values: Record<string, string>,
): Promise<{ sent: boolean; card: Card; errors: string[] }> {
  const action = findAction(card, title);
  const inputs: Record<string, any>[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, any>;
    if (typeof n.type === 'string' && n.type.startsWith('Input.')) inputs.push(n);
    for (const [key, value] of Object.entries(n)) if (key !== 'actions') walk(value);
  };
  walk(card.body);
  const failed = inputs.filter((input) => failsOwnCheck(input, values[input.id] ?? String(input.value ?? '')));
  if (failed.length > 0) {
    return {
      sent: false,
      card,
      errors: [...attentionTexts(card), ...failed.map((input) => String(input.errorMessage ?? 'required'))],
    };
  }
  const answer = invokeCard(await user.press(action.verb, { ...action.data, ...values }));
  return { sent: true, card: answer, errors: attentionTexts(answer) };
}

/** Whether a card is the owner's digest of subscriptions without a partner of record (in any language). */
export function isDigest(card: Card): boolean {
  return card.refresh?.action?.verb === 'nudgeDigest';
}

/** The digest cards sent into a chat, in the order they came. */
export function digestCards(channel: ChannelServer, conversationId: string): Card[] {
  return sentCards(channel, conversationId).filter(isDigest);
}

/** A digest's rows: the subscription of each row's Attach button (in any language), in order. */
export function digestRows(card: Card): string[] {
  const ids: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, any>;
    if (n.type === 'Action.Execute' && n.verb === 'choose' && n.data?.mode === 'attach')
      ids.push(n.data.subscriptionId as string);
    for (const value of Object.values(n)) walk(value);
  };
  walk(card.body);
  return ids;
}
