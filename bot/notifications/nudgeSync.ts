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
 * subscription. The nudge store remembers every nudge, so each is sent once, however many passes run.
 */
export class NudgeSync {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

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

  private async nudgeTenant(tenantId: string): Promise<number> {
    const { roles, subscriptions, store, conversations, nudges, clock } = this.deps;
    const owners = await roles.listOwners(tenantId);
    const reachable: TeamsRecipient[] = [];
    for (const owner of owners) {
      if (await conversations.getReference(tenantId, owner.aadObjectId)) reachable.push({ tenantId, aadObjectId: owner.aadObjectId });
    }
    if (reachable.length === 0) return 0;

    const subs = await subscriptions.listSubscriptions(tenantId);
    const stored = await store.getAssignments(tenantId, subs.map((s) => s.id));
    const withoutPartner = subs.filter((s) => (stored.get(s.id) ?? initialAssignment(s)).partnerId === null);

    const batch = reachable.flatMap((recipient) =>
      withoutPartner.map((s) => {
        const message: NewOutboxMessage = {
          channel: 'teams',
          tenantId,
          subscriptionId: s.id,
          payload: { kind: 'nudge', to: recipient, subscriptionId: s.id, service: s.service, subscriptionName: s.name },
        };
        return { recipient, subscriptionId: s.id, message };
      }),
    );
    return batch.length ? nudges.recordNudges(batch, clock.now().toISOString()) : 0;
  }
}
