import { z } from 'zod';
import { GuidSchema, type Subscription } from '../../core';

/** ARM's list of the subscriptions the caller holds a role on, at the API version the bot reads. */
export const ARM_SUBSCRIPTIONS_PATH = '/subscriptions?api-version=2022-12-01';

/**
 * A subscription as ARM lists it (`GET /subscriptions?api-version=2022-12-01`), the fields the bot reads. ARM
 * is a network peer: every field is checked, and one described oddly is an error, not a guess.
 */
export const ArmSubscriptionSchema = z.object({
  subscriptionId: GuidSchema,
  displayName: z.string().trim().min(1).max(256),
  state: z.string().max(50),
});
export type ArmSubscription = z.infer<typeof ArmSubscriptionSchema>;

/** ARM's states said as the Graph subscriptions' are; Deleted ones are not offered at all. */
const STATE_NOTES: Record<string, string> = {
  Enabled: '',
  Warned: 'in grace period',
  PastDue: 'payment past due',
  Disabled: 'disabled',
};

/** The tenant's Azure subscriptions as people see them: two of one name are told apart by the end of their id. */
export function subscriptionsFromArm(tenantId: string, raw: ArmSubscription[]): Subscription[] {
  const live = raw.filter((s) => s.state !== 'Deleted');
  const byName = new Map<string, number>();
  for (const s of live) byName.set(s.displayName.toLowerCase(), (byName.get(s.displayName.toLowerCase()) ?? 0) + 1);
  return live.map((s) => {
    const notes: string[] = [];
    if ((byName.get(s.displayName.toLowerCase()) ?? 0) > 1) notes.push(`id …${s.subscriptionId.slice(-4)}`);
    const state = STATE_NOTES[s.state] ?? s.state.toLowerCase();
    if (state) notes.push(state);
    return {
      id: s.subscriptionId.toLowerCase(),
      tenantId,
      service: 'Azure',
      name: notes.length ? `${s.displayName} (${notes.join(', ')})` : s.displayName,
      // ARM does not say when a subscription was created.
      createdAt: new Date(0).toISOString(),
      // No API reads a partner of record: the product's store is the record.
      initialPartnerId: null,
      // Paid, so in the digests: those of its Owners in Azure (`SubscriptionOwners`), not the tenant's owners'.
    };
  });
}
