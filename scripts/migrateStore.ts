/**
 * `npm run migrate-store -- --from sqlite:./.data --to postgres://user:pass@host:5432/db [--schema NAME] [--quiet]`:
 * copies a SQLite store into a PostgreSQL store, for moving a deployment to STORE=postgres. Stop the bot first.
 *
 * - The SQLite file is opened read-only, and read in one read transaction (one snapshot).
 * - The PostgreSQL schema is brought up to date by the store's own migrations, then every table is copied in one
 *   transaction that locks the bot's tables: a failure or a refusal leaves the target exactly as it was.
 * - Rows keep their ids (audit ids are what idempotency keys and outbox messages point at); the identity sequences
 *   are moved past the copied ids, so the next change gets a higher audit id.
 * - Every row is inserted with ON CONFLICT DO NOTHING, so a second run copies nothing. A row already there must be
 *   the same row: a different assignment, audit entry, idempotency key or outbox message under the same key means
 *   the target is another store, and the run is refused. Conversation references, open prompts, nudges and an
 *   outbox message's delivery state may have moved on since (the bot ran on PostgreSQL): the target's are kept.
 * - Every outbox message is copied, delivered and given-up ones too: the status views ("email sent at ...") are
 *   computed from the messages of a subscription's newest change, and would otherwise go blank or show only the
 *   pending half of a change. Only pending ones are ever sent again, so copying the others sends nothing.
 *
 * Never prints the password: the database is named postgres://user@host:port/db.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import type { PoolClient } from 'pg';
import { z } from 'zod';
import { createPool, describeDatabase, shortCause } from '../bot/adapters/postgres/connection';
import { applyPgMigrations, pgMigrations, quoteIdent, SchemaTooNewError } from '../bot/adapters/postgres/migrations';
import { migrations as sqliteMigrations } from '../bot/adapters/sqlite/migrations';
import { SQLITE_FILE_NAME } from '../bot/adapters/sqlite/sqliteStore';

/** A refusal the operator must act on (exit 1 with this message): the stores do not fit together. */
export class MigrationRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationRefused';
  }
}

type PgType = 'text' | 'bigint' | 'integer' | 'json';

interface TableSpec {
  table: string;
  /** For the progress bar: "5,000/10,000 audit entries". */
  label: string;
  columns: readonly (readonly [name: string, type: PgType])[];
  key: readonly string[];
  /** Columns that must agree when the key is already there; any other difference means another store. */
  mustMatch: readonly string[];
  /** The identity column whose sequence must end past the copied ids. */
  identity?: string;
  /** outbox.id is GENERATED ALWAYS: an explicit id needs OVERRIDING SYSTEM VALUE. */
  overriding?: boolean;
}

const AUDIT_COLUMNS = [
  'id',
  'tenant_id',
  'subscription_id',
  'kind',
  'old_partner_id',
  'new_partner_id',
  'actor_id',
  'actor_name',
  'at',
  'version',
  'event_id',
];

