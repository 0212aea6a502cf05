import { TurnContext } from 'botbuilder';
import type { Logger } from 'pino';
import { identityOf, type ActivityIdentity } from './activityIdentity';
import { activityOf, fittedCardJson, TYPING } from './messages';
import type { Card, ChatAddress, TeamsTurn, TurnActivity } from './teamsChannel';

const TURN = Symbol('teams turn');

/** What a turn needs besides botbuilder's context: the log, and the card that stands in for one too large. */
export interface TurnSettings {
  log: Logger;
  /** In the turn's own words: the person's language is the activity's. */
  tooLargeToShow: (turn: TeamsTurn) => Card;
}

/** A TeamsTurn over botbuilder's TurnContext; the identity is read once per turn. */
class ContextTurn implements TeamsTurn {
  readonly identity: ActivityIdentity | null;

  constructor(
    private readonly context: TurnContext,
    private readonly settings: TurnSettings,
  ) {
    this.identity = identityOf(context.activity);
  }

  get activity(): TurnActivity {
    return this.context.activity;
  }

  chatAddress(): ChatAddress {
    // The activity id differs on every turn and is not needed to reach the chat later: left out, so that a saved
    // address changes only when the chat moves (a new serviceUrl, a new conversation).
    const { activityId: _activityId, ...stable } = TurnContext.getConversationReference(this.context.activity);
    return stable;
  }

  async reply(card: Card): Promise<void> {
    const fitted = fittedCardJson(
      card,
      () => this.settings.tooLargeToShow(this),
      (size) => this.settings.log.error({ size }, 'card too large for Teams; sending a short card instead'),
    );
    await this.context.sendActivity(activityOf({ card: fitted.card }));
  }

  async showTyping(): Promise<void> {
    await this.context.sendActivity(TYPING);
  }
}

/** The turn of this context: made on first use, the same one for the rest of the turn (onTurnError included). */
export function turnOf(context: TurnContext, settings: TurnSettings): TeamsTurn {
  let turn = context.turnState.get(TURN) as TeamsTurn | undefined;
  if (!turn) {
    turn = new ContextTurn(context, settings);
    context.turnState.set(TURN, turn);
  }
  return turn;
}
