import { randomBytes } from 'node:crypto';
import { Client, type ClientConfig, type Pool, type PoolClient } from 'pg';
import {
  type Assignment,
  type ApplyResult,
  type AssignmentChange,
  type AssignmentStore,
  type ConversationStore,
  type NudgeStore,
  type Outbox,
  type PartnerAnswerRequest,
  type PartnerAnswerResult,
  type PendingPrompt,
  type SigningKeys,
  UpstreamUnavailableError,
} from '../../core';
import {
  checkAuditPage,
  checkPartnerAnswer,
  eventId,
  toAssignment,
  toAudit,
  toJson,
  toPartnerAnswer,
  type AssignmentRow,
  type AuditRow,
  type PartnerAnswerRow,
} from '../sqlRows';
import {
  cannotWriteReason,
  createPool,
  databaseHost,
  describeDatabase,
  isConnectionError,
  isOutage,
  shortCause,
  type PostgresConnectionOptions,
} from './connection';
import { StoreUnusableError, WriteFailures, type StoreLog } from '../storeWrites';
import { applyPgMigrations, pgMigrations, SchemaTooNewError, type PgMigration } from './migrations';
import { createPostgresOutbox, insertOutbox, type Db } from './postgresOutbox';

export interface PostgresStoreOptions extends PostgresConnectionOptions {
  /** How long start-up keeps retrying an unreachable database, with exponential backoff, before giving up. */
  connectTimeoutMs: number;
  /** Told about retries, lost connections and writes refused; never given the URL's password. */
  log?: StoreLog;
  /** For tests: other migration steps. */
  migrations?: readonly PgMigration[];
}

