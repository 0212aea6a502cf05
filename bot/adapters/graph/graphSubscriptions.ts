import { z } from 'zod';
import { SubscriptionIdSchema, type Subscription } from '../../core';
import { leftOutOfDigest } from './freeSkus';
import { productForSku } from './skuCatalog';

/**
 * Graph's companySubscription (`GET /v1.0/directory/subscriptions`), the fields the bot reads. Graph is a
 * network peer: every field is checked, and a subscription Graph describes oddly is an error, not a guess.
 */
export const CompanySubscriptionSchema = z.object({
  id: SubscriptionIdSchema,
  skuPartNumber: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .regex(/^[\x21-\x7e]+$/),
  status: z.string().max(50),
  createdDateTime: z.iso.datetime({ offset: true }).nullable().optional(),
  isTrial: z.boolean().nullable().optional(),
});
export type CompanySubscription = z.infer<typeof CompanySubscriptionSchema>;

/** companySubscription.status, as a person reads it; Deleted subscriptions are not offered at all. */
const STATUS_NOTES: Record<string, string> = {
  Enabled: '',
  Warning: 'in grace period',
  Suspended: 'suspended',
  LockedOut: 'disabled',
};

const day = (iso: string | null | undefined): string => (iso ? iso.slice(0, 10) : 'unknown date');

/**
 * The tenant's subscriptions as people see them. companySubscription has no display name, so each is named
 * after its product (from Microsoft's licensing table); two of one product are told apart by the day they
 * were created, and, when that is the same too, by the end of their id.
 */
export function subscriptionsFromGraph(tenantId: string, raw: CompanySubscription[]): Subscription[] {
  const live = raw.filter((s) => s.status !== 'Deleted');
  const bySku = groupBy(live, (s) => s.skuPartNumber.toUpperCase());
  const bySkuAndDay = groupBy(live, (s) => `${s.skuPartNumber.toUpperCase()} ${day(s.createdDateTime)}`);
  return live.map((s) => {
    const product = productForSku(s.skuPartNumber);
    const notes: string[] = [];
    if ((bySku.get(s.skuPartNumber.toUpperCase()) ?? 0) > 1) {
      notes.push(`since ${day(s.createdDateTime)}`);
      if ((bySkuAndDay.get(`${s.skuPartNumber.toUpperCase()} ${day(s.createdDateTime)}`) ?? 0) > 1)
        notes.push(`id …${s.id.slice(-4)}`);
    }
    if (s.isTrial) notes.push('trial');
    const status = STATUS_NOTES[s.status] ?? s.status.toLowerCase();
    if (status) notes.push(status);
    return {
      id: s.id,
      tenantId,
      service: product.service,
      name: notes.length ? `${product.productName} (${notes.join(', ')})` : product.productName,
      createdAt: s.createdDateTime ?? new Date(0).toISOString(),
      // Microsoft's records of a partner of record are not readable by any API: the product's store is the record.
      initialPartnerId: null,
      // Set only when false, so the usual subscription reads as before.
      ...(leftOutOfDigest(s) ? { nudge: false } : {}),
    };
  });
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}
