import type { AppPorts } from '../../bot/app';

/** Everything the store holds for a tenant, to show a refused request changed nothing. */
export async function storeSnapshot(ports: AppPorts, tenantId: string): Promise<string> {
  const subs = await ports.subscriptions.listSubscriptions(tenantId);
  const ids = subs.map((s) => s.id);
  const assignments = await ports.store.getAssignments(tenantId, ids);
  const histories = await Promise.all(ids.map((id) => ports.store.history(tenantId, id)));
  return JSON.stringify({ assignments: [...assignments.entries()].sort(), histories });
}