export interface PostgresStore extends AssignmentStore, ConversationStore, Outbox, NudgeStore, SigningKeys {
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

interface ConversationRow {
  tenant_id: string;
  aad_object_id: string;
  conversation_id: string;
  reference: unknown;
  updated_at: string;
}

type ChatRow = Pick<ConversationRow, 'tenant_id' | 'aad_object_id' | 'conversation_id'>;

/** Thrown inside applyChange's transaction so it rolls back (giving up the idempotency key) and answers stale. */
class Stale {
  constructor(readonly current: Assignment) {}
}

/**
 * How long a change whose COMMIT lost its answer may spend finding out whether it committed, before the person is
 * told the outcome is unknown. A few seconds: a database that failed over is usually back by then, and the turn
 * still answers well inside the time Teams waits for an invoke (the change itself took some of it already).
 */
export const COMMIT_PROBE_MS = 4_000;

const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One small committed write, of the schema bookkeeping (the newest version's row, to the value it has): refused
 * by a read-only session or a hot standby, without write privileges, or with the server's disk full.
 */
export const WRITE_PROBE_SQL =
  'UPDATE schema_version SET applied_at = applied_at WHERE version = (SELECT max(version) FROM schema_version)';

/** A page of a tenant's audit log. Served by audit_log_by_tenant (tenant_id, id): this tenant's rows from afterId on, no sort. */
export const AUDIT_PAGE_SQL =
  'SELECT * FROM audit_log WHERE tenant_id = $1 AND id > $2 AND at >= $3 ORDER BY id LIMIT $4';

/**
 * The shared store: PostgreSQL through a pool, for any number of bot processes on one database. Opening is
 * synchronous (a pg Pool connects lazily); connecting and migrating start at once and every call waits for
 * them, so `ready()` need only be awaited by whoever must know start-up succeeded (main.ts).
 */
export function openPostgresStore(options: PostgresStoreOptions): PostgresStore {
  const pool = createPool(options);
  const description = `${describeDatabase(options.url)} (schema ${options.schema})`;
  const log = options.log;
  // An idle connection the server dropped (restart, pg_terminate_backend, network) is reported here; without a
  // listener pg would crash the process. The pool discards it and opens a new one when next needed.
  pool.on('error', (err) => log?.warn({ database: description, cause: shortCause(err) }, 'PostgreSQL connection lost'));

  const writes = new WriteFailures(log);
  let closed = false;
  let migrated = false;
  let starting: Promise<void> | null = null;

  async function connectAndMigrate(): Promise<void> {
    const deadline = Date.now() + options.connectTimeoutMs;
    for (let attempt = 1, delay = 250; ; attempt += 1, delay = Math.min(delay * 2, 5_000)) {
      if (closed) throw new Error('The PostgreSQL store is closed');
      try {
        const client = await pool.connect();
        try {
          await applyPgMigrations(client, options.schema, options.migrations ?? pgMigrations);
          // A database that lets the bot in but not write (read-only mode, a standby, privileges revoked) is found
          // out here, not by the first person's change.
          await client.query(WRITE_PROBE_SQL);
        } finally {
          client.release();
        }
        migrated = true;
        return;
      } catch (err) {
        const reason = cannotWriteReason(err);
        if (reason) {
          const code = (err as { code?: string }).code;
          throw new StoreUnusableError(
            `PostgreSQL ${description} cannot be written: ${reason} (SQLSTATE ${code}); ` +
              'the bot needs a primary server that accepts writes and a role that may write to the schema',
          );
        }
        if (err instanceof SchemaTooNewError || !isConnectionError(err)) throw err;
        const left = deadline - Date.now();
        if (left <= 0) {
          throw new Error(
            `PostgreSQL at ${databaseHost(options.url)} did not answer within ${Math.round(options.connectTimeoutMs / 1000)} s ` +
              `(${attempt} attempts; last: ${shortCause(err)}); check DATABASE_URL and that the server accepts connections`,
          );
        }
        log?.warn(
          { database: description, attempt, cause: shortCause(err), retryInMs: Math.min(delay, left) },
          'PostgreSQL not reachable yet; retrying',
        );
        await sleep(Math.min(delay, left));
      }
    }
  }

  /** The start-up work, once; after a failure the next call starts over (a database that came back is used). */
  function ready(): Promise<void> {
    if (migrated) return Promise.resolve();
    if (!starting) {
      starting = connectAndMigrate().catch((err: unknown) => {
        starting = null;
        throw err;
      });
    }
    return starting;
  }
  // Begin now, so start-up overlaps with the rest of the app's; nobody may be waiting yet.
  ready().catch(() => undefined);

  /**
   * A database that cannot be reached, or cannot be written, is an outage, not a defect: callers get
   * UpstreamUnavailableError, which the conversation answers with "not answering, try again in a minute" (nothing
   * was written: every change is one transaction). Health says read-only after a write was refused. Any other
   * error is passed on as it is.
   */
  const unreachable = (err: unknown): never => {
    if (cannotWriteReason(err)) {
      writes.noted(shortCause(err));
      throw new UpstreamUnavailableError('store', shortCause(err));
    }
    if (isOutage(err)) {
      log?.warn({ upstream: 'store', cause: shortCause(err) }, 'the database is not answering');
      throw new UpstreamUnavailableError('store', shortCause(err));
    }
    throw err;
  };

  /**
   * One transaction on a pooled connection. A failure before COMMIT rolls it back: nothing was written. A
   * connection that breaks while COMMIT is sent or awaited leaves it unknown whether the server committed;
   * `commitLost` (given the result the transaction computed) decides what to answer then. Without it the caller
   * gets UpstreamUnavailableError with outcome 'unknown', never the "nothing was changed" one.
   */
  async function transaction<T>(
    fn: (client: PoolClient) => Promise<T>,
    commitLost?: (result: T, err: unknown) => Promise<T>,
  ): Promise<T> {
    await ready();
    const client = await pool.connect().catch(unreachable);
    // A backend that dies between this transaction's statements makes the checked-out client emit 'error';
    // unheard, that would end the process. The next statement then fails and the transaction rolls back.
    const onClientError = (err: Error) =>
      log?.warn({ upstream: 'store', cause: shortCause(err) }, 'a database connection broke mid-transaction');
    client.on('error', onClientError);
    let broken: Error | undefined;
    let lost: { result: T; err: unknown } | undefined;
    try {
      let result: T;
      try {
        await client.query('BEGIN');
        result = await fn(client);
      } catch (err) {
        // A connection that cannot even roll back is in an unknown state: it is destroyed, not reused.
        broken = await client.query('ROLLBACK').then(
          () => undefined,
          (e: unknown) => asError(e),
        );
        return unreachable(err);
      }
      try {
        await client.query('COMMIT');
        return result;
      } catch (err) {
        broken = asError(err);
        // The server answered COMMIT with an error (a deferred constraint, a full disk), or pg refused to send it
        // on a connection it already knew was broken: either way the transaction did not commit.
        if (!isOutage(err)) return unreachable(err);
        // Otherwise COMMIT may or may not have reached the server and been carried out: its answer is lost.
        log?.warn(
          { upstream: 'store', cause: shortCause(err) },
          'the database connection broke during COMMIT; finding out whether it committed',
        );
        lost = { result, err };
      }
    } finally {
      client.off('error', onClientError);
      client.release(broken);
    }
    // With the broken connection given back, so that a pool of one can still serve what commitLost does.
    if (commitLost) return await commitLost(lost.result, lost.err);
    throw new UpstreamUnavailableError('store', shortCause(lost.err), 'unknown');
  }

  /**
   * The audit id a committed idempotency key points at (null: the key was not committed), asked on a connection
   * of its own (not the pool's, which may be full of turns waiting for the database). Inserting the key waits for
   * any transaction still holding it, then inserts nothing if that one committed; the probe always rolls back, so
   * it writes nothing, and the deferred foreign key on audit_id is never checked. Tried with a short backoff for
   * COMMIT_PROBE_MS; undefined when the database gave no answer in that time.
   */
  async function storedAuditId(key: string): Promise<string | null | undefined> {
    const deadline = Date.now() + COMMIT_PROBE_MS;
    let last: unknown;
    for (let delay = 100; ; delay = Math.min(delay * 2, 1_000)) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      try {
        return await probeKey(key, left);
      } catch (err) {
        last = err;
      }
      const wait = Math.min(delay, deadline - Date.now());
      if (wait <= 0) break;
      await sleep(wait);
    }
    log?.warn(
      { upstream: 'store', cause: last === undefined ? 'no time left' : shortCause(last) },
      'could not tell whether a change was committed',
    );
    return undefined;
  }

  async function probeKey(key: string, timeoutMs: number): Promise<string | null> {
    const config: ClientConfig = {
      ...pool.options,
      // pg-pool keeps the password out of its options' enumerable keys.
      ...(pool.options.password !== undefined ? { password: pool.options.password } : {}),
      connectionTimeoutMillis: timeoutMs,
      statement_timeout: timeoutMs,
      query_timeout: timeoutMs + 500,
    };
    const client = new Client(config);
    client.on('error', () => undefined);
    let connected = false;
    try {
      await client.connect();
      connected = true;
      // Read committed, whatever the server's default: the SELECT below must see the row the INSERT waited for.
      await client.query('BEGIN ISOLATION LEVEL READ COMMITTED');
      const inserted = await client.query(
        'INSERT INTO idempotency (key, audit_id) VALUES ($1, 0) ON CONFLICT (key) DO NOTHING RETURNING key',
        [key],
      );
      if (inserted.rowCount === 1) return null;
      // A new snapshot: the row the INSERT waited for is visible.
      const { rows } = await client.query<{ audit_id: string }>(
        'SELECT audit_id::text FROM idempotency WHERE key = $1',
        [key],
      );
      if (!rows[0]) throw new Error('The idempotency key conflicted but cannot be read');
      return rows[0].audit_id;
    } finally {
      if (connected) await client.query('ROLLBACK').catch(() => undefined);
      await client.end().catch(() => undefined);
    }
  }

  const db: Db = {
    async query<R>(text: string, values?: unknown[]) {
      await ready();
      const result = await pool.query(text, values).catch(unreachable);
      return { rows: result.rows as R[], rowCount: result.rowCount ?? 0 };
    },
    transaction: (fn) => transaction(fn),
  };

  const outbox = createPostgresOutbox(db);

  async function applyInTransaction(client: PoolClient, change: AssignmentChange): Promise<ApplyResult> {
    const { tenantId, subscriptionId } = change;
    // 1. Claim the key, with the id the audit entry will get. The primary key decides: a second transaction
    //    with this key waits here until the first commits (then inserts nothing) or rolls back (then claims it).
    const claimed = await client.query<{ audit_id: string }>(
      `INSERT INTO idempotency (key, audit_id) VALUES ($1, nextval(pg_get_serial_sequence('audit_log', 'id')))
       ON CONFLICT (key) DO NOTHING
       RETURNING audit_id`,
      [change.idempotencyKey],
    );
    if (claimed.rowCount === 0) {
      const earlier = await client.query<AuditRow>(
        'SELECT a.* FROM idempotency i JOIN audit_log a ON a.id = i.audit_id WHERE i.key = $1',
        [change.idempotencyKey],
      );
      const audit = earlier.rows[0];
      if (!audit) throw new Error(`Idempotency key ${JSON.stringify(change.idempotencyKey)} has no audit entry`);
      // A key that belongs to another tenant's or subscription's change is a caller bug; answering would leak it.
      if (audit.tenant_id !== tenantId || audit.subscription_id !== subscriptionId) {
        throw new Error(
          `Idempotency key ${JSON.stringify(change.idempotencyKey)} was already used for a different subscription`,
        );
      }
      const row = await client.query<AssignmentRow>(
        'SELECT * FROM assignments WHERE tenant_id = $1 AND subscription_id = $2',
        [tenantId, subscriptionId],
      );
      if (!row.rows[0]) throw new Error(`Assignment missing for audited change ${audit.id}`);
      return { outcome: 'duplicate', assignment: toAssignment(row.rows[0]), audit: toAudit(audit) };
    }
    const auditId = claimed.rows[0]!.audit_id;

    // 2. Write the assignment only if the version is still the expected one; the database decides.
    const directoryState: Assignment = {
      tenantId,
      subscriptionId,
      partnerId: change.initialPartnerId,
      version: 0,
      updatedAt: null,
      updatedBy: null,
    };
    let oldPartnerId: string | null;
    let written: AssignmentRow | undefined;
    if (change.expectedVersion === 0) {
      // Never stored: the first writer inserts; another one waits on the primary key, then inserts nothing.
      oldPartnerId = change.initialPartnerId;
      const inserted = await client.query<AssignmentRow>(
        `INSERT INTO assignments (tenant_id, subscription_id, partner_id, version, updated_at, updated_by)
         VALUES ($1, $2, $3, 1, $4, $5)
         ON CONFLICT (tenant_id, subscription_id) DO NOTHING
         RETURNING *`,
        [tenantId, subscriptionId, change.newPartnerId, change.at, change.actorName],
      );
      written = inserted.rows[0];
      if (!written) {
        const current = await client.query<AssignmentRow>(
          'SELECT * FROM assignments WHERE tenant_id = $1 AND subscription_id = $2',
          [tenantId, subscriptionId],
        );
        throw new Stale(current.rows[0] ? toAssignment(current.rows[0]) : directoryState);
      }
    } else {
      // The row is locked first (its newest committed state), for the partner it replaces; the conditional
      // UPDATE then writes only if that state has the expected version.
      const prior = await client.query<AssignmentRow>(
        'SELECT * FROM assignments WHERE tenant_id = $1 AND subscription_id = $2 FOR UPDATE',
        [tenantId, subscriptionId],
      );
      const updated = await client.query<AssignmentRow>(
        `UPDATE assignments SET partner_id = $3, version = version + 1, updated_at = $4, updated_by = $5
         WHERE tenant_id = $1 AND subscription_id = $2 AND version = $6
         RETURNING *`,
        [tenantId, subscriptionId, change.newPartnerId, change.at, change.actorName, change.expectedVersion],
      );
      written = updated.rows[0];
      if (!written) throw new Stale(prior.rows[0] ? toAssignment(prior.rows[0]) : directoryState);
      oldPartnerId = prior.rows[0]!.partner_id;
    }

    // 3. The audit entry with the id the key already points at, then the messages the change owes.
    const audit = await client.query<AuditRow>(
      `INSERT INTO audit_log
         (id, tenant_id, subscription_id, kind, old_partner_id, new_partner_id, actor_id, actor_name, at, version, event_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       RETURNING *`,
      [
        auditId,
        tenantId,
        subscriptionId,
        change.kind,
        oldPartnerId,
        change.newPartnerId,
        change.actorId,
        change.actorName,
        change.at,
        written.version,
        change.eventId,
      ],
    );
    await insertOutbox(client, change.outbox, Number(auditId), change.at);
    return { outcome: 'applied', assignment: toAssignment(written), audit: toAudit(audit.rows[0]!) };
  }

  /**
   * Locks the subscription's assignment row first, as a change does, so a change and an answer to the change
   * before it are taken one after the other; the answer's primary key makes a second answer insert nothing.
   */
  async function answerInTransaction(client: PoolClient, request: PartnerAnswerRequest): Promise<PartnerAnswerResult> {
    const current = await client.query<AssignmentRow>(
      'SELECT * FROM assignments WHERE tenant_id = $1 AND subscription_id = $2 FOR UPDATE',
      [request.tenantId, request.subscriptionId],
    );
    const { rows } = await client.query<AuditRow>('SELECT * FROM audit_log WHERE event_id = $1', [
      request.changeEventId,
    ]);
    const change = rows[0];
    if (
      !change ||
      change.tenant_id !== request.tenantId ||
      change.subscription_id !== request.subscriptionId ||
      change.version !== request.version ||
      change.new_partner_id !== request.partnerId
    ) {
      return { outcome: 'superseded' };
    }
    const earlier = await client.query<PartnerAnswerRow>('SELECT * FROM partner_answers WHERE change_event_id = $1', [
      request.changeEventId,
    ]);
    if (earlier.rows[0]) return { outcome: 'answered', answer: toPartnerAnswer(earlier.rows[0]) };
    if (current.rows[0]?.version !== request.version) return { outcome: 'superseded' };
    const inserted = await client.query(
      `INSERT INTO partner_answers
         (change_event_id, audit_id, tenant_id, subscription_id, version, partner_id, partner_name, answer, reason,
          answered_at, event_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (change_event_id) DO NOTHING`,
      [
        request.changeEventId,
        change.id,
        request.tenantId,
        request.subscriptionId,
        request.version,
        request.partnerId,
        request.partnerName,
        request.answer,
        request.reason,
        request.at,
        request.eventId,
      ],
    );
    if (inserted.rowCount === 0) {
      // Unreachable while the row lock above is held; kept so that a second answer can never write messages.
      const first = await client.query<PartnerAnswerRow>('SELECT * FROM partner_answers WHERE change_event_id = $1', [
        request.changeEventId,
      ]);
      return { outcome: 'answered', answer: toPartnerAnswer(first.rows[0]!) };
    }
    await insertOutbox(client, request.outbox, Number(change.id), request.at);
    const { outbox: _written, ...answered } = request;
    return { outcome: 'recorded', answer: answered };
  }

  return {
    description,
    pool,
    db,
    ready,
    ...outbox,

    async getAssignments(tenantId, subscriptionIds) {
      const found = new Map<string, Assignment>();
      const wanted = [...new Set(subscriptionIds)];
      if (wanted.length === 0) return found;
      // One statement: every row from one snapshot, and the SQL text does not grow with the input.
      const { rows } = await db.query<AssignmentRow>(
        'SELECT * FROM assignments WHERE tenant_id = $1 AND subscription_id = ANY($2::text[])',
        [tenantId, wanted],
      );
      for (const row of rows) found.set(row.subscription_id, toAssignment(row));
      return found;
    },

    async applyChange(change) {
      // Messages linked to a change's audit entry must be about that change; emailDeliveries relies on it.
      for (const m of change.outbox) {
        if (m.tenantId !== change.tenantId || m.subscriptionId !== change.subscriptionId) {
          throw new Error('An outbox message written with a change must be for the same tenant and subscription');
        }
      }
      eventId(change.eventId);
      if (!Number.isSafeInteger(change.expectedVersion))
        throw new RangeError(`expectedVersion must be an integer, got ${change.expectedVersion}`);
      try {
        return await transaction(
          (client) => applyInTransaction(client, change),
          // COMMIT's answer was lost: the change's idempotency key tells whether it was written.
          async (result, err) => {
            const stored = await storedAuditId(change.idempotencyKey);
            if (stored === undefined) throw new UpstreamUnavailableError('store', shortCause(err), 'unknown');
            if (stored === null) return unreachable(err);
            // Written: by this transaction, or (it rolled back and the same action, sent twice, then won) by
            // another one, whose answer the ordinary path gives as a repeat.
            if (result.outcome === 'stale' || String(result.audit.id) !== stored) {
              return await transaction((client) => applyInTransaction(client, change));
            }
            return result;
          },
        );
      } catch (err) {
        if (err instanceof Stale) return { outcome: 'stale', current: err.current };
        throw err;
      }
    },

    async changeByEventId(id) {
      const { rows } = await db.query<AuditRow>('SELECT * FROM audit_log WHERE event_id = $1', [id]);
      return rows[0] ? toAudit(rows[0]) : null;
    },

    async recordPartnerAnswer(request) {
      checkPartnerAnswer(request);
      return transaction((client) => answerInTransaction(client, request));
    },

    async signingKey(purpose) {
      // A key another instance made first is kept: whoever inserts first decides it for every instance.
      await db.query('INSERT INTO signing_keys (purpose, key) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
        purpose,
        randomBytes(32).toString('base64'),
      ]);
      const { rows } = await db.query<{ key: string }>('SELECT key FROM signing_keys WHERE purpose = $1', [purpose]);
      return Buffer.from(rows[0]!.key, 'base64');
    },

    async partnerAnswers(tenantId, changeEventIds) {
      const wanted = [...new Set(changeEventIds)];
      if (wanted.length === 0) return new Map();
      const { rows } = await db.query<PartnerAnswerRow>(
        'SELECT * FROM partner_answers WHERE tenant_id = $1 AND change_event_id = ANY($2::text[])',
        [tenantId, wanted],
      );
      return new Map(rows.map((row) => [row.change_event_id, toPartnerAnswer(row)]));
    },

    async history(tenantId, subscriptionId, limit) {
      if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) {
        throw new RangeError(`history limit must be a non-negative integer, got ${limit}`);
      }
      // LIMIT NULL is no limit.
      const { rows } = await db.query<AuditRow>(
        'SELECT * FROM audit_log WHERE tenant_id = $1 AND subscription_id = $2 ORDER BY id DESC LIMIT $3',
        [tenantId, subscriptionId, limit ?? null],
      );
      return rows.map(toAudit);
    },

