import { performance } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Logger } from 'pino';
import {
  changeableSubscriptions,
  initialAssignment,
  type Subscription,
  isUpstreamUnavailable,
  type AssignmentStore,
  type Clock,
  type ConversationKey,
  type ConversationStore,
  type NudgeStore,
  type RoleDirectory,
  type StoredChat,
  type SubscriptionDirectory,
  type SubscriptionOwners,
  type TeamsPayload,
  type TeamsRecipient,
} from '../core';

/** How a pass is cut up so that the server keeps answering while it runs. */
export interface NudgePassLimits {
  /** Stored chats read from the store at a time. */
  pageSize: number;
  /** Owners' digests recorded (and their messages queued) per store transaction. */
  batchSize: number;
  /** How long the pass works before it lets the event loop run (requests, the outbox) again, in ms. */
  sliceMs: number;
}

/**
 * A batch of 100 keeps each SQLite transaction to a few ms; 5 ms slices keep the event loop's delay well under
 * 20 ms however many owners the pass walks.
 */
export const NUDGE_PASS_LIMITS: NudgePassLimits = { pageSize: 500, batchSize: 100, sliceMs: 5 };

export interface NudgeSyncDeps {
  roles: RoleDirectory;
  subscriptions: SubscriptionDirectory;
  /**
   * Azure subscriptions' own Owners (DIRECTORY=graph): a digest lists those only to them, whatever their directory
   * role. Without it (the seed directory), the tenant's owners get every digest.
   */
  subscriptionOwners?: SubscriptionOwners;
  store: AssignmentStore;
  conversations: ConversationStore;
  nudges: NudgeStore;
  clock: Clock;
  log: Logger;
  /** Called when a pass queued digests, so they go out now rather than at the next outbox poll. */
  onQueued: () => void;
  limits?: Partial<NudgePassLimits>;
}

type Digest = Parameters<NudgeStore['recordDigests']>[0][number];
/** A queued nudge (one subscription, queued before digests) or digest (one owner), as the outbox holds it. */
export type NudgePayload = Extract<TeamsPayload, { kind: 'nudge' | 'nudgeDigest' }>;

/**
 * A partner of record is best attached right when a subscription is created. This pass finds subscriptions
 * with none (free, trial and viral ones left out: `Subscription.nudge`) and queues, for each person who has the
 * bot installed and may change some of them, one digest card listing those (`changeableSubscriptions`: the
 * tenant's owners the tenant-rule ones, an Azure subscription's own Owners that one). The nudge store records
 * each subscription a person's digest covered, so a new digest goes only when one of theirs it never covered
 * appears (it then lists every open one of theirs, drawn when sent); one that reached nobody is offered once more
 * when the person installs the bot again (`offerAgain`).
 *
 * The pass walks the stored chats (only someone with a chat can be nudged) a page at a time, one tenant at a
 * time: the tenant's owners, subscriptions and assignments are read once, whatever the number of its chats.
 * Azure Resource Manager is asked only when the tenant has Azure subscriptions without a partner, and only for
 * people with a chat (AzureDirectory caches the answers). It records digests in small batches, and lets the
 * event loop run between slices of a few ms, so the server answers while a pass over 100,000 owners runs.
 */
export class NudgeSync {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  /** Set by stop(): the running pass ends at its next slice. */
  private stopping = false;
  /** Re-offers started by installs, awaited by stop(). */
  private readonly reoffers = new Set<Promise<number>>();
  private readonly limits: NudgePassLimits;

  constructor(private readonly deps: NudgeSyncDeps) {
    this.limits = { ...NUDGE_PASS_LIMITS, ...deps.limits };
  }

  /** A pass now, then one every `intervalMinutes`. */
  start(intervalMinutes: number): void {
    this.stopping = false;
    void this.runOnce();
    this.timer = setInterval(() => void this.runOnce(), intervalMinutes * 60_000);
    this.timer.unref();
  }

