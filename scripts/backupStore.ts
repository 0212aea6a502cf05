/**
 * `npm run backup -- --to FILE [--force]`: a consistent copy of the bot's SQLite store (DATA_DIR), taken while the bot
 * runs, with SQLite's online backup API (`bot/adapters/sqlite/sqliteBackup.ts`). It reads the settings the bot reads
 * (`.env` and the environment). With STORE=postgres it refuses and names the pg_dump command to use instead.
 *
 * Exit status: 0 written; 1 refused or failed (nothing written under FILE); 2 a usage error. Messages are one line.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { BackupRefused, backupSqliteStore, type BackupResult } from '../bot/adapters/sqlite/sqliteBackup';
import { SQLITE_FILE_NAME } from '../bot/adapters/sqlite/sqliteStore';
import { ConfigError, loadConfig } from '../bot/config';

const HELP = `Usage: npm run backup -- --to FILE [--force]

Copies the bot's SQLite store (DATA_DIR/${SQLITE_FILE_NAME}) to FILE, while the bot runs: one consistent state,
copied with SQLite's online backup API into a temp file beside FILE, checked, synced, then renamed to FILE.
  --to FILE   the backup file to write (its folder must exist)
  --force     replace FILE if it exists
  --help      this text
Reads DATA_DIR and STORE as the bot does (.env and the environment). With STORE=postgres, use pg_dump instead.
Exit status: 0 written, 1 refused or failed (nothing written under FILE), 2 usage error.
`;

const ArgsSchema = z.object({
  to: z.string({ error: '--to is required: the backup file to write' }).trim().min(1, '--to must name a file'),
  force: z.boolean().default(false),
});

type CliArgs = z.infer<typeof ArgsSchema>;
type Values = Record<string, string | boolean | undefined>;

function readOptions(argv: readonly string[]): { values: Values } | { problem: string } {
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: { to: { type: 'string' }, force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    });
    return { values };
  } catch (err) {
    // Node's message names the option, never a value.
    return { problem: (err as Error).message };
  }
}

/** A word for the shell as it is, or single-quoted. */
function shellWord(word: string): string {
  return /^[\w./:@%+=,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

const number = (n: number) => n.toLocaleString('en-US');

/** The summary: where from, where to, how big, and the rows of each table in the copy. */
export function summary(r: BackupResult): string {
  const times = `${r.restarts} time${r.restarts === 1 ? '' : 's'}`;
  const again = r.restarts === 0 ? '' : `, started again ${times} as the store changed`;
  return [
    `From ${r.source}`,
    `To   ${r.destination}`,
    `Copied ${number(r.pages)} pages of ${number(r.pageSize)} bytes (${(r.bytes / 1024 / 1024).toFixed(1)} MiB), ` +
      `schema version ${r.schemaVersion}, quick_check ok${again}`,
    `Rows: ${r.tables.map((t) => `${number(t.rows)} ${t.label}`).join(', ')}`,
  ].join('\n');
}

export async function main(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  const fail = (code: number, message: string) => {
    err.write(`backup: ${message}\n`);
    return code;
  };
  const options = readOptions(argv);
  if ('problem' in options) return fail(2, `${options.problem} (see --help)`);
  if (options.values.help) {
    out.write(HELP);
    return 0;
  }

  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig(env);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return fail(
      1,
      e.message.replace(/:?\n\s*/g, (m) => (m.startsWith(':') ? ': ' : '; ')),
    );
  }
  if (config.STORE === 'postgres') {
    const to = typeof options.values.to === 'string' ? options.values.to.trim() : '';
    const file = to || 'partner-of-record.dump';
    return fail(
      1,
      'STORE=postgres: this copies the SQLite store only; back up PostgreSQL with pg_dump: ' +
        `pg_dump -Fc -n ${config.DATABASE_SCHEMA} -f ${shellWord(file)} "$DATABASE_URL"`,
    );
  }

  const parsed = ArgsSchema.safeParse(options.values);
  if (!parsed.success) return fail(2, `${parsed.error.issues.map((i) => i.message).join('; ')} (see --help)`);
  const args: CliArgs = parsed.data;
  try {
    const result = await backupSqliteStore({ dataDir: config.DATA_DIR, destination: args.to, force: args.force });
    out.write(`${summary(result)}\n`);
    return 0;
  } catch (e) {
    if (e instanceof BackupRefused) return fail(1, e.message);
    const cause = (e instanceof Error ? e.message : String(e)).split('\n')[0];
    return fail(1, `failed, no backup written to ${args.to}: ${cause}`);
  }
}

if (require.main === module) {
  // Loaded here, not on import, so that a test importing main() keeps its own environment.
  if (existsSync('.env')) require('dotenv/config');
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`backup: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