    async auditPage(tenantId, page) {
      checkAuditPage(page);
      // Times are text in COLLATE "C", so '' is before every instant.
      const { rows } = await db.query<AuditRow>(AUDIT_PAGE_SQL, [tenantId, page.afterId, page.since ?? '', page.limit]);
      return rows.map(toAudit);
    },

    async lastChanges(tenantId) {
      const { rows } = await db.query<AuditRow>(
        'SELECT DISTINCT ON (subscription_id) * FROM audit_log WHERE tenant_id = $1 ORDER BY subscription_id, id DESC',
        [tenantId],
      );
      return new Map(rows.map((row) => [row.subscription_id, toAudit(row)]));
    },

    async health() {
      if (closed) return 'down';
      if (!migrated) {
        // Not started (yet, or again): answer at once, and let start-up carry on.
        ready().catch(() => undefined);
        return 'down';
      }
      try {
        const { rows } = await pool.query<{ ok: number }>('SELECT 1 AS ok');
        if (rows[0]?.ok !== 1) return 'down';
      } catch {
        return 'down';
      }
      return writes.health(async () => {
        try {
          await pool.query(WRITE_PROBE_SQL);
          return 'open';
        } catch (err) {
          return cannotWriteReason(err) ? 'read-only' : 'down';
        }
      });
    },

