import { randomUUID } from 'node:crypto';
import { auditExportRows, type AuditExportRow } from './auditExport';
import { DomainError, type DomainErrorDetail } from './errors';
import { noRateLimit } from './ports';
import { type Outcome, outcomeOf, staleNow } from './outcomes';
import { isUpstreamUnavailable, UpstreamUnavailableError } from './upstreamErrors';
import { partnerEmailsFor } from './partnerNotifications';
import { changeEventFor, webhookMessagesFor } from './changeEvents';
import {
  batchChangesFor,
  type BatchChangeOutcome,
  type BatchRequest,
  type CheckedSelection,
  checkSelection,
  type SelectedSubscription,
  StaleSelectionError,
} from './batchChanges';
import { changeableSubscriptions } from './changeableSubscriptions';
import { mayChangePartnerOfRecord } from './rules';
import {
  PartnerIdSchema,
  type Actor,
  type Assignment,
  type AuditEntry,
  type ChangeKind,
  type DirectoryUser,
  type EmailStatus,
  type Partner,
  type PartnerId,
  type PartnerAnswer,
  type PartnerIdKind,
  type Subscription,
  type SubscriptionView,
  type TenantRef,
} from './types';
import type {
  ActionRateLimiter,
  AssignmentStore,
  Clock,
  EmailDelivery,
  Outbox,
  PartnerDirectory,
  NotedSubscriptions,
  RoleDirectory,
  SubscriptionDirectory,
  SubscriptionOwners,
} from './ports';

export interface PartnerOfRecordDeps {
  subscriptions: SubscriptionDirectory;
  roles: RoleDirectory;
  /** Subscriptions with owners of their own (Azure RBAC); without it, the tenant's owner rule applies to all. */
  subscriptionOwners?: SubscriptionOwners;
  partners: PartnerDirectory;
  store: AssignmentStore;
  clock: Clock;
  /** Where the partner emails stand; without it, views report no email status. */
  deliveries?: Pick<Outbox, 'emailDeliveries'>;
  /** Called after a change queued messages, so they can be sent now rather than at the next poll. */
  onOutboxWritten?: () => void;
  /** How often a person and a tenant may change partners or check Partner IDs; without it, no limit. */
  rateLimiter?: ActionRateLimiter;
  /** Where each change's event is posted (WEBHOOK_URLS): one outbox message per receiver. None: no messages. */
  webhookUrls?: readonly string[];
  /** A fresh id for a change event; a random UUID unless a test gives its own. */
  newEventId?: () => string;
}

/** Who is asking, and what they may do. */
export interface WhoIs {
  user: DirectoryUser;
  tenant: TenantRef;
  /** Whether they may change some subscription: the tenant's owner, or an Owner of one with owners of its own. */
  mayChange: boolean;
  /**
   * Whether some of the tenant's subscriptions are changed by Owners of their own (Azure), not the tenant's owner:
   * what a read-only person is told. Not looked up for the tenant's owner (false).
   */
  someHaveOwnOwners: boolean;
}

export interface CheckedPartner {
  view: SubscriptionView;
  partner: Partner;
}

export interface ChangeRequest {
  subscriptionId: string;
  /** The version shown to the person; a newer one in the store means someone else acted meanwhile. */
  expectedVersion: number;
  idempotencyKey: string;
}

export interface ChangeOutcome {
  /** False when the same request had already been applied: the caller answers as if it just happened. */
  firstTime: boolean;
  view: SubscriptionView;
  audit: AuditEntry;
  oldPartner: Partner | null;
  newPartner: Partner | null;
}

/**
 * The product's rules in one place: who may act, on which subscriptions, with which partner, and
 * what happens when two people (or two deliveries of one tap) act at once. Every entry point re-reads
 * the directory and the store, because whatever the caller holds (a card, a form) may be stale or forged.
 * The store is keyed by the tenant id as the directory spells it, never as the caller did: a GUID's case
 * carries no meaning, so one tenant must not get two sets of assignments.
 */
export class PartnerOfRecordService {
  constructor(private readonly deps: PartnerOfRecordDeps) {}

