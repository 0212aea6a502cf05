import { z } from 'zod';
import { GuidSchema } from '../../core';

/** Azure RBAC's built-in Owner role definition (the same id in every tenant). */
export const AZURE_OWNER_ROLE = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635';

/** A role assignment as ARM lists it (`roleAssignments?api-version=2022-04-01`), the fields the bot reads. */
export const ArmRoleAssignmentSchema = z.object({
  properties: z.object({
    roleDefinitionId: z.string().max(1000),
    principalId: GuidSchema,
    principalType: z.string().max(100).nullable().optional(),
    scope: z.string().max(1000),
  }),
});
export type ArmRoleAssignment = z.infer<typeof ArmRoleAssignmentSchema>;

export interface ArmPrincipal {
  id: string;
  /** User, Group, ServicePrincipal, ... as ARM says it. */
  type: string;
}

/**
 * Whether an assignment makes its principal an Owner of the subscription: the Owner role, given on the
 * subscription itself or above it (a management group, the root). One on a resource group below it does not:
 * `assignedTo` lists those too.
 */
export function ownsSubscription(a: ArmRoleAssignment, subscriptionId: string): boolean {
  const role = a.properties.roleDefinitionId.toLowerCase();
  if (!role.endsWith(`/${AZURE_OWNER_ROLE}`) && role !== AZURE_OWNER_ROLE) return false;
  const scope = a.properties.scope.toLowerCase().replace(/\/+$/, '');
  return (
    scope === `/subscriptions/${subscriptionId.toLowerCase()}` ||
    scope === '' ||
    scope.startsWith('/providers/microsoft.management/managementgroups/')
  );
}

/** The `$filter` of one person's assignments (their groups' included): the id is checked to be a GUID first. */
export function roleAssignmentsPath(subscriptionId: string, filter: string): string {
  return (
    `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleAssignments` +
    `?api-version=2022-04-01&$filter=${encodeURIComponent(filter)}`
  );
}
