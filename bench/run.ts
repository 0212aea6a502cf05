/**
 * `npm run bench -- --scenario attach|scale|soak [options]`: measures, prints a table with each figure's goal and
 * PASS or MISS, and writes the run as JSON to bench/results/ (ignored by git). Usage: bench/README.md.
 */
import path from 'node:path';
import { runAttachScenario, attachOptions, type ScenarioResult } from './attach';
import { buildChildren, removeBuild, REPO } from './build';
import { progress } from './progress';
import { machine, markdownTable, printTable, updateReadme, writeResults } from './report';
import { runScaleScenario, scaleOptions } from './scale';
import { runSoakScenario, soakOptions } from './soak';

const SCENARIOS = ['attach', 'scale', 'soak'] as const;
type Scenario = (typeof SCENARIOS)[number];

/** Takes out the bench's own flags; the rest belongs to the scenario. */
function split(argv: string[]): { scenario: Scenario; updateReadme: boolean; rest: string[] } {
  let scenario = 'attach';
  let update = false;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--scenario') scenario = argv[++i] ?? '';
    else if (arg.startsWith('--scenario=')) scenario = arg.slice('--scenario='.length);
    else if (arg === '--update-readme') update = true;
    else rest.push(arg);
  }
  if (!(SCENARIOS as readonly string[]).includes(scenario)) throw new Error(`--scenario must be one of ${SCENARIOS.join(', ')}, got "${scenario}"`);
  return { scenario: scenario as Scenario, updateReadme: update, rest };
}

async function main(): Promise<number> {
  const args = split(process.argv.slice(2));
  const m = machine();
  const run = async (): Promise<ScenarioResult> => {
    switch (args.scenario) {
      case 'attach':
        return runAttachScenario(attachOptions(args.rest));
      case 'scale':
        return runScaleScenario(scaleOptions(args.rest));
      case 'soak':
        return runSoakScenario(soakOptions(args.rest));
    }
  };
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
  const markdown = [markdownTable(command, result.figures, m), ...(result.readmeNotes ?? []).map((line) => `\n${line}`)].join('\n');
  const file = writeResults(name, { machine: m, command, figures: result.figures, failures: result.failures, details: result.details, markdown });
  console.log(`results: ${path.relative(REPO, file)}`);
  if (args.updateReadme) {
    console.log(updateReadme(name, markdown) ? `README.md: the ${name} table is updated` : `README.md has no <!-- bench:${name} --> block to update`);
  }
  if (result.failures.length > 0) {
    console.error(`\n${result.failures.length} FAILED (conversations, turns or steps); the figures above include failed work. First ones:`);
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
