import type { PartnerIdKind } from '../domain/types';
import type { ConversationStore, PendingPrompt } from '../ports';

/**
 * The one question the bot can leave open in a chat: "type the Partner ID" for a subscription, at the version
 * the card showed. A Partner ID typed as a message answers it while it is fresh; starting over, cancelling or
 * finishing a change closes it.
 */
export class OpenQuestions {
  constructor(
    private readonly store: Pick<ConversationStore, 'getPendingPrompt' | 'setPendingPrompt'>,
    private readonly ttlMs: number,
    private readonly now: () => Date,
  ) {}

  async askForPartnerId(conversationId: string, question: { mode: PartnerIdKind; subscriptionId: string; version: number }): Promise<void> {
    const prompt: PendingPrompt = { kind: 'partnerId', ...question, askedAt: this.now().toISOString() };
    await this.store.setPendingPrompt(conversationId, prompt);
  }

  /** The open question, if one was asked within the time it stays open. */
  async current(conversationId: string): Promise<PendingPrompt | null> {
    const prompt = await this.store.getPendingPrompt(conversationId);
    if (!prompt) return null;
    return this.now().getTime() - Date.parse(prompt.askedAt) <= this.ttlMs ? prompt : null;
  }

  async close(conversationId: string): Promise<void> {
    await this.store.setPendingPrompt(conversationId, null);
  }
}