    async close() {
      if (closed) return;
      closed = true;
      await starting?.catch(() => undefined);
      await pool.end();
    },

    async saveReference(entry) {
      await db.query(
        `INSERT INTO conversations (tenant_id, aad_object_id, conversation_id, reference, updated_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (tenant_id, aad_object_id) DO UPDATE SET
           conversation_id = excluded.conversation_id, reference = excluded.reference, updated_at = excluded.updated_at`,
        [
          entry.tenantId,
          entry.aadObjectId,
          entry.conversationId,
          toJson(entry.reference, 'A conversation reference'),
          entry.updatedAt,
        ],
      );
    },

    async getReference(tenantId, aadObjectId) {
      const { rows } = await db.query<ConversationRow>(
        'SELECT * FROM conversations WHERE tenant_id = $1 AND aad_object_id = $2',
        [tenantId, aadObjectId],
      );
      const row = rows[0];
      if (!row) return null;
      return {
        tenantId: row.tenant_id,
        aadObjectId: row.aad_object_id,
        conversationId: row.conversation_id,
        reference: row.reference,
        updatedAt: row.updated_at,
      };
    },

    async deleteReference(tenantId, aadObjectId, onlyIf) {
      if (onlyIf) {
        await db.query(
          'DELETE FROM conversations WHERE tenant_id = $1 AND aad_object_id = $2 AND conversation_id = $3 AND updated_at = $4',
          [tenantId, aadObjectId, onlyIf.conversationId, onlyIf.updatedAt],
        );
      } else {
        await db.query('DELETE FROM conversations WHERE tenant_id = $1 AND aad_object_id = $2', [
          tenantId,
          aadObjectId,
        ]);
      }
    },