/** In foreign-key order: audit entries before the keys and messages that point at them. */
export const TABLES: readonly TableSpec[] = [
  {
    table: 'assignments',
    label: 'assignments',
    columns: [
      ['tenant_id', 'text'],
      ['subscription_id', 'text'],
      ['partner_id', 'text'],
      ['version', 'integer'],
      ['updated_at', 'text'],
      ['updated_by', 'text'],
    ],
    key: ['tenant_id', 'subscription_id'],
    mustMatch: ['partner_id', 'version', 'updated_at', 'updated_by'],
  },
  {
    table: 'audit_log',
    label: 'audit entries',
    columns: [
      ['id', 'bigint'],
      ['tenant_id', 'text'],
      ['subscription_id', 'text'],
      ['kind', 'text'],
      ['old_partner_id', 'text'],
      ['new_partner_id', 'text'],
      ['actor_id', 'text'],
      ['actor_name', 'text'],
      ['at', 'text'],
      ['version', 'integer'],
      // The change event's id: copied, so a receiver sees the same id for an event delivered before and after the move.
      ['event_id', 'text'],
    ],
    key: ['id'],
    mustMatch: AUDIT_COLUMNS.slice(1),
    identity: 'id',
  },
  {
    table: 'partner_answers',
    label: 'partner answers',
    columns: [
      ['change_event_id', 'text'],
      ['audit_id', 'bigint'],
      ['tenant_id', 'text'],
      ['subscription_id', 'text'],
      ['version', 'integer'],
      ['partner_id', 'text'],
      ['partner_name', 'text'],
      ['answer', 'text'],
      ['reason', 'text'],
      ['answered_at', 'text'],
      ['event_id', 'text'],
    ],
    key: ['change_event_id'],
    mustMatch: [
      'audit_id',
      'tenant_id',
      'subscription_id',
      'version',
      'partner_id',
      'partner_name',
      'answer',
      'reason',
      'answered_at',
      'event_id',
    ],
  },
  {
    table: 'idempotency',
    label: 'idempotency keys',
    columns: [
      ['key', 'text'],
      ['audit_id', 'bigint'],
    ],
    key: ['key'],
    mustMatch: ['audit_id'],
  },
  {
    table: 'conversations',
    label: 'conversation references',
    columns: [
      ['tenant_id', 'text'],
      ['aad_object_id', 'text'],
      ['conversation_id', 'text'],
      ['reference', 'json'],
      ['updated_at', 'text'],
      ['language', 'text'],
      ['time_zone', 'text'],
    ],
    key: ['tenant_id', 'aad_object_id'],
    mustMatch: [],
  },
  {
    // The key links are signed with when there is no app secret: copied, so links already sent keep working. One
    // the database already holds is kept (links it signed keep working instead).
    table: 'signing_keys',
    label: 'signing keys',
    columns: [
      ['purpose', 'text'],
      ['key', 'text'],
    ],
    key: ['purpose'],
    mustMatch: [],
  },
  {
    table: 'pending_prompts',
    label: 'pending prompts',
    columns: [
      ['conversation_id', 'text'],
      ['prompt', 'json'],
    ],
    key: ['conversation_id'],
    mustMatch: [],
  },
  {
    table: 'nudges',
    label: 'nudges',
    columns: [
      ['tenant_id', 'text'],
      ['aad_object_id', 'text'],
      ['subscription_id', 'text'],
      ['nudged_at', 'text'],
      ['dismissed_at', 'text'],
      ['undelivered_at', 'text'],
      ['reoffer_at', 'text'],
      ['reoffered_at', 'text'],
    ],
    key: ['tenant_id', 'aad_object_id', 'subscription_id'],
    mustMatch: [],
  },
  {
    table: 'outbox',
    label: 'outbox messages',
    columns: [
      ['id', 'bigint'],
      ['message_id', 'text'],
      ['channel', 'text'],
      ['tenant_id', 'text'],
      ['subscription_id', 'text'],
      ['audit_id', 'bigint'],
      ['payload', 'json'],
      ['notify_owner', 'json'],
      ['status', 'text'],
      ['attempts', 'integer'],
      ['next_attempt_at', 'text'],
      ['lease_until', 'text'],
      ['last_error', 'text'],
      ['created_at', 'text'],
      ['sent_at', 'text'],
      ['target', 'text'],
      ['delivered', 'text'],
    ],
    key: ['id'],
    // What the message is; its delivery state (status, attempts, times) may have moved on in the target.
    mustMatch: [
      'message_id',
      'channel',
      'tenant_id',
      'subscription_id',
      'audit_id',
      'payload',
      'notify_owner',
      'created_at',
      'target',
    ],
    identity: 'id',
    overriding: true,
  },
];

export interface TableCount {
  table: string;
  /** Rows in the SQLite store. */
  source: number;
  copied: number;
  alreadyThere: number;
}

export interface MigrateOptions {
  /** The folder holding partner-of-record.sqlite. */
  sqliteDir: string;
  databaseUrl: string;
  schema: string;
  /** Where the progress bar goes (tables of more than PROGRESS_THRESHOLD rows); none when absent. */
  progress?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Rows per INSERT statement. */
  batchSize?: number;
}

export const PROGRESS_THRESHOLD = 1000;
const BAR_WIDTH = 10;

