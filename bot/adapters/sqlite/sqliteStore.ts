import { randomBytes } from 'node:crypto';
import { mkdirSync, statfsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import {
  type Assignment,
  type AuditEntry,
  type ApplyResult,
  type AssignmentChange,
  type AssignmentStore,
  type ConversationStore,
  type NudgeStore,
  type Outbox,
  type PartnerAnswer,
  type PartnerAnswerRequest,
  type PartnerAnswerResult,
  type PendingPrompt,
  type SigningKeys,
  type StoredConversation,
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
import { applyMigrations } from './migrations';
import { createOutboxTables } from './outboxTables';
import { errorCode, isCannotWrite, openProblem } from './sqliteFailures';
import { StoreUnusableError, WriteFailures, type StoreLog } from '../storeWrites';

export const SQLITE_FILE_NAME = 'partner-of-record.sqlite';

/**
 * `wal` (the default) for a local disk. `delete` or `truncate`, a rollback journal, where the data directory is a
 * network share (App Service's /home): WAL keeps its index in shared memory, which works only when every process
 * using the database is on the same host (https://sqlite.org/wal.html).
 */
export type SqliteJournalMode = 'wal' | 'delete' | 'truncate';

export interface SqliteStoreOptions {
  dataDir: string;
  journalMode?: SqliteJournalMode;
  /** Told when the store stops, and starts again, being writable. */
  log?: StoreLog;
}

export interface SqliteStore extends AssignmentStore, ConversationStore, Outbox, NudgeStore, SigningKeys {
  /** The database file, for start-up logs. */
  readonly file: string;
}

type ChatRow = Pick<ConversationRow, 'tenant_id' | 'aad_object_id' | 'conversation_id'>;

interface ConversationRow {
  tenant_id: string;
  aad_object_id: string;
  conversation_id: string;
  reference: string;
  updated_at: string;
}

/**
 * Below this many ids, primary-key lookups; above it, one scan of the tenant's rows filtered in memory.
 * Either way no SQL text grows with the input (SQLite caps bound parameters, and statements are prepared
 * once), and a status card for a 300-subscription tenant costs one indexed range read.
 */
const POINT_LOOKUP_LIMIT = 64;

/** Free space below which a store whose writes failed stays read-only: far more than one change writes. */
const MIN_FREE_BYTES = 1024 * 1024;

/** A page of a tenant's audit log. Served by audit_log_by_tenant (tenant_id, id): this tenant's rows from afterId on, no sort. */
export const AUDIT_PAGE_SQL = `SELECT * FROM audit_log WHERE tenant_id = ? AND id > ? AND at >= ? ORDER BY id LIMIT ?`;

/**
 * Opens (creating if needed) the embedded store under dataDir, brings its schema up to date and checks that it can
 * be written. A file that is not a database, cannot be written or is locked by another process throws a
 * StoreUnusableError that names the file and what to do.
 */
export function openSqliteStore({ dataDir, journalMode = 'wal', log }: SqliteStoreOptions): SqliteStore {
  const file = join(dataDir, SQLITE_FILE_NAME);
  let db: BetterSqlite3.Database | undefined;
  try {
    mkdirSync(dataDir, { recursive: true });
    db = new BetterSqlite3(file);
    // busy_timeout makes a second connection wait for the lock instead of failing at once; set first, so that
    // changing the journal mode waits too.
    db.pragma('busy_timeout = 5000');
    // WAL lets health checks and reads run while a change is being written; NORMAL is durable enough
    // under WAL (a power cut can lose the last commit, never corrupt the file). A rollback journal needs
    // FULL for the same guarantee.
    let mode: unknown;
    try {
      mode = db.pragma(`journal_mode = ${journalMode.toUpperCase()}`, { simple: true });
    } catch (err) {
      // Leaving WAL needs the file to itself: with another connection open SQLite refuses ("database is locked").
      if (!/^SQLITE_(BUSY|LOCKED)/.test(errorCode(err) ?? '')) throw err;
      throw new StoreUnusableError(
        `${file}: cannot set journal mode ${journalMode} while another process uses the database (${errorCode(err)})`,
      );
    }
    // Or SQLite keeps the old mode without an error.
    if (mode !== journalMode) {
      throw new StoreUnusableError(
        `${file}: journal mode stays ${String(mode)}, not ${journalMode} (SQLITE_JOURNAL_MODE)`,
      );
    }
    db.pragma(journalMode === 'wal' ? 'synchronous = NORMAL' : 'synchronous = FULL');
    db.pragma('foreign_keys = ON');
    applyMigrations(db);
    // A file SQLite could open only for reading (read-only file, directory or mount) is found out here, not by
    // the first person's change.
    writeProbe(db);
    return createStore(db, file, new WriteFailures(log));
  } catch (err) {
    db?.close();
    throw openProblem(err, file, dataDir);
  }
}

/**
 * One small committed write, of the schema bookkeeping (the newest migration's row, to the value it has): what
 * every change needs of the file, the disk and the journal, and nothing a reader could see.
 */
function writeProbe(db: BetterSqlite3.Database): void {
  db.prepare(
    'UPDATE schema_migrations SET applied_at = applied_at WHERE version = (SELECT max(version) FROM schema_migrations)',
  ).run();
}

function createStore(db: BetterSqlite3.Database, file: string, writes: WriteFailures): SqliteStore {
  const { insert: insertOutbox, ...outbox } = createOutboxTables(db);
  const sql = {
    ping: db.prepare('SELECT 1').pluck(),
    insertSigningKey: db.prepare<[string, string]>(
      'INSERT INTO signing_keys (purpose, key) VALUES (?, ?) ON CONFLICT DO NOTHING',
    ),
    signingKey: db.prepare<[string], string>('SELECT key FROM signing_keys WHERE purpose = ?').pluck(),
    assignment: db.prepare<[string, string], AssignmentRow>(
      'SELECT * FROM assignments WHERE tenant_id = ? AND subscription_id = ?',
    ),
    tenantAssignments: db.prepare<[string], AssignmentRow>('SELECT * FROM assignments WHERE tenant_id = ?'),
    upsertAssignment: db.prepare<[string, string, string | null, number, string, string]>(
      `INSERT INTO assignments (tenant_id, subscription_id, partner_id, version, updated_at, updated_by)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (tenant_id, subscription_id) DO UPDATE SET
         partner_id = excluded.partner_id, version = excluded.version,
         updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    ),
    insertAudit: db.prepare<
      [string, string, string, string | null, string | null, string, string, string, number, string],
      AuditRow
    >(
      `INSERT INTO audit_log
         (tenant_id, subscription_id, kind, old_partner_id, new_partner_id, actor_id, actor_name, at, version, event_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       RETURNING *`,
    ),
    auditByKey: db.prepare<[string], AuditRow>(
      'SELECT a.* FROM idempotency i JOIN audit_log a ON a.id = i.audit_id WHERE i.key = ?',
    ),
    insertKey: db.prepare<[string, number]>('INSERT INTO idempotency (key, audit_id) VALUES (?, ?)'),
    // LIMIT -1 is SQLite for "no limit", which keeps one statement for both cases.
    history: db.prepare<[string, string, number], AuditRow>(
      `SELECT * FROM audit_log WHERE tenant_id = ? AND subscription_id = ? ORDER BY id DESC LIMIT ?`,
    ),
    auditPage: db.prepare<[string, number, string, number], AuditRow>(AUDIT_PAGE_SQL),
    lastChanges: db.prepare<[string, string], AuditRow>(
      `SELECT a.* FROM audit_log a
       JOIN (SELECT MAX(id) AS id FROM audit_log WHERE tenant_id = ? GROUP BY subscription_id) newest
         ON a.id = newest.id
       WHERE a.tenant_id = ?`,
    ),
    saveReference: db.prepare<[string, string, string, string, string]>(
      `INSERT INTO conversations (tenant_id, aad_object_id, conversation_id, reference, updated_at)
       VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (tenant_id, aad_object_id) DO UPDATE SET
         conversation_id = excluded.conversation_id, reference = excluded.reference,
         updated_at = excluded.updated_at`,
    ),
    getReference: db.prepare<[string, string], ConversationRow>(
      'SELECT * FROM conversations WHERE tenant_id = ? AND aad_object_id = ?',
    ),
    deleteReference: db.prepare<[string, string]>(
      'DELETE FROM conversations WHERE tenant_id = ? AND aad_object_id = ?',
    ),
    deleteReferenceIf: db.prepare<[string, string, string, string]>(
      'DELETE FROM conversations WHERE tenant_id = ? AND aad_object_id = ? AND conversation_id = ? AND updated_at = ?',
    ),
    // The primary key (tenant_id, aad_object_id) serves DISTINCT tenant_id as an index scan.
    listTenantIds: db.prepare<[], string>('SELECT DISTINCT tenant_id FROM conversations ORDER BY tenant_id').pluck(),
    // Keyset pages along the primary key: each page is one index range read, however far the walk is.
    firstChats: db.prepare<[number], ChatRow>(
      'SELECT tenant_id, aad_object_id, conversation_id FROM conversations ORDER BY tenant_id, aad_object_id LIMIT ?',
    ),
    chatsAfter: db.prepare<[string, string, number], ChatRow>(
      `SELECT tenant_id, aad_object_id, conversation_id FROM conversations
       WHERE (tenant_id, aad_object_id) > (?, ?) ORDER BY tenant_id, aad_object_id LIMIT ?`,
    ),
    setPrompt: db.prepare<[string, string]>(
      `INSERT INTO pending_prompts (conversation_id, prompt) VALUES (?, ?)
       ON CONFLICT (conversation_id) DO UPDATE SET prompt = excluded.prompt`,
    ),
    getPrompt: db.prepare<[string], string>('SELECT prompt FROM pending_prompts WHERE conversation_id = ?').pluck(),
    clearPrompt: db.prepare<[string]>('DELETE FROM pending_prompts WHERE conversation_id = ?'),
    auditByEventId: db.prepare<[string], AuditRow>('SELECT * FROM audit_log WHERE event_id = ?'),
    answer: db.prepare<[string], PartnerAnswerRow>('SELECT * FROM partner_answers WHERE change_event_id = ?'),
    insertAnswer: db.prepare<
      [string, number, string, string, number, string, string, string, string | null, string, string]
    >(
      `INSERT INTO partner_answers
         (change_event_id, audit_id, tenant_id, subscription_id, version, partner_id, partner_name, answer, reason,
          answered_at, event_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
  };

  // A read transaction so every row comes from the same snapshot, even while another process writes.
  const readAssignments = db.transaction((tenantId: string, ids: readonly string[]): Map<string, Assignment> => {
    const found = new Map<string, Assignment>();
    const wanted = new Set(ids);
    if (wanted.size <= POINT_LOOKUP_LIMIT) {
      for (const id of wanted) {
        const row = sql.assignment.get(tenantId, id);
        if (row) found.set(id, toAssignment(row));
      }
    } else {
      for (const row of sql.tenantAssignments.iterate(tenantId)) {
        if (wanted.has(row.subscription_id)) found.set(row.subscription_id, toAssignment(row));
      }
    }
    return found;
  });

  const apply = db.transaction((change: AssignmentChange): ApplyResult => {
    const earlier = sql.auditByKey.get(change.idempotencyKey);
    if (earlier) {
      // A retried request must get back what the first one did; but a key that belongs to another
      // tenant's or subscription's change is a caller bug, and answering it would leak that change.
      if (earlier.tenant_id !== change.tenantId || earlier.subscription_id !== change.subscriptionId) {
        throw new Error(
          `Idempotency key ${JSON.stringify(change.idempotencyKey)} was already used for a different subscription`,
        );
      }
      const row = sql.assignment.get(change.tenantId, change.subscriptionId);
      if (!row) throw new Error(`Assignment missing for audited change ${earlier.id}`);
      return { outcome: 'duplicate', assignment: toAssignment(row), audit: toAudit(earlier) };
    }

    const row = sql.assignment.get(change.tenantId, change.subscriptionId);
    const current: Assignment = row
      ? toAssignment(row)
      : {
          tenantId: change.tenantId,
          subscriptionId: change.subscriptionId,
          partnerId: change.initialPartnerId,
          version: 0,
          updatedAt: null,
          updatedBy: null,
        };
    if (current.version !== change.expectedVersion) return { outcome: 'stale', current };

    const version = current.version + 1;
    sql.upsertAssignment.run(
      change.tenantId,
      change.subscriptionId,
      change.newPartnerId,
      version,
      change.at,
      change.actorName,
    );
    const audit = sql.insertAudit.get(
      change.tenantId,
      change.subscriptionId,
      change.kind,
      current.partnerId,
      change.newPartnerId,
      change.actorId,
      change.actorName,
      change.at,
      version,
      change.eventId,
    );
    if (!audit) throw new Error('INSERT ... RETURNING gave no row');
    sql.insertKey.run(change.idempotencyKey, Number(audit.id));
    insertOutbox(change.outbox, Number(audit.id), change.at);
    return {
      outcome: 'applied',
      assignment: {
        tenantId: change.tenantId,
        subscriptionId: change.subscriptionId,
        partnerId: change.newPartnerId,
        version,
        updatedAt: change.at,
        updatedBy: change.actorName,
      },
      audit: toAudit(audit),
    };
  });

  /**
   * The answer is taken only while the change is the subscription's latest: the write lock (IMMEDIATE) keeps a
   * change from slipping in between the version read here and the answer's row.
   */
  const answer = db.transaction((request: PartnerAnswerRequest): PartnerAnswerResult => {
    const change = sql.auditByEventId.get(request.changeEventId);
    if (
      !change ||
      change.tenant_id !== request.tenantId ||
      change.subscription_id !== request.subscriptionId ||
      change.version !== request.version ||
      change.new_partner_id !== request.partnerId
    ) {
      return { outcome: 'superseded' };
    }
    const earlier = sql.answer.get(request.changeEventId);
    if (earlier) return { outcome: 'answered', answer: toPartnerAnswer(earlier) };
    const current = sql.assignment.get(request.tenantId, request.subscriptionId);
    if (!current || current.version !== request.version) return { outcome: 'superseded' };
    sql.insertAnswer.run(
      request.changeEventId,
      Number(change.id),
      request.tenantId,
      request.subscriptionId,
      request.version,
      request.partnerId,
      request.partnerName,
      request.answer,
      request.reason,
      request.at,
      request.eventId,
    );
    insertOutbox(request.outbox, Number(change.id), request.at);
    const { outbox: _written, ...answered } = request;
    return { outcome: 'recorded', answer: answered };
  });

  let closed = false;

  /**
   * A store that cannot be written is an outage for the person, not a defect: UpstreamUnavailableError, worded
   * as the store not answering. Nothing was written (the transaction rolled back), and health says read-only.
   */
  const cannotWrite = (err: unknown): never => {
    if (isCannotWrite(err)) {
      const code = errorCode(err) ?? 'unknown';
      writes.noted(code);
      throw new UpstreamUnavailableError('store', code);
    }
    throw err;
  };

  const store: SqliteStore = {
    file,

    async getAssignments(tenantId, subscriptionIds) {
      return readAssignments(tenantId, subscriptionIds);
    },

    ...outbox,

    async applyChange(change) {
      // Messages linked to a change's audit entry must be about that change; emailDeliveries relies on it.
      for (const m of change.outbox) {
        if (m.tenantId !== change.tenantId || m.subscriptionId !== change.subscriptionId) {
          throw new Error('An outbox message written with a change must be for the same tenant and subscription');
        }
      }
      eventId(change.eventId);
      // IMMEDIATE takes the write lock before the version is read, so two processes cannot both see
      // version N and both write N+1.
      return apply.immediate(change);
    },

    async history(tenantId, subscriptionId, limit) {
      if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) {
        throw new RangeError(`history limit must be a non-negative integer, got ${limit}`);
      }
      return sql.history.all(tenantId, subscriptionId, limit ?? -1).map(toAudit);
    },

    async auditPage(tenantId, page) {
      checkAuditPage(page);
      // Every ISO instant sorts after '', so no `since` is every entry.
      return sql.auditPage.all(tenantId, page.afterId, page.since ?? '', page.limit).map(toAudit);
    },

    async lastChanges(tenantId) {
      const result = new Map<string, AuditEntry>();
      for (const row of sql.lastChanges.iterate(tenantId, tenantId)) result.set(row.subscription_id, toAudit(row));
      return result;
    },

    async changeByEventId(id) {
      const row = sql.auditByEventId.get(id);
      return row ? toAudit(row) : null;
    },

    async recordPartnerAnswer(request) {
      checkPartnerAnswer(request);
      return answer.immediate(request);
    },

    async signingKey(purpose) {
      // A key another process made first is kept: whoever inserts first decides it for every process.
      sql.insertSigningKey.run(purpose, randomBytes(32).toString('base64'));
      return Buffer.from(sql.signingKey.get(purpose)!, 'base64');
    },

    async partnerAnswers(tenantId, changeEventIds) {
      const found = new Map<string, PartnerAnswer>();
      for (const id of new Set(changeEventIds)) {
        const row = sql.answer.get(id);
        if (row && row.tenant_id === tenantId) found.set(id, toPartnerAnswer(row));
      }
      return found;
    },

    async health() {
      if (closed) return 'down';
      try {
        if (sql.ping.get() !== 1) return 'down';
      } catch {
        return 'down';
      }
      return writes.health(async () => {
        try {
          // The probe's one page may fit where a failed change left room in the WAL file while a change does not:
          // a disk this close to full stays read-only.
          const { bavail, bsize } = statfsSync(dirname(file));
          if (bavail * bsize < MIN_FREE_BYTES) return 'read-only';
          writeProbe(db);
          return 'open';
        } catch (err) {
          return isCannotWrite(err) ? 'read-only' : 'down';
        }
      });
    },

    async close() {
      if (closed) return;
      closed = true;
      db.close();
    },

    async saveReference(entry: StoredConversation) {
      sql.saveReference.run(
        entry.tenantId,
        entry.aadObjectId,
        entry.conversationId,
        toJson(entry.reference, 'A conversation reference'),
        entry.updatedAt,
      );
    },

    async getReference(tenantId, aadObjectId) {
      const row = sql.getReference.get(tenantId, aadObjectId);
      if (!row) return null;
      return {
        tenantId: row.tenant_id,
        aadObjectId: row.aad_object_id,
        conversationId: row.conversation_id,
        reference: JSON.parse(row.reference) as unknown,
        updatedAt: row.updated_at,
      };
    },

    async deleteReference(tenantId, aadObjectId, onlyIf) {
      if (onlyIf) sql.deleteReferenceIf.run(tenantId, aadObjectId, onlyIf.conversationId, onlyIf.updatedAt);
      else sql.deleteReference.run(tenantId, aadObjectId);
    },

    async listTenantIds() {
      return sql.listTenantIds.all();
    },

    async listChats(after, limit) {
      if (!(Number.isInteger(limit) && limit >= 0))
        throw new RangeError(`limit must be a non-negative integer, got ${limit}`);
      const rows = after ? sql.chatsAfter.all(after.tenantId, after.aadObjectId, limit) : sql.firstChats.all(limit);
      return rows.map((row) => ({
        tenantId: row.tenant_id,
        aadObjectId: row.aad_object_id,
        conversationId: row.conversation_id,
      }));
    },

    async setPendingPrompt(conversationId, prompt) {
      if (prompt === null) sql.clearPrompt.run(conversationId);
      else sql.setPrompt.run(conversationId, toJson(prompt, 'A pending prompt'));
    },

    async getPendingPrompt(conversationId) {
      const text = sql.getPrompt.get(conversationId);
      // Only this store writes the column, always from a PendingPrompt.
      return text === undefined ? null : (JSON.parse(text) as PendingPrompt);
    },
  };
  return withErrorsMapped(store, cannotWrite);
}

/** The store with every method's failure passed through `mapError` (health and close map their own). */
function withErrorsMapped(store: SqliteStore, mapError: (err: unknown) => never): SqliteStore {
  const mapped: Record<string, unknown> = { ...store };
  for (const [name, value] of Object.entries(store)) {
    if (typeof value !== 'function' || name === 'health' || name === 'close') continue;
    const method = value as (...args: unknown[]) => Promise<unknown>;
    mapped[name] = async (...args: unknown[]) => {
      try {
        return await method(...args);
      } catch (err) {
        return mapError(err);
      }
    };
  }
  return mapped as unknown as SqliteStore;
}
