import type { PartnerIdKind } from '../types';

/**
 * What the bot remembers about a chat between turns. References are opaque JSON here so adapters stay
 * free of botbuilder; the conversation layer owns their shape.
 */
export interface PendingPrompt {
  /** The bot asked for a Partner ID to be typed, for this subscription, in this mode. */
  kind: 'partnerId';
  mode: PartnerIdKind;
  subscriptionId: string;
  version: number;
  askedAt: string;
}

export interface StoredConversation {
  tenantId: string;
  aadObjectId: string;
  conversationId: string;
  reference: unknown;
  updatedAt: string;
  /**
   * Who reads what is sent outside a turn: the person's language (`de`) and time zone (`Europe/Berlin`) as their
   * chat's activities last said them, checked by the conversation layer. Absent when none is known: English, UTC.
   */
  language?: string;
  timeZone?: string;
}

/**
 * A reference to save, with what the turn's activity said of the person's language and time zone. A field the
 * activity left out (an install says no time zone) is left out here, and the one saved before is kept.
 */
export interface ConversationToSave extends Omit<StoredConversation, 'language' | 'timeZone'> {
  language?: string;
  /** null: the activity named no zone the bot can use (UTC, or one Intl does not know), so none is kept. */
  timeZone?: string | null;
}

/** Whose chat it is: the key a conversation reference is stored under. */
export interface ConversationKey {
  tenantId: string;
  aadObjectId: string;
}

/** A stored chat without its reference: enough to know whom the bot can reach, and in which chat. */
export interface StoredChat extends ConversationKey {
  conversationId: string;
}

export interface ConversationStore {
  saveReference(entry: ConversationToSave): Promise<void>;
  getReference(tenantId: string, aadObjectId: string): Promise<StoredConversation | null>;
  /**
   * Forgets the person's reference. With `onlyIf`, only if the stored one is still that one (the same
   * conversation, saved at the same time): a chat saved since, even the same conversation with a new
   * serviceUrl, is kept.
   */
  deleteReference(
    tenantId: string,
    aadObjectId: string,
    onlyIf?: { conversationId: string; updatedAt: string },
  ): Promise<void>;
  /** Tenants where someone has the bot installed: with Graph, the only way to know whom the bot serves. */
  listTenantIds(): Promise<string[]>;
  /**
   * The stored chats in pages, ordered by tenant, then person (a tenant's chats are adjacent): at most `limit`
   * of those after `after` (from the first when null), so a walk over every chat reads a bounded page at a time.
   * A chat saved or forgotten during the walk may or may not be seen; every other one is seen once.
   */
  listChats(after: ConversationKey | null, limit: number): Promise<StoredChat[]>;
  setPendingPrompt(conversationId: string, prompt: PendingPrompt | null): Promise<void>;
  getPendingPrompt(conversationId: string): Promise<PendingPrompt | null>;
}
