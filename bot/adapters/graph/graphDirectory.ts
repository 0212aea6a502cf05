import type { Logger } from 'pino';
import { z } from 'zod';
import type {
  DirectoryUser,
  Subscription,
  TenantRef,
  ConversationStore,
  RoleDirectory,
  SubscriptionDirectory,
} from '../../core';
import type { GraphClient } from './graphClient';
import { CompanySubscriptionSchema, subscriptionsFromGraph } from './graphSubscriptions';
import { GraphUserSchema, isGuest, RoleAssignmentSchema, roleOf, type GraphUser, type RoleRule } from './graphRoles';
import { TtlCache } from '../microsoft/ttlCache';
import { GraphOwnerRoles, isOwnerRole, roleNoteOf } from './graphOwnerRoles';
import { principalNames, type NamedPrincipal } from './graphPrincipalNames';

const OrganizationSchema = z.object({ id: z.string(), displayName: z.string().max(256).nullable().optional() });

const USER_FIELDS = 'id,displayName,mail,userPrincipalName,userType';

export interface GraphDirectorySettings extends RoleRule {
  /** How long a person's roles (and the tenant's owners) are reused; at most 5 minutes. */
  roleCacheMs: number;
  /** How long a tenant's subscription list is reused: a turn reads it several times. */
  subscriptionCacheMs: number;
}

/**
 * The customer's own tenant, read from Microsoft Graph: its subscriptions (companySubscription), its people
 * and their directory roles (users, unifiedRoleAssignment), its name (organization). Every cache key starts
 * with the tenant id, so nothing read in one tenant is ever answered in another.
 */
export class GraphDirectory implements SubscriptionDirectory, RoleDirectory {
  private readonly subscriptions: TtlCache<Subscription[]>;
  private readonly users: TtlCache<DirectoryUser | null>;
  private readonly owners: TtlCache<DirectoryUser[]>;
  private readonly tenants = new TtlCache<TenantRef>(10_000, 60 * 60_000);
  private readonly indirect: GraphOwnerRoles;

  constructor(
    private readonly graph: GraphClient,
    private readonly installedIn: Pick<ConversationStore, 'listTenantIds'>,
    private readonly settings: GraphDirectorySettings,
    private readonly log: Logger,
  ) {
    this.subscriptions = new TtlCache(5_000, settings.subscriptionCacheMs);
    this.users = new TtlCache(50_000, settings.roleCacheMs);
    this.owners = new TtlCache(5_000, settings.roleCacheMs);
    this.indirect = new GraphOwnerRoles(graph, settings, log);
  }

  async listSubscriptions(tenantId: string): Promise<Subscription[]> {
    const tenant = tenantKey(tenantId);
    const list = await this.subscriptions.get(tenant, async () =>
      subscriptionsFromGraph(
        tenant,
        await this.graph.getAll(tenant, '/v1.0/directory/subscriptions', CompanySubscriptionSchema),
      ),
    );
    return list.map((s) => ({ ...s }));
  }

  async getSubscription(tenantId: string, subscriptionId: string): Promise<Subscription | null> {
    const found = (await this.listSubscriptions(tenantId)).find(
      (s) => s.id.toLowerCase() === subscriptionId.toLowerCase(),
    );
    return found ?? null;
  }

  /** Tenants with someone who installed the bot; one that cannot be read now is left out of this pass. */
  async listTenants(): Promise<TenantRef[]> {
    const refs: TenantRef[] = [];
    for (const id of await this.installedIn.listTenantIds()) {
      try {
        const ref = await this.getTenant(id);
        if (ref) refs.push(ref);
      } catch (err) {
        this.log.warn({ tenantId: id, err: errorName(err) }, 'tenant skipped: its directory cannot be read now');
      }
    }
    return refs;
  }

  async getTenant(tenantId: string): Promise<TenantRef | null> {
    const tenant = tenantKey(tenantId);
    return this.tenants.get(tenant, async () => {
      const orgs = await this.graph.getAll(tenant, '/v1.0/organization?$select=id,displayName', OrganizationSchema);
      return { id: tenant, name: orgs[0]?.displayName?.trim() || 'your organization' };
    });
  }

