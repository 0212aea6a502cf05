import { CardFactory, MessageFactory, type CloudAdapter, type ConversationReference } from 'botbuilder';
import type { Logger } from 'pino';
import type { TeamsDelivery, TeamsNotifier, TeamsPayload } from '../ports';
import type { CardRenderer } from './cardRenderer';
import type { ConversationReferences } from './conversationReferences';
import { nudgeCard } from './verbs/nudge';

/**
 * Sends the outbox's Teams messages into each person's chat with the bot. A chat the bot was removed from
 * answers 403 (or 404 once deleted): the reference is forgotten and the message dropped, as Teams will
 * refuse every retry.
 */
export class ProactiveNotifier implements TeamsNotifier {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly botAppId: string,
    private readonly references: ConversationReferences,
    private readonly cards: CardRenderer,
    private readonly log: Logger,
  ) {}

  async send(payload: TeamsPayload): Promise<TeamsDelivery> {
    const reference = await this.references.find(payload.to);
    if (!reference) return 'noConversation';
    const activity = this.render(payload);
    // The adapter hands errors thrown in the callback to onTurnError, which logs and swallows them;
    // the send's own error is caught here so the outbox learns what happened.
    let failure: unknown;
    await this.adapter.continueConversationAsync(this.botAppId, reference as ConversationReference, async (context) => {
      try {
        await context.sendActivity(activity);
      } catch (err) {
        failure = err;
      }
    });
    if (failure === undefined) return 'sent';
    const status = (failure as { statusCode?: number }).statusCode;
    if (status === 403 || status === 404) {
      this.log.info({ status, kind: payload.kind }, 'bot no longer in the conversation; forgetting it');
      await this.references.forget(payload.to);
      return 'gone';
    }
    throw failure;
  }

  private render(payload: TeamsPayload) {
    switch (payload.kind) {
      case 'nudge':
        return MessageFactory.attachment(
          CardFactory.adaptiveCard(
            nudgeCard(this.cards, { service: payload.service, subscriptionName: payload.subscriptionName, subscriptionId: payload.subscriptionId }),
          ),
        );
      case 'partnerNotified':
        return plainText(
          `${payload.partnerName} was notified by email (${payload.partnerEmail}) that it ` +
            `${payload.template === 'added' ? 'is now' : 'is no longer'} the partner of record for ${payload.subscriptionName}.`,
        );
      case 'partnerNotNotified':
        return plainText(
          `I could not email ${payload.partnerName} (${payload.partnerEmail}) that it ` +
            `${payload.template === 'added' ? 'is now' : 'is no longer'} the partner of record for ${payload.subscriptionName}. ` +
            `The change itself is saved. Please tell the partner yourself, and ask whoever runs this bot to check its mail settings. ` +
            `(Last error: ${payload.reason.slice(0, 200)})`,
        );
    }
  }
}

/** A text message Teams shows as it is: names from directories are not markdown. */
function plainText(text: string) {
  return { ...MessageFactory.text(text), textFormat: 'plain' as const };
}
