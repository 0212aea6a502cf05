import type { Pool } from 'pg';
import { oneStore, type Store, type StorePorts } from '../storePorts';
import { createAssignments } from './assignments';
import { createAuditLog } from './audit';
import { createConversations } from './conversations';
import { type Db, PostgresDatabase, type PostgresDatabaseOptions } from './database';
import { createNudges } from './nudges';
import { createOutbox } from './outbox';
import { createPartnerAnswers } from './partnerAnswers';
import { createSigningKeys } from './signingKeys';

export { AUDIT_PAGE_SQL } from './audit';
export { COMMIT_PROBE_MS } from './commitProbe';
export { WRITE_PROBE_SQL } from './database';

export type PostgresStoreOptions = PostgresDatabaseOptions;

export interface PostgresStore extends Store {
  /** postgres://user@host:port/database (schema s), for start-up logs: no password. */
  readonly description: string;
  /**
   * Resolves once the database answered and the schema is migrated; every other call waits for it. Rejects,
   * naming the host, when start-up could not reach the database within connectTimeoutMs, or at once when the
   * database's schema is newer than this build.
   */
  ready(): Promise<void>;
  /** The pool, for tests that inspect or break connections. */
  readonly pool: Pool;
  /**
   * Statements on the store's pool, after start-up, an unreachable database as UpstreamUnavailableError: for the
   * rate limiter and the Teams pacer, which keep their counts here too.
   */
  readonly db: Db;
}

/**
 * The shared store: PostgreSQL through a pool, for any number of bot processes on one database. Opening is
 * synchronous (a pg Pool connects lazily); connecting and migrating start at once and every call waits for
 * them, so `ready()` need only be awaited by whoever must know start-up succeeded (main.ts).
 */
export function openPostgresStore(options: PostgresStoreOptions): PostgresStore {
  const database = new PostgresDatabase(options);
  return {
    ...oneStore(postgresPorts(database), database),
    description: database.description,
    pool: database.pool,
    db: database,
    ready: () => database.ready(),
  };
}

/** The store's ports, one module each, over the one database. */
function postgresPorts(database: PostgresDatabase): StorePorts {
  return {
    assignments: createAssignments(database),
    audit: createAuditLog(database),
    partnerAnswers: createPartnerAnswers(database),
    conversations: createConversations(database),
    outbox: createOutbox(database),
    nudges: createNudges(database),
    signingKeys: createSigningKeys(database),
  };
}
