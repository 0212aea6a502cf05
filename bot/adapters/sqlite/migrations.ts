import type { Database } from 'better-sqlite3';
import { CHAT_READER_SQL, PARTNER_ANSWERS_SQL, SIGNING_KEYS_SQL } from '../sqlRows';

export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}

/**
 * The schema, as the ordered list of steps that built it. Append only: an applied step is never edited,
 * because databases already in the field ran the old text.
 */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'assignments, audit log, idempotency, conversations',
    up(db) {
      db.exec(`
        CREATE TABLE assignments (
          tenant_id       TEXT    NOT NULL,
          subscription_id TEXT    NOT NULL,
          partner_id      TEXT    NULL,
          version         INTEGER NOT NULL CHECK (version >= 1),
          updated_at      TEXT    NOT NULL,
          updated_by      TEXT    NOT NULL,
          PRIMARY KEY (tenant_id, subscription_id)
        );

        -- AUTOINCREMENT: ids are never reused, so "newest first" is simply "highest id first".
        CREATE TABLE audit_log (
          id              INTEGER PRIMARY KEY AUTOINCREMENT,
          tenant_id       TEXT    NOT NULL,
          subscription_id TEXT    NOT NULL,
          kind            TEXT    NOT NULL CHECK (kind IN ('attach', 'change', 'remove')),
          old_partner_id  TEXT    NULL,
          new_partner_id  TEXT    NULL,
          actor_id        TEXT    NOT NULL,
          actor_name      TEXT    NOT NULL,
          at              TEXT    NOT NULL,
          version         INTEGER NOT NULL
        );
        -- Serves history (one subscription, newest first) and lastChanges (max id per subscription).
        CREATE INDEX audit_log_by_subscription ON audit_log (tenant_id, subscription_id, id);

        CREATE TABLE idempotency (
          key      TEXT    PRIMARY KEY,
          audit_id INTEGER NOT NULL REFERENCES audit_log (id)
        );

        CREATE TABLE conversations (
          tenant_id       TEXT NOT NULL,
          aad_object_id   TEXT NOT NULL,
          conversation_id TEXT NOT NULL,
          reference       TEXT NOT NULL CHECK (json_valid(reference)),
          updated_at      TEXT NOT NULL,
          PRIMARY KEY (tenant_id, aad_object_id)
        );

        CREATE TABLE pending_prompts (
          conversation_id TEXT PRIMARY KEY,
          prompt          TEXT NOT NULL CHECK (json_valid(prompt))
        );
      `);
    },
  },
  {
    version: 2,
    name: 'outbox, nudges',
    up(db) {
      db.exec(`
        -- Messages owed because of a change (or a nudge), written in the change's own transaction.
        -- JSON columns are declared TEXT: a JSON type name would get NUMERIC affinity in SQLite, which
        -- could turn a payload that looks like a number into one.
        -- Times are ISO-8601 UTC strings of one shape, so comparing them as text compares the instants.
        CREATE TABLE outbox (
          id              INTEGER PRIMARY KEY AUTOINCREMENT,
          message_id      TEXT    NOT NULL UNIQUE,
          channel         TEXT    NOT NULL CHECK (channel IN ('email', 'teams')),
          tenant_id       TEXT    NOT NULL,
          subscription_id TEXT    NOT NULL,
          audit_id        INTEGER NULL REFERENCES audit_log (id),
          payload         TEXT    NOT NULL CHECK (json_valid(payload)),
          notify_owner    TEXT    NULL CHECK (notify_owner IS NULL OR json_valid(notify_owner)),
          status          TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
          attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
          next_attempt_at TEXT    NOT NULL,
          lease_until     TEXT    NULL,
          last_error      TEXT    NULL,
          created_at      TEXT    NOT NULL,
          sent_at         TEXT    NULL,
          CHECK ((status = 'sent') = (sent_at IS NOT NULL)),
          CHECK (channel = 'email' OR notify_owner IS NULL)
        );
        -- Serves claimDue: pending rows by due time.
        CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
        -- Serves emailDeliveries: the rows of a subscription's newest change.
        CREATE INDEX outbox_by_change ON outbox (tenant_id, subscription_id, audit_id);

        -- One row per owner and subscription once nudged or dismissed, so each is nudged at most once.
        -- nudged_at stays NULL when the owner dismissed the nudge before one was ever sent.
        CREATE TABLE nudges (
          tenant_id       TEXT NOT NULL,
          aad_object_id   TEXT NOT NULL,
          subscription_id TEXT NOT NULL,
          nudged_at       TEXT NULL,
          dismissed_at    TEXT NULL,
          PRIMARY KEY (tenant_id, aad_object_id, subscription_id),
          CHECK (nudged_at IS NOT NULL OR dismissed_at IS NOT NULL)
        );
      `);
    },
  },
  {
    version: 3,
    name: 'undelivered nudges, offered again once',
    up(db) {
      db.exec(`
        -- undelivered_at: the nudge's latest message found no chat (never installed, removed, or another chat).
        -- reoffer_at: the person installed the bot again since; the next pass queues it once more.
        -- reoffered_at: when it was queued the second time; it is never offered a third time.
        ALTER TABLE nudges ADD COLUMN undelivered_at TEXT NULL;
        ALTER TABLE nudges ADD COLUMN reoffer_at     TEXT NULL;
        ALTER TABLE nudges ADD COLUMN reoffered_at   TEXT NULL;
      `);
    },
  },
  {
    version: 4,
    name: 'outbox claimed in due order from a partial index',
    up(db) {
      db.exec(`
        -- Serves claimDue: pending rows in the order it takes them (due time, then id), so a claim reads only the
        -- rows it takes and sorts nothing, however many are pending; sent and failed rows are not in it.
        CREATE INDEX outbox_pending_due ON outbox (next_attempt_at, id) WHERE status = 'pending';
        -- Replaced: its order (status, next_attempt_at) made every claim sort all pending rows by id.
        DROP INDEX outbox_due;
      `);
    },
  },
  {
    version: 5,
    name: 'change events: an event id per audit entry, webhook messages in the outbox; the audit log by tenant',
    up(db) {
      // SQLite cannot change a CHECK constraint in place: the outbox is rebuilt (the documented way: a new table,
      // the rows copied with their ids, the old one dropped, the new one renamed) inside this step's transaction.
      const sequence = db.prepare(`SELECT seq FROM sqlite_sequence WHERE name = 'outbox'`).pluck().get() as
        | number
        | undefined;
      db.exec(`
        -- The change event's id (CloudEvents id): a UUID written with the entry. Entries written before this
        -- version get one now, random like the others, so every entry has one.
        ALTER TABLE audit_log ADD COLUMN event_id TEXT NULL;
        UPDATE audit_log SET event_id =
          lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' ||
          substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))
        WHERE event_id IS NULL;
        CREATE UNIQUE INDEX audit_log_event_id ON audit_log (event_id);
        -- Serves auditPage (the history as CSV): a tenant's entries in id order, a page after a given id, so an
        -- export of any length reads only that tenant's rows and sorts nothing.
        CREATE INDEX audit_log_by_tenant ON audit_log (tenant_id, id);

        -- target: the webhook receiver's URL, for channel 'webhook' only.
        CREATE TABLE outbox_v5 (
          id              INTEGER PRIMARY KEY AUTOINCREMENT,
          message_id      TEXT    NOT NULL UNIQUE,
          channel         TEXT    NOT NULL CHECK (channel IN ('email', 'teams', 'webhook')),
          tenant_id       TEXT    NOT NULL,
          subscription_id TEXT    NOT NULL,
          audit_id        INTEGER NULL REFERENCES audit_log (id),
          payload         TEXT    NOT NULL CHECK (json_valid(payload)),
          notify_owner    TEXT    NULL CHECK (notify_owner IS NULL OR json_valid(notify_owner)),
          status          TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
          attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
          next_attempt_at TEXT    NOT NULL,
          lease_until     TEXT    NULL,
          last_error      TEXT    NULL,
          created_at      TEXT    NOT NULL,
          sent_at         TEXT    NULL,
          target          TEXT    NULL,
          CHECK ((status = 'sent') = (sent_at IS NOT NULL)),
          CHECK (channel = 'email' OR notify_owner IS NULL),
          CHECK ((channel = 'webhook') = (target IS NOT NULL))
        );
        INSERT INTO outbox_v5
          (id, message_id, channel, tenant_id, subscription_id, audit_id, payload, notify_owner, status, attempts,
           next_attempt_at, lease_until, last_error, created_at, sent_at)
        SELECT id, message_id, channel, tenant_id, subscription_id, audit_id, payload, notify_owner, status, attempts,
               next_attempt_at, lease_until, last_error, created_at, sent_at
        FROM outbox;
        DROP TABLE outbox;
        ALTER TABLE outbox_v5 RENAME TO outbox;
        CREATE INDEX outbox_pending_due ON outbox (next_attempt_at, id) WHERE status = 'pending';
        CREATE INDEX outbox_by_change ON outbox (tenant_id, subscription_id, audit_id);
        -- Serves the claim's ordering rule (no webhook message while an earlier one of its subscription to its
        -- receiver is pending) and the receivers' backlog: pending webhook messages only.
        CREATE INDEX outbox_webhook_queue ON outbox (tenant_id, subscription_id, target, id)
          WHERE status = 'pending' AND channel = 'webhook';
      `);
      // Ids are never reused, even those of rows the old table had given out last.
      if (sequence !== undefined) {
        db.prepare(`UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'outbox'`).run(sequence);
        db.prepare(
          `INSERT INTO sqlite_sequence (name, seq) SELECT 'outbox', ? WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'outbox')`,
        ).run(sequence);
      }
    },
  },
  {
    version: 6,
    name: 'how a sent email was delivered: by a mail server, or only written to the mail folder',
    up(db) {
      db.exec(`
        -- sent: a mail server accepted it; file: only written to DATA_DIR/mail, so nobody got it. NULL for
        -- other channels, and for emails marked sent before this version (how is not known).
        ALTER TABLE outbox ADD COLUMN delivered TEXT NULL CHECK (delivered IS NULL OR delivered IN ('sent', 'file'));
      `);
    },
  },
  {
    version: 7,
    name: 'partner answers: a partner confirms or declines the change that named it, once',
    up(db) {
      db.exec(PARTNER_ANSWERS_SQL);
    },
  },
  {
    version: 8,
    name: 'signing keys for links, when the bot has no app secret to derive them from',
    up(db) {
      db.exec(SIGNING_KEYS_SQL);
    },
  },
  {
    version: 9,
    name: "each chat's language and time zone, for messages sent outside a turn",
    up(db) {
      db.exec(CHAT_READER_SQL);
    },
  },
];