  /**
   * Anyone in the tenant's directory may look; the owner may change, and so may an Owner of an Azure subscription
   * (that one only). An Azure role that cannot be read now counts as none here: this only shapes what is offered.
   */
  async whoIs(actor: Actor): Promise<WhoIs> {
    const { user, tenant } = await this.identify(actor);
    // A tenant owner may change something already: no need to ask Azure (one request fewer per status).
    if (mayChangePartnerOfRecord(user.role)) return { user, tenant, mayChange: true, someHaveOwnOwners: false };
    const governed = await this.governedSubscriptions(user).catch((): Subscription[] => []);
    const mayChange = await this.ownsOne(user, governed).catch(() => false);
    return { user, tenant, mayChange, someHaveOwnOwners: governed.length > 0 };
  }

  /** Of these views, those whose subscription this person may change (`changeableSubscriptions`). */
  async changeable(actor: Actor, views: readonly SubscriptionView[]): Promise<SubscriptionView[]> {
    const { user } = await this.identify(actor);
    const person = {
      tenantId: user.tenantId,
      aadObjectId: user.aadObjectId,
      tenantOwner: mayChangePartnerOfRecord(user.role),
    };
    const subscriptions = await changeableSubscriptions(
      this.deps.subscriptionOwners,
      person,
      views.map((v) => v.subscription),
    );
    const ids = new Set(subscriptions.map((s) => s.id));
    return views.filter((v) => ids.has(v.subscription.id));
  }

  private async identify(actor: Actor): Promise<{ user: DirectoryUser; tenant: TenantRef }> {
    const [user, tenant] = await Promise.all([
      this.deps.roles.getUser(actor.tenantId, actor.aadObjectId),
      this.deps.roles.getTenant(actor.tenantId),
    ]);
    if (!user || !tenant) throw new DomainError({ code: 'unknownUser' });
    return { user, tenant };
  }

  /** The tenant's subscriptions that have owners of their own (Azure): none without the port. */
  private async governedSubscriptions(user: DirectoryUser): Promise<Subscription[]> {
    const owners = this.deps.subscriptionOwners;
    if (!owners) return [];
    return (await this.deps.subscriptions.listSubscriptions(user.tenantId)).filter((s) => owners.governs(s));
  }

  /** Whether the person holds the Owner role on one of these subscriptions that have owners of their own. */
  private async ownsOne(user: DirectoryUser, governed: readonly Subscription[]): Promise<boolean> {
    const owners = this.deps.subscriptionOwners;
    if (!owners) return false;
    const answers = await Promise.all(governed.map((s) => owners.isOwner(user.tenantId, user.aadObjectId, s.id)));
    return answers.includes(true);
  }

  async owners(tenantId: string): Promise<DirectoryUser[]> {
    return this.deps.roles.listOwners(tenantId);
  }

  async list(actor: Actor): Promise<SubscriptionView[]> {
    return (await this.listNoted(actor)).views;
  }

  /** `list`, with what the list could not show (Azure empty or unreadable, Microsoft 365 unreadable). */
  async listNoted(actor: Actor): Promise<{ views: SubscriptionView[]; notes: NotedSubscriptions['notes'] }> {
    const { tenant } = await this.identify(actor);
    const directory = this.deps.subscriptions;
    const { subscriptions: subs, notes } = directory.listNotedSubscriptions
      ? await directory.listNotedSubscriptions(tenant.id)
      : { subscriptions: await directory.listSubscriptions(tenant.id), notes: [] };
    const [stored, lastChanges, deliveries] = await Promise.all([
      this.deps.store.getAssignments(
        tenant.id,
        subs.map((s) => s.id),
      ),
      this.deps.store.lastChanges(tenant.id),
      this.emailDeliveries(tenant.id),
    ]);
    const partnerIds = new Set<string>();
    const assignments = subs.map((s) => {
      const a = stored.get(s.id) ?? initialAssignment(s);
      if (a.partnerId) partnerIds.add(a.partnerId);
      return a;
    });
    const [partners, answers] = await Promise.all([
      this.partnersById([...partnerIds]),
      this.deps.store.partnerAnswers(
        tenant.id,
        [...lastChanges.values()].map((c) => c.eventId),
      ),
    ]);
    const views = subs.map((subscription, i) => {
      const assignment = assignments[i]!;
      const lastChange = lastChanges.get(subscription.id) ?? null;
      return {
        subscription,
        assignment,
        partner: assignment.partnerId
          ? (partners.get(assignment.partnerId) ?? unknownPartner(assignment.partnerId))
          : null,
        lastChange,
        emailStatus: emailStatusOf(deliveries, lastChange ?? undefined),
        answer: (lastChange && answers.get(lastChange.eventId)) ?? null,
      };
    });
    return { views, notes };
  }

