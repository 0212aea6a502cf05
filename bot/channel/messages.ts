import { ActivityTypes, CardFactory, MessageFactory, type Activity } from 'botbuilder';
import type { Card, OutgoingMessage } from './teamsChannel';

/** Teams refuses messages over about 28 KB; the card gets 26 KB, leaving room for the activity around it. */
export const MAX_CARD_BYTES = 26 * 1024;

/** The activity that carries a message. */
export function activityOf(message: OutgoingMessage): Partial<Activity> {
  if ('card' in message) return MessageFactory.attachment(CardFactory.adaptiveCard(message.card));
  return { ...MessageFactory.text(message.plainText), textFormat: 'plain' };
}

export const TYPING: Partial<Activity> = { type: ActivityTypes.Typing };

/**
 * An invoke's answer as JSON text: the card is serialised once, measured for the size guard, and that text is what
 * the server writes (bot/server/createServer.ts) rather than serialising the answer again.
 */
export class SerializedInvokeBody {
  constructor(readonly json: string) {}

  /** The answer for a card already serialised: Teams shows `value` in place of the card that was tapped. */
  static ofCard(cardJson: string): SerializedInvokeBody {
    return new SerializedInvokeBody(
      `{"statusCode":200,"type":"application/vnd.microsoft.card.adaptive","value":${cardJson}}`,
    );
  }

  /** As an object, for whoever reads it other than the server. */
  toJSON(): unknown {
    return JSON.parse(this.json);
  }
}

/** The answer to an invoke: its HTTP status and body. */
export interface InvokeAnswer {
  status: number;
  body?: unknown;
}

/** Cards frozen whole, with their JSON and its size in bytes: a card drawn once and sent many times. */
const SERIALIZED = new WeakMap<Card, { json: string; size: number }>();

/**
 * Freezes the card, every part of it, and keeps its JSON for `fittedCardJson`: a card that can no longer change
 * is serialised once however often it is sent.
 */
export function serializedOnce(card: Card): { json: string } {
  deepFreeze(card);
  const json = JSON.stringify(card);
  SERIALIZED.set(card, { json, size: Buffer.byteLength(json, 'utf8') });
  return { json };
}

function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const item of Object.values(value)) deepFreeze(item);
}

/** A card as JSON no larger than Teams takes: `card`, or (a bug: cards are paged far below it) `tooLarge`. */
export function fittedCardJson(
  card: Card,
  tooLarge: () => Card,
  onTooLarge: (size: number) => void,
): { json: string; card: Card } {
  const kept = SERIALIZED.get(card);
  const json = kept?.json ?? JSON.stringify(card);
  const size = kept?.size ?? Buffer.byteLength(json, 'utf8');
  if (size <= MAX_CARD_BYTES) return { json, card };
  onTooLarge(size);
  const replacement = tooLarge();
  return { json: JSON.stringify(replacement), card: replacement };
}
