import { type PartnerIdKind, isUpstreamUnavailable, type ConversationStore, type PendingPrompt } from '../core';

/**
 * The one question the bot can leave open in a chat: "type the Partner ID" for a subscription, at the version
 * the card showed. A Partner ID typed as a message answers it while it is fresh (`ttlMs` by the clock given);
 * starting over, cancelling, finishing a change or any other command closes it.
 */
export class OpenQuestions {
  constructor(
    private readonly store: Pick<ConversationStore, 'getPendingPrompt' | 'setPendingPrompt'>,
    private readonly ttlMs: number,
    private readonly now: () => Date,
  ) {}

  async askForPartnerId(
    conversationId: string,
    question: { mode: PartnerIdKind; subscriptionId: string; version: number },
  ): Promise<void> {
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

  /**
   * Closes the question, if one is open, because the person went on to another command. Most turns find none and
   * write nothing. A store that is down or cannot write does not cost the person the answer (help needs no
   * store): the question still expires.
   */
  async leaveBehind(conversationId: string): Promise<void> {
    try {
      if (await this.store.getPendingPrompt(conversationId)) await this.close(conversationId);
    } catch (err) {
      if (!isUpstreamUnavailable(err)) throw err;
    }
  }
}
