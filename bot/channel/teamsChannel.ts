import type { ActivityIdentity } from './activityIdentity';

/*
 * What the rest of the bot sees of the channel. Everything botbuilder stays in bot/channel/; the conversation
 * (bot/teams) works on these types, so replacing the channel library touches this folder only.
 */

/** An Adaptive Card as JSON: the conversation draws it, the channel carries it. */
export type Card = object;

/**
 * Where a chat is, to send into it outside a turn: the channel's conversation reference, stored as JSON. Opaque
 * outside bot/channel, but for the address of the channel's service (a loopback one is a channel on this machine).
 */
export interface ChatAddress {
  serviceUrl?: string;
  [field: string]: unknown;
}

/** The parts of an activity the conversation reads. */
export interface TurnActivity {
  type: string;
  /** An invoke's name (adaptiveCard/action). */
  name?: string;
  /** A message's text: a string when the channel sent one. */
  text?: unknown;
  /** An invoke's payload (a card action's envelope). */
  value?: unknown;
  /** An installationUpdate's action (add, remove...). */
  action?: string;
  conversation?: { conversationType?: string };
  /** The sender's locale, a BCP-47 tag as the client set it (unchecked). */
  locale?: unknown;
  /** The sender's time zone, an IANA name (`Europe/Berlin`) as the client set it (unchecked). */
  localTimezone?: unknown;
}

/** One activity from Teams, while its turn runs. */
export interface TeamsTurn {
  /** Who is asking and in which chat, from the fields the channel sets; null when the activity does not say. */
  readonly identity: ActivityIdentity | null;
  readonly activity: TurnActivity;
  /** Where this chat is, the same for every turn of it (the turn's own activity id left out). */
  chatAddress(): ChatAddress;
  /** Sends the card into the chat as a message; one too large for Teams is replaced (`tooLargeToShow`). */
  reply(card: Card): Promise<void>;
  /** Shows the typing indicator once (Teams hides it after a few seconds). */
  showTyping(): Promise<void>;
}

/** What the conversation does with each kind of turn; the channel reads the activity and writes the answer. */
export interface TeamsConversation {
  /** Every turn, before the handler of its kind. */
  beginTurn(turn: TeamsTurn): Promise<void>;
  onMessage(turn: TeamsTurn): Promise<void>;
  /** A Universal Action (an adaptiveCard/action invoke): the card that replaces the one acted on. */
  onCardAction(turn: TeamsTurn): Promise<Card>;
  /** The bot was among the members added to the conversation. */
  onBotAdded(turn: TeamsTurn): Promise<void>;
  onInstallationUpdate(turn: TeamsTurn): Promise<void>;
  /** Whatever a turn threw: the conversation logs it and answers as it sees fit. */
  onTurnError(turn: TeamsTurn, err: unknown): Promise<void>;
  /** The short card sent in place of one Teams would refuse for its size, in that turn's words. */
  tooLargeToShow(turn: TeamsTurn): Card;
}

/** A message sent outside a turn: a card, or text Teams shows as it is (names from directories are not markdown). */
export type OutgoingMessage = { card: Card } | { plainText: string };

/** Sends messages into chats outside a turn (the outbox's Teams messages). */
export interface ProactiveSender {
  /**
   * One request to the chat at `address`; resolves once the channel accepted the message, and throws the channel's
   * error otherwise (`sendFailureOf` reads it).
   */
  send(address: ChatAddress, message: OutgoingMessage): Promise<void>;
}

/** What a failed send says: the HTTP status the channel answered, and its Retry-After. */
export interface SendFailure {
  status?: number;
  retryAfter?: string;
}