const number = (n: number) => n.toLocaleString('en-US');

/** `[#####.....] 5,000/10,000 audit entries` */
export function progressLine(done: number, total: number, label: string): string {
  const filled = total === 0 ? BAR_WIDTH : Math.floor((done / total) * BAR_WIDTH);
  return `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${number(done)}/${number(total)} ${label}`;
}

/** Redrawn in place on a terminal; elsewhere (a log, a pipe) one line per tenth, so the output stays readable. */
function progressBar(out: MigrateOptions['progress'], total: number, label: string) {
  if (!out || total <= PROGRESS_THRESHOLD) return { update() {}, done() {} };
  const tty = out.isTTY === true;
  let lastTenth = -1;
  return {
    update(done: number) {
      const tenth = Math.floor((done / total) * BAR_WIDTH);
      if (tty) out.write(`\r${progressLine(done, total, label)}`);
      else if (tenth !== lastTenth) out.write(`${progressLine(done, total, label)}\n`);
      lastTenth = tenth;
    },
    done() {
      if (tty) out.write('\n');
    },
  };
}

function openSqlite(dir: string): BetterSqlite3.Database {
  const file = join(resolve(dir), SQLITE_FILE_NAME);
  if (!existsSync(file))
    throw new MigrationRefused(`No SQLite store at ${file} (--from names the folder holding ${SQLITE_FILE_NAME})`);
  const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const known = sqliteMigrations.map((m) => m.version);
    const hasTable = db
      .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'`)
      .get();
    const applied = hasTable
      ? (db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all() as number[])
      : [];
    if (applied.join(',') !== known.join(',')) {
      const newest = Math.max(0, ...applied);
      const codeVersion = known.at(-1) ?? 0;
      throw new MigrationRefused(
        `The SQLite store ${file} is at schema version ${newest}, and this build copies version ${codeVersion} only: ` +
          (newest > codeVersion
            ? 'run the build that wrote it'
            : 'start this build of the bot on it once (it migrates at start), then stop it and run this again'),
      );
    }
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** Text of a value as PostgreSQL's ::text gives it back, for comparing a source row with the target's. */
const asText = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));

