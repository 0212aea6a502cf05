import type BetterSqlite3 from 'better-sqlite3';
import type { Seed } from './seedFile';
import type { SeedSink } from './seedCheck';

/**
 * The layout of the seed directory's tables. A directory file of another version is imported again from the seed
 * (it is only ever a copy of the seed), so changing the tables or what they hold means raising this.
 */
export const SEED_DIRECTORY_FORMAT = 3;

/**
 * Seed order is kept as `ord` (a tenant's position in the seed, a user's or subscription's within its tenant) and is
 * the primary key's order, so listing a tenant's subscriptions or users is one range read in seed order. GUIDs are
 * stored lower-cased (the seed's validation normalises them), so `tenants.id` is the lower-cased key a lookup
 * lower-cases its argument for. The lookup indexes are built after the rows are in, which is faster than keeping
 * them up to date row by row; each is unique, which the seed's validation has already made sure of.
 */
const TABLES = `
  CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) WITHOUT ROWID;

  CREATE TABLE tenants (
    ord  INTEGER PRIMARY KEY,
    id   TEXT NOT NULL,
    name TEXT NOT NULL
  );

  CREATE TABLE users (
    tenant_ord    INTEGER NOT NULL,
    ord           INTEGER NOT NULL,
    aad_object_id TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    email         TEXT    NOT NULL,
    role          TEXT    NOT NULL,
    PRIMARY KEY (tenant_ord, ord)
  ) WITHOUT ROWID;

  CREATE TABLE subscriptions (
    tenant_ord INTEGER NOT NULL,
    ord        INTEGER NOT NULL,
    id         TEXT    NOT NULL,
    service    TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    partner_id TEXT    NULL,
    nudge      INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (tenant_ord, ord)
  ) WITHOUT ROWID;

  CREATE TABLE partners (
    partner_id TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    email      TEXT NOT NULL,
    language   TEXT NULL
  ) WITHOUT ROWID;
`;

const INDEXES = `
  CREATE UNIQUE INDEX tenants_by_id ON tenants (id);
  CREATE UNIQUE INDEX users_by_id ON users (tenant_ord, aad_object_id);
  CREATE UNIQUE INDEX subscriptions_by_id ON subscriptions (tenant_ord, id);
`;

/** What the directory file records about the import it holds. */
export interface SeedImportMeta {
  format: number;
  /** sha256 of the seed file's bytes, hex. */
  seedSha256: string;
  importedAt: string;
  tenants: number;
  /**
   * The seed file's identity and times when its bytes were read for the import (`seedFileStat` in
   * seedDirectoryFile.ts): a start that finds the file with the same ones opens the import without hashing the file.
   */
  seedFileStat?: string;
}

/**
 * A sink that creates the tables and inserts each value as it arrives, with statements prepared once; the caller runs
 * it all inside one transaction and calls `finish` to build the indexes and record `meta`. (SQLite's own work per row,
 * about 1.5 us, is most of an import's writing: multi-row INSERTs saved nothing measurable.)
 */
export function seedWriter(db: BetterSqlite3.Database): SeedSink & { finish(meta: SeedImportMeta): void } {
  db.exec(TABLES);
  const insertPartner = db.prepare<[string, string, string, string | null]>(
    'INSERT INTO partners (partner_id, name, email, language) VALUES (?, ?, ?, ?)',
  );
  const insertTenant = db.prepare<[number, string, string]>('INSERT INTO tenants (ord, id, name) VALUES (?, ?, ?)');
  const insertUser = db.prepare<[number, number, string, string, string, string]>(
    'INSERT INTO users (tenant_ord, ord, aad_object_id, name, email, role) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const insertSubscription = db.prepare<[number, number, string, string, string, string, string | null, number]>(
    `INSERT INTO subscriptions (tenant_ord, ord, id, service, name, created_at, partner_id, nudge)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertMeta = db.prepare<[string, string]>('INSERT INTO meta (key, value) VALUES (?, ?)');
  return {
    partner: (partnerId, name, email, language) => void insertPartner.run(partnerId, name, email, language),
    tenant: (t, id, name) => void insertTenant.run(t, id, name),
    user: (t, i, aadObjectId, name, email, role) => void insertUser.run(t, i, aadObjectId, name, email, role),
    subscription: (t, i, id, service, name, createdAt, partnerId, nudge) =>
      void insertSubscription.run(t, i, id, service, name, createdAt, partnerId, nudge ? 1 : 0),
    finish(meta) {
      db.exec(INDEXES);
      insertMeta.run('format', String(meta.format));
      insertMeta.run('seed_sha256', meta.seedSha256);
      insertMeta.run('imported_at', meta.importedAt);
      insertMeta.run('tenants', String(meta.tenants));
      if (meta.seedFileStat) insertMeta.run('seed_file_stat', meta.seedFileStat);
    },
  };
}

/** Hands a seed zod has already validated (and normalised) to a sink, in the order `checkSeed` would. */
export function writeValidSeed(seed: Seed, sink: SeedSink): void {
  for (const p of seed.partners) sink.partner(p.partnerId, p.name, p.email, p.language ?? null);
  for (const [ti, t] of seed.tenants.entries()) {
    sink.tenant(ti, t.id, t.name);
    for (const [i, u] of t.users.entries()) sink.user(ti, i, u.aadObjectId, u.name, u.email, u.role);
    for (const [i, s] of t.subscriptions.entries()) {
      sink.subscription(ti, i, s.id, s.service, s.name, s.createdAt, s.partnerId ?? null, s.nudge !== false);
    }
  }
}

/** The import a directory file holds, or null if it holds none this code can read (another format, no meta). */
export function readImportMeta(db: BetterSqlite3.Database): SeedImportMeta | null {
  try {
    const rows = db.prepare<[], { key: string; value: string }>('SELECT key, value FROM meta').all();
    const meta = new Map(rows.map((r) => [r.key, r.value]));
    const format = Number(meta.get('format'));
    const seedSha256 = meta.get('seed_sha256');
    const importedAt = meta.get('imported_at');
    if (format !== SEED_DIRECTORY_FORMAT || !seedSha256 || !importedAt) return null;
    const seedFileStat = meta.get('seed_file_stat');
    return {
      format,
      seedSha256,
      importedAt,
      tenants: Number(meta.get('tenants') ?? 0),
      ...(seedFileStat ? { seedFileStat } : {}),
    };
  } catch {
    return null;
  }
}
