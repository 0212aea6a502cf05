/**
 * `npm run bench -- --scenario attach|scale|soak|status [options]`: measures, prints a table with each figure's goal and
 * PASS or MISS, and writes the run as JSON to bench/results/ (ignored by git). `--help` prints the options
 * (`usage.ts`); an unknown or bad one is answered with the usage and exit 2. More: bench/README.md.
 */
import path from 'node:path';
import { runAttachScenario, attachOptions, type ScenarioResult } from './attach';
import { buildChildren, removeBuild, REPO } from './build';
import { progress } from './progress';
import { machine, markdownTable, printTable, updateReadme, writeResults } from './report';
import { runScaleScenario, scaleOptions } from './scale';
import { runSoakScenario, soakOptions } from './soak';
import { runStatusScenario, statusOptions } from './status';
import { USAGE, UsageError } from './usage';

const SCENARIOS = ['attach', 'scale', 'soak', 'status'] as const;
type Scenario = (typeof SCENARIOS)[number];

interface Command {
  scenario: Scenario;
  updateReadme: boolean;
  rest: string[];
  /** The scenario with its options parsed: a bad option is refused before anything is built. */
  run: () => Promise<ScenarioResult>;
}

/** Takes out the bench's own flags; the rest belongs to the scenario. Null: the usage was asked for. */
function parseCommand(argv: string[]): Command | null {
  let scenario = 'attach';
  let update = false;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return null;
    if (arg === '--scenario') scenario = argv[++i] ?? '';
    else if (arg.startsWith('--scenario=')) scenario = arg.slice('--scenario='.length);
    else if (arg === '--update-readme') update = true;
    else rest.push(arg);
  }
  if (!(SCENARIOS as readonly string[]).includes(scenario)) {
    throw new UsageError(`--scenario must be one of ${SCENARIOS.join(', ')}, got "${scenario}"`);
  }
  try {
    return { scenario: scenario as Scenario, updateReadme: update, rest, run: planned(scenario as Scenario, rest) };
  } catch (err) {
    // node:util's parseArgs (an unknown option, a missing value) or a scenario's own check of a value.
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

function planned(scenario: Scenario, rest: string[]): () => Promise<ScenarioResult> {
  switch (scenario) {
    case 'attach': {
      const options = attachOptions(rest);
      return () => runAttachScenario(options);
    }
    case 'scale': {
      const options = scaleOptions(rest);
      return () => runScaleScenario(options);
    }
    case 'soak': {
      const options = soakOptions(rest);
      return () => runSoakScenario(options);
    }
    case 'status': {
      const options = statusOptions(rest);
      return () => runStatusScenario(options);
    }
  }
}

async function main(): Promise<number> {
  let args: Command | null;
  try {
    args = parseCommand(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`bench: ${err.message}\n\n${USAGE}`);
    return 2;
  }
  if (!args) {
    process.stdout.write(USAGE);
    return 0;
  }
  const m = machine();
  const run = args.run;
  progress.set('compiling bot/ for the child processes');
  buildChildren();
  let result: ScenarioResult;
  try {
    result = await run();
  } finally {
    progress.done();
    removeBuild();
  }
  const name = result.name ?? args.scenario;
  for (const line of result.notes) console.log(line);
  printTable(name, result.figures, m);
  const command = ['npm run bench --', '--scenario', args.scenario, ...args.rest].join(' ');
  const markdown = [
    markdownTable(command, result.figures, m),
    ...(result.readmeNotes ?? []).map((line) => `\n${line}`),
  ].join('\n');
  const file = writeResults(name, {
    machine: m,
    command,
    figures: result.figures,
    failures: result.failures,
    details: result.details,
    markdown,
  });
  console.log(`results: ${path.relative(REPO, file)}`);
  if (args.updateReadme) {
    console.log(
      updateReadme(name, markdown)
        ? `bench/README.md: the ${name} table is updated`
        : `bench/README.md has no <!-- bench:${name} --> block to update`,
    );
  }
  if (result.failures.length > 0) {
    console.error(
      `\n${result.failures.length} FAILED (conversations, turns or steps); the figures above include failed work. First ones:`,
    );
    for (const f of result.failures.slice(0, 10)) console.error(`  ${f}`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    progress.done();
    console.error(err instanceof Error ? (err.stack ?? err.message) : err);
    process.exitCode = 1;
  },
);