  async view(actor: Actor, subscriptionId: string): Promise<SubscriptionView> {
    const { tenant } = await this.identify(actor);
    return this.loadView(tenant.id, subscriptionId);
  }

  /**
   * Before a form is shown: the owner, the subscription, and whether this kind of change fits its state. With
   * `shownVersion` (a card or page carries the version it showed), a newer state is stale: the person decided
   * on something that is no longer so. Writes nothing.
   */
  async prepare(
    actor: Actor,
    kind: ChangeKind,
    subscriptionId: string,
    shownVersion?: number,
  ): Promise<SubscriptionView> {
    const { user } = await this.ownerOf(actor, subscriptionId);
    const view = await this.loadView(user.tenantId, subscriptionId);
    judgeShownState(kind, view, shownVersion, null);
    return view;
  }

  /**
   * Check ID: validates the ID, resolves the partner's registered name, and writes nothing. With `shown`, the
   * state the person saw is judged as in `prepare`, before Partner Center is asked.
   */
  async checkPartner(
    actor: Actor,
    subscriptionId: string,
    rawPartnerId: string,
    shown: { kind?: PartnerIdKind; version?: number } = {},
  ): Promise<CheckedPartner> {
    const { user } = await this.ownerOf(actor, subscriptionId);
    // Each check may ask Partner Center, so it counts like a change.
    const decision = await this.rateLimiter().take(user);
    if (!decision.allowed) throw new DomainError({ code: 'slowDown', retryAfterSeconds: decision.retryAfterSeconds });
    const view = await this.loadView(user.tenantId, subscriptionId);
    if (shown.kind) judgeShownState(shown.kind, view, shown.version, null);
    else if (shown.version !== undefined && shown.version !== view.assignment.version) {
      throw new DomainError({ code: 'stale', current: view.assignment });
    }
    const partner = await this.findPartner(rawPartnerId);
    if (view.assignment.partnerId === partner.partnerId) {
      throw new DomainError({ code: 'samePartner', partnerId: partner.partnerId });
    }
    return { view, partner };
  }

  async attach(actor: Actor, request: ChangeRequest & { partnerId: string }): Promise<ChangeOutcome> {
    return this.apply(actor, 'attach', request, request.partnerId);
  }

  async change(actor: Actor, request: ChangeRequest & { partnerId: string }): Promise<ChangeOutcome> {
    return this.apply(actor, 'change', request, request.partnerId);
  }

  async remove(actor: Actor, request: ChangeRequest): Promise<ChangeOutcome> {
    return this.apply(actor, 'remove', request, null);
  }

  /**
   * An action on one subscription, as the typed outcome the chat and the tab answer with: a refusal, an outage
   * or a stale decision is an outcome, not a throw; a stale one carries the subscription as it is now.
   */
  async attempt<T>(actor: Actor, subscriptionId: string, action: () => Promise<T>): Promise<Outcome<T>> {
    return outcomeOf(action, () => this.view(actor, subscriptionId));
  }

  /**
   * `attempt` on the state a card or page showed, at the version it carried. No usable version (null, see the
   * chat's `Version` field) is no state this bot showed: stale, answered with the current state, nothing done.
   */
  async attemptAt<T>(
    actor: Actor,
    subscriptionId: string,
    shownVersion: number | null,
    action: (version: number) => Promise<T>,
  ): Promise<Outcome<T>> {
    if (shownVersion === null) return staleNow(() => this.view(actor, subscriptionId));
    return this.attempt(actor, subscriptionId, () => action(shownVersion));
  }