  async getUser(tenantId: string, aadObjectId: string): Promise<DirectoryUser | null> {
    const tenant = tenantKey(tenantId);
    const id = aadObjectId.toLowerCase();
    if (!z.guid().safeParse(id).success) return null;
    const user = await this.users.get(`${tenant}:${id}`, async () => {
      const [found, assignments] = await Promise.all([
        this.graph.getOne(tenant, `/v1.0/users/${id}?$select=${USER_FIELDS}`, GraphUserSchema),
        this.graph.getAll(
          tenant,
          `/v1.0/roleManagement/directory/roleAssignments?$filter=principalId eq '${id}'`,
          RoleAssignmentSchema,
        ),
      ]);
      if (!found) return null;
      const direct = roleOf(found, assignments, this.settings);
      if (direct === 'owner') return directoryUser(tenant, found, direct);
      // Roles through role-assignable groups and active PIM assignments count as direct ones do.
      const indirect = await this.indirect.forUser(tenant, id);
      const role = roleOf(found, [...assignments, ...indirect.active], this.settings);
      const note = role === 'owner' ? undefined : roleNoteOf(indirect);
      return { ...directoryUser(tenant, found, role), ...(note ? { roleNote: note } : {}) };
    });
    return user ? { ...user } : null;
  }

  /** The people who may act: members holding an owner role for the whole tenant (guests never count). */
  async listOwners(tenantId: string): Promise<DirectoryUser[]> {
    const tenant = tenantKey(tenantId);
    const owners = await this.owners.get(tenant, async () => {
      const found = new Map<string, DirectoryUser>();
      const groupIds: string[] = [];
      for (const roleId of this.settings.ownerRoleIds) {
        const assignments = await this.graph.getAll(
          tenant,
          `/v1.0/roleManagement/directory/roleAssignments?$filter=roleDefinitionId eq '${roleId}'&$expand=principal`,
          RoleAssignmentSchema,
        );
        for (const a of assignments) {
          if (!isOwnerRole(a, this.settings)) continue;
          if (a.principal?.['@odata.type'] === '#microsoft.graph.group') groupIds.push(a.principalId.toLowerCase());
          if (a.principal?.['@odata.type'] !== '#microsoft.graph.user') continue;
          const principal = GraphUserSchema.safeParse(a.principal);
          if (!principal.success || isGuest(principal.data)) continue;
          found.set(principal.data.id.toLowerCase(), directoryUser(tenant, principal.data, 'owner'));
        }
      }
      for (const user of await this.indirect.moreOwners(tenant, new Set(found.keys()), groupIds)) {
        found.set(user.id.toLowerCase(), directoryUser(tenant, user, 'owner'));
      }
      return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
    });
    return owners.map((o) => ({ ...o }));
  }

  /** People's names for principals another service holds (Azure's role assignments): users, group members. */
  async namesOf(tenantId: string, principals: readonly NamedPrincipal[], limit: number): Promise<string[]> {
    return principalNames(this.graph, tenantKey(tenantId), principals, limit);
  }

  /** Only the tab's local dev sign-in lists people; with Graph it offers the owners. */
  async listUsers(tenantId: string): Promise<DirectoryUser[]> {
    return this.listOwners(tenantId);
  }
}

/** Teams and Entra spell GUIDs in either case; the store and the caches use lower case. */
function tenantKey(tenantId: string): string {
  return tenantId.toLowerCase();
}

function directoryUser(tenantId: string, user: GraphUser, role: DirectoryUser['role']): DirectoryUser {
  return {
    tenantId,
    aadObjectId: user.id.toLowerCase(),
    name: user.displayName?.trim() || user.userPrincipalName || 'Unnamed user',
    email: user.mail || user.userPrincipalName || '',
    role,
  };
}

function errorName(err: unknown): string {
  return err instanceof Error ? err.name : 'error';
}
