import { z } from 'zod';
import { GuidSchema, type Role } from '../../core';

/** `GET /v1.0/users/{id}`, the fields the bot reads. */
export const GraphUserSchema = z.object({
  id: GuidSchema,
  displayName: z.string().max(256).nullable().optional(),
  mail: z.string().max(320).nullable().optional(),
  userPrincipalName: z.string().max(320).nullable().optional(),
  userType: z.string().max(20).nullable().optional(),
});
export type GraphUser = z.infer<typeof GraphUserSchema>;

/** unifiedRoleAssignment: who holds which directory role, at which scope ('/' is the whole tenant). */
export const RoleAssignmentSchema = z.object({
  principalId: GuidSchema,
  roleDefinitionId: z.string().max(100),
  directoryScopeId: z.string().max(400).nullable().optional(),
  principal: z.looseObject({ '@odata.type': z.string().optional() }).nullable().optional(),
});
export type RoleAssignment = z.infer<typeof RoleAssignmentSchema>;

export interface RoleRule {
  /** Role template ids that make a person the owner (OWNER_ROLES). */
  ownerRoleIds: readonly string[];
}

/**
 * The owner rule, on Microsoft Entra's facts (README, "Connect to your Microsoft tenant"):
 * - a guest (B2B, typically a partner's person) who holds any directory role is a delegated admin, and may
 *   not act even as a Global Administrator: the customer's own owner must;
 * - a member holding one of OWNER_ROLES for the whole tenant is the owner;
 * - a member holding any other directory role (or an owner role scoped to an administrative unit) is a
 *   service admin;
 * - everyone else is a member.
 */
export function roleOf(
  user: Pick<GraphUser, 'userType'>,
  assignments: Pick<RoleAssignment, 'roleDefinitionId' | 'directoryScopeId'>[],
  rule: RoleRule,
): Role {
  if (isGuest(user)) return assignments.length > 0 ? 'delegatedAdmin' : 'member';
  const owns = assignments.some(
    (a) => rule.ownerRoleIds.includes(a.roleDefinitionId.toLowerCase()) && (a.directoryScopeId ?? '/') === '/',
  );
  if (owns) return 'owner';
  return assignments.length > 0 ? 'serviceAdmin' : 'member';
}

export function isGuest(user: Pick<GraphUser, 'userType'>): boolean {
  return (user.userType ?? '').toLowerCase() === 'guest';
}
