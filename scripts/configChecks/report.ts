/**
 * One line per check of `npm run check-config`: `name: ok (detail)`, `name: WARNING: what to do`,
 * `name: FAILED: what to fix` or `name: skipped (why)`. Failures make the exit status 1; warnings do not.
 */
export type Outcome =
  | { ok: true; detail: string }
  | { ok: false; reason: string }
  | { warning: string }
  | { skipped: string };

export const ok = (detail = ''): Outcome => ({ ok: true, detail });
export const failed = (reason: string): Outcome => ({ ok: false, reason });
export const warning = (text: string): Outcome => ({ warning: text });
export const skipped = (why: string): Outcome => ({ skipped: why });

const counts = { failures: 0, warnings: 0 };

export function report(name: string, outcome: Outcome): void {
  let text: string;
  if ('skipped' in outcome) text = `skipped (${outcome.skipped})`;
  else if ('warning' in outcome) {
    counts.warnings += 1;
    text = `WARNING: ${outcome.warning}`;
  } else if (outcome.ok) text = outcome.detail ? `ok (${outcome.detail})` : 'ok';
  else {
    counts.failures += 1;
    text = `FAILED: ${outcome.reason}`;
  }
  process.stdout.write(`${name}: ${text}\n`);
}

/** The last line, and the exit status: 1 when any check failed. */
export function summary(): number {
  const { failures, warnings } = counts;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const warned = warnings ? ` (${plural(warnings, 'warning')})` : '';
  process.stdout.write(failures ? `${plural(failures, 'check')} FAILED${warned}\n` : `all checks passed${warned}\n`);
  return failures ? 1 : 0;
}

/** An error's message for a report line, or a fallback for anything that is not an Error. */
export function messageOf(err: unknown, fallback = 'failed'): string {
  return err instanceof Error && err.message ? err.message : fallback;
}
