import { outcomeOf, type NudgeStore, type PartnerOfRecordService } from '../core';
import type { AdaptiveCard, CardRenderer } from './cardRenderer';
import { NoticeCards } from './noticeCards';
import type { Reader } from '../wording/times';
import type { OpenQuestions } from './openQuestion';
import { VERBS } from './verbs';
import { readerOf, type FlowServices, type FlowSettings, type Trigger, type Turn, type Verb } from './verbs/verb';

export type { FlowSettings, Trigger, Turn } from './verbs/verb';

/** What a card button or a typed command asks for: a verb and its (still unchecked) data. */
export interface VerbRequest {
  verb: string;
  data: unknown;
}

/**
 * The conversation, as cards in and cards out. It knows nothing of botbuilder: the Teams handler turns
 * activities into verb requests, and whatever card comes back replaces the one the person acted on (or is
 * sent as a message). Each verb's handler is in `verbs/`.
 */
export class ConversationFlow {
  readonly notices: NoticeCards;
  private readonly verbs = new Map<string, Verb>(VERBS.map((v) => [v.verb, v]));
  private readonly services: FlowServices;

  constructor(deps: {
    service: PartnerOfRecordService;
    nudges: NudgeStore;
    questions: OpenQuestions;
    cards: CardRenderer;
    settings: FlowSettings;
    now: () => Date;
  }) {
    this.notices = new NoticeCards(deps.cards, deps.settings.grantAccessUrl, deps.settings.azureAppId);
    this.services = { ...deps, notices: this.notices };
  }

  /**
   * Answers a verb with a card. Unknown verbs and data that does not parse are answered with a notice before
   * any handler runs; an automatic refresh runs only the verbs that merely read. A person's verb that is not
   * part of the Partner ID question closes that question.
   */
  async run(turn: Turn, request: VerbRequest, trigger: Trigger = 'person'): Promise<AdaptiveCard> {
    // The turn's notices are in the person's language, times in their zone; a card drawn outside a turn (draw): UTC.
    const notices = this.notices.for(readerOf(turn));
    const verb = this.verbs.get(request.verb);
    if (!verb || (trigger === 'automatic' && !verb.refresh)) return notices.unreadableAction('unknownCard');
    // What the schema found wrong is for developers: the person is told the card's data could not be used.
    const parsed = verb.parse(request.data);
    if (!parsed.ok) return notices.unreadableAction('invalidData');
    return this.guard(notices, async () => {
      // An automatic refresh only reads; a person's other command leaves the question behind.
      const leaves = trigger === 'person' && !verb.keepsOpenQuestion;
      if (leaves) await this.services.questions.leaveBehind(turn.conversationId);
      return parsed.run({ ...this.services, notices, turn, trigger });
    });
  }

  /**
   * A card a verb that only reads draws outside any turn (a proactive message), for `reader`: the language and time
   * zone the person's chat last said. Nothing is turned into a notice: an outage or refusal is thrown, so the sender
   * retries or drops the message instead of sending a notice card.
   */
  async draw(actor: Turn['actor'], request: VerbRequest, reader: Reader): Promise<AdaptiveCard> {
    const verb = this.verbs.get(request.verb);
    if (!verb?.refresh) throw new Error(`no read-only verb ${request.verb}`);
    const parsed = verb.parse(request.data);
    if (!parsed.ok) throw new Error(parsed.message);
    const turn: Turn = { actor, conversationId: '', ...reader };
    return parsed.run({ ...this.services, notices: this.notices.for(reader), turn, trigger: 'automatic' });
  }

  /**
   * Every refusal a person can cause becomes a card, and so does Microsoft's side (or the store) not answering
   * or not yet consented to; anything else is rethrown as the defect it is. A change that may have been saved is
   * never answered "nothing was changed" (Submit and Remove answer it themselves, with a button that sends it again).
   */
  private async guard(notices: NoticeCards, work: () => Promise<AdaptiveCard>): Promise<AdaptiveCard> {
    return notices.forOutcome(await outcomeOf(work), (card) => card);
  }
}
