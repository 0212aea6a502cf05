import { randomUUID } from 'node:crypto';
import { DomainError, isDomainError } from '../domain/errors';
import type { PartnerOfRecordService } from '../domain/partnerOfRecordService';
import { whyRoleMayNotAct } from '../domain/rules';
import type { Actor, EmailStatus, SubscriptionView } from '../domain/types';
import { isConsentRequired, isUpstreamUnavailable, type ConversationStore, type NudgeStore, type PendingPrompt } from '../ports';
import type { CardActionOf, ParsedCardAction } from './cardActions';
import type { AdaptiveCard, CardRenderer } from './cardRenderer';
import type { TextCommand } from './textCommands';
import { ACTIONS, NoticeCards, partnerIdProblem } from './noticeCards';
import { describeChange, emailSentence, formatWhen, listNames, md, partnerText } from './wording';

export interface FlowSettings {
  supportTechnicalUrl: string;
  supportBillingUrl: string;
  /** Subscriptions per status page and per picker page: keeps every card well under Teams' 28 KB. */
  pageSize: number;
  /** How long a "type the Partner ID" question stays open. */
  promptTtlMs: number;
  /** The admin consent link for a tenant, when the directory is a customer's own (Graph). */
  grantAccessUrl?: (tenantId: string) => string;
}

export interface Turn {
  /** Null when the activity did not say who sent it (no aadObjectId or tenant). */
  actor: Actor | null;
  conversationId: string;
}

type Mode = 'attach' | 'change' | 'remove';


/** How the status card reports the partner emails of a subscription's last change. */
const EMAIL_STATUS_TEXT: Record<EmailStatus | 'noContact' | 'none', string> = {
  sent: '. Partner emailed.',
  pending: '. Email to the partner not sent yet.',
  failed: '. Email to the partner failed: please tell the partner yourself.',
  noContact: '. Partner not emailed: no contact address is known for it.',
  none: '',
};

function emailState(v: SubscriptionView): EmailStatus | 'noContact' | 'none' {
  if (v.emailStatus) return v.emailStatus;
  return v.partner && !v.partner.email ? 'noContact' : 'none';
}

/**
 * The conversation, as cards in and cards out. It knows nothing of botbuilder: the Teams handler turns
 * activities into calls here, and whatever card comes back replaces the one the person acted on.
 */
export class ConversationFlow {
  constructor(
    private readonly service: PartnerOfRecordService,
    private readonly conversations: ConversationStore,
    private readonly nudges: NudgeStore,
    private readonly cards: CardRenderer,
    private readonly settings: FlowSettings,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.notices = new NoticeCards(cards);
  }

  /** Also used by the Teams handler, for what goes wrong before or around the flow. */
  readonly notices: NoticeCards;

  /** Turns a typed message into the card that answers it. */
  async onText(turn: Turn, command: TextCommand): Promise<AdaptiveCard> {
    return this.guard(() => this.answerText(turn, command));
  }

  /** Turns a card button (Action.Execute) into the card that replaces it. */
  async onAction(turn: Turn, action: ParsedCardAction): Promise<AdaptiveCard> {
    return this.guard(() => this.answerAction(turn, action));
  }

  /** The card for a new chat (install, or "hi"). */
  async welcome(actor: Actor | null): Promise<AdaptiveCard> {
    return this.guard(() => this.welcomeCard(actor));
  }

  private async answerText(turn: Turn, command: TextCommand): Promise<AdaptiveCard> {
    switch (command.kind) {
      case 'help':
        return this.help(turn.actor);
      case 'welcome':
        return this.welcomeCard(turn.actor);
      case 'unknown':
        return this.notices.notice({
          title: 'I did not catch that',
          message: 'Try **add partner**, **change partner**, **remove partner**, **status** or **help**.',
          actions: [ACTIONS.status, ACTIONS.help],
        });
      default:
        break;
    }
    const actor = turn.actor;
    if (!actor) return this.notices.unidentified();
    switch (command.kind) {
      case 'status':
        return this.status(actor, 0);
      case 'start':
        await this.conversations.setPendingPrompt(turn.conversationId, null);
        return this.start(actor, command.mode, 0);
      case 'cancel':
        return this.cancel(turn);
      case 'partnerId':
        return this.typedPartnerId(turn, actor, command.value);
    }
  }

