import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LRUCache } from 'lru-cache';
import { serializedOnce } from '../channel/messages';
import type { ChangeKind, PartnerIdKind } from '../core';
import { PACKAGE_ROOT } from '../runtime/packageRoot';
import { DEFAULT_LANGUAGE, type Language } from '../wording/language';
import { CompiledCard } from './compiledCard';
import { checkMessageKeys, localizedTemplate, messageKeysOf } from './localizedTemplate';

/** Where the Adaptive Card templates live: `cards/` beside package.json, from source and from dist/ alike. */
export const CARDS_DIR = path.join(PACKAGE_ROOT, 'cards');

export const CARD_NAMES = [
  'welcome',
  'help',
  'status',
  'pickSubscription',
  'enterPartnerId',
  'confirmPartner',
  'confirmRemove',
  'done',
  'notice',
  'nudge',
  'nudgeDigest',
  'grantAccess',
  'pickSeveral',
  'pickMove',
  'enterPartnerIdForSeveral',
  'confirmSeveral',
  'doneSeveral',
] as const;
export type CardName = (typeof CARD_NAMES)[number];

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  version: string;
  body: unknown[];
  actions?: unknown[];
  fallbackText?: string;
  [key: string]: unknown;
}

export interface CardAction {
  title: string;
  verb: string;
  data: Record<string, unknown>;
}

export interface Fact {
  title: string;
  value: string;
}

/**
 * The data each template binds; the samples in `cards/samples/` follow these shapes. Templates show data in
 * TextRuns, which Teams never reads as markdown: strings here are plain text, shown exactly as given.
 */
export interface CardDataMap {
  /** `aboutRecord`: what the bot is (`bot/wording/record.ts`), which the help card says too. */
  welcome: { greeting: string; tenantName: string; aboutRecord: string; mayChange: boolean; readOnlyReason: string };
  /** `azureRule`: who may change an Azure subscription, where the bot reads Azure; '' elsewhere. */
  help: {
    aboutRecord: string;
    ownersText: string;
    azureRule: string;
    supportTechnicalUrl: string;
    supportBillingUrl: string;
  };
  status: {
    tenantName: string;
    summary: string;
    /** What the list could not show (Azure empty or unreadable, Microsoft 365 unreadable); '' for nothing. */
    notesText: string;
    fallbackText: string;
    /** The page shown, which the card's refresh asks for again. */
    page: number;
    /**
     * A subscription with no partner of record is shown in Attention: Teams keeps that colour readable in its
     * light, dark and high-contrast themes, where Warning is a pale yellow hard to read on white.
     */
    items: {
      service: string;
      name: string;
      partnerText: string;
      partnerColor: 'Default' | 'Attention';
      lastChangeText: string;
    }[];
    hasPrev: boolean;
    prevPage: number;
    hasNext: boolean;
    nextPage: number;
    mayChange: boolean;
    readOnlyReason: string;
  };
  pickSubscription: {
    mode: ChangeKind;
    /** The service the picker is narrowed to (as stored), or '': its paging buttons keep it. */
    service: string;
    title: string;
    prompt: string;
    choices: { title: string; value: string }[];
    pageText: string;
    hasPrev: boolean;
    prevPage: number;
    hasNext: boolean;
    nextPage: number;
  };
  /** Attach to several: tick subscriptions without a partner (a page of them), or all of them. */
  pickSeveral: {
    title: string;
    prompt: string;
    choices: { title: string; value: string }[];
    /** The ids of this page ticked before (comma-joined, as the ChoiceSet's value). */
    tickedHere: string;
    pageText: string;
    /** "N ticked so far", or '' when none is. */
    tickedText: string;
    /** Ticked on other pages: a second ChoiceSet, all ticked, sent with every button so the ticks carry over. */
    tickedElsewhere: { title: string; value: string }[];
    tickedElsewhereValue: string;
    /** "All of them" is offered only when they fit one action. */
    offerAll: boolean;
    hasPrev: boolean;
    prevPage: number;
    hasNext: boolean;
    nextPage: number;
  };
  /** Change several: every subscription of one partner, moved to another. */
  pickMove: { title: string; prompt: string; choices: { title: string; value: string }[] };
  /** `selection`: [subscription id, version shown] pairs, what Check ID and Submit are judged against. */
  enterPartnerIdForSeveral: {
    mode: PartnerIdKind;
    title: string;
    countText: string;
    items: { text: string }[];
    selection: [string, number][];
    partnerIdValue: string;
    errorText: string;
  };
  confirmSeveral: {
    question: string;
    mode: PartnerIdKind;
    partnerId: string;
    partnerName: string;
    countText: string;
    /** The partners of record the subscriptions have now, each once. */
    currentText: string;
    items: { text: string }[];
    selection: [string, number][];
    actionId: string;
  };
  /** `changeIds`: the event ids of the action's changes, which the card's refresh asks about. */
  doneSeveral: {
    title: string;
    message: string;
    /** Where the action's partner emails stand, once for the action; '' when none is known. */
    emailText: string;
    /** Headings (the partner before) and, under each, its subscriptions with their change IDs. */
    items: { text: string; weight: 'Bolder' | 'Default' }[];
    changeIds: string[];
    actorName: string;
    when: string;
    nothingAtMicrosoft: string;
  };
  enterPartnerId: {
    mode: PartnerIdKind;
    title: string;
    service: string;
    subscriptionName: string;
    subscriptionId: string;
    version: number;
    currentPartnerText: string;
    partnerIdValue: string;
    errorText: string;
  };
  confirmPartner: {
    question: string;
    mode: PartnerIdKind;
    subscriptionId: string;
    service: string;
    subscriptionName: string;
    partnerId: string;
    partnerName: string;
    currentPartnerText: string;
    version: number;
    actionId: string;
  };
  confirmRemove: {
    subscriptionId: string;
    service: string;
    subscriptionName: string;
    partnerId: string;
    partnerName: string;
    version: number;
    actionId: string;
  };
  done: {
    /** What was done: the card offers to do the same to another subscription. */
    kind: ChangeKind;
    title: string;
    message: string;
    /** The service as people know it today (`serviceName`); `azure`: the card points to the Azure portal too. */
    service: string;
    azure: boolean;
    subscriptionName: string;
    /** The subscription and the version after this change, which the card's refresh asks about. */
    subscriptionId: string;
    version: number;
    partnerText: string;
    previousPartnerText: string;
    actorName: string;
    when: string;
  };
  /** `service`: the service's name today (`serviceName`), as the digest's rows name it. */
  nudge: { service: string; subscriptionName: string; subscriptionId: string };
  nudgeDigest: {
    summary: string;
    fallbackText: string;
    page: number;
    items: { service: string; name: string; subscriptionId: string }[];
    hasPrev: boolean;
    prevPage: number;
    hasNext: boolean;
    nextPage: number;
  };
  /** `azureStep`: the command that gives the app Reader on Azure subscriptions; '' where the bot reads no Azure. */
  grantAccess: { title: string; message: string; grantUrl: string; hint: string; azureStep: string };
  notice: {
    title: string;
    message: string;
    containerStyle: 'default' | 'good' | 'warning' | 'attention' | 'accent';
    facts: Fact[];
    hint: string;
    actions: CardAction[];
  };
}