  /**
   * Before the Partner ID form of an action on several subscriptions: the owner, and each subscription at the
   * version shown, in a state this kind of change fits. Writes nothing.
   */
  async prepareSelection(
    actor: Actor,
    kind: PartnerIdKind,
    selection: readonly SelectedSubscription[],
  ): Promise<SubscriptionView[]> {
    checkSelection(selection);
    const { user } = await this.ownerOfAll(
      actor,
      selection.map((s) => s.subscriptionId),
    );
    const views = await Promise.all(selection.map((s) => this.loadView(user.tenantId, s.subscriptionId)));
    const changed = views.filter((v, i) => v.assignment.version !== selection[i]!.version);
    if (changed.length > 0) throw new StaleSelectionError(changed.map((v) => v.subscription.id));
    for (const view of views) judgeShownState(kind, view, undefined, null);
    return views;
  }

  /** Check ID for a selection: once, counted as one action, for the one partner all of them will name. */
  async checkSelectionPartner(
    actor: Actor,
    kind: PartnerIdKind,
    selection: readonly SelectedSubscription[],
    rawPartnerId: string,
  ): Promise<CheckedSelection> {
    const user = await this.requireOwner(actor);
    const decision = await this.rateLimiter().take(user);
    if (!decision.allowed) throw new DomainError({ code: 'slowDown', retryAfterSeconds: decision.retryAfterSeconds });
    const views = await this.prepareSelection(actor, kind, selection);
    const partner = await this.findPartner(rawPartnerId);
    if (views.some((v) => v.assignment.partnerId === partner.partnerId)) {
      throw new DomainError({ code: 'samePartner', partnerId: partner.partnerId });
    }
    return { views, partner };
  }

  /**
   * An action on several subscriptions as a typed outcome: as `attempt`, and a selection of which some changed
   * since it was shown is `staleSelection`, with those subscriptions as they are now.
   */
  async attemptSelection<T>(actor: Actor, action: () => Promise<T>): Promise<Outcome<T>> {
    try {
      return await outcomeOf(action);
    } catch (err) {
      if (!(err instanceof StaleSelectionError)) throw err;
      const read = await outcomeOf(() => Promise.all(err.subscriptionIds.map((id) => this.view(actor, id))));
      return read.kind === 'done' ? { kind: 'staleSelection', changed: read.value } : read;
    }
  }

  /**
   * Attach one partner to several subscriptions, or change the partner of several, as ONE action: one change per
   * subscription (each versioned, each under a key derived from the action id), all saved or none; one email to
   * the partner named listing them, one to each partner replaced; counted once against the rate limit.
   */
  async applySelection(actor: Actor, request: BatchRequest): Promise<BatchChangeOutcome> {
    checkSelection(request.selection);
    const { user, tenant } = await this.ownerOfAll(
      actor,
      request.selection.map((s) => s.subscriptionId),
    );
    const decision = await this.rateLimiter().take(user, { key: `selection:${request.actionId}` });
    if (!decision.allowed && (await this.anyWouldWrite(user.tenantId, request.selection))) {
      throw new DomainError({ code: 'slowDown', retryAfterSeconds: decision.retryAfterSeconds });
    }
    const newPartner = await this.findPartner(request.partnerId);
    const before = await Promise.all(request.selection.map((s) => this.loadView(user.tenantId, s.subscriptionId)));
    // As for one subscription: a rule is judged only on a state the person saw; the store decides the rest.
    before.forEach((view, i) => {
      if (view.assignment.version !== request.selection[i]!.version) return;
      const broken = preconditionFor(request.kind, view.assignment, newPartner.partnerId);
      if (broken) throw new DomainError(broken);
    });
    const changes = batchChangesFor({
      request,
      tenant,
      actor: user,
      newPartner,
      before,
      at: this.deps.clock.now().toISOString(),
      eventIds: before.map(() => this.deps.newEventId?.() ?? randomUUID()),
      webhookUrls: this.deps.webhookUrls ?? [],
    });
    const result = await this.deps.store.applyChanges(changes);
    if (result.outcome === 'stale') throw new StaleSelectionError(result.stale.map((a) => a.subscriptionId));
    if (result.results.some((r) => r.outcome === 'applied') && changes.some((c) => c.outbox.length > 0))
      this.deps.onOutboxWritten?.();
    try {
      return await this.selectionNow(
        user.tenantId,
        result.results.map((r) => r.audit),
        result.results.some((r) => r.outcome === 'applied'),
        before.map((v) => v.subscription),
      );
    } catch (err) {
      // An outage here is a change that may be saved, never "nothing was changed".
      if (isUpstreamUnavailable(err) && err.outcome !== 'unknown')
        throw new UpstreamUnavailableError(err.upstream, err.reason, 'unknown');
      throw err;
    }
  }

