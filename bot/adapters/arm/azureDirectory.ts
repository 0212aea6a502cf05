import type { Logger } from 'pino';
import { GUID_PATTERN, type Subscription, type SubscriptionDirectory, type SubscriptionOwners } from '../../core';
import { TtlCache } from '../microsoft/ttlCache';
import type { ArmClient } from './armClient';
import {
  ArmRoleAssignmentSchema,
  type ArmPrincipal,
  ownsSubscription,
  roleAssignmentsPath,
} from './armRoleAssignments';
import { ARM_SUBSCRIPTIONS_PATH, ArmSubscriptionSchema, subscriptionsFromArm } from './armSubscriptions';

/** Names of Azure principals (users, and the members of groups), as the tenant's directory knows them. */
export interface PrincipalNames {
  namesOf(tenantId: string, principals: readonly ArmPrincipal[], limit: number): Promise<string[]>;
}

export interface AzureDirectorySettings {
  /** How long a tenant's Azure subscriptions are reused. */
  subscriptionCacheMs: number;
  /** How long a person's Owner answer and a subscription's owners are reused. */
  roleCacheMs: number;
}

/** At most this many owners are named in "ask ...". */
const OWNERS_NAMED = 5;

/**
 * The tenant's Azure subscriptions, from Azure Resource Manager (only those the app was given a role on), and
 * who owns each: Azure RBAC's Owner role, directly or through a group. Every cache key starts with the tenant
 * id; failures are never cached (TtlCache).
 */
export class AzureDirectory implements SubscriptionDirectory, SubscriptionOwners {
  private readonly subscriptions: TtlCache<Subscription[]>;
  private readonly ownerAnswers: TtlCache<boolean>;
  private readonly owners: TtlCache<string[]>;

  constructor(
    private readonly arm: ArmClient,
    private readonly names: PrincipalNames,
    settings: AzureDirectorySettings,
    private readonly log: Logger,
  ) {
    this.subscriptions = new TtlCache(5_000, settings.subscriptionCacheMs);
    this.ownerAnswers = new TtlCache(50_000, settings.roleCacheMs);
    this.owners = new TtlCache(5_000, settings.roleCacheMs);
  }

  async listSubscriptions(tenantId: string): Promise<Subscription[]> {
    const tenant = tenantId.toLowerCase();
    const list = await this.subscriptions.get(tenant, async () =>
      subscriptionsFromArm(tenant, await this.arm.getAll(tenant, ARM_SUBSCRIPTIONS_PATH, ArmSubscriptionSchema)),
    );
    return list.map((s) => ({ ...s }));
  }

  async getSubscription(tenantId: string, subscriptionId: string): Promise<Subscription | null> {
    const id = subscriptionId.toLowerCase();
    return (await this.listSubscriptions(tenantId)).find((s) => s.id === id) ?? null;
  }

  governs(subscription: Subscription): boolean {
    return subscription.service === 'Azure';
  }

  async isOwner(tenantId: string, aadObjectId: string, subscriptionId: string): Promise<boolean> {
    const [tenant, user, sub] = [tenantId, aadObjectId, subscriptionId].map((v) => v.toLowerCase()) as [
      string,
      string,
      string,
    ];
    // Both go into a URL: anything but a GUID is nobody's Owner.
    if (!GUID_PATTERN.test(user) || !GUID_PATTERN.test(sub)) return false;
    return this.ownerAnswers.get(`${tenant}:${sub}:${user}`, async () => {
      const path = roleAssignmentsPath(sub, `assignedTo('${user}')`);
      const assignments = await this.arm.getAll(tenant, path, ArmRoleAssignmentSchema);
      return assignments.some((a) => ownsSubscription(a, sub));
    });
  }

  async ownerNames(tenantId: string, subscriptionId: string): Promise<string[]> {
    const tenant = tenantId.toLowerCase();
    const sub = subscriptionId.toLowerCase();
    if (!GUID_PATTERN.test(sub)) return [];
    // Names only help "ask ...": the refusal stands without them, and a failure is not kept.
    const names = await this.owners
      .get(`${tenant}:${sub}`, async () => {
        const assignments = await this.arm.getAll(
          tenant,
          roleAssignmentsPath(sub, 'atScope()'),
          ArmRoleAssignmentSchema,
        );
        const principals = new Map<string, ArmPrincipal>();
        for (const a of assignments.filter((x) => ownsSubscription(x, sub))) {
          const id = a.properties.principalId.toLowerCase();
          principals.set(id, { id, type: a.properties.principalType ?? 'Unknown' });
        }
        return this.names.namesOf(tenant, [...principals.values()], OWNERS_NAMED);
      })
      .catch((err: unknown) => {
        this.log.warn({ tenantId: tenant, err: err instanceof Error ? err.name : 'error' }, 'Azure owners not named');
        return [] as string[];
      });
    return [...names];
  }
}