/**
 * Binds the JSON templates of `cards/` to data, as adaptivecards-templating does. Every template file is read and
 * parsed as JSON at start, so a missing or broken file stops the bot at start rather than in the middle of someone's
 * conversation. A template's expressions are parsed when the card is first rendered (parsing every card's costs more
 * at start than most turns cost), then kept. See `compiledCard.ts` for how a card is bound; the output is
 * adaptivecards-templating's, byte for byte (test/cards/renderParity.test.ts).
 */
export class CardRenderer {
  private readonly sources = new Map<CardName, object>();
  /** The templates whose words come from the catalogs (`$t(key)`): compiled once per language. */
  private readonly localized = new Set<CardName>();
  private readonly compiled = new Map<string, CompiledCard>();
  /** Cards by their template, language and whole data (`renderKept`), bounded by their size in characters. */
  private readonly kept = new LRUCache<string, AdaptiveCard>({ maxSize: KEPT_CARDS_CHARACTERS });

  constructor(dir: string = CARDS_DIR) {
    for (const name of CARD_NAMES) {
      const source = JSON.parse(readFileSync(path.join(dir, `${name}.json`), 'utf8')) as object;
      checkMessageKeys(name, source);
      if (messageKeysOf(source).size > 0) this.localized.add(name);
      this.sources.set(name, source);
    }
  }

  /** The card in a language; a template not yet moved to the catalogs is the same (English) in every one. */
  render<N extends CardName>(name: N, data: CardDataMap[N], language: Language = DEFAULT_LANGUAGE): AdaptiveCard {
    const localized = this.localized.has(name);
    const key = localized ? `${name}.${language}` : name;
    let card = this.compiled.get(key);
    if (!card) {
      const source = this.sources.get(name)!;
      card = new CompiledCard(localized ? (localizedTemplate(source, language) as object) : source);
      this.compiled.set(key, card);
    }
    return card.render(data) as AdaptiveCard;
  }

  /**
   * The card for data drawn before, the very same (frozen, its JSON kept: sent without serialising it again); else
   * drawn now and kept. Keyed by the whole data and the language: a card is only ever the one its data draws, so
   * two people get the same card only when theirs would be the same to the byte, and changed data is a new card.
   */
  renderKept<N extends CardName>(name: N, data: CardDataMap[N], language: Language = DEFAULT_LANGUAGE): AdaptiveCard {
    const key = `${name}.${language}\n${JSON.stringify(data)}`;
    let card = this.kept.get(key);
    if (!card) {
      card = this.render(name, data, language);
      const { json } = serializedOnce(card);
      this.kept.set(key, card, { size: key.length + json.length });
    }
    return card;
  }
}

/**
 * Kept cards' keys and JSON together: a full page of 20 subscriptions is about 20,000 characters (the key 6,500, the
 * JSON 13,000), so some 50 of those, or about 100 cards of 10 subscriptions; the cards' objects take about as much
 * again: a few MiB in all.
 */
const KEPT_CARDS_CHARACTERS = 1_000_000;
