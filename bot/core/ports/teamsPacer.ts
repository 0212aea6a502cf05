import type { TeamsRecipient } from '../messages';
import type { TeamsDelivery } from './teamsNotifier';

/**
 * How fast the outbox may post into people's chats. Teams limits what a bot sends per chat and per tenant and
 * answers 429 Too Many Requests beyond that; the dispatcher asks before each Teams message, and says when Teams
 * refused one. Times are milliseconds since the epoch. A chat is a person's chat with the bot (the bot talks only
 * in personal chats, one per person), so it is known by its recipient.
 *
 * Asynchronous, so that several instances can pace together through their shared store (one round trip a message)
 * rather than each by its own count; the in-memory pacer answers at once.
 */
export interface TeamsPacer {
  /**
   * Whether outbox message `id`, for this person's chat, may be sent now ('now': it is counted as sent), or else
   * the time it should be offered again. Messages that must wait for a chat are given turns one after another, so a
   * backlog comes back spread out, each message about once, rather than all at the same moment.
   */
  turn(id: number, to: TeamsRecipient, now: number): Promise<'now' | number>;
  /**
   * Teams answered 429 to message `id`, asking to wait until `until`: nothing more goes to that chat before then,
   * and the message is first in line at that time. When chats are refused one after another while an earlier one
   * still waits, Teams is limiting more than a chat: their tenant waits too, or, for chats of different tenants,
   * every chat.
   */
  throttled(id: number, to: TeamsRecipient, until: number, now: number): Promise<void>;
  /**
   * How a send given 'now' at `at` ended. 'noConversation' and 'moved' made no request to Teams, so it is not
   * counted; 'gone' means the chat no longer exists, and a chat the person opens later is a new one, paced afresh.
   */
  settled(to: TeamsRecipient, at: number, delivery: TeamsDelivery): Promise<void>;
}