async function copyTable(
  client: PoolClient,
  sqlite: BetterSqlite3.Database,
  spec: TableSpec,
  batchSize: number,
  progress: MigrateOptions['progress'],
): Promise<TableCount> {
  const names = spec.columns.map(([n]) => n);
  const total = sqlite.prepare(`SELECT count(*) FROM ${spec.table}`).pluck().get() as number;
  const select = sqlite.prepare(`SELECT ${names.join(', ')} FROM ${spec.table} ORDER BY ${spec.key.join(', ')}`);
  // One array parameter per column: the statement's text does not grow with the batch.
  const arrays = spec.columns.map(([, type], i) => `$${i + 1}::${type === 'json' ? 'text' : type}[]`).join(', ');
  const casts = spec.columns.map(([n, type]) => (type === 'json' ? `${n}::json` : n)).join(', ');
  const insert = `INSERT INTO ${spec.table} (${names.join(', ')}) ${spec.overriding ? 'OVERRIDING SYSTEM VALUE ' : ''}
    SELECT ${casts} FROM unnest(${arrays}) AS src(${names.join(', ')})
    ON CONFLICT DO NOTHING
    RETURNING ${spec.key.map((k) => `${k}::text`).join(', ')}`;
  const keyArrays = spec.key.map((k, i) => `$${i + 1}::${spec.columns.find(([n]) => n === k)![1]}[]`).join(', ');
  const existing = `SELECT ${names.map((n) => `${n}::text AS ${n}`).join(', ')} FROM ${spec.table}
    WHERE (${spec.key.join(', ')}) IN (SELECT * FROM unnest(${keyArrays}))`;
  const keyOf = (row: Record<string, unknown>) => JSON.stringify(spec.key.map((k) => asText(row[k])));

  const bar = progressBar(progress, total, spec.label);
  const count: TableCount = { table: spec.table, source: 0, copied: 0, alreadyThere: 0 };
  let batch: Record<string, unknown>[] = [];

  const flush = async () => {
    if (batch.length === 0) return;
    const rows = batch;
    batch = [];
    const inserted = await client.query<Record<string, string>>(
      insert,
      names.map((n) => rows.map((r) => r[n] ?? null)),
    );
    const copied = new Set(inserted.rows.map(keyOf));
    const skipped = rows.filter((r) => !copied.has(keyOf(r)));
    if (skipped.length > 0) {
      const there = await client.query<Record<string, string | null>>(
        existing,
        spec.key.map((k) => skipped.map((r) => r[k])),
      );
      const byKey = new Map(there.rows.map((r) => [keyOf(r), r]));
      for (const row of skipped) {
        const target = byKey.get(keyOf(row));
        // Not inserted, yet nothing under its key: another unique column (an outbox Message-ID) is taken.
        const differs = target ? spec.mustMatch.filter((c) => asText(row[c]) !== target[c]) : ['a unique column'];
        if (differs.length > 0) {
          const key = spec.key.map((k) => `${k} ${asText(row[k])}`).join(', ');
          throw new MigrationRefused(
            `The target already holds a different ${spec.table} row for ${key} (${differs.join(', ')} differ): it is another store, or the bot ` +
              'already ran on it. Nothing was copied. Point --to/--schema at an empty schema, or at the one an earlier run of this copy filled.',
          );
        }
      }
    }
    count.copied += copied.size;
    count.alreadyThere += skipped.length;
    count.source += rows.length;
    bar.update(count.source);
  };

  for (const row of select.iterate() as IterableIterator<Record<string, unknown>>) {
    batch.push(row);
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  bar.done();

  if (spec.identity) {
    // Past the highest id, never backwards (a sequence may already be further on: ids taken by rolled-back changes).
    const seq = `pg_get_serial_sequence('${spec.table}', '${spec.identity}')`;
    await client.query(
      `SELECT setval(${seq}, m.id)
       FROM (SELECT max(${spec.identity}) AS id FROM ${spec.table}) m
       WHERE m.id IS NOT NULL
         AND m.id > COALESCE((SELECT last_value FROM pg_sequences WHERE schemaname = current_schema()
                              AND quote_ident(schemaname) || '.' || quote_ident(sequencename) = ${seq}), 0)`,
    );
  }
  return count;
}

/**
 * Copies the SQLite store into the PostgreSQL one (migrated first) in one transaction, and returns the counts per
 * table. Throws MigrationRefused, with nothing written, when the stores do not fit together.
 */
export async function migrateStore(options: MigrateOptions): Promise<TableCount[]> {
  const sqlite = openSqlite(options.sqliteDir);
  // One connection. A minute bounds connecting and each statement: a batch of rows takes far less.
  const pool = createPool({
    url: options.databaseUrl,
    schema: options.schema,
    poolSize: 1,
    statementTimeoutMs: 60_000,
  });
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect().catch((err: unknown) => {
      throw new MigrationRefused(`Cannot connect to ${describeDatabase(options.databaseUrl)}: ${shortCause(err)}`);
    });
    try {
      try {
        await applyPgMigrations(client, options.schema);
      } catch (err) {
        if (err instanceof SchemaTooNewError)
          throw new MigrationRefused(err.message.replace('refusing to start', 'refusing to copy into it'));
        throw err;
      }
      const { rows } = await client.query<{ version: number }>(
        `SELECT max(version) AS version FROM ${quoteIdent(options.schema)}.schema_version`,
      );
      const known = pgMigrations.at(-1)?.version ?? 0;
      if (rows[0]?.version !== known)
        throw new MigrationRefused(
          `PostgreSQL schema "${options.schema}" is at version ${rows[0]?.version}, not ${known}`,
        );

      // One read snapshot of the SQLite file for every table.
      sqlite.exec('BEGIN');
      await client.query('BEGIN');
      try {
        // Bot processes on this schema wait (they should be stopped) rather than write between the tables.
        await client
          .query(`LOCK TABLE ${TABLES.map((t) => t.table).join(', ')} IN SHARE ROW EXCLUSIVE MODE`)
          .catch((err: unknown) => {
            if ((err as { code?: unknown }).code !== '57014') throw err;
            throw new MigrationRefused(
              `The tables in schema "${options.schema}" stayed busy for a minute: stop the bot processes using it, then run this again`,
            );
          });
        const counts: TableCount[] = [];
        for (const spec of TABLES)
          counts.push(await copyTable(client, sqlite, spec, options.batchSize ?? 500, options.progress));
        await client.query('COMMIT');
        return counts;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        sqlite.exec('COMMIT');
      }
    } finally {
      client.release();
    }
  } finally {
    sqlite.close();
    await pool.end();
  }
}

