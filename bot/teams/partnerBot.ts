import {
  ActivityTypes,
  CardFactory,
  MessageFactory,
  TeamsActivityHandler,
  type TurnContext,
  type Activity,
  type InvokeResponse,
} from 'botbuilder';
import type { Logger } from 'pino';
import { identityOf, type ActivityIdentity } from './activityIdentity';
import { isAutomaticRefresh, parseCardAction } from './cardActions';
import type { ConversationReferences } from './conversationReferences';
import type { AdaptiveCard } from './cardRenderer';
import type { ConversationFlow, Trigger, Turn, VerbRequest } from './conversationFlow';
import { installationAction, type Installation } from './installation';
import { parseTextCommand } from './textCommands';

/** Teams refuses messages over about 28 KB; the card gets 26 KB, leaving room for the activity around it. */
export const MAX_CARD_BYTES = 26 * 1024;

const IDENTITY = Symbol('activity identity');

function identityIn(context: TurnContext): ActivityIdentity | null {
  return (context.turnState.get(IDENTITY) as ActivityIdentity | null | undefined) ?? null;
}

/** An activity that did not say who sent it still gets an answer (help, or a notice saying so). */
function turnOf(identity: ActivityIdentity | null): Turn {
  return identity ?? { actor: null, conversationId: '' };
}

function cardSize(card: AdaptiveCard): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}

function fitsInTeams(card: AdaptiveCard): boolean {
  return cardSize(card) <= MAX_CARD_BYTES;
}

/**
 * An invoke's answer as JSON text: the card is serialised once, measured for the size guard, and that text is what
 * the server writes (bot/server/createServer.ts) rather than serialising the answer again.
 */
export class SerializedInvokeBody {
  constructor(readonly json: string) {}

  /** The answer for a card already serialised: Teams shows `value` in place of the card that was tapped. */
  static ofCard(cardJson: string): SerializedInvokeBody {
    return new SerializedInvokeBody(
      `{"statusCode":200,"type":"application/vnd.microsoft.card.adaptive","value":${cardJson}}`,
    );
  }

  /** As an object, for whoever reads it other than the server. */
  toJSON(): unknown {
    return JSON.parse(this.json);
  }
}

export interface PartnerBotOptions {
  /**
   * A message or a tap whose answer takes longer than this shows a typing indicator; a quicker answer comes
   * without one (an indicator that vanishes as the card lands tells a person nothing, and costs a post to Teams).
   */
  typingDelayMs: number;
  typingRepeatMs: number;
}

/**
 * The Teams shell around the conversation flow: it reads who is asking, shows typing while work is under
 * way, and puts the flow's card into a message or an invoke response. Nothing here decides anything.
 */
export class PartnerBot extends TeamsActivityHandler {
  constructor(
    private readonly flow: ConversationFlow,
    private readonly references: ConversationReferences,
    private readonly log: Logger,
    private readonly options: PartnerBotOptions,
    private readonly installation: Installation,
  ) {
    super();

    // Installed again or removed: see installation.ts. A removal gets no answer (the bot is gone).
    this.onInstallationUpdate(async (context, next) => {
      await this.installation.onUpdate(context.activity, identityIn(context));
      await next();
    });

    this.onMessage(async (context, next) => {
      const identity = identityIn(context);
      const command = identity
        ? parseTextCommand(typeof context.activity.text === 'string' ? context.activity.text : '')
        : { verb: 'help', data: {} };
      let card: AdaptiveCard;
      try {
        card = await this.withTyping(context, this.options.typingDelayMs, () =>
          this.flow.run(turnOf(identity), command),
        );
      } catch (err) {
        this.log.error({ err, verb: command.verb }, 'message turn failed');
        card = this.flow.notices.somethingWentWrong();
      }
      await this.sendCard(context, card);
      await next();
    });

    this.onMembersAdded(async (context, next) => {
      const botWasAdded = (context.activity.membersAdded ?? []).some((m) => m.id === context.activity.recipient?.id);
      const identity = identityIn(context);
      if (botWasAdded && identity)
        await this.sendCard(context, await this.flow.run(identity, { verb: 'welcome', data: {} }));
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    // Read once per turn; the handlers below take it from the turn state.
    const identity = identityOf(context.activity);
    context.turnState.set(IDENTITY, identity);
    // A removal is not saved (the chat is being forgotten); an install is, even if this process saved it before.
    // Teams refreshing a card only reads: not even the conversation reference is written.
    const installing = installationAction(context.activity);
    if (identity && installing !== 'remove' && !isAutomaticRefresh(context.activity)) {
      await this.references.remember(context, identity, { force: installing === 'add' });
    }
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
    const parsed = parseCardAction(context.activity.value);
    let card: AdaptiveCard;
    if (!parsed.ok) {
      this.log.info({ reason: parsed.reason }, 'card action refused');
      card = this.flow.notices.unreadableAction(parsed.message);
    } else if (parsed.trigger === 'automatic') {
      // A refresh is Teams' own request while the card is on screen: answered from the store, no typing.
      card = await this.answerAction(context, parsed.request, 'automatic');
    } else {
      card = await this.withTyping(context, this.options.typingDelayMs, () =>
        this.answerAction(context, parsed.request, 'person'),
      );
    }
    let json = JSON.stringify(card);
    const size = Buffer.byteLength(json, 'utf8');
    if (size > MAX_CARD_BYTES) {
      this.log.error({ size }, 'card too large for Teams; answering with a short card instead');
      json = JSON.stringify(this.flow.notices.tooLargeToShow());
    }
    return { status: 200, body: SerializedInvokeBody.ofCard(json) };
  }

  private async answerAction(context: TurnContext, request: VerbRequest, trigger: Trigger): Promise<AdaptiveCard> {
    try {
      return await this.flow.run(turnOf(identityIn(context)), request, trigger);
    } catch (err) {
      this.log.error({ err, verb: request.verb, trigger }, 'card action failed');
      return this.flow.notices.somethingWentWrong();
    }
  }

  /**
   * Runs `work`, showing typing if it outlasts `delayMs`, and again every few seconds, since Teams hides the
   * indicator after a while.
   */
  private async withTyping<T>(context: TurnContext, delayMs: number, work: () => Promise<T>): Promise<T> {
    // The typing indicator goes out while the work runs, not ahead of it; the answer waits for the indicator
    // in flight, so the chat never sees typing after the answer.
    let inFlight: Promise<unknown> = Promise.resolve();
    const sendTyping = () => {
      inFlight = context
        .sendActivity({ type: ActivityTypes.Typing })
        .catch((err: unknown) => this.log.warn({ err }, 'typing indicator not sent'));
    };
    let timer: NodeJS.Timeout | undefined;
    const schedule = (ms: number) => {
      timer = setTimeout(() => {
        sendTyping();
        schedule(this.options.typingRepeatMs);
      }, ms);
    };
    schedule(delayMs);
    try {
      return await work();
    } finally {
      clearTimeout(timer);
      await inFlight;
    }
  }

  private async sendCard(context: TurnContext, card: AdaptiveCard): Promise<void> {
    if (!fitsInTeams(card)) {
      // Cards are paged to stay far below the limit; this is the net under a bug, not a code path.
      this.log.error({ size: cardSize(card) }, 'card too large for Teams; sending a short card instead');
      card = this.flow.notices.tooLargeToShow();
    }
    const activity: Partial<Activity> = MessageFactory.attachment(CardFactory.adaptiveCard(card));
    await context.sendActivity(activity);
  }
}
