/**
 * `npm run export-audit -- --tenant ID --out FILE [--since DATE] [--force]`: a tenant's audit history (every attach,
 * change and remove) as CSV, for the operator. It reads the store and the directories the bot is configured with (the
 * same `.env` and settings), so run it where the bot runs; it writes nothing but FILE. The CSV is the tab's download
 * (`bot/export/auditCsv.ts`). The script writes FILE itself, not standard output: `npm run` prints its banner on
 * standard output, which a `> file` redirect would put in front of the CSV. It is written to a temporary file next to
 * it and moved into place once complete, so FILE is never half written; an existing FILE is kept unless --force.
 */
import 'dotenv/config';
import { createWriteStream, existsSync, linkSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { z } from 'zod';
import { createPorts } from '../bot/app';
import { loadConfigOrExit } from '../bot/config';
import { auditExportRows, SINCE_FORMAT, SinceSchema, type AuditExportRow } from '../bot/core';
import { auditCsv } from '../bot/export/auditCsv';

const HELP = `Usage: npm run export-audit -- --tenant TENANT_ID --out FILE [--since DATE] [--force]

Writes the tenant's audit history (every attach, change and remove, oldest first) as CSV to FILE.
  --tenant  the tenant's id (a GUID)
  --out     the file to write (created with mode 600: it names people); \`-\` for standard output
            (then run \`npm run --silent export-audit\`, or npm's banner lines come first)
  --since   only changes from then on: ${SINCE_FORMAT}
  --force   replace FILE if it exists (without it, an existing FILE is left as it is and nothing is written)
FILE is written whole or not at all: to a temporary file beside it, moved into place when complete.
Reads the store and directories the bot is configured with (.env and the environment).
`;

const ArgsSchema = z.object({
  tenant: z.guid({ message: '--tenant must be a tenant id (a GUID)' }),
  out: z.string().min(1, '--out must name a file'),
  since: SinceSchema.optional(),
  force: z.boolean().optional(),
});

function parseArguments(
  argv: readonly string[],
): { help: true } | { args: z.infer<typeof ArgsSchema> } | { problems: string[] } {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        tenant: { type: 'string' },
        out: { type: 'string' },
        since: { type: 'string' },
        force: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    return { problems: [(err as Error).message] };
  }
  if (values.help) return { help: true };
  if (values.tenant === undefined) return { problems: ['--tenant is required'] };
  if (values.out === undefined) return { problems: ['--out FILE is required (the file the CSV is written to)'] };
  const parsed = ArgsSchema.safeParse(values);
  if (parsed.success) return { args: parsed.data };
  return {
    problems: parsed.error.issues.map((i) => (i.path[0] === 'since' ? `--since must be ${SINCE_FORMAT}` : i.message)),
  };
}

export async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseArguments(argv);
  if ('help' in parsed) {
    process.stdout.write(HELP);
    return 0;
  }
  if ('problems' in parsed) {
    for (const p of parsed.problems) process.stderr.write(`export-audit: ${p}\n`);
    process.stderr.write('export-audit: see --help\n');
    return 1;
  }
  const { out, force } = parsed.args;
  if (out !== '-' && !force && existsSync(out)) {
    process.stderr.write(`export-audit: ${out} exists; give another --out, or --force to replace it\n`);
    return 1;
  }
  const config = loadConfigOrExit();
  // Standard output may be the CSV: the store's and directories' log lines go to standard error.
  const log = pino({ level: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL }, pino.destination(2));
  const ports = createPorts(config, log);
  try {
    await ports.ready?.();
    const tenant = await ports.roles.getTenant(parsed.args.tenant);
    if (!tenant) {
      process.stderr.write(`export-audit: the directory knows no tenant ${parsed.args.tenant}\n`);
      return 1;
    }
    let count = 0;
    const counted = async function* (rows: AsyncIterable<AuditExportRow>) {
      for await (const row of rows) {
        count++;
        yield row;
      }
    };
    const csv = auditCsv(counted(auditExportRows(ports, tenant.id, parsed.args.since)));
    if (out === '-') await pipeline(csv, process.stdout);
    else await writeWhole(out, force === true, (file) => pipeline(csv, file));
    const where = out === '-' ? '' : ` to ${out}`;
    const changes = `${count.toLocaleString('en-US')} change${count === 1 ? '' : 's'}`;
    process.stderr.write(`export-audit: ${changes} of ${tenant.name} written${where}\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`export-audit: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  } finally {
    await ports.store.close().catch(() => undefined);
    await ports.close?.().catch(() => undefined);
  }
}

class OutExists extends Error {}

/**
 * Writes `target` whole or not at all: into a temporary file in the same directory (mode 600), then moved into
 * place. Without `replace`, the move is a hard link, which fails if `target` appeared meanwhile, so nothing is lost.
 */
async function writeWhole(
  target: string,
  replace: boolean,
  write: (file: NodeJS.WritableStream) => Promise<void>,
): Promise<void> {
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  try {
    await write(createWriteStream(temp, { flags: 'wx', mode: 0o600 }));
    if (replace) renameSync(temp, target);
    else {
      try {
        linkSync(temp, target);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        throw new OutExists(`${target} exists; give another --out, or --force to replace it`);
      }
    }
  } finally {
    rmSync(temp, { force: true });
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
