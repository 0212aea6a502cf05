import type { GraphClient } from './graphClient';
import { GraphUserSchema, type GraphUser } from './graphRoles';

const USER_FIELDS = 'id,displayName,mail,userPrincipalName,userType';

/** A principal another service names (an Azure role assignment's): a user, a group, or something else. */
export interface NamedPrincipal {
  id: string;
  /** User, Group, ServicePrincipal, ... */
  type: string;
}

/**
 * The people behind principals, by name: users as they are, groups by their members (nested groups included),
 * apps and managed identities left out; at most `limit`, sorted. Ids are GUIDs checked by the caller's schema.
 */
export async function principalNames(
  graph: GraphClient,
  tenantId: string,
  principals: readonly NamedPrincipal[],
  limit: number,
): Promise<string[]> {
  const found = new Map<string, GraphUser>();
  for (const p of principals) {
    if (found.size >= limit) break;
    const type = p.type.toLowerCase();
    if (type === 'user') {
      const user = await graph.getOne(tenantId, `/v1.0/users/${p.id}?$select=${USER_FIELDS}`, GraphUserSchema);
      if (user) found.set(user.id.toLowerCase(), user);
    } else if (type === 'group') {
      const path = `/v1.0/groups/${p.id}/transitiveMembers/microsoft.graph.user?$select=${USER_FIELDS}`;
      for (const member of await graph.getAll(tenantId, path, GraphUserSchema)) {
        if (found.size < limit) found.set(member.id.toLowerCase(), member);
      }
    }
  }
  return [...found.values()]
    .map((u) => u.displayName?.trim() || u.userPrincipalName || 'Unnamed user')
    .sort((a, b) => a.localeCompare(b));
}
