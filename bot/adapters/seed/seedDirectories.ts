import BetterSqlite3 from 'better-sqlite3';
import {
  PartnerIdSchema,
  type DirectoryUser,
  type Partner,
  type Subscription,
  type TenantRef,
  type PartnerDirectory,
  type RoleDirectory,
  type SubscriptionDirectory,
} from '../../core';
import { seedWriter, writeValidSeed, SEED_DIRECTORY_FORMAT } from './seedDatabase';
import type { Seed } from './seedFile';

export type SeedDirectories = SubscriptionDirectory & RoleDirectory & PartnerDirectory;

/**
 * How many tenants `listTenants` returns at most: the first ones in seed order. Only the tab's local dev sign-in
 * lists tenants (and then every user of each), to let a developer pick whom to be; a generated world of 100,000
 * tenants would make that one answer hundreds of megabytes.
 */
export const LIST_TENANTS_LIMIT = 200;

/** SQLite's page cache for a directory connection, in KiB (SQLite's own default, stated): the bound on its memory. */
export const SEED_DIRECTORY_CACHE_KIB = 2048;

/** The seed normalised GUIDs to lower case; callers may not have, and a GUID's case carries no meaning. */
const key = (guid: string): string => guid.toLowerCase();

const SUBSCRIPTION_COLUMNS =
  's.id, t.id AS tenantId, s.service, s.name, s.created_at AS createdAt, s.partner_id AS initialPartnerId, s.nudge';

type SubscriptionRow = Omit<Subscription, 'nudge'> & { nudge: number };

/** SQLite has no booleans: `nudge` is 0 or 1, kept on the subscription only when false (absent means nudged). */
function fromRow({ nudge, ...subscription }: SubscriptionRow): Subscription {
  return nudge === 0 ? { ...subscription, nudge: false } : subscription;
}
const USER_COLUMNS = `t.id AS tenantId, u.aad_object_id AS aadObjectId, u.name, u.email, u.role`;

type PartnerRow = Omit<Partner, 'language'> & { language: string | null };

/** A partner with no language in the seed has none here either (absent, not null). */
function partnerFromRow({ language, ...partner }: PartnerRow): Partner {
  return language === null ? partner : { ...partner, language };
}

/**
 * The directories' statements, prepared once on one connection. Each answer is a row object better-sqlite3 builds
 * afresh, with the port's field names as column aliases, so callers always get copies: the domain owns what it is
 * handed, and cannot edit the directory. Every lookup goes through `tenants_by_id`, then one index range of its tenant.
 */
export function seedQueries(db: BetterSqlite3.Database) {
  const sql = {
    listSubscriptions: db.prepare<[string], SubscriptionRow>(
      `SELECT ${SUBSCRIPTION_COLUMNS} FROM tenants t JOIN subscriptions s ON s.tenant_ord = t.ord WHERE t.id = ? ORDER BY s.ord`,
    ),
    getSubscription: db.prepare<[string, string], SubscriptionRow>(
      `SELECT ${SUBSCRIPTION_COLUMNS} FROM tenants t JOIN subscriptions s ON s.tenant_ord = t.ord WHERE t.id = ? AND s.id = ?`,
    ),
    listTenants: db.prepare<[number], TenantRef>('SELECT id, name FROM tenants ORDER BY ord LIMIT ?'),
    getTenant: db.prepare<[string], TenantRef>('SELECT id, name FROM tenants WHERE id = ?'),
    getUser: db.prepare<[string, string], DirectoryUser>(
      `SELECT ${USER_COLUMNS} FROM tenants t JOIN users u ON u.tenant_ord = t.ord WHERE t.id = ? AND u.aad_object_id = ?`,
    ),
    listOwners: db.prepare<[string], DirectoryUser>(
      `SELECT ${USER_COLUMNS} FROM tenants t JOIN users u ON u.tenant_ord = t.ord WHERE t.id = ? AND u.role = 'owner' ORDER BY u.ord`,
    ),
    listUsers: db.prepare<[string], DirectoryUser>(
      `SELECT ${USER_COLUMNS} FROM tenants t JOIN users u ON u.tenant_ord = t.ord WHERE t.id = ? ORDER BY u.ord`,
    ),
    findPartner: db.prepare<[string], PartnerRow>(
      'SELECT partner_id AS partnerId, name, email, language FROM partners WHERE partner_id = ?',
    ),
  };
  return sql;
}

export type SeedQueries = ReturnType<typeof seedQueries>;

/**
 * The directories over whichever connection `current` names at the moment of each call (the file-backed directory
 * swaps it when the seed is imported again). Every call is a few microseconds of synchronous SQLite.
 */
export function directoriesOver(current: () => SeedQueries): SeedDirectories {
  return {
    async listSubscriptions(tenantId) {
      return current().listSubscriptions.all(key(tenantId)).map(fromRow);
    },
    async getSubscription(tenantId, subscriptionId) {
      const row = current().getSubscription.get(key(tenantId), subscriptionId);
      return row ? fromRow(row) : null;
    },
    /** The first LIST_TENANTS_LIMIT tenants in seed order, not every one (see LIST_TENANTS_LIMIT). */
    async listTenants() {
      return current().listTenants.all(LIST_TENANTS_LIMIT);
    },
    async getTenant(tenantId) {
      return current().getTenant.get(key(tenantId)) ?? null;
    },
    async getUser(tenantId, aadObjectId) {
      return current().getUser.get(key(tenantId), key(aadObjectId)) ?? null;
    },
    async listOwners(tenantId) {
      return current().listOwners.all(key(tenantId));
    },
    async listUsers(tenantId) {
      return current().listUsers.all(key(tenantId));
    },
    async findPartner(partnerId) {
      // The raw text a person typed: the same parse the domain uses, so " 1234567 " is found and "12a" is not.
      const parsed = PartnerIdSchema.safeParse(partnerId);
      if (!parsed.success) return null;
      const row = current().findPartner.get(parsed.data);
      return row ? partnerFromRow(row) : null;
    },
  };
}

/**
 * The directories over a seed zod has already validated, in an in-memory SQLite database of the same tables the
 * bot's seed directory file has (`openSeedDirectories` is what the bot uses: it imports the file once and keeps it).
 */
export function createSeedDirectories(seed: Seed): SeedDirectories {
  const db = new BetterSqlite3(':memory:');
  db.transaction(() => {
    const writer = seedWriter(db);
    writeValidSeed(seed, writer);
    writer.finish({
      format: SEED_DIRECTORY_FORMAT,
      seedSha256: '',
      importedAt: new Date().toISOString(),
      tenants: seed.tenants.length,
    });
  })();
  const queries = seedQueries(db);
  return directoriesOver(() => queries);
}
