import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import type { ActivityIdentity, ChatAddress, TurnActivity } from '../channel';
import type { ConversationStore, TeamsRecipient } from '../core';
import { languageOf, type Language } from '../wording/language';
import { timeZoneOf, type Reader, type TimeZone } from '../wording/times';

/** A person's chat as stored: the reference to reach it, which saved version of it this is, and who reads it. */
export interface FoundConversation {
  reference: ChatAddress;
  conversationId: string;
  updatedAt: string;
  /** The language and time zone the chat's activities last said: what is sent outside a turn is drawn for them. */
  reader: Reader;
}

/**
 * What an activity says of its reader: its `locale`'s language and its `localTimezone` once checked (null: a zone
 * the bot cannot use, so none). A field the activity leaves out is undefined: an install carries no time zone, and
 * must not erase the one the person's messages said.
 */
export interface SaidReader {
  language?: Language;
  timeZone?: TimeZone | null;
}

export function saidReaderOf(activity: Pick<TurnActivity, 'locale' | 'localTimezone'>): SaidReader {
  return {
    ...(activity.locale === undefined ? {} : { language: languageOf(activity.locale) }),
    ...(activity.localTimezone === undefined ? {} : { timeZone: timeZoneOf(activity.localTimezone) ?? null }),
  };
}

/** What this process last saved for a person: the address (as JSON), and the language and zone, where known. */
interface Saved {
  address: string;
  language?: Language;
  timeZone?: TimeZone | null;
}

/**
 * How many people's saved references this process remembers (about 1 KB each). Someone it has forgotten costs one
 * write on their next turn, which saves the same reference again.
 */
const REFERENCES_REMEMBERED = 10_000;

/**
 * Where each person's chat with the bot is, and who reads it, for proactive messages. Saved on a chat's first turn
 * and again only when the address, the language or the time zone changes; a cache of what was saved spares a write
 * per turn.
 */
export class ConversationReferences {
  private readonly saved = new LRUCache<string, Saved>({ max: REFERENCES_REMEMBERED });

  constructor(
    private readonly store: ConversationStore,
    private readonly log: Logger,
  ) {}

  /**
   * `force`: save even if this process saved the same reference before. An install is one: another instance
   * (or this one, on a 403) may have forgotten the chat since, and this cache would not know. `said`: the language
   * and zone the turn's activity said.
   */
  async remember(
    address: ChatAddress,
    identity: ActivityIdentity,
    options: { force?: boolean; said?: SaidReader } = {},
  ): Promise<void> {
    if (!identity.actor) return;
    const key = keyOf(identity.actor);
    const said = options.said ?? {};
    // The address is the same on every turn of a chat: anything that changed (a new serviceUrl, a new
    // conversation) is saved, as is a language or zone said differently. One the turn did not say stays as it was.
    const before = this.saved.get(key);
    const now: Saved = {
      address: JSON.stringify(address),
      language: said.language ?? before?.language,
      timeZone: said.timeZone === undefined ? before?.timeZone : said.timeZone,
    };
    if (!options.force && before && sameSaved(before, now)) return;
    try {
      await this.store.saveReference({
        tenantId: identity.actor.tenantId,
        aadObjectId: identity.actor.aadObjectId,
        conversationId: identity.conversationId,
        reference: address,
        updatedAt: new Date().toISOString(),
        language: said.language,
        timeZone: said.timeZone,
      });
      this.saved.set(key, now);
    } catch (err) {
      // Losing a reference only costs a later proactive message; it must not cost this turn.
      this.log.warn({ err }, 'conversation reference not saved');
    }
  }

  async find(recipient: TeamsRecipient): Promise<FoundConversation | null> {
    const stored = await this.store.getReference(recipient.tenantId, recipient.aadObjectId);
    if (!stored) return null;
    // Checked again as they are read: a zone this Node's Intl no longer knows is UTC rather than an error.
    const language = languageOf(stored.language);
    const timeZone = timeZoneOf(stored.timeZone);
    return {
      reference: stored.reference as ChatAddress,
      conversationId: stored.conversationId,
      updatedAt: stored.updatedAt,
      reader: timeZone ? { language, timeZone } : { language },
    };
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

/** Whether saving `now` would change nothing this process saved before: a turn that says nothing new. */
function sameSaved(before: Saved, now: Saved): boolean {
  return before.address === now.address && before.language === now.language && before.timeZone === now.timeZone;
}

function keyOf(recipient: TeamsRecipient): string {
  return `${recipient.tenantId}/${recipient.aadObjectId}`;
}