const SCHEMA_MIGRATIONS = `
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL,
    applied_at TEXT    NOT NULL
  )`;

/**
 * Brings the database up to the newest version and returns the versions applied now (empty when it was
 * already current). One IMMEDIATE transaction takes the write lock before reading what is applied, so two
 * processes starting together cannot both run a step, and a failing step leaves no half-built schema.
 */
export function applyMigrations(db: Database, steps: readonly Migration[] = migrations): number[] {
  steps.forEach((m, i) => {
    const previous = steps[i - 1];
    if (!Number.isInteger(m.version) || m.version < 1 || (previous && m.version <= previous.version)) {
      throw new Error(
        `Migrations must have ascending positive integer versions; ${m.version} (${m.name}) is out of order`,
      );
    }
  });

  const run = db.transaction((): number[] => {
    db.exec(SCHEMA_MIGRATIONS);
    const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
    const newest = Math.max(0, ...applied);
    const known = steps.at(-1)?.version ?? 0;
    if (newest > known) {
      // A newer build wrote this file; running old code against it could corrupt data it does not understand.
      throw new Error(`Database schema version ${newest} is newer than this build knows (${known}); refusing to start`);
    }
    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    const done: number[] = [];
    for (const m of steps) {
      if (applied.has(m.version)) continue;
      m.up(db);
      record.run(m.version, m.name, new Date().toISOString());
      done.push(m.version);
    }
    return done;
  });
  return run.immediate();
}
