import type { TeamsPayload } from './outbox';

/**
 * sent: Teams accepted it. noConversation: the person has no chat with the bot (never installed it, or removed
 * it). gone: the chat no longer accepts the bot (uninstalled: Teams answers 403/404; or a channel on this
 * machine, such as the Agents Playground, that refuses connections: it has stopped), and its reference was
 * forgotten. moved: a message for one chat (a nudge) found the person in another chat, and was not sent into it.
 * Anything else is thrown, and retried.
 */
export type TeamsDelivery = 'sent' | 'noConversation' | 'gone' | 'moved';

/** Proactive messages to a person's chat with the bot, from its stored conversation reference. */
export interface TeamsNotifier {
  send(payload: TeamsPayload): Promise<TeamsDelivery>;
}