  private async answerAction(turn: Turn, action: ParsedCardAction): Promise<AdaptiveCard> {
    if (action.verb === 'help') return this.help(turn.actor);
    if (action.verb === 'welcome') return this.welcomeCard(turn.actor);
    const actor = turn.actor;
    if (!actor) return this.notices.unidentified();
    switch (action.verb) {
      case 'status':
        return this.status(actor, action.data.page);
      case 'start':
        return this.start(actor, action.data.mode, action.data.page);
      case 'choose':
        return this.choose(turn, actor, action.data.mode, action.data.subscriptionId);
      case 'check':
        return this.check(turn, actor, action.data);
      case 'editId':
        return this.askForPartnerId(turn, actor, action.data.mode, action.data.subscriptionId, {
          version: action.data.version,
          value: action.data.partnerId,
        });
      case 'submit':
        return this.submit(turn, actor, action.data);
      case 'remove':
        return this.remove(turn, actor, action.data);
      case 'dismissNudge':
        return this.dismissNudge(actor, action.data.subscriptionId);
      case 'cancel':
        return this.cancel(turn);
    }
  }

  private async welcomeCard(actor: Actor | null): Promise<AdaptiveCard> {
    if (actor) {
      try {
        const { user, tenant, mayChange } = await this.service.whoIs(actor);
        return this.cards.render('welcome', {
          userName: md(user.name),
          tenantName: md(tenant.name),
          mayChange,
          readOnlyReason: mayChange ? '' : await this.readOnlyReason(actor.tenantId, user.role),
        });
      } catch (err) {
        if (!isDomainError(err, 'unknownUser')) throw err;
      }
    }
    return this.cards.render('welcome', {
      userName: 'there',
      tenantName: 'your organization',
      mayChange: false,
      readOnlyReason:
        'I could not find you in your organization\'s directory, so I can only show help. Only the owner (administrator) role may attach, change or remove a partner of record.',
    });
  }

  async help(actor: Actor | null): Promise<AdaptiveCard> {
    let ownersText = 'Ask your organization\'s owner (administrator) to do it.';
    if (actor) {
      const owners = await this.service.owners(actor.tenantId).catch(() => []);
      if (owners.length > 0) ownersText = `In your organization that is ${listNames(owners.map((o) => o.name))}.`;
    }
    return this.cards.render('help', {
      ownersText,
      supportTechnicalUrl: this.settings.supportTechnicalUrl,
      supportBillingUrl: this.settings.supportBillingUrl,
    });
  }

  async status(actor: Actor, requestedPage: number): Promise<AdaptiveCard> {
    const { user, tenant, mayChange } = await this.service.whoIs(actor);
    const views = await this.service.list(actor);
    const { items, page, pageCount, from, to } = paginate(views, requestedPage, this.settings.pageSize);
    const withoutPartner = views.filter((v) => !v.partner).length;
    const summary =
      views.length === 0
        ? 'Your organization has no subscriptions I can see.'
        : `Subscriptions ${from}-${to} of ${views.length}` +
          (pageCount > 1 ? ` (page ${page + 1} of ${pageCount})` : '') +
          `. ${withoutPartner === 0 ? 'Every one has a partner of record.' : `${withoutPartner} ${withoutPartner === 1 ? 'has' : 'have'} no partner of record.`}`;
    return this.cards.render('status', {
      tenantName: md(tenant.name),
      summary,
      fallbackText: `Partners of record for ${tenant.name}: ${summary}`,
      items: items.map((v) => ({
        service: v.subscription.service,
        name: md(v.subscription.name),
        partnerText: v.partner ? `Partner of record: ${partnerText(v.partner)}` : 'No partner of record',
        partnerColor: v.partner ? 'Default' : 'Attention',
        lastChangeText: v.lastChange ? describeChange(v.lastChange) + EMAIL_STATUS_TEXT[emailState(v)] : '',
      })),
      hasPrev: page > 0,
      prevPage: Math.max(0, page - 1),
      hasNext: page + 1 < pageCount,
      nextPage: page + 1,
      mayChange,
      readOnlyReason: mayChange ? '' : await this.readOnlyReason(actor.tenantId, user.role),
    });
  }

