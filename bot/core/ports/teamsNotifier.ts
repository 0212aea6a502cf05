import type { TeamsPayload } from '../messages';

/**
 * sent: Teams accepted it. noConversation: the person has no chat with the bot (never installed it, or removed
 * it). gone: the chat no longer accepts the bot (uninstalled: Teams answers 403/404; or a channel on this
 * machine, such as the Agents Playground, that refuses connections: it has stopped), and its reference was
 * forgotten. moved: a message for one chat (a nudge) found the person in another chat, and was not sent into it.
 * Anything else is thrown, and retried: Teams' 429 as TeamsThrottledError, with its Retry-After.
 */
export type TeamsDelivery = 'sent' | 'noConversation' | 'gone' | 'moved';

/**
 * Teams refused the message with 429 Too Many Requests: the bot went over one of its rate limits (Teams documents
 * them per chat and per bot in a tenant). `retryAfterMs` is how long its Retry-After asked to wait, or null when it
 * gave none. Nothing was delivered.
 */
export class TeamsThrottledError extends Error {
  constructor(readonly retryAfterMs: number | null) {
    super(
      `Teams answered 429 Too Many Requests${retryAfterMs === null ? '' : ` (Retry-After ${Math.ceil(retryAfterMs / 1000)} s)`}`,
    );
    this.name = 'TeamsThrottledError';
  }
}

/** Proactive messages to a person's chat with the bot, from its stored conversation reference. */
export interface TeamsNotifier {
  send(payload: TeamsPayload): Promise<TeamsDelivery>;
}
