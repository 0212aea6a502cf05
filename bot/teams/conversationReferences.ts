import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import type { ActivityIdentity, ChatAddress } from '../channel';
import type { ConversationStore, TeamsRecipient } from '../core';

/** A person's chat as stored: the reference to reach it, and which saved version of it this is. */
export interface FoundConversation {
  reference: ChatAddress;
  conversationId: string;
  updatedAt: string;
}

/**
 * How many people's saved references this process remembers (about 1 KB each). Someone it has forgotten costs one
 * write on their next turn, which saves the same reference again.
 */
const REFERENCES_REMEMBERED = 10_000;

/**
 * Where each person's chat with the bot is, for proactive messages. Saved on a chat's first turn and again
 * only when it changes; a cache of what was saved spares a write per turn.
 */
export class ConversationReferences {
  private readonly saved = new LRUCache<string, string>({ max: REFERENCES_REMEMBERED });

  constructor(
    private readonly store: ConversationStore,
    private readonly log: Logger,
  ) {}

  /**
   * `force`: save even if this process saved the same reference before. An install is one: another instance
   * (or this one, on a 403) may have forgotten the chat since, and this cache would not know.
   */
  async remember(address: ChatAddress, identity: ActivityIdentity, options: { force?: boolean } = {}): Promise<void> {
    if (!identity.actor) return;
    const key = keyOf(identity.actor);
    // The address is the same on every turn of a chat: anything that changed (a new serviceUrl, a new
    // conversation) is saved.
    const serialized = JSON.stringify(address);
    if (!options.force && this.saved.get(key) === serialized) return;
    try {
      await this.store.saveReference({
        tenantId: identity.actor.tenantId,
        aadObjectId: identity.actor.aadObjectId,
        conversationId: identity.conversationId,
        reference: address,
        updatedAt: new Date().toISOString(),
      });
      this.saved.set(key, serialized);
    } catch (err) {
      // Losing a reference only costs a later proactive message; it must not cost this turn.
      this.log.warn({ err }, 'conversation reference not saved');
    }
  }

  async find(recipient: TeamsRecipient): Promise<FoundConversation | null> {
    const stored = await this.store.getReference(recipient.tenantId, recipient.aadObjectId);
    return stored
      ? {
          reference: stored.reference as ChatAddress,
          conversationId: stored.conversationId,
          updatedAt: stored.updatedAt,
        }
      : null;
  }

  /**
   * The bot was removed from the chat: forget it, so nothing more is sent there until it is back. With `found`,
   * only that saved chat is forgotten: one saved since (the person opened another chat meanwhile) is kept.
   */
  async forget(recipient: TeamsRecipient, found?: FoundConversation): Promise<void> {
    this.saved.delete(keyOf(recipient));
    await this.store.deleteReference(
      recipient.tenantId,
      recipient.aadObjectId,
      found ? { conversationId: found.conversationId, updatedAt: found.updatedAt } : undefined,
    );
  }
}

function keyOf(recipient: TeamsRecipient): string {
  return `${recipient.tenantId}/${recipient.aadObjectId}`;
}