  private async start(actor: Actor, mode: Mode, requestedPage: number): Promise<AdaptiveCard> {
    await this.service.requireOwner(actor);
    const views = (await this.service.list(actor)).filter((v) => (mode === 'attach' ? !v.partner : !!v.partner));
    if (views.length === 0) {
      return mode === 'attach'
        ? this.notices.notice({
            title: 'Every subscription has a partner of record',
            message: 'There is no subscription without a partner of record. To replace a partner, change it instead.',
            containerStyle: 'good',
            actions: [ACTIONS.start('change'), ACTIONS.status],
          })
        : this.notices.notice({
            title: 'No subscription has a partner of record',
            message: 'There is no partner of record to ' + (mode === 'change' ? 'change' : 'remove') + '. Add one first.',
            actions: [ACTIONS.start('attach'), ACTIONS.status],
          });
    }
    const { items, page, pageCount, from, to } = paginate(views, requestedPage, this.settings.pageSize);
    const titles: Record<Mode, [string, string]> = {
      attach: ['Add a partner of record', 'Which subscription? These have no partner of record yet.'],
      change: ['Change the partner of record', 'Which subscription? These have a partner of record now.'],
      remove: ['Remove a partner of record', 'Which subscription? These have a partner of record now.'],
    };
    return this.cards.render('pickSubscription', {
      mode,
      title: titles[mode][0],
      prompt: titles[mode][1],
      // Choice titles are plain text in Teams (no markdown), so names go in unescaped.
      choices: items.map((v) => ({
        title: `${v.subscription.service}: ${v.subscription.name}` + (v.partner ? ` (${v.partner.name})` : ''),
        value: v.subscription.id,
      })),
      pageText: pageCount > 1 ? `Showing ${from}-${to} of ${views.length}.` : '',
      hasPrev: page > 0,
      prevPage: Math.max(0, page - 1),
      hasNext: page + 1 < pageCount,
      nextPage: page + 1,
    });
  }

  private async choose(turn: Turn, actor: Actor, mode: Mode, subscriptionId: string): Promise<AdaptiveCard> {
    await this.service.requireOwner(actor);
    const view = await this.service.view(actor, subscriptionId);
    if (mode === 'attach' && view.partner) {
      return this.notices.notice({
        title: 'This subscription already has a partner of record',
        message: `${md(view.partner.name)} is the partner of record for ${md(view.subscription.name)}. To replace it, change the partner instead.`,
        actions: [ACTIONS.start('change'), ACTIONS.status],
      });
    }
    if (mode !== 'attach' && !view.partner) {
      return this.notices.notice({
        title: 'This subscription has no partner of record',
        message: `${md(view.subscription.name)} has no partner of record to ${mode}. You can add one.`,
        actions: [ACTIONS.start('attach'), ACTIONS.status],
      });
    }
    if (mode === 'remove') {
      return this.cards.render('confirmRemove', {
        subscriptionId: view.subscription.id,
        service: view.subscription.service,
        subscriptionName: md(view.subscription.name),
        partnerId: view.partner!.partnerId,
        partnerName: md(view.partner!.name),
        version: view.assignment.version,
        actionId: randomUUID(),
      });
    }
    return this.askForPartnerId(turn, actor, mode, subscriptionId, { view });
  }

