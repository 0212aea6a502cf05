import type { Logger } from 'pino';
import type { TeamsConversation, TeamsTurn } from '../channel';
import { isAutomaticRefresh, parseCardAction } from './cardActions';
import { saidReaderOf, type ConversationReferences } from './conversationReferences';
import type { AdaptiveCard } from './cardRenderer';
import type { ConversationFlow, Trigger, Turn, VerbRequest } from './conversationFlow';
import { installationAction, type Installation } from './installation';
import type { NoticeCards } from './noticeCards';
import { parseTextCommand } from './textCommands';
import { withTyping, type TypingTimes } from './typing';
import { readerOf } from './verbs/verb';
import { languageOf } from '../wording/language';
import { timeZoneOf } from '../wording/times';

export type PartnerBotOptions = TypingTimes;

/**
 * An activity that did not say who sent it still gets an answer (help, or a notice saying so). Its `locale` picks
 * the language (a tag the bot cannot read, or a language it does not speak, is English); its `localTimezone` the
 * zone times are shown in (none, or one Intl does not know: UTC).
 */
function flowTurnOf(turn: TeamsTurn): Turn {
  const flowTurn: Turn = {
    ...(turn.identity ?? { actor: null, conversationId: '' }),
    language: languageOf(turn.activity.locale),
  };
  const timeZone = timeZoneOf(turn.activity.localTimezone);
  return timeZone ? { ...flowTurn, timeZone } : flowTurn;
}

/**
 * What the bot does with each turn from Teams: which verb a message or a tap asks for, whether a tap shows typing
 * (a card's automatic refresh does not), what an install or a removal changes. The flow draws the cards; the
 * channel (bot/channel) reads the activities and sends the answers.
 */
export class PartnerBot implements TeamsConversation {
  constructor(
    private readonly flow: ConversationFlow,
    private readonly references: ConversationReferences,
    private readonly log: Logger,
    private readonly options: PartnerBotOptions,
    private readonly installation: Installation,
  ) {}

  async beginTurn(turn: TeamsTurn): Promise<void> {
    // A removal is not saved (the chat is being forgotten); an install is, even if this process saved it before.
    // Teams refreshing a card only reads: not even the conversation reference is written.
    const installing = installationAction(turn.activity);
    if (turn.identity && installing !== 'remove' && !isAutomaticRefresh(turn.activity)) {
      await this.references.remember(turn.chatAddress(), turn.identity, {
        force: installing === 'add',
        said: saidReaderOf(turn.activity),
      });
    }
  }

  /** Installed again or removed: see installation.ts. A removal gets no answer (the bot is gone). */
  onInstallationUpdate(turn: TeamsTurn): Promise<void> {
    return this.installation.onUpdate(turn.activity, turn.identity);
  }

  async onMessage(turn: TeamsTurn): Promise<void> {
    const text = turn.activity.text;
    const command = turn.identity ? parseTextCommand(typeof text === 'string' ? text : '') : { verb: 'help', data: {} };
    await turn.reply(await withTyping(turn, this.options, this.log, () => this.answer(turn, command, 'person')));
  }

  async onBotAdded(turn: TeamsTurn): Promise<void> {
    if (turn.identity) await turn.reply(await this.flow.run(flowTurnOf(turn), { verb: 'welcome', data: {} }));
  }

  async onCardAction(turn: TeamsTurn): Promise<AdaptiveCard> {
    const parsed = parseCardAction(turn.activity.value);
    if (!parsed.ok) {
      this.log.info({ reason: parsed.reason }, 'card action refused');
      return this.noticesFor(turn).unreadableAction(parsed.reason);
    }
    // A refresh is Teams' own request while the card is on screen: answered from the store, no typing.
    if (parsed.trigger === 'automatic') return this.answer(turn, parsed.request, 'automatic');
    return withTyping(turn, this.options, this.log, () => this.answer(turn, parsed.request, 'person'));
  }

  /** Whatever a turn threw outside the flow: a message is answered all the same; the bot's apology is best effort. */
  async onTurnError(turn: TeamsTurn, err: unknown): Promise<void> {
    const card = this.wentWrong(turn, err, { activityType: turn.activity.type }, 'unhandled turn error');
    if (turn.activity.type === 'message') await turn.reply(card).catch(() => undefined);
  }

  tooLargeToShow(turn: TeamsTurn): AdaptiveCard {
    return this.noticesFor(turn).tooLargeToShow();
  }

  /** The flow's card for a verb; a defect in it is answered as one. */
  private async answer(turn: TeamsTurn, request: VerbRequest, trigger: Trigger): Promise<AdaptiveCard> {
    try {
      return await this.flow.run(flowTurnOf(turn), request, trigger);
    } catch (err) {
      return this.wentWrong(turn, err, { verb: request.verb, trigger }, 'verb failed');
    }
  }

  /** The one answer to a defect: the details go to the log, and the person is told something went wrong. */
  private wentWrong(turn: TeamsTurn, err: unknown, details: Record<string, unknown>, what: string): AdaptiveCard {
    this.log.error({ err, ...details }, what);
    return this.noticesFor(turn).somethingWentWrong();
  }

  /** The notices in the turn's language, its times in the person's zone. */
  private noticesFor(turn: TeamsTurn): NoticeCards {
    return this.flow.notices.for(readerOf(flowTurnOf(turn)));
  }
}