  /**
   * The changes of one action on several subscriptions, found by their event ids (the done card carries them), with
   * each subscription as it is now. Reads only. Null when one of them is not a change of the person's tenant.
   */
  async selectionChanges(actor: Actor, eventIds: readonly string[]): Promise<BatchChangeOutcome | null> {
    const { tenant } = await this.identify(actor);
    const entries = await Promise.all(eventIds.map((id) => this.deps.store.changeByEventId(id)));
    const found = entries.filter((e): e is AuditEntry => e !== null && e.tenantId === tenant.id);
    if (found.length === 0 || found.length !== eventIds.length || !found[0]!.newPartnerId) return null;
    return this.selectionNow(tenant.id, found, false);
  }

  /** Saved changes of one action, each with its subscription as it is now and the partner it replaced. */
  private async selectionNow(
    tenantId: string,
    audits: readonly AuditEntry[],
    firstTime: boolean,
    known: readonly Subscription[] = [],
  ): Promise<BatchChangeOutcome> {
    const changes = await Promise.all(
      audits.map(async (audit, i) => ({
        view: await this.loadView(tenantId, audit.subscriptionId, known[i]),
        audit,
        oldPartner: audit.oldPartnerId ? await this.resolvePartner(audit.oldPartnerId) : null,
      })),
    );
    return { firstTime, newPartner: await this.resolvePartner(audits[0]!.newPartnerId!), changes };
  }

  async history(actor: Actor, subscriptionId: string, limit = 20): Promise<AuditEntry[]> {
    const { tenant } = await this.identify(actor);
    await this.requireSubscription(tenant.id, subscriptionId);
    return this.deps.store.history(tenant.id, subscriptionId, limit);
  }

  /** The partners' answers to these entries (of one tenant, as `history` gave them), by the entry's event id. */
  async answersTo(entries: readonly AuditEntry[]): Promise<Map<string, PartnerAnswer>> {
    const tenantId = entries[0]?.tenantId;
    if (tenantId === undefined) return new Map();
    return this.deps.store.partnerAnswers(
      tenantId,
      entries.map((e) => e.eventId),
    );
  }

  /**
   * The tenant's audit log from `since` on, oldest first, for its owner only: others are refused as for a change
   * (the log names every partner the tenant ever had). Refusals come before the first row, so a caller can still
   * answer with an error; rows are read a page at a time as they are taken.
   */
  async exportHistory(
    actor: Actor,
    since?: string,
  ): Promise<{ tenant: TenantRef; rows: AsyncGenerator<AuditExportRow> }> {
    const { tenant } = await this.ownerAndTenant(actor);
    return { tenant, rows: auditExportRows(this.deps, tenant.id, since) };
  }

