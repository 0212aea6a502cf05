import { TeamsActivityHandler, type InvokeResponse, type TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { turnOf, type TurnSettings } from './contextTurn';
import { fittedCardJson, SerializedInvokeBody } from './messages';
import type { TeamsConversation, TeamsTurn } from './teamsChannel';

/**
 * botbuilder's TeamsActivityHandler around the conversation: each kind of activity goes to the conversation's
 * handler for it, with the turn it works on, and a card action's answer becomes the invoke's answer. Nothing here
 * decides anything about the conversation.
 */
export class ConversationActivityHandler extends TeamsActivityHandler {
  private readonly settings: TurnSettings;

  constructor(
    private readonly conversation: TeamsConversation,
    private readonly log: Logger,
  ) {
    super();
    this.settings = { log, tooLargeToShow: (turn) => conversation.tooLargeToShow(turn) };

    this.onInstallationUpdate(async (context, next) => {
      await this.conversation.onInstallationUpdate(this.turnOf(context));
      await next();
    });
    this.onMessage(async (context, next) => {
      await this.conversation.onMessage(this.turnOf(context));
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botWasAdded = (context.activity.membersAdded ?? []).some((m) => m.id === context.activity.recipient?.id);
      if (botWasAdded) await this.conversation.onBotAdded(this.turnOf(context));
      await next();
    });
  }

  /** The conversation's turn for this context (the same one all turn long). */
  turnOf(context: TurnContext): TeamsTurn {
    return turnOf(context, this.settings);
  }

  override async run(context: TurnContext): Promise<void> {
    await this.conversation.beginTurn(this.turnOf(context));
    await super.run(context);
  }

  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    // Universal Actions are handled here rather than in onAdaptiveCardInvoke: the base class answers a
    // malformed payload with a bare 400, where the person should get a card that says what happened.
    // The app declares no message extension, task module or sign-in: any other invoke is not one Teams sends
    // this bot, and is refused as a bad request (botbuilder's base class would answer 501, a server error).
    if (context.activity.name !== 'adaptiveCard/action') {
      this.log.info({ name: String(context.activity.name).slice(0, 100) }, 'invoke this bot does not handle refused');
      return {
        status: 400,
        body: {
          error: {
            code: 'unsupportedInvoke',
            message: 'This bot handles only Adaptive Card actions (adaptiveCard/action).',
          },
        },
      };
    }
    const turn = this.turnOf(context);
    const card = await this.conversation.onCardAction(turn);
    const { json } = fittedCardJson(
      card,
      () => this.settings.tooLargeToShow(turn),
      (size) => this.log.error({ size }, 'card too large for Teams; answering with a short card instead'),
    );
    return { status: 200, body: SerializedInvokeBody.ofCard(json) };
  }
}