  /** Shows the Partner ID card and remembers that a typed ID now answers it. */
  private async askForPartnerId(
    turn: Turn,
    actor: Actor,
    mode: 'attach' | 'change',
    subscriptionId: string,
    options: { view?: SubscriptionView; version?: number; value?: string; error?: string },
  ): Promise<AdaptiveCard> {
    await this.service.requireOwner(actor);
    const view = options.view ?? (await this.service.view(actor, subscriptionId));
    // A card that carries a version keeps it: what the person saw first is what a Submit is judged against.
    const version = options.version ?? view.assignment.version;
    if (version !== view.assignment.version) return this.notices.stale(view);
    const prompt: PendingPrompt = {
      kind: 'partnerId',
      mode,
      subscriptionId: view.subscription.id,
      version,
      askedAt: this.now().toISOString(),
    };
    await this.conversations.setPendingPrompt(turn.conversationId, prompt);
    const value = options.value && /^\s*\d{1,10}\s*$/.test(options.value) ? options.value.trim() : '';
    return this.cards.render('enterPartnerId', {
      mode,
      title: mode === 'attach' ? 'Add a partner of record' : 'Change the partner of record',
      service: view.subscription.service,
      subscriptionName: md(view.subscription.name),
      subscriptionId: view.subscription.id,
      version,
      currentPartnerText: partnerText(view.partner),
      partnerIdValue: value,
      errorText: options.error ?? '',
    });
  }

  private async check(
    turn: Turn,
    actor: Actor,
    data: CardActionOf<'check'>['data'],
  ): Promise<AdaptiveCard> {
    try {
      const { view, partner } = await this.service.checkPartner(actor, data.subscriptionId, data.partnerId);
      if (view.assignment.version !== data.version) return this.notices.stale(view);
      if (data.mode === 'attach' && view.partner) return this.notices.stale(view);
      return this.cards.render('confirmPartner', {
        mode: data.mode,
        subscriptionId: view.subscription.id,
        service: view.subscription.service,
        subscriptionName: md(view.subscription.name),
        partnerId: partner.partnerId,
        partnerName: md(partner.name),
        currentPartnerText: partnerText(view.partner),
        version: view.assignment.version,
        actionId: randomUUID(),
      });
    } catch (err) {
      // A wrong ID is answered on the same card, keeping what was typed, so it can be corrected in place.
      if (isDomainError(err, 'invalidPartnerId') || isDomainError(err, 'unknownPartner') || isDomainError(err, 'samePartner')) {
        return this.askForPartnerId(turn, actor, data.mode, data.subscriptionId, {
          version: data.version,
          value: data.partnerId,
          error: partnerIdProblem(err.detail),
        });
      }
      throw err;
    }
  }

  private async typedPartnerId(turn: Turn, actor: Actor, value: string): Promise<AdaptiveCard> {
    const prompt = await this.conversations.getPendingPrompt(turn.conversationId);
    const fresh = prompt && this.now().getTime() - Date.parse(prompt.askedAt) <= this.settings.promptTtlMs;
    if (!prompt || !fresh) {
      return this.notices.notice({
        title: 'Which subscription is that for?',
        message: 'That looks like a Partner ID, but I have not asked for one. Start with **add partner** or **change partner**, then type it.',
        actions: [ACTIONS.start('attach'), ACTIONS.start('change')],
      });
    }
    return this.check(turn, actor, {
      mode: prompt.mode,
      subscriptionId: prompt.subscriptionId,
      version: prompt.version,
      partnerId: value,
    });
  }

  private async submit(turn: Turn, actor: Actor, data: CardActionOf<'submit'>['data']): Promise<AdaptiveCard> {
    const request = {
      subscriptionId: data.subscriptionId,
      expectedVersion: data.version,
      idempotencyKey: data.actionId,
      partnerId: data.partnerId,
    };
    const outcome = await this.showStaleState(actor, data.subscriptionId, () =>
      data.mode === 'attach' ? this.service.attach(actor, request) : this.service.change(actor, request),
    );
    if ('type' in outcome) return outcome;
    await this.conversations.setPendingPrompt(turn.conversationId, null);
    const { view, audit, newPartner, oldPartner } = outcome;
    const name = md(newPartner?.name ?? '');
    return this.cards.render('done', {
      kind: audit.kind,
      title: audit.kind === 'attach' ? 'Partner of record attached' : 'Partner of record changed',
      message:
        `${name} is now the partner of record for ${md(view.subscription.name)}. ` +
        (newPartner ? emailSentence(newPartner) : '') +
        (oldPartner ? ` ${emailSentence(oldPartner)}` : ''),
      service: view.subscription.service,
      subscriptionName: md(view.subscription.name),
      partnerText: partnerText(newPartner),
      previousPartnerText: partnerText(oldPartner),
      actorName: md(audit.actorName),
      when: formatWhen(audit.at),
    });
  }

