import type { SubscriptionOwners } from './ports';
import type { Actor, Subscription } from './types';

/**
 * Of these subscriptions, those this person may change, each by its own rule: an Azure subscription by its Owners
 * in Azure (a tenant owner is not one by that), any other by the tenant's owner (administrator) role. An Owner
 * answer that cannot be read counts as no: this only shapes what is offered, and every change checks again.
 */
export async function changeableSubscriptions<S extends Subscription>(
  owners: SubscriptionOwners | undefined,
  person: Actor & { tenantOwner: boolean },
  subscriptions: readonly S[],
): Promise<S[]> {
  const answers = await Promise.all(
    subscriptions.map((s) =>
      owners?.governs(s)
        ? owners.isOwner(person.tenantId, person.aadObjectId, s.id).catch(() => false)
        : person.tenantOwner,
    ),
  );
  return subscriptions.filter((_, i) => answers[i]);
}
