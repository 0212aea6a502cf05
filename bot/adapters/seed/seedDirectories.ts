import { PartnerIdSchema } from '../../domain/types';
import type { DirectoryUser, Partner, Subscription, TenantRef } from '../../domain/types';
import type { PartnerDirectory, RoleDirectory, SubscriptionDirectory } from '../../ports';
import type { Seed } from './seedFile';

export type SeedDirectories = SubscriptionDirectory & RoleDirectory & PartnerDirectory;

interface TenantIndex {
  ref: TenantRef;
  users: Map<string, DirectoryUser>;
  owners: DirectoryUser[];
  /** Insertion order is seed order, which listSubscriptions promises. */
  subscriptions: Map<string, Subscription>;
}

/** The seed normalised GUIDs to lower case; callers may not have, and a GUID's case carries no meaning. */
const key = (guid: string): string => guid.toLowerCase();

// Callers get copies: the domain owns what it is handed, and must not be able to edit the directory.
const copyUser = (u: DirectoryUser): DirectoryUser => ({ ...u });
const copySubscription = (s: Subscription): Subscription => ({ ...s });

/**
 * The embedded directories, answered from the validated seed held in memory. Everything is indexed up
 * front because a tenant can hold hundreds of subscriptions and every card render looks several up.
 */
export function createSeedDirectories(seed: Seed): SeedDirectories {
  const tenants = new Map<string, TenantIndex>();
  for (const t of seed.tenants) {
    const index: TenantIndex = {
      ref: { id: t.id, name: t.name },
      users: new Map(),
      owners: [],
      subscriptions: new Map(),
    };
    for (const u of t.users) {
      const user: DirectoryUser = { tenantId: t.id, aadObjectId: u.aadObjectId, name: u.name, email: u.email, role: u.role };
      index.users.set(key(u.aadObjectId), user);
      if (u.role === 'owner') index.owners.push(user);
    }
    for (const s of t.subscriptions) {
      index.subscriptions.set(s.id, {
        id: s.id,
        tenantId: t.id,
        service: s.service,
        name: s.name,
        createdAt: s.createdAt,
        initialPartnerId: s.partnerId ?? null,
      });
    }
    tenants.set(key(t.id), index);
  }

  const partners = new Map<string, Partner>();
  for (const p of seed.partners) partners.set(p.partnerId, { partnerId: p.partnerId, name: p.name, email: p.email });

  const tenant = (tenantId: string): TenantIndex | undefined => tenants.get(key(tenantId));

  return {
    async listSubscriptions(tenantId) {
      const t = tenant(tenantId);
      return t ? Array.from(t.subscriptions.values(), copySubscription) : [];
    },
    async getSubscription(tenantId, subscriptionId) {
      const s = tenant(tenantId)?.subscriptions.get(subscriptionId);
      return s ? copySubscription(s) : null;
    },
    async listTenants() {
      return [...tenants.values()].map((t) => ({ ...t.ref }));
    },
    async getTenant(tenantId) {
      const t = tenant(tenantId);
      return t ? { ...t.ref } : null;
    },
    async getUser(tenantId, aadObjectId) {
      const u = tenant(tenantId)?.users.get(key(aadObjectId));
      return u ? copyUser(u) : null;
    },
    async listOwners(tenantId) {
      return tenant(tenantId)?.owners.map(copyUser) ?? [];
    },
    async listUsers(tenantId) {
      const t = tenant(tenantId);
      return t ? [...t.users.values()].map(copyUser) : [];
    },
    async findPartner(partnerId) {
      // The raw text a person typed: the same parse the domain uses, so " 1234567 " is found and "12a" is not.
      const parsed = PartnerIdSchema.safeParse(partnerId);
      if (!parsed.success) return null;
      const p = partners.get(parsed.data);
      return p ? { ...p } : null;
    },
  };
}
