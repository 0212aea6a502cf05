import type { Logger } from 'pino';
import { initialAssignment } from '../domain/partnerOfRecordService';
import type {
  AssignmentStore,
  Clock,
  ConversationStore,
  NudgeStore,
  NewOutboxMessage,
  RoleDirectory,
  SubscriptionDirectory,
  TeamsRecipient,
} from '../ports';

export interface NudgeSyncDeps {
  roles: RoleDirectory;
  subscriptions: SubscriptionDirectory;
  store: AssignmentStore;
  conversations: ConversationStore;
  nudges: NudgeStore;
  clock: Clock;
  log: Logger;
  /** Called when a pass queued nudges, so they go out now rather than at the next outbox poll. */
  onQueued: () => void;
}

/**
 * A partner of record is best attached right when a subscription is created. This pass finds
 * subscriptions with none and queues, for each owner who has the bot installed, one nudge card per such
 * subscription. The nudge store remembers every nudge, so each is sent once, however many passes run; one
 * that reached nobody is offered once more when the person installs the bot again (`offerAgain`).
 */
export class NudgeSync {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  /** Re-offers started by installs, awaited by stop(). */
  private readonly reoffers = new Set<Promise<number>>();

  constructor(private readonly deps: NudgeSyncDeps) {}

  /** A pass now, then one every `intervalMinutes`. */
  start(intervalMinutes: number): void {
    void this.runOnce();
    this.timer = setInterval(() => void this.runOnce(), intervalMinutes * 60_000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    await Promise.all(this.reoffers);
  }

  /** One pass over every tenant; resolves with the number of nudges queued. Passes never overlap. */
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
  async stillWanted(nudge: { to: TeamsRecipient; subscriptionId: string }): Promise<boolean> {
    const { subscriptions, store, nudges } = this.deps;
    const subscription = await subscriptions.getSubscription(nudge.to.tenantId, nudge.subscriptionId);
    if (!subscription) return false;
    const stored = await store.getAssignments(subscription.tenantId, [subscription.id]);
    if ((stored.get(subscription.id) ?? initialAssignment(subscription)).partnerId !== null) return false;
    return !(await nudges.isDismissed(nudge.to, nudge.subscriptionId));
  }

  /** A nudge's message reached nobody (no chat, bot removed, or another chat now). */
  async undelivered(nudge: { to: TeamsRecipient; subscriptionId: string }): Promise<void> {
    await this.deps.nudges.nudgeUndelivered(nudge.to, nudge.subscriptionId, this.deps.clock.now().toISOString());
  }

  /**
   * The person installed the bot again (Teams' installationUpdate add). Nudges of theirs that never reached them
   * are offered once more, for the subscriptions that still have no partner of record: they become due in the
   * store (so the next pass queues them, should this one fail), and a pass for this person queues them now.
   * Runs in the background; resolves with the number of nudges queued.
   */
  offerAgain(recipient: TeamsRecipient): Promise<number> {
    const work = this.reoffer(recipient)
      .catch((err: unknown) => {
        this.deps.log.warn({ tenantId: recipient.tenantId, err: err instanceof Error ? err.name : 'error' }, 'undelivered nudges not offered again');
        return 0;
      })
      .finally(() => this.reoffers.delete(work));
    this.reoffers.add(work);
    return work;
  }

  private async reoffer(recipient: TeamsRecipient): Promise<number> {
    const { roles, nudges, clock, log } = this.deps;
    const owners = await roles.listOwners(recipient.tenantId);
    if (!owners.some((o) => o.aadObjectId.toLowerCase() === recipient.aadObjectId)) return 0;
    const withoutPartner = await this.withoutPartner(recipient.tenantId);
    const due = await nudges.reofferUndelivered(recipient, withoutPartner.map((s) => s.id), clock.now().toISOString());
    if (due === 0) return 0;
    const queued = await this.nudgeTenant(recipient.tenantId, [recipient.aadObjectId]);
    log.info({ due, queued }, 'undelivered nudges offered again after a re-install');
    if (queued > 0) this.deps.onQueued();
    return queued;
  }

  private async pass(): Promise<number> {
    const { roles, log } = this.deps;
    let queued = 0;
    for (const tenant of await roles.listTenants()) {
      // One tenant's directory failing (consent withdrawn, throttled) must not keep the others' nudges back.
      try {
        queued += await this.nudgeTenant(tenant.id);
      } catch (err) {
        log.warn({ tenantId: tenant.id, err: err instanceof Error ? err.name : 'error' }, 'nudge pass skipped a tenant');
      }
    }
    if (queued > 0) {
      log.info({ queued }, 'nudges queued for subscriptions without a partner of record');
      this.deps.onQueued();
    }
    return queued;
  }

  /** The tenant's subscriptions with no partner of record, as the store and the directory say now. */
  private async withoutPartner(tenantId: string) {
    const { subscriptions, store } = this.deps;
    const subs = await subscriptions.listSubscriptions(tenantId);
    const stored = await store.getAssignments(tenantId, subs.map((s) => s.id));
    return subs.filter((s) => (stored.get(s.id) ?? initialAssignment(s)).partnerId === null);
  }

  /** Queues the nudges the tenant's owners with a chat are owed (`only`: of these owners alone). */
  private async nudgeTenant(tenantId: string, only?: readonly string[]): Promise<number> {
    const { roles, conversations, nudges, clock } = this.deps;
    const owners = (await roles.listOwners(tenantId)).filter((o) => !only || only.includes(o.aadObjectId.toLowerCase()));
    const reachable: { recipient: TeamsRecipient; conversationId: string }[] = [];
    for (const owner of owners) {
      const stored = await conversations.getReference(tenantId, owner.aadObjectId);
      if (stored) reachable.push({ recipient: { tenantId, aadObjectId: owner.aadObjectId }, conversationId: stored.conversationId });
    }
    if (reachable.length === 0) return 0;

    const withoutPartner = await this.withoutPartner(tenantId);
    const batch = reachable.flatMap(({ recipient, conversationId }) =>
      withoutPartner.map((s) => {
        // For the chat the person has now: if they are in another one by the time it goes out, it is not sent.
        const message: NewOutboxMessage = {
          channel: 'teams',
          tenantId,
          subscriptionId: s.id,
          payload: { kind: 'nudge', to: recipient, conversationId, subscriptionId: s.id, service: s.service, subscriptionName: s.name },
        };
        return { recipient, subscriptionId: s.id, message };
      }),
    );
    return batch.length ? nudges.recordNudges(batch, clock.now().toISOString()) : 0;
  }
}