  /** Ends the running pass between two slices (what it recorded stays recorded), and waits for it and the re-offers. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.running;
    await Promise.all(this.reoffers);
  }

  /**
   * One pass over every stored chat; resolves with the number of digests queued. Passes never overlap: while one
   * runs, this is that one. After stop(), a pass ends at its first slice.
   */
  runOnce(): Promise<number> {
    this.running ??= this.pass()
      .catch((err: unknown) => {
        this.deps.log.error({ err }, 'nudge pass failed');
        return 0;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  /**
   * Checked again just before a queued nudge is sent (it may wait through Teams outages): a partner
   * attached meanwhile, or a "Not now", makes it moot.
   */
  async stillWanted(nudge: NudgePayload): Promise<boolean> {
    const { subscriptions, store, nudges } = this.deps;
    if (nudge.kind === 'nudgeDigest') {
      // Someone who may no longer change any of them (no longer an owner) would be shown nothing: nothing to send.
      const [open, dismissed] = await Promise.all([this.digestList(nudge.to), nudges.dismissedSubscriptions(nudge.to)]);
      const skip = new Set(dismissed);
      return open.some((s) => !skip.has(s.id));
    }
    const subscription = await subscriptions.getSubscription(nudge.to.tenantId, nudge.subscriptionId);
    if (!subscription) return false;
    const stored = await store.getAssignments(subscription.tenantId, [subscription.id]);
    if ((stored.get(subscription.id) ?? initialAssignment(subscription)).partnerId !== null) return false;
    return !(await nudges.isDismissed(nudge.to, nudge.subscriptionId));
  }

  /** A nudge's or digest's message reached nobody (no chat, bot removed, or another chat now). */
  async undelivered(nudge: NudgePayload): Promise<void> {
    const at = this.deps.clock.now().toISOString();
    if (nudge.kind === 'nudgeDigest') return this.deps.nudges.digestUndelivered(nudge.to, at);
    await this.deps.nudges.nudgeUndelivered(nudge.to, nudge.subscriptionId, at);
  }

  /**
   * The person installed the bot again (Teams' installationUpdate add). Nudges of theirs that never reached them
   * are offered once more, for the subscriptions that still have no partner of record: they become due in the
   * store (so the next pass queues them, should this one fail), and a pass for this person queues them now.
   * Runs in the background; resolves with the number of digests queued (0 or 1).
   */
  offerAgain(recipient: TeamsRecipient): Promise<number> {
    const work = this.reoffer(recipient)
      .catch((err: unknown) => {
        this.deps.log.warn(
          { tenantId: recipient.tenantId, err: err instanceof Error ? err.name : 'error' },
          'undelivered nudges not offered again',
        );
        return 0;
      })
      .finally(() => this.reoffers.delete(work));
    this.reoffers.add(work);
    return work;
  }

  private async reoffer(recipient: TeamsRecipient): Promise<number> {
    const { conversations, nudges, clock, log } = this.deps;
    const withoutPartner = await this.digestList(recipient);
    if (withoutPartner.length === 0) return 0;
    const due = await nudges.reofferUndelivered(
      recipient,
      withoutPartner.map((s) => s.id),
      clock.now().toISOString(),
    );
    if (due === 0) return 0;
    const chat = await conversations.getReference(recipient.tenantId, recipient.aadObjectId);
    const queued = chat ? await nudges.recordDigests([digestFor(chat, withoutPartner)], clock.now().toISOString()) : 0;
    log.info({ due, queued }, 'undelivered nudges offered again after a re-install');
    if (queued > 0) this.deps.onQueued();
    return queued;
  }

  private async pass(): Promise<number> {
    const { log } = this.deps;
    const { batchSize, sliceMs } = this.limits;
    const started = performance.now();
    let sliceStarted = started;
    let slices = 1;
    const totals = { tenants: 0, people: 0, queued: 0 };
    let batch: Digest[] = [];

    /** Lets the event loop run (requests, the outbox) once this slice has used its time. */
    const endOfSlice = async (): Promise<void> => {
      if (performance.now() - sliceStarted < sliceMs) return;
      await nextTurn();
      sliceStarted = performance.now();
      slices += 1;
    };
    const flush = async (): Promise<void> => {
      const queued = batch.length > 0 ? await this.record(batch) : 0;
      batch = [];
      totals.queued += queued;
      if (queued > 0) this.deps.onQueued();
    };

    let stopped = false;
    for await (const chats of this.chatsByTenant()) {
      const tenantId = chats[0]!.tenantId;
      totals.tenants += 1;
      let owed: TenantOwed = NOTHING_OWED;
      try {
        owed = await this.owed(tenantId, chats);
      } catch (err) {
        // One tenant's directory failing (consent withdrawn, throttled) must not keep the others' nudges back.
        log.warn({ tenantId, err: err instanceof Error ? err.name : 'error' }, 'nudge pass skipped a tenant');
      }
      totals.people += owed.people.length;
      for (const chat of owed.people) {
        const theirs = await changeableSubscriptions(
          this.deps.subscriptionOwners,
          personOf(chat, owed.ownerIds),
          owed.withoutPartner,
        );
        if (theirs.length === 0) continue;
        batch.push(digestFor(chat, theirs));
        if (batch.length < batchSize) continue;
        await flush();
        await endOfSlice();
        if (this.stopping) break;
      }
      if (!this.stopping) await endOfSlice();
      if (this.stopping) {
        // Shutting down: what is not recorded yet is left to the next start's pass.
        stopped = true;
        break;
      }
    }
    if (!stopped) await flush();

    const ms = Math.round(performance.now() - started);
    log.info({ ...totals, ms, slices }, stopped ? 'nudge pass stopped (shutting down)' : 'nudge pass finished');
    return totals.queued;
  }

  /** The stored chats, one tenant's at a time, read a page at a time. */
  private async *chatsByTenant(): AsyncGenerator<StoredChat[]> {
    const { pageSize } = this.limits;
    let tenant: StoredChat[] = [];
    let after: ConversationKey | null = null;
    for (;;) {
      const page = await this.deps.conversations.listChats(after, pageSize);
      for (const chat of page) {
        if (tenant.length > 0 && chat.tenantId !== tenant[0]!.tenantId) {
          yield tenant;
          tenant = [];
        }
        tenant.push(chat);
      }
      if (page.length < pageSize) break;
      const last = page.at(-1)!;
      after = { tenantId: last.tenantId, aadObjectId: last.aadObjectId };
    }
    if (tenant.length > 0) yield tenant;
  }

  /**
   * Of a tenant's chats, those of the people who may change some of its subscriptions without a partner, with
   * those subscriptions: the tenant's owners, and with Azure subscriptions among them anyone with a chat (an
   * Azure Owner needs no directory role). Subscriptions are read only when someone could be owed a digest.
   */
  private async owed(tenantId: string, chats: readonly StoredChat[]): Promise<TenantOwed> {
    const ownerIds = await this.ownerIds(tenantId);
    const owners = chats.filter((c) => ownerIds.has(c.aadObjectId.toLowerCase()));
    const azure = this.deps.subscriptionOwners;
    if (owners.length === 0 && !azure) return NOTHING_OWED;
    const withoutPartner = await this.withoutPartner(tenantId);
    if (withoutPartner.length === 0) return NOTHING_OWED;
    const people = azure && withoutPartner.some((s) => azure.governs(s)) ? [...chats] : owners;
    return { people, ownerIds, withoutPartner };
  }

  /** The tenant's owners (its administrator role), by lower-cased object id. */
  private async ownerIds(tenantId: string): Promise<Set<string>> {
    return new Set((await this.deps.roles.listOwners(tenantId)).map((o) => o.aadObjectId.toLowerCase()));
  }

  /** What a digest for this person covers now: the subscriptions without a partner they may change. */
  private async digestList(recipient: TeamsRecipient): Promise<Subscription[]> {
    const ownerIds = await this.ownerIds(recipient.tenantId);
    const withoutPartner = await this.withoutPartner(recipient.tenantId);
    return changeableSubscriptions(this.deps.subscriptionOwners, personOf(recipient, ownerIds), withoutPartner);
  }

  /**
   * Records a batch in one transaction. If it fails, each tenant's part is tried alone, so that a tenant whose
   * digests the store refuses does not keep the others' back; a store that is not answering ends the pass.
   */
  private async record(batch: readonly Digest[]): Promise<number> {
    const { nudges, clock, log } = this.deps;
    const skipped = (tenantId: string, err: unknown) =>
      log.warn({ tenantId, err: err instanceof Error ? err.name : 'error' }, 'nudge pass skipped a tenant');
    try {
      return await nudges.recordDigests(batch, clock.now().toISOString());
    } catch (err) {
      if (isUpstreamUnavailable(err)) throw err;
      const byTenant = new Map<string, Digest[]>();
      for (const n of batch) {
        const part = byTenant.get(n.recipient.tenantId);
        if (part) part.push(n);
        else byTenant.set(n.recipient.tenantId, [n]);
      }
      if (byTenant.size === 1) {
        skipped(batch[0]!.recipient.tenantId, err);
        return 0;
      }
      let queued = 0;
      for (const [tenantId, part] of byTenant) {
        try {
          queued += await nudges.recordDigests(part, clock.now().toISOString());
        } catch (err) {
          if (isUpstreamUnavailable(err)) throw err;
          skipped(tenantId, err);
        }
      }
      return queued;
    }
  }

  /** The tenant's subscriptions with no partner of record, as the store and directory say now; free ones left out. */
  private async withoutPartner(tenantId: string): Promise<Subscription[]> {
    const { subscriptions, store } = this.deps;
    const subs = (await subscriptions.listSubscriptions(tenantId)).filter((s) => s.nudge !== false);
    const stored = await store.getAssignments(
      tenantId,
      subs.map((s) => s.id),
    );
    return subs.filter((s) => (stored.get(s.id) ?? initialAssignment(s)).partnerId === null);
  }
}

/** A tenant's part of a pass: whose chats may be owed a digest, and of which subscriptions they choose theirs. */
interface TenantOwed {
  people: StoredChat[];
  ownerIds: Set<string>;
  withoutPartner: Subscription[];
}
const NOTHING_OWED: TenantOwed = { people: [], ownerIds: new Set(), withoutPartner: [] };

/** The person of a chat or recipient as `changeableSubscriptions` judges them. */
function personOf(who: TeamsRecipient, ownerIds: ReadonlySet<string>) {
  return {
    tenantId: who.tenantId,
    aadObjectId: who.aadObjectId,
    tenantOwner: ownerIds.has(who.aadObjectId.toLowerCase()),
  };
}

/** The digest for the person of a chat, for that chat: one message, covering these subscriptions. */
function digestFor(chat: StoredChat, withoutPartner: readonly Subscription[]): Digest {
  const recipient: TeamsRecipient = { tenantId: chat.tenantId, aadObjectId: chat.aadObjectId };
  return {
    recipient,
    subscriptionIds: withoutPartner.map((s) => s.id),
    // For the chat the person has now: if they are in another one by the time it goes out, it is not sent.
    // What it lists is drawn when it is sent, so the payload stays small however many subscriptions it covers.
    message: {
      channel: 'teams',
      tenantId: chat.tenantId,
      // Every outbox row names a subscription; a digest's is the first it covers (only webhooks order by it).
      subscriptionId: withoutPartner[0]?.id ?? '',
      payload: { kind: 'nudgeDigest', to: recipient, conversationId: chat.conversationId },
    },
  };
}