  private async remove(turn: Turn, actor: Actor, data: CardActionOf<'remove'>['data']): Promise<AdaptiveCard> {
    const outcome = await this.showStaleState(actor, data.subscriptionId, () =>
      this.service.remove(actor, {
        subscriptionId: data.subscriptionId,
        expectedVersion: data.version,
        idempotencyKey: data.actionId,
      }),
    );
    if ('type' in outcome) return outcome;
    await this.conversations.setPendingPrompt(turn.conversationId, null);
    const { view, audit, oldPartner } = outcome;
    return this.cards.render('done', {
      kind: audit.kind,
      title: 'Partner of record removed',
      message:
        `${md(view.subscription.name)} has no partner of record now.` +
        (oldPartner ? ` ${emailSentence(oldPartner)}` : ''),
      service: view.subscription.service,
      subscriptionName: md(view.subscription.name),
      partnerText: 'None',
      previousPartnerText: partnerText(oldPartner),
      actorName: md(audit.actorName),
      when: formatWhen(audit.at),
    });
  }

  /** A write refused as stale answers with the state that won, so the person can decide again. */
  private async showStaleState<T>(actor: Actor, subscriptionId: string, write: () => Promise<T>): Promise<T | AdaptiveCard> {
    try {
      return await write();
    } catch (err) {
      if (!isDomainError(err, 'stale')) throw err;
      return this.notices.stale(await this.service.view(actor, subscriptionId));
    }
  }

  /** "Not now" on a nudge: that subscription is not brought up again for this person. */
  private async dismissNudge(actor: Actor, subscriptionId: string): Promise<AdaptiveCard> {
    // Only owners are nudged; anyone else pressing "Not now" holds a card that was not theirs, and writes nothing.
    await this.service.requireOwner(actor);
    const view = await this.service.view(actor, subscriptionId);
    await this.nudges.dismissNudge(actor, view.subscription.id, this.now().toISOString());
    return this.notices.notice({
      title: 'No more reminders about this one',
      message: `I won't bring up ${md(view.subscription.name)} again. You can attach a partner any time with **add partner**.`,
      actions: [ACTIONS.start('attach'), ACTIONS.status],
    });
  }

  private async cancel(turn: Turn): Promise<AdaptiveCard> {
    await this.conversations.setPendingPrompt(turn.conversationId, null);
    return this.notices.notice({
      title: 'Cancelled',
      message: 'Nothing was changed.',
      actions: [ACTIONS.status, ACTIONS.help],
    });
  }

  private async readOnlyReason(tenantId: string, role: Parameters<typeof whyRoleMayNotAct>[0]): Promise<string> {
    const owners = await this.service.owners(tenantId);
    return `${whyRoleMayNotAct(role)}${owners.length ? ` Ask ${listNames(owners.map((o) => o.name))}.` : ''} You can look, but not change.`;
  }

  /**
   * Every refusal a person can cause becomes a card, and so does Microsoft's side not answering or not yet
   * consented to; anything else is rethrown as the defect it is.
   */
  private async guard(work: () => Promise<AdaptiveCard>): Promise<AdaptiveCard> {
    try {
      return await work();
    } catch (err) {
      if (err instanceof DomainError) return this.notices.forDomainError(err);
      if (isUpstreamUnavailable(err)) return this.notices.notAnswering(err.upstream);
      if (isConsentRequired(err) && this.settings.grantAccessUrl) return this.notices.grantAccess(this.settings.grantAccessUrl(err.tenantId));
      throw err;
    }
  }
}

export function paginate<T>(items: T[], requestedPage: number, pageSize: number) {
  const pageCount = Math.max(1, Math.ceil(items.length / pageSize));
  const page = Math.min(Math.max(0, requestedPage), pageCount - 1);
  const slice = items.slice(page * pageSize, (page + 1) * pageSize);
  return { items: slice, page, pageCount, from: slice.length ? page * pageSize + 1 : 0, to: page * pageSize + slice.length };
}
