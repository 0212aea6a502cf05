import type { Logger } from 'pino';
import { z } from 'zod';
import { GuidSchema, type RoleNote, isConsentRequired } from '../../core';
import type { GraphClient } from './graphClient';
import { GraphUserSchema, isGuest, type GraphUser, type RoleRule } from './graphRoles';

/** unifiedRoleAssignmentScheduleInstance (active) and unifiedRoleEligibilityScheduleInstance, the fields read. */
export const ScheduleInstanceSchema = z.object({
  principalId: GuidSchema,
  roleDefinitionId: z.string().max(100),
  directoryScopeId: z.string().max(400).nullable().optional(),
  assignmentType: z.string().max(40).nullable().optional(),
});
export type ScheduleInstance = z.infer<typeof ScheduleInstanceSchema>;

/** A group from `users/{id}/transitiveMemberOf/microsoft.graph.group?$select=id,isAssignableToRole`. */
export const MemberGroupSchema = z.object({ id: GuidSchema, isAssignableToRole: z.boolean().nullable().optional() });

/** The user fields read of a group's members (as of any user). */
const MEMBER_FIELDS = 'id,displayName,mail,userPrincipalName,userType';

/** What roles through groups and PIM add to a person's direct assignments. */
export interface IndirectRoles {
  /** Active assignments (Assigned or Activated) of the person and of their role-assignable groups. */
  active: ScheduleInstance[];
  /** Eligible for an owner role for the whole tenant, not activated. */
  eligibleOwner: boolean;
  /** Graph refused one of these reads (a permission not granted yet): what was not seen may be missing. */
  unseen: boolean;
}

/** An active instance that gives its role now: PIM's own wording, Assigned or Activated. */
export function isActive(instance: Pick<ScheduleInstance, 'assignmentType'>): boolean {
  const type = (instance.assignmentType ?? '').toLowerCase();
  return type === 'assigned' || type === 'activated';
}

/** Whether an assignment gives one of the owner roles for the whole tenant (not an administrative unit). */
export function isOwnerRole(
  a: Pick<ScheduleInstance, 'roleDefinitionId' | 'directoryScopeId'>,
  rule: RoleRule,
): boolean {
  return rule.ownerRoleIds.includes(a.roleDefinitionId.toLowerCase()) && (a.directoryScopeId ?? '/') === '/';
}

/** The note a refusal carries when direct roles alone did not make the person an owner. */
export function roleNoteOf(indirect: Pick<IndirectRoles, 'eligibleOwner' | 'unseen'>): RoleNote | undefined {
  if (indirect.eligibleOwner) return 'activateInPim';
  return indirect.unseen ? 'groupsAndPimUnseen' : undefined;
}

/**
 * Directory roles given through role-assignable groups and Privileged Identity Management. These reads need
 * permissions a tenant may not have granted yet: Graph's 403 Authorization_RequestDenied is then "not seen"
 * (logged once per tenant), never an outage, so direct assignments keep working.
 */
export class GraphOwnerRoles {
  private readonly warned = new Set<string>();

  constructor(
    private readonly graph: GraphClient,
    private readonly rule: RoleRule,
    private readonly log: Logger,
  ) {}

  async forUser(tenant: string, userId: string): Promise<IndirectRoles> {
    let unseen = false;
    const denied =
      <T>(what: string, fallback: T) =>
      (err: unknown): T => {
        if (!this.isDenied(err)) throw err;
        unseen = true;
        this.warnOnce(tenant, what);
        return fallback;
      };
    const memberOf = `/v1.0/users/${userId}/transitiveMemberOf/microsoft.graph.group?$select=id,isAssignableToRole`;
    const groups = await this.graph.getAll(tenant, memberOf, MemberGroupSchema).catch(denied('group memberships', []));
    // Only a role-assignable group can hold a directory role.
    const principals = [userId, ...groups.filter((g) => g.isAssignableToRole === true).map((g) => g.id.toLowerCase())];
    const active = (
      await this.instances(tenant, 'roleAssignmentScheduleInstances', principals).catch(
        denied('active role assignments', []),
      )
    ).filter(isActive);
    let eligibleOwner = false;
    if (!active.some((a) => isOwnerRole(a, this.rule))) {
      const eligible = await this.instances(tenant, 'roleEligibilityScheduleInstances', principals).catch(
        denied('eligible role assignments', []),
      );
      eligibleOwner = eligible.some((e) => isOwnerRole(e, this.rule));
    }
    return { active, eligibleOwner, unseen };
  }

  /**
   * Owners beyond the direct ones `known` holds: members of groups holding an owner role (nested groups
   * included) and people whose PIM assignment is active, at most `limit`, for "Ask ..." to name.
   */
  async moreOwners(
    tenant: string,
    known: ReadonlySet<string>,
    groupIds: readonly string[],
    limit = 5,
  ): Promise<GraphUser[]> {
    const principals = new Set(groupIds.map((g) => g.toLowerCase()));
    for (const roleId of this.rule.ownerRoleIds) {
      try {
        const path = `/v1.0/roleManagement/directory/roleAssignmentScheduleInstances`;
        const filter = `?$filter=roleDefinitionId eq '${roleId}'`;
        for (const i of await this.graph.getAll(tenant, path + filter, ScheduleInstanceSchema)) {
          if (isActive(i) && isOwnerRole(i, this.rule)) principals.add(i.principalId.toLowerCase());
        }
      } catch (err) {
        if (!this.isDenied(err)) throw err;
        this.warnOnce(tenant, 'active role assignments');
      }
    }
    const found = new Map<string, GraphUser>();
    const add = (u: GraphUser) => {
      const id = u.id.toLowerCase();
      if (!known.has(id) && !isGuest(u) && found.size < limit) found.set(id, u);
    };
    for (const id of principals) {
      if (found.size >= limit) break;
      if (known.has(id)) continue;
      try {
        // A principal is a user or a group; Graph's 404 on users/{id} says it is not a user.
        const asUser = `/v1.0/users/${id}?$select=${MEMBER_FIELDS}`;
        const user = groupIds.includes(id) ? null : await this.graph.getOne(tenant, asUser, GraphUserSchema);
        if (user) add(user);
        else {
          const path = `/v1.0/groups/${id}/transitiveMembers/microsoft.graph.user?$select=${MEMBER_FIELDS}`;
          for (const member of await this.graph.getAll(tenant, path, GraphUserSchema)) add(member);
        }
      } catch (err) {
        if (!this.isDenied(err)) throw err;
        this.warnOnce(tenant, 'group members');
      }
    }
    return [...found.values()];
  }

  private async instances(tenant: string, segment: string, principals: string[]): Promise<ScheduleInstance[]> {
    const lists = await Promise.all(
      principals.map((p) =>
        this.graph.getAll(
          tenant,
          `/v1.0/roleManagement/directory/${segment}?$filter=principalId eq '${p}'`,
          ScheduleInstanceSchema,
        ),
      ),
    );
    return lists.flat();
  }

  /** Graph's 403 for a permission not granted; a tenant with no consent at all fails the direct reads first. */
  private isDenied(err: unknown): boolean {
    return isConsentRequired(err) && err.reason === 'Authorization_RequestDenied';
  }

  private warnOnce(tenant: string, what: string): void {
    if (this.warned.has(tenant)) return;
    if (this.warned.size >= 10_000) this.warned.clear();
    this.warned.add(tenant);
    this.log.warn(
      { upstream: 'graph', tenantId: tenant, unseen: what },
      'roles through groups and Privileged Identity Management not read: the tenant has not granted the permissions yet',
    );
  }
}