  private async apply(
    actor: Actor,
    kind: ChangeKind,
    request: ChangeRequest,
    rawPartnerId: string | null,
  ): Promise<ChangeOutcome> {
    const { user, tenant } = await this.ownerOf(actor, request.subscriptionId);
    const tenantId = user.tenantId;
    // Counted after the owner check, so people who may not act cannot use up their organization's allowance.
    const decision = await this.rateLimiter().take(user, {
      key: `${request.subscriptionId}:${request.idempotencyKey}`,
    });
    if (!decision.allowed && (await this.wouldWrite(tenantId, request))) {
      throw new DomainError({ code: 'slowDown', retryAfterSeconds: decision.retryAfterSeconds });
    }
    const subscription = await this.requireSubscription(tenantId, request.subscriptionId);
    const newPartner = rawPartnerId === null ? null : await this.findPartner(rawPartnerId);
    const before = await this.loadView(tenantId, subscription.id, subscription);
    // Only when the person saw the current state can a rule about that state be judged here. Otherwise
    // the store decides: a repeat of a request already applied is answered as such, anything else is stale.
    if (before.assignment.version === request.expectedVersion) {
      const broken = preconditionFor(kind, before.assignment, newPartner?.partnerId ?? null);
      if (broken) throw new DomainError(broken);
    }

    const at = this.deps.clock.now().toISOString();
    // The store applies the change only if the version is still the one read here, so the partner read
    // here is the one replaced, and the emails written with the change name the right partners.
    const facts = { kind, tenant, subscription, actor: user, oldPartner: before.partner, newPartner, at };
    // The event is written with the change (as its emails are): it exists exactly when the change does. Its
    // version is the one the store writes, as the store applies the change only from the expected version.
    const eventId = this.deps.newEventId?.() ?? randomUUID();
    const event = changeEventFor(facts, eventId, request.expectedVersion + 1);
    const outbox = [
      ...partnerEmailsFor(facts, { eventId, version: request.expectedVersion + 1 }),
      ...webhookMessagesFor(event, tenantId, subscription.id, this.deps.webhookUrls ?? []),
    ];
    const result = await this.deps.store.applyChange({
      tenantId,
      subscriptionId: subscription.id,
      kind,
      expectedVersion: request.expectedVersion,
      initialPartnerId: subscription.initialPartnerId,
      newPartnerId: newPartner?.partnerId ?? null,
      actorId: user.aadObjectId,
      actorName: user.name,
      at,
      outbox,
      eventId,
      idempotencyKey: `${tenantId}:${subscription.id}:${request.idempotencyKey}`,
    });

    if (result.outcome === 'stale') throw new DomainError({ code: 'stale', current: result.current });
    if (result.outcome === 'applied' && outbox.length > 0) this.deps.onOutboxWritten?.();
    const audit = result.audit;
    try {
      const oldPartner = audit.oldPartnerId
        ? before.partner?.partnerId === audit.oldPartnerId
          ? before.partner
          : await this.resolvePartner(audit.oldPartnerId)
        : null;
      const view = await this.loadView(tenantId, subscription.id, subscription);
      return {
        firstTime: result.outcome === 'applied',
        view,
        audit,
        oldPartner,
        newPartner: audit.newPartnerId ? await this.resolvePartner(audit.newPartnerId) : null,
      };
    } catch (err) {
      // The change is saved; only showing it failed. "Nothing was changed" would be false: the same request
      // again answers with the saved change.
      if (isUpstreamUnavailable(err) && err.outcome !== 'unknown')
        throw new UpstreamUnavailableError(err.upstream, err.reason, 'unknown');
      throw err;
    }
  }

  private rateLimiter(): ActionRateLimiter {
    return this.deps.rateLimiter ?? noRateLimit;
  }

  /**
   * Whether the store could apply this request as a new change: only while the version it names is current.
   * Otherwise it is a repeat of a change already made (answered as that change) or stale (refused), and
   * neither writes, so a limit has nothing to hold back. Reads the directory and the store only.
   */
  private async wouldWrite(tenantId: string, request: ChangeRequest): Promise<boolean> {
    const subscription = await this.requireSubscription(tenantId, request.subscriptionId);
    const stored = await this.deps.store.getAssignments(tenantId, [subscription.id]);
    return (stored.get(subscription.id)?.version ?? 0) === request.expectedVersion;
  }

  /** As wouldWrite, for a selection: whether any of its subscriptions is still at the version it names. */
  private async anyWouldWrite(tenantId: string, selection: readonly SelectedSubscription[]): Promise<boolean> {
    const stored = await this.deps.store.getAssignments(
      tenantId,
      selection.map((s) => s.subscriptionId),
    );
    return selection.some((s) => (stored.get(s.subscriptionId)?.version ?? 0) === s.version);
  }

  /**
   * Refuses anyone who may change no subscription, naming the role and who can act; the flow calls it before
   * showing a form. An Owner of an Azure subscription passes; each change then checks its own subscription.
   */
  async requireOwner(actor: Actor): Promise<DirectoryUser> {
    const { user, tenant } = await this.identify(actor);
    if (mayChangePartnerOfRecord(user.role)) return user;
    const governed = await this.governedSubscriptions(user);
    if (await this.ownsOne(user, governed)) return user;
    // Refused: with Azure subscriptions about, the refusal also says that their own Owners decide them.
    return (await this.tenantOwner(actor, { user, tenant }, governed.length > 0)).user;
  }

