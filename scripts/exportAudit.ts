/**
 * `npm run export-audit -- --tenant ID [--since DATE] > file.csv`: a tenant's audit history (every attach, change
 * and remove) as CSV on standard output, for the operator. It reads the store and the directories the bot is
 * configured with (the same `.env` and settings), so run it where the bot runs; it writes nothing. The CSV is the
 * tab's download (`bot/export/auditCsv.ts`); messages go to standard error, so the file holds only the CSV.
 */
import 'dotenv/config';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { z } from 'zod';
import { createPorts } from '../bot/app';
import { loadConfigOrExit } from '../bot/config';
import { auditExportRows, SINCE_FORMAT, SinceSchema, type AuditExportRow } from '../bot/domain/auditExport';
import { auditCsv } from '../bot/export/auditCsv';

const HELP = `Usage: npm run export-audit -- --tenant TENANT_ID [--since DATE] > history.csv

Writes the tenant's audit history (every attach, change and remove, oldest first) as CSV to standard output.
  --tenant  the tenant's id (a GUID)
  --since   only changes from then on: ${SINCE_FORMAT}
Reads the store and directories the bot is configured with (.env and the environment).
`;

const ArgsSchema = z.object({
  tenant: z.guid({ message: '--tenant must be a tenant id (a GUID)' }),
  since: SinceSchema.optional(),
});

function parseArguments(argv: readonly string[]): { help: true } | { args: z.infer<typeof ArgsSchema> } | { problems: string[] } {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { tenant: { type: 'string' }, since: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    return { problems: [(err as Error).message] };
  }
  if (values.help) return { help: true };
  if (values.tenant === undefined) return { problems: ['--tenant is required'] };
  const parsed = ArgsSchema.safeParse(values);
  if (parsed.success) return { args: parsed.data };
  return { problems: parsed.error.issues.map((i) => (i.path[0] === 'since' ? `--since must be ${SINCE_FORMAT}` : i.message)) };
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
  const config = loadConfigOrExit();
  // Standard output is the CSV: the store's and directories' log lines go to standard error.
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
    await pipeline(auditCsv(counted(auditExportRows(ports, tenant.id, parsed.args.since))), process.stdout);
    process.stderr.write(`export-audit: ${count.toLocaleString('en-US')} change${count === 1 ? '' : 's'} of ${tenant.name} written\n`);
    return 0;
  } catch (err) {
    process.stderr.write(`export-audit: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  } finally {
    await ports.store.close().catch(() => undefined);
    await ports.close?.().catch(() => undefined);
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
