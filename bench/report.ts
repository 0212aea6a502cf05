import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO } from './build';

/** A figure's goal, from the issue on speed and scale: the figure must be at most, or at least, the limit. */
export interface Goal {
  op: '<=' | '>=';
  limit: number;
}

export interface Figure {
  /** Which part of the run it comes from: printed as a heading above its lines. */
  section: string;
  label: string;
  unit: string;
  /** The figure judged against the goal: the median over the rounds when there are rounds; null when not measured. */
  value: number | null;
  /** One value per round (min and max are shown beside the median). */
  rounds?: number[];
  goal?: Goal;
  digits?: number;
  /** Why there is no value, or what else to know. */
  note?: string;
}

/** min / median / max; the median of an even count is the mean of the middle two. */
export function spread(values: readonly number[]): [number, number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return [NaN, NaN, NaN];
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return [sorted[0]!, median, sorted[sorted.length - 1]!];
}

export const median = (values: readonly number[]): number => spread(values)[1];

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function latencies(values: readonly number[]): { p50: number; p99: number; count: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), count: sorted.length };
}

/** A figure measured once per round: judged on the median. */
export function overRounds(base: Omit<Figure, 'value' | 'rounds'>, rounds: readonly number[]): Figure {
  const valid = rounds.filter((v) => Number.isFinite(v));
  return { ...base, rounds: [...rounds], value: valid.length ? median(valid) : null };
}

export function verdict(f: Figure): 'PASS' | 'MISS' | '' {
  if (!f.goal) return '';
  if (f.value === null || !Number.isFinite(f.value)) return 'MISS';
  return (f.goal.op === '<=' ? f.value <= f.goal.limit : f.value >= f.goal.limit) ? 'PASS' : 'MISS';
}

const MIB = 1024 * 1024;
export const mib = (bytes: number) => bytes / MIB;

function num(v: number, digits: number): string {
  if (!Number.isFinite(v)) return 'n/a';
  return v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function cells(f: Figure): { value: string; range: string; goal: string; result: string } {
  const digits = f.digits ?? 1;
  const unit = f.unit === 'x' ? 'x' : f.unit ? ` ${f.unit}` : '';
  const value = f.value === null ? (f.note ? 'not measured' : 'n/a') : `${num(f.value, digits)}${unit}`;
  const finite = (f.rounds ?? []).filter((v) => Number.isFinite(v));
  const range = finite.length > 1 ? `${num(Math.min(...finite), digits)} - ${num(Math.max(...finite), digits)}` : '';
  const goal = f.goal ? `${f.goal.op} ${num(f.goal.limit, f.goal.limit % 1 === 0 ? 0 : 1)}${unit}` : '';
  return { value, range, goal, result: verdict(f) };
}

export interface Machine {
  node: string;
  platform: string;
  cpu: string;
  cores: number;
  memoryGiB: number;
  loadAverage: number[];
  date: string;
  host: string;
}

export function machine(): Machine {
  return {
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
    cores: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    date: new Date().toISOString(),
    host: os.hostname(),
  };
}

export function describeMachine(m: Machine): string {
  return `node ${m.node} on ${m.platform}, ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB RAM, load average ${m.loadAverage[0]} at the start, ${m.date.slice(0, 10)}`;
}

const JUDGED = 'PASS/MISS judges the median over the rounds (min - max beside it); the bench never fails on a MISS.';

/** The table on screen: each section's figures, the goal beside each, and PASS or MISS. */
export function printTable(scenario: string, figures: readonly Figure[], m: Machine): void {
  console.log(`\n${scenario}: ${describeMachine(m)}`);
  const rows = figures.map((f) => ({ f, ...cells(f) }));
  const w = {
    label: Math.max(...rows.map((r) => r.f.label.length)),
    value: Math.max(5, ...rows.map((r) => r.value.length)),
    range: Math.max(11, ...rows.map((r) => r.range.length)),
    goal: Math.max(4, ...rows.map((r) => r.goal.length)),
  };
  let section = '';
  for (const r of rows) {
    if (r.f.section !== section) {
      section = r.f.section;
      console.log(`\n${section}`);
      console.log(
        `  ${'figure'.padEnd(w.label)}  ${'value'.padStart(w.value)}  ${'min - max'.padStart(w.range)}  ${'goal'.padStart(w.goal)}`,
      );
    }
    const line = `  ${r.f.label.padEnd(w.label)}  ${r.value.padStart(w.value)}  ${r.range.padStart(w.range)}  ${r.goal.padStart(w.goal)}  ${r.result}`;
    console.log(line.trimEnd() + (r.f.note && r.f.value === null ? `  (${r.f.note})` : ''));
  }
  const judged = figures.filter((f) => f.goal);
  const passed = judged.filter((f) => verdict(f) === 'PASS').length;
  console.log(`\n${passed} of ${judged.length} goals PASS, ${judged.length - passed} MISS. ${JUDGED}`);
}

/** The same table in Markdown, for bench/README.md. */
export function markdownTable(command: string, figures: readonly Figure[], m: Machine): string {
  const lines = [
    `\`${command}\` on ${describeMachine(m)}:`,
    '',
    '| figure | value | min - max | goal | |',
    '|---|---|---|---|---|',
  ];
  let section = '';
  for (const f of figures) {
    if (f.section !== section) {
      section = f.section;
      lines.push(`| **${section}** | | | | |`);
    }
    const c = cells(f);
    lines.push(
      `| ${f.label} | ${c.value}${f.value === null && f.note ? ` (${f.note})` : ''} | ${c.range} | ${c.goal} | ${c.result} |`,
    );
  }
  return lines.join('\n');
}

export const RESULTS_DIR = path.join(REPO, 'bench', 'results');

/** Writes the run as JSON (and the Markdown table beside it) in bench/results/; returns the JSON's path. */
export function writeResults(
  scenario: string,
  data: { figures: readonly Figure[]; machine: Machine; markdown: string } & Record<string, unknown>,
): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = data.machine.date.replace(/[:.]/g, '-');
  const file = path.join(RESULTS_DIR, `${scenario}-${stamp}.json`);
  const figures = data.figures.map((f) => ({ ...f, result: verdict(f) || undefined }));
  writeFileSync(file, `${JSON.stringify({ scenario, ...data, figures }, null, 2)}\n`);
  writeFileSync(path.join(RESULTS_DIR, `${scenario}-latest.md`), `${data.markdown}\n`);
  return file;
}

/** Puts the table between `<!-- bench:<scenario> -->` and `<!-- /bench:<scenario> -->` in bench/README.md. */
export function updateReadme(scenario: string, markdown: string): boolean {
  const file = path.join(REPO, 'bench', 'README.md');
  const text = readFileSync(file, 'utf8');
  const start = `<!-- bench:${scenario} -->`;
  const end = `<!-- /bench:${scenario} -->`;
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) return false;
  writeFileSync(file, `${text.slice(0, a + start.length)}\n${markdown}\n${text.slice(b)}`);
  return true;
}
