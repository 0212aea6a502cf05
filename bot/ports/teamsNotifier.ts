import type { TeamsPayload } from './outbox';

/**
 * sent: Teams accepted it. noConversation: the person has no chat with the bot (never installed it).
 * gone: the chat no longer accepts the bot (uninstalled: Teams answers 403/404), and its reference was
 * forgotten. Anything else is thrown, and retried.
 */
export type TeamsDelivery = 'sent' | 'noConversation' | 'gone';

/** Proactive messages to a person's chat with the bot, from its stored conversation reference. */
export interface TeamsNotifier {
  send(payload: TeamsPayload): Promise<TeamsDelivery>;
}
