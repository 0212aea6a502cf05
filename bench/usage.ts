/** What `npm run bench -- --help` prints, and what an unknown or bad option is answered with (exit 2). */
export const USAGE = `Usage: npm run bench -- [--scenario attach|scale|soak|status] [--update-readme] [options]

  --scenario NAME    attach (the default), scale, soak or status
  --update-readme    also put the result table into bench/README.md
  -h, --help         print this and exit

attach: --owners N  --conversations N  --echo-turns N  --sequential N  --rounds N
        --startup-rounds N  --store sqlite|postgres  --only startup
scale:  --tenants N[,N...]  --subscriptions N  --partners N  --rounds N  --status-c1 N
        --status-c16 N  --status-owners N  --outbox-pending N  --drain N  --no-outbox
        --settle-seconds N
soak:   --minutes N  --concurrency N  --tenants N  --subscriptions N  --sample-seconds N
status: --owners N  --turns N  --sequential N  --subscriptions N  --rounds N

Defaults and what each scenario measures: bench/README.md.
`;

/** A command line the bench cannot run: said in one line, with the usage, and exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** An option's whole number from 1 to `max`, or `fallback` when it was not given. */
export function wholeOption(value: string | undefined, fallback: number, name: string, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max)
    throw new Error(`${name} must be an integer from 1 to ${max}, got "${value}"`);
  return n;
}
