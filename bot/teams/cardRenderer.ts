import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as ACData from 'adaptivecards-templating';
import type { ChangeKind, PartnerIdKind } from '../domain/types';
import { PACKAGE_ROOT } from '../packageRoot';

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
  'grantAccess',
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
  welcome: { userName: string; tenantName: string; mayChange: boolean; readOnlyReason: string };
  help: { ownersText: string; supportTechnicalUrl: string; supportBillingUrl: string };
  status: {
    tenantName: string;
    summary: string;
    fallbackText: string;
    /** The page shown, which the card's refresh asks for again. */
    page: number;
    /**
     * A subscription with no partner of record is shown in Attention: Teams keeps that colour readable in its
     * light, dark and high-contrast themes, where Warning is a pale yellow hard to read on white.
     */
    items: { service: string; name: string; partnerText: string; partnerColor: 'Default' | 'Attention'; lastChangeText: string }[];
    hasPrev: boolean;
    prevPage: number;
    hasNext: boolean;
    nextPage: number;
    mayChange: boolean;
    readOnlyReason: string;
  };
  pickSubscription: {
    mode: ChangeKind;
    title: string;
    prompt: string;
    choices: { title: string; value: string }[];
    pageText: string;
    hasPrev: boolean;
    prevPage: number;
    hasNext: boolean;
    nextPage: number;
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
    /** The domain's rule, which the input shows when what was typed cannot be a Partner ID. */
    partnerIdRule: string;
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
    service: string;
    subscriptionName: string;
    /** The subscription and the version after this change, which the card's refresh asks about. */
    subscriptionId: string;
    version: number;
    partnerText: string;
    previousPartnerText: string;
    actorName: string;
    when: string;
  };
  nudge: { service: string; subscriptionName: string; subscriptionId: string };
  grantAccess: { title: string; message: string; grantUrl: string; hint: string };
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
 * Binds the JSON templates of `cards/` to data. Templates are read and parsed once at start, so a broken template
 * stops the bot at start rather than in the middle of someone's conversation.
 */
export class CardRenderer {
  // One Template per card, built once: its constructor parses every ${...} expression, which costs
  // more than the binding itself, and a Template may be expanded with different data any number of times.
  private readonly templates = new Map<CardName, ACData.Template>();

  constructor(dir: string = CARDS_DIR) {
    for (const name of CARD_NAMES) {
      const json = JSON.parse(readFileSync(path.join(dir, `${name}.json`), 'utf8')) as object;
      this.templates.set(name, new ACData.Template(json));
    }
  }

  render<N extends CardName>(name: N, data: CardDataMap[N]): AdaptiveCard {
    const template = this.templates.get(name)!;
    const card = template.expand({ $root: data }) as AdaptiveCard;
    // The schema URL helps editors; Teams does not need it, and every byte counts against the 28 KB limit.
    delete card.$schema;
    return card;
  }
}
