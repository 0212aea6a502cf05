import type { z } from 'zod';
import type { SeedSchema } from '../bot/adapters/seed/seedFile';
import { SERVICES } from '../bot/core';

export type SeedInput = z.input<typeof SeedSchema>;

/** One scripted attach: which tenant's owner attaches which partner to which subscription. */
export interface Job {
  tenant: number;
  tenantId: string;
  ownerId: string;
  subscriptionId: string;
  subscriptionName: string;
  partnerId: string;
  partnerName: string;
}

export interface Plan {
  seed: SeedInput;
  tenants: number;
  subscriptionsPerTenant: number;
  /** Per concurrent owner: the first job is its warm-up, the rest are measured. */
  jobsByOwner: Job[][];
  /** One conversation at a time, on tenants of their own: the first is a warm-up, the rest are measured. */
  sequentialJobs: Job[];
}

/** How many partners the bench seeds. */
export const PARTNER_COUNT = 5;
const hex12 = (n: number): string => n.toString(16).padStart(12, '0');

/**
 * Bench tenants 1 to `tenants`, each with one owner and `subscriptionsPerTenant` subscriptions, and the bench's
 * partners. `partnerOf(t, s)`: the index of the partner subscription s of tenant t has in the seed, or none.
 */
export function benchSeed(
  tenants: number,
  subscriptionsPerTenant: number,
  partnerOf: (t: number, s: number) => number | undefined = () => undefined,
): SeedInput & { partners: { partnerId: string; name: string }[] } {
  const partners = Array.from({ length: PARTNER_COUNT }, (_, i) => ({
    partnerId: String(30000001 + i),
    name: `Bench Partner ${i + 1}`,
    email: `por${i + 1}@partner${i + 1}.example`,
  }));
  return {
    partners,
    tenants: Array.from({ length: tenants }, (_, t) => ({
      id: `b0000000-0000-4000-8000-${hex12(t + 1)}`,
      name: `Bench Tenant ${t + 1}`,
      users: [
        {
          aadObjectId: `b1000000-0000-4000-8000-${hex12(t + 1)}`,
          name: `Owner ${t + 1}`,
          email: `owner@t${t + 1}.example`,
          role: 'owner' as const,
        },
      ],
      subscriptions: Array.from({ length: subscriptionsPerTenant }, (_, s) => {
        const partner = partnerOf(t, s);
        return {
          id: `t${t + 1}-sub-${s + 1}`,
          service: SERVICES[s % SERVICES.length]!,
          name: `Bench subscription ${s + 1}`,
          createdAt: '2025-01-01T00:00:00Z',
          ...(partner === undefined ? {} : { partnerId: partners[partner]!.partnerId }),
        };
      }),
    })),
  };
}

/**
 * A seed of tenants (one owner and a few partnerless subscriptions each) and a plan that gives every concurrent
 * owner its own tenants (t % owners === w), so no two in-flight conversations touch the same tenant and every
 * attach meets a subscription that still has no partner; the sequential conversations have tenants of their own.
 */
export function makePlan(options: {
  owners: number;
  conversations: number;
  sequential: number;
  minTenants: number;
}): Plan {
  const { owners, conversations, sequential } = options;
  const concurrentTenants = Math.max(options.minTenants, owners);
  const tenantsPerOwner = Math.floor(concurrentTenants / owners);
  const jobsPerOwner = 1 + Math.ceil(conversations / owners); // one warm-up conversation each
  const subscriptionsPerTenant = Math.max(3, Math.ceil(jobsPerOwner / tenantsPerOwner));
  // The sequential conversations get tenants of their own, after the concurrent owners' ones.
  const sequentialTenants = Math.ceil((1 + sequential) / subscriptionsPerTenant);
  const tenants = concurrentTenants + sequentialTenants;

  const seed = benchSeed(tenants, subscriptionsPerTenant);
  const partners = seed.partners;

  const jobFor = (t: number, s: number): Job => {
    const tenant = seed.tenants[t]!;
    const subscription = tenant.subscriptions[s]!;
    const partner = partners[(t + s) % partners.length]!;
    return {
      tenant: t,
      tenantId: tenant.id,
      ownerId: tenant.users[0]!.aadObjectId,
      subscriptionId: subscription.id,
      subscriptionName: subscription.name,
      partnerId: partner.partnerId,
      partnerName: partner.name,
    };
  };

  const jobsByOwner = Array.from({ length: owners }, (_, w) => {
    const measured = Math.floor(conversations / owners) + (w < conversations % owners ? 1 : 0);
    const own = Array.from({ length: tenantsPerOwner }, (_, i) => w + i * owners);
    // Round-robin over the owner's tenants, one subscription each per round.
    return Array.from({ length: 1 + measured }, (_, j) => jobFor(own[j % own.length]!, Math.floor(j / own.length)));
  });
  const sequentialJobs = Array.from({ length: 1 + sequential }, (_, j) =>
    jobFor(concurrentTenants + (j % sequentialTenants), Math.floor(j / sequentialTenants)),
  );
  return { seed, tenants, subscriptionsPerTenant, jobsByOwner, sequentialJobs };
}