    async listTenantIds() {
      const { rows } = await db.query<{ tenant_id: string }>(
        'SELECT tenant_id FROM conversations GROUP BY tenant_id ORDER BY tenant_id COLLATE "C"',
      );
      return rows.map((r) => r.tenant_id);
    },

    async listChats(after, limit) {
      if (!(Number.isInteger(limit) && limit >= 0))
        throw new RangeError(`limit must be a non-negative integer, got ${limit}`);
      // Keyset pages along the primary key (in the columns' own collation, which ORDER BY and the row comparison
      // share), so each page is one index range read however far the walk is.
      const { rows } = after
        ? await db.query<ChatRow>(
            `SELECT tenant_id, aad_object_id, conversation_id FROM conversations
             WHERE (tenant_id, aad_object_id) > ($1, $2) ORDER BY tenant_id, aad_object_id LIMIT $3`,
            [after.tenantId, after.aadObjectId, limit],
          )
        : await db.query<ChatRow>(
            'SELECT tenant_id, aad_object_id, conversation_id FROM conversations ORDER BY tenant_id, aad_object_id LIMIT $1',
            [limit],
          );
      return rows.map((row) => ({
        tenantId: row.tenant_id,
        aadObjectId: row.aad_object_id,
        conversationId: row.conversation_id,
      }));
    },

    async setPendingPrompt(conversationId, prompt) {
      if (prompt === null) {
        await db.query('DELETE FROM pending_prompts WHERE conversation_id = $1', [conversationId]);
      } else {
        await db.query(
          `INSERT INTO pending_prompts (conversation_id, prompt) VALUES ($1, $2)
           ON CONFLICT (conversation_id) DO UPDATE SET prompt = excluded.prompt`,
          [conversationId, toJson(prompt, 'A pending prompt')],
        );
      }
    },

    async getPendingPrompt(conversationId) {
      const { rows } = await db.query<{ prompt: unknown }>(
        'SELECT prompt FROM pending_prompts WHERE conversation_id = $1',
        [conversationId],
      );
      // Only this store writes the column, always from a PendingPrompt.
      return rows[0] ? (rows[0].prompt as PendingPrompt) : null;
    },
  };
}