const HELP = `Copies a SQLite store into a PostgreSQL store (move to STORE=postgres). Stop the bot first.

  npm run migrate-store -- --from sqlite:./.data --to "$DATABASE_URL" [--schema NAME] [--quiet]

  --from sqlite:DIR   the SQLite store's folder (DATA_DIR, holding ${SQLITE_FILE_NAME}); read only
  --to URL            the PostgreSQL database, postgres://user:password@host:5432/db[?sslmode=require]
  --schema NAME       the schema of the bot's tables (DATABASE_SCHEMA; default public); migrated first
  --quiet             no progress bar
  --help              this text

Everything is copied in one transaction, keeping ids; run it again and nothing changes ("already there").
It refuses (exit 1, nothing written) when the target holds different rows under the same keys, or when either
store's schema is not the version this build knows.
`;

const ArgsSchema = z.object({
  from: z
    .string({ error: '--from is required: sqlite:DIR, the folder holding the SQLite store' })
    .regex(/^sqlite:.+/, '--from must be sqlite:DIR, the folder holding the SQLite store')
    .transform((s) => s.slice('sqlite:'.length)),
  to: z.url({ protocol: /^postgres(ql)?$/, error: '--to is required: a postgres:// address' }),
  schema: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, '--schema must be a schema name: lower-case letters, digits and _')
    .default('public'),
  quiet: z.boolean().default(false),
});

export type CliArgs = z.infer<typeof ArgsSchema>;

/** The command line, checked: `help` when --help was given, else the arguments or the problems found. */
export function parseArguments(
  argv: readonly string[],
): { help: true } | { help: false; args: CliArgs } | { help: false; problems: string[] } {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        schema: { type: 'string' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    // Node's message names the option, never a value.
    return { help: false, problems: [(err as Error).message] };
  }
  if (values.help) return { help: true };
  const parsed = ArgsSchema.safeParse(values);
  if (!parsed.success) return { help: false, problems: parsed.error.issues.map((i) => i.message) };
  return { help: false, args: parsed.data };
}

export async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseArguments(argv);
  if (parsed.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if ('problems' in parsed) {
    for (const p of parsed.problems) process.stderr.write(`migrate-store: ${p}\n`);
    process.stderr.write('migrate-store: see --help\n');
    return 1;
  }
  const { args } = parsed;
  const target = `${describeDatabase(args.to)} (schema ${args.schema})`;
  process.stdout.write(`From ${join(resolve(args.from), SQLITE_FILE_NAME)}\nTo   ${target}\n`);
  try {
    const counts = await migrateStore({
      sqliteDir: args.from,
      databaseUrl: args.to,
      schema: args.schema,
      ...(args.quiet ? {} : { progress: process.stderr }),
    });
    const width = Math.max(...counts.map((c) => c.table.length));
    for (const c of counts)
      process.stdout.write(
        `${c.table.padEnd(width)}  copied ${number(c.copied)}, already there ${number(c.alreadyThere)}\n`,
      );
    const copied = counts.reduce((n, c) => n + c.copied, 0);
    process.stdout.write(
      copied === 0
        ? 'Nothing to copy: the target already holds every row.\n'
        : `Done: ${number(copied)} row${copied === 1 ? '' : 's'} copied.\n`,
    );
    return 0;
  } catch (err) {
    const message = err instanceof MigrationRefused ? err.message : `failed, nothing was copied: ${shortCause(err)}`;
    process.stderr.write(`migrate-store: ${message}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`migrate-store: ${shortCause(err)}\n`);
      process.exitCode = 1;
    },
  );
}