  /**
   * Who may change this subscription: its own Owners when it has some (Azure RBAC; a Global Administrator is not
   * one by that), else the tenant's owner. An unknown subscription is judged by the tenant's rule, as before.
   */
  private async ownerOf(actor: Actor, subscriptionId: string): Promise<{ user: DirectoryUser; tenant: TenantRef }> {
    return this.mayChangeSubscription(actor, await this.identify(actor), subscriptionId);
  }

  /** As ownerOf, for every subscription of a selection: each is judged by its own rule. */
  private async ownerOfAll(
    actor: Actor,
    subscriptionIds: readonly string[],
  ): Promise<{ user: DirectoryUser; tenant: TenantRef }> {
    const who = await this.identify(actor);
    for (const id of subscriptionIds) await this.mayChangeSubscription(actor, who, id);
    return subscriptionIds.length > 0 ? who : this.tenantOwner(actor, who);
  }

  private async mayChangeSubscription(
    actor: Actor,
    { user, tenant }: { user: DirectoryUser; tenant: TenantRef },
    subscriptionId: string,
  ): Promise<{ user: DirectoryUser; tenant: TenantRef }> {
    const owners = this.deps.subscriptionOwners;
    const subscription = owners ? await this.deps.subscriptions.getSubscription(user.tenantId, subscriptionId) : null;
    if (!owners || !subscription || !owners.governs(subscription)) return this.tenantOwner(actor, { user, tenant });
    if (await owners.isOwner(user.tenantId, user.aadObjectId, subscription.id)) return { user, tenant };
    throw new DomainError({
      code: 'notOwner',
      role: user.role,
      owners: await owners.ownerNames(user.tenantId, subscription.id),
      azureSubscription: subscription.name,
    });
  }

  private async ownerAndTenant(actor: Actor): Promise<{ user: DirectoryUser; tenant: TenantRef }> {
    return this.tenantOwner(actor, await this.identify(actor));
  }

  /** The tenant's rule: only its owner (administrator) role. */
  private async tenantOwner(
    actor: Actor,
    { user, tenant }: { user: DirectoryUser; tenant: TenantRef },
    azureOwners = false,
  ): Promise<{ user: DirectoryUser; tenant: TenantRef }> {
    if (!mayChangePartnerOfRecord(user.role)) {
      const owners = await this.deps.roles.listOwners(actor.tenantId);
      const note = user.roleNote ? { note: user.roleNote } : {};
      const azure = azureOwners ? { azureOwners } : {};
      throw new DomainError({
        code: 'notOwner',
        role: user.role,
        owners: owners.map((o) => o.name),
        ...note,
        ...azure,
      });
    }
    return { user, tenant };
  }

  private async requireSubscription(tenantId: string, subscriptionId: string): Promise<Subscription> {
    // The directory is asked with the caller's tenant, so another tenant's subscription id is simply unknown.
    const subscription = await this.deps.subscriptions.getSubscription(tenantId, subscriptionId);
    if (!subscription) throw new DomainError({ code: 'unknownSubscription', subscriptionId });
    return subscription;
  }

  private async findPartner(rawPartnerId: string): Promise<Partner> {
    const parsed = PartnerIdSchema.safeParse(rawPartnerId);
    if (!parsed.success) {
      throw new DomainError({
        code: 'invalidPartnerId',
        message: parsed.error.issues[0]?.message ?? 'Invalid Partner ID.',
      });
    }
    const partner = await this.deps.partners.findPartner(parsed.data);
    if (!partner) throw new DomainError({ code: 'unknownPartner', partnerId: parsed.data });
    return partner;
  }

