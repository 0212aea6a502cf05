import type { z } from 'zod';
import type { PartnerOfRecordService, Actor, MailDelivered, NudgeStore } from '../../core';
import { DEFAULT_LANGUAGE, type Language } from '../../wording/language';
import type { Reader, TimeZone } from '../../wording/times';
import type { AdaptiveCard, CardRenderer } from '../cardRenderer';
import type { NoticeCards } from '../noticeCards';
import type { OpenQuestions } from '../openQuestion';

export interface FlowSettings {
  supportTechnicalUrl: string;
  supportBillingUrl: string;
  /** Subscriptions per status page and per picker page: keeps every card well under Teams' 28 KB. */
  pageSize: number;
  /** `file`: partner emails are only written to the bot's mail folder (no mail server), so none is sent. */
  mail?: MailDelivered;
  /** The admin consent link for a tenant, when the directory is a customer's own (Graph). */
  grantAccessUrl?: (tenantId: string) => string;
  /** The app id Azure's Reader role is given to (DIRECTORY=graph), for the command the cards show. */
  azureAppId?: string;
}

export interface Turn {
  /** Null when the activity did not say who sent it (no aadObjectId or tenant). */
  actor: Actor | null;
  conversationId: string;
  /** The person's language, from the activity's `locale`; English when the turn does not say. */
  language?: Language;
  /** The person's time zone, from the activity's `localTimezone` once checked; none: times are shown in UTC. */
  timeZone?: TimeZone;
}

/** The language a turn's cards are drawn in. */
export function languageOf(turn: Turn): Language {
  return turn.language ?? DEFAULT_LANGUAGE;
}

/** Who reads a turn's cards: the language and time zone the times on them are written for. */
export function readerOf(turn: Turn): Reader {
  return turn.timeZone ? { language: languageOf(turn), timeZone: turn.timeZone } : { language: languageOf(turn) };
}

/**
 * Who asked for the card: a person (a tap, or a typed message), or Teams itself refreshing a card that came
 * into view (`trigger: "automatic"`). An automatic refresh only reads.
 */
export type Trigger = 'person' | 'automatic';

/** What every verb handler may use. */
export interface FlowServices {
  service: PartnerOfRecordService;
  cards: CardRenderer;
  notices: NoticeCards;
  questions: OpenQuestions;
  nudges: NudgeStore;
  settings: FlowSettings;
  now: () => Date;
}

export interface VerbCall extends FlowServices {
  turn: Turn;
  trigger: Trigger;
}

interface VerbOptions<S extends z.ZodType> {
  verb: string;
  /** The data a card (or a typed command) sends with the verb; anything else is refused before the handler. */
  data: S;
  /**
   * Teams may call this verb on its own, as a card's `refresh` action. Such a handler must only read: no
   * write to the store, no open question changed, nothing counted against a limit.
   */
  refresh?: boolean;
  /**
   * The verb belongs to the chat's open "type the Partner ID" question (asks it, answers it, or is no command).
   * A person's turn with any other verb closes the question first, so a number typed later is not taken for it.
   */
  keepsOpenQuestion?: boolean;
}

/** A verb: its data's schema, whether Teams may refresh with it, and the handler that answers with a card. */
export interface Verb {
  readonly verb: string;
  readonly refresh: boolean;
  readonly keepsOpenQuestion: boolean;
  /** The schema of the data it takes (test/cards/verbContract.test.ts checks every card's data against it). */
  readonly data: z.ZodType;
  /** Parses the data; the handler runs only on data that passed. */
  parse(data: unknown): { ok: true; run: (call: VerbCall) => Promise<AdaptiveCard> } | { ok: false; message: string };
}

function build<S extends z.ZodType>(
  options: VerbOptions<S>,
  run: (call: VerbCall, data: z.output<S>) => Promise<AdaptiveCard>,
): Verb {
  return {
    verb: options.verb,
    refresh: options.refresh ?? false,
    keepsOpenQuestion: options.keepsOpenQuestion ?? false,
    data: options.data,
    parse(data) {
      const parsed = options.data.safeParse(data ?? {});
      if (!parsed.success)
        return { ok: false, message: parsed.error.issues[0]?.message ?? 'The action data is not valid.' };
      return { ok: true, run: (call) => run(call, parsed.data) };
    },
  };
}

/** A verb for a person the directory knows; an activity that does not say who sent it is answered by a notice. */
export function defineVerb<S extends z.ZodType>(
  options: VerbOptions<S> & { handle: (call: VerbCall, data: z.output<S>, actor: Actor) => Promise<AdaptiveCard> },
): Verb {
  return build(options, (call, data) =>
    call.turn.actor ? options.handle(call, data, call.turn.actor) : Promise.resolve(call.notices.unidentified()),
  );
}

/** A verb anyone may use, even an activity without an identity (help, the welcome card). */
export function definePublicVerb<S extends z.ZodType>(
  options: VerbOptions<S> & {
    handle: (call: VerbCall, data: z.output<S>, actor: Actor | null) => Promise<AdaptiveCard>;
  },
): Verb {
  return build(options, (call, data) => options.handle(call, data, call.turn.actor));
}