  private async loadView(tenantId: string, subscriptionId: string, known?: Subscription): Promise<SubscriptionView> {
    const subscription = known ?? (await this.requireSubscription(tenantId, subscriptionId));
    const [stored, history] = await Promise.all([
      this.deps.store.getAssignments(tenantId, [subscription.id]),
      this.deps.store.history(tenantId, subscription.id, 1),
    ]);
    const assignment = stored.get(subscription.id) ?? initialAssignment(subscription);
    const partner = assignment.partnerId ? await this.resolvePartner(assignment.partnerId) : null;
    const lastChange = history[0] ?? null;
    const [deliveries, answers] = lastChange
      ? await Promise.all([
          this.emailDeliveries(tenantId),
          this.deps.store.partnerAnswers(tenantId, [lastChange.eventId]),
        ])
      : [new Map<string, EmailDelivery>(), new Map<string, PartnerAnswer>()];
    return {
      subscription,
      assignment,
      partner,
      lastChange,
      emailStatus: emailStatusOf(deliveries, lastChange ?? undefined),
      answer: (lastChange && answers.get(lastChange.eventId)) ?? null,
    };
  }

  private async emailDeliveries(tenantId: string): Promise<Map<string, EmailDelivery>> {
    return this.deps.deliveries ? this.deps.deliveries.emailDeliveries(tenantId) : new Map();
  }

  private async resolvePartner(partnerId: PartnerId): Promise<Partner> {
    return (await this.deps.partners.findPartner(partnerId)) ?? unknownPartner(partnerId);
  }

  /** The partners a recorded change replaced and named; an ID the directory no longer knows is shown by ID. */
  async partnersOf(entry: AuditEntry): Promise<{ oldPartner: Partner | null; newPartner: Partner | null }> {
    const [oldPartner, newPartner] = await Promise.all(
      [entry.oldPartnerId, entry.newPartnerId].map((id) => (id ? this.resolvePartner(id) : Promise.resolve(null))),
    );
    return { oldPartner: oldPartner ?? null, newPartner: newPartner ?? null };
  }

  /** Registered partners by ID; IDs the directory does not know are left out. */
  async partnersById(ids: string[]): Promise<Map<string, Partner>> {
    const found = await Promise.all(ids.map((id) => this.deps.partners.findPartner(id)));
    const map = new Map<string, Partner>();
    for (const p of found) if (p) map.set(p.partnerId, p);
    return map;
  }
}

/** The state a person saw must still be the current one, and must suit the change they started. */
function judgeShownState(
  kind: ChangeKind,
  view: SubscriptionView,
  shownVersion: number | undefined,
  newPartnerId: PartnerId | null,
): void {
  if (shownVersion !== undefined && shownVersion !== view.assignment.version) {
    throw new DomainError({ code: 'stale', current: view.assignment });
  }
  const broken = preconditionFor(kind, view.assignment, newPartnerId);
  if (broken) throw new DomainError(broken);
}

/**
 * What must hold of the current state for each kind of change. A version match in the store's
 * transaction guarantees the state it was judged on is still the state being changed.
 */
export function preconditionFor(
  kind: ChangeKind,
  current: Assignment,
  newPartnerId: PartnerId | null,
): DomainErrorDetail | null {
  if (kind === 'attach' && current.partnerId !== null) {
    return { code: 'alreadyHasPartner', subscriptionId: current.subscriptionId };
  }
  if ((kind === 'change' || kind === 'remove') && current.partnerId === null) {
    return { code: 'noPartnerToChange', subscriptionId: current.subscriptionId };
  }
  if (newPartnerId !== null && current.partnerId === newPartnerId) {
    return { code: 'samePartner', partnerId: newPartnerId };
  }
  return null;
}

export function initialAssignment(subscription: Subscription): Assignment {
  return {
    tenantId: subscription.tenantId,
    subscriptionId: subscription.id,
    partnerId: subscription.initialPartnerId,
    version: 0,
    updatedAt: null,
    updatedBy: null,
  };
}

/** Deliveries are reported per subscription for its newest change that sent mail; only that change counts. */
function emailStatusOf(deliveries: Map<string, EmailDelivery>, lastChange: AuditEntry | undefined): EmailStatus | null {
  const delivery = lastChange ? deliveries.get(lastChange.subscriptionId) : undefined;
  return delivery && delivery.auditId === lastChange?.id ? delivery.status : null;
}

/** A partner of record whose ID the partner directory no longer knows is still shown, by ID. */
function unknownPartner(partnerId: PartnerId): Partner {
  return { partnerId, name: `Partner ${partnerId}`, email: '' };
}
