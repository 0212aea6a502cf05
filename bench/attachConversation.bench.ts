/**
 * Turns per second and turn latency of the scripted attach conversation, run by many owners at once over
 * loopback, next to a minimal echo bot on the same stack (the ceiling); with `--store postgres`, on SQLite and
 * on PostgreSQL, interleaved in rounds. Usage and output: bench/README.md.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { cardText, choiceValues, findAction, invokeCard, type Card } from '../test/support/cards';
import { TeamsUser } from '../test/support/teamsUser';
import { BenchChannel, BenchClient, percentile, startBotProcess, type BotProcess, type TurnResult } from './harness';
import { describeDatabase } from '../bot/adapters/postgres/connection';
import { DEFAULT_BENCH_DATABASE_URL, dropSchema, freshBenchSchema, probeDatabase } from './postgres';
import { makePlan, type Job, type Plan } from './seed';

const TURNS_PER_CONVERSATION = 5;
const ECHO_WARMUP_TURNS_PER_USER = 5;
const MIN_TENANTS = 200;
/** With --store postgres each round runs all three scenarios, so each gets fewer conversations per round. */
const POSTGRES_ROUND_CONVERSATIONS = 300;
const POSTGRES_ROUNDS = 3;
const DEFAULT_POOL_SIZE = 10;

interface Options {
  owners: number;
  conversations: number;
  echoTurns: number;
  /** sqlite: echo then SQLite; postgres: echo, SQLite, PostgreSQL, in each round. */
  store: 'sqlite' | 'postgres';
  rounds: number;
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      owners: { type: 'string' },
      conversations: { type: 'string' },
      'echo-turns': { type: 'string' },
      store: { type: 'string' },
      rounds: { type: 'string' },
    },
  });
  const store = values.store ?? process.env.BENCH_STORE ?? 'sqlite';
  if (store !== 'sqlite' && store !== 'postgres') throw new Error(`store must be sqlite or postgres, got "${store}"`);
  const postgres = store === 'postgres';
  const int = (value: string | undefined, fallback: number, name: string, max: number): number => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`${name} must be an integer from 1 to ${max}, got "${value}"`);
    return n;
  };
  const owners = int(values.owners ?? process.env.BENCH_OWNERS, 50, 'owners', 1000);
  const conversations = int(values.conversations ?? process.env.BENCH_CONVERSATIONS, postgres ? POSTGRES_ROUND_CONVERSATIONS : 1000, 'conversations', 100_000);
  const echoTurns = int(values['echo-turns'] ?? process.env.BENCH_ECHO_TURNS, conversations * TURNS_PER_CONVERSATION, 'echo-turns', 1_000_000);
  const rounds = int(values.rounds ?? process.env.BENCH_ROUNDS, postgres ? POSTGRES_ROUNDS : 1, 'rounds', 100);
  return { owners, conversations, echoTurns, store, rounds };
}

/** Where an attach bot keeps its state: SQLite in its temp data dir, or a schema of its own on PostgreSQL. */
type StoreChoice = { kind: 'sqlite' } | { kind: 'postgres'; url: string; schema: string; poolSize: number };

function storeEnv(store: StoreChoice): Record<string, string> {
  if (store.kind === 'sqlite') return { STORE: 'sqlite' };
  return { STORE: 'postgres', DATABASE_URL: store.url, DATABASE_SCHEMA: store.schema, DATABASE_POOL_SIZE: String(store.poolSize) };
}

interface Result {
  scenario: string;
  latencies: number[];
  wallMs: number;
  botCpuMicros: number;
  /** This process: the load client and the channel server, which share the machine with the bot. */
  loadCpuMicros: number;
  peakRssBytes: number;
  channelPosts: number;
}

/** Times `run` alone: the bot's CPU and the channel's post count are read just before and just after it. */
async function measure(scenario: string, bot: BotProcess, channel: BenchChannel, latencies: number[], run: () => Promise<void>): Promise<Result> {
  const before = await bot.stats();
  const postsBefore = channel.posts;
  const loadCpu = process.cpuUsage();
  const started = performance.now();
  await run();
  const wallMs = performance.now() - started;
  const loadCpuUsed = process.cpuUsage(loadCpu);
  const after = await bot.stats();
  return {
    scenario,
    latencies,
    wallMs,
    botCpuMicros: after.cpuMicros - before.cpuMicros,
    loadCpuMicros: loadCpuUsed.user + loadCpuUsed.system,
    peakRssBytes: after.peakRssBytes,
    channelPosts: channel.posts - postsBefore,
  };
}

/** Splits `total` over `workers` as evenly as possible. */
const share = (total: number, workers: number, w: number): number => Math.floor(total / workers) + (w < total % workers ? 1 : 0);

async function runEcho(options: Options, failures: string[]): Promise<Result> {
  const channel = await new BenchChannel().start();
  const bot = await startBotProcess('echo');
  const client = new BenchClient(bot.url, options.owners);
  try {
    const users = Array.from({ length: options.owners }, () => new TeamsUser(bot.url, channel.url, randomUUID(), randomUUID(), 'Echo User'));
    const chat = async (user: TeamsUser, turns: number, latencies?: number[]) => {
      for (let i = 0; i < turns; i++) {
        const text = `hello ${i}`;
        try {
          const result = await client.post(user.activity({ type: 'message', text }));
          latencies?.push(result.ms);
          const echoed = channel.takeText(user.conversationId);
          if (result.status !== 200 || echoed !== text) throw new Error(`HTTP ${result.status}, echoed ${JSON.stringify(echoed)}`);
        } catch (err) {
          failures.push(`echo ${user.conversationId} turn ${i}: ${(err as Error).message}`);
        }
      }
    };
    await Promise.all(users.map((u) => chat(u, ECHO_WARMUP_TURNS_PER_USER)));
    const latencies: number[] = [];
    return await measure('echo bot (ceiling)', bot, channel, latencies, () =>
      Promise.all(users.map((u, w) => chat(u, share(options.echoTurns, users.length, w), latencies))).then(() => undefined),
    );
  } finally {
    client.close();
    await bot.stop();
    await channel.close();
  }
}

const STEPS = ['say "add partner"', 'press choose', 'press check', 'press submit', 'say "status"'] as const;
type Step = (typeof STEPS)[number];

/** The scripted conversation; each card's actions are read from the card the bot returned, as Teams would. */
async function attachConversation(
  client: BenchClient,
  channel: BenchChannel,
  user: TeamsUser,
  job: Job,
  record: (step: Step, ms: number) => void,
): Promise<void> {
  let step: Step = STEPS[0];
  const turn = async (activity: Record<string, unknown>): Promise<TurnResult> => {
    const result = await client.post(activity);
    record(step, result.ms);
    if (result.status !== 200) throw new Error(`HTTP ${result.status}: ${JSON.stringify(result.body)}`);
    return result;
  };
  // Message turns answer with an empty 200; the card went to the channel during the turn.
  const say = async (text: string): Promise<Card> => {
    await turn(user.activity({ type: 'message', text }));
    const card = channel.takeCard(user.conversationId);
    if (!card) throw new Error('the bot sent no card');
    return card;
  };
  // Invoke turns answer with the next card in the HTTP response.
  const press = async (card: Card, title: string, verb: string, inputs: Record<string, unknown> = {}): Promise<Card> => {
    const action = findAction(card, title);
    if (action.verb !== verb) throw new Error(`"${title}" has verb ${action.verb}, expected ${verb}`);
    const value = { action: { type: 'Action.Execute', id: randomUUID(), verb, data: { ...action.data, ...inputs } }, trigger: 'manual' };
    return invokeCard(await turn(user.activity({ type: 'invoke', name: 'adaptiveCard/action', value })));
  };
  const expect = (card: Card, text: string) => {
    if (!cardText(card).includes(text)) throw new Error(`card does not say "${text}": ${JSON.stringify(cardText(card))}`);
  };
  const partner = `${job.partnerName} (${job.partnerId})`;

  try {
    const picker = await say('add partner');
    if (!choiceValues(picker).includes(job.subscriptionId)) throw new Error(`${job.subscriptionId} is not offered`);
    step = 'press choose';
    const enter = await press(picker, 'Next', 'choose', { subscriptionId: job.subscriptionId });
    step = 'press check';
    const confirm = await press(enter, 'Check ID', 'check', { partnerId: job.partnerId });
    expect(confirm, job.partnerName);
    step = 'press submit';
    const done = await press(confirm, 'Submit', 'submit');
    expect(done, 'Partner of record attached');
    expect(done, partner);
    step = 'say "status"';
    expect(await say('status'), `${job.subscriptionName}\nPartner of record: ${partner}`);
  } catch (err) {
    throw new Error(`${job.subscriptionId} at ${step}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

type AttachResult = Result & { byStep: Map<Step, number[]> };

async function runAttach(options: Options, plan: Plan, failures: string[], scenario: string, store: StoreChoice): Promise<AttachResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'por-bench-'));
  try {
    const seedFile = path.join(dir, 'seed.json');
    const dataDir = path.join(dir, 'data');
    mkdirSync(dataDir);
    writeFileSync(seedFile, JSON.stringify(plan.seed));

    const channel = await new BenchChannel().start();
    const bot = await startBotProcess('attach', { SEED_FILE: seedFile, DATA_DIR: dataDir, ...storeEnv(store) });
    const client = new BenchClient(bot.url, options.owners);
    try {
      // One chat per tenant owner, reused for each of its conversations, as a real owner would.
      const users = new Map<number, TeamsUser>();
      const userFor = (job: Job): TeamsUser => {
        let user = users.get(job.tenant);
        if (!user) users.set(job.tenant, (user = new TeamsUser(bot.url, channel.url, job.tenantId, job.ownerId, `Owner ${job.tenant + 1}`)));
        return user;
      };
      const runJobs = async (jobs: Job[], record: (step: Step, ms: number) => void) => {
        for (const job of jobs) {
          await attachConversation(client, channel, userFor(job), job, record).catch((err: Error) => failures.push(`${scenario}: ${err.message}`));
        }
      };

      // Warm-up: each owner's first conversation, unmeasured.
      await Promise.all(plan.jobsByOwner.map((jobs) => runJobs(jobs.slice(0, 1), () => undefined)));

      const latencies: number[] = [];
      const byStep = new Map<Step, number[]>(STEPS.map((s) => [s, []]));
      const record = (step: Step, ms: number) => {
        latencies.push(ms);
        byStep.get(step)!.push(ms);
      };
      const result = await measure(scenario, bot, channel, latencies, () =>
        Promise.all(plan.jobsByOwner.map((jobs) => runJobs(jobs.slice(1), record))).then(() => undefined),
      );
      return { ...result, byStep };
    } finally {
      client.close();
      await bot.stop();
      await channel.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ms = (n: number) => n.toFixed(2);
const row = (cells: string[], widths: number[]) =>
  cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');

interface Figures {
  turns: number;
  turnsPerSecond: number;
  p50: number;
  p99: number;
  botCpuMsPerTurn: number;
}

function figures(r: Result): Figures {
  const sorted = [...r.latencies].sort((a, b) => a - b);
  const turns = sorted.length;
  return {
    turns,
    turnsPerSecond: turns / (r.wallMs / 1000),
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    botCpuMsPerTurn: r.botCpuMicros / 1000 / turns,
  };
}

function printResults(results: Result[]): void {
  const widths = [22, 6, 8, 7, 7, 10, 11, 10, 12];
  console.log(row(['scenario', 'turns', 'turns/s', 'p50 ms', 'p99 ms', 'bot CPU ms', 'load CPU ms', 'posts/turn', 'peak RSS MiB'], widths));
  for (const r of results) {
    const f = figures(r);
    console.log(
      row(
        [
          r.scenario,
          String(f.turns),
          f.turnsPerSecond.toFixed(0),
          ms(f.p50),
          ms(f.p99),
          ms(f.botCpuMsPerTurn),
          ms(r.loadCpuMicros / 1000 / f.turns),
          (r.channelPosts / f.turns).toFixed(2),
          (r.peakRssBytes / 1024 / 1024).toFixed(1),
        ],
        widths,
      ),
    );
  }
}

function printSteps(title: string, byStep: Map<Step, number[]>): void {
  const widths = [22, 6, 7, 7];
  console.log(row([title, 'turns', 'p50 ms', 'p99 ms'], widths));
  for (const [step, values] of byStep) {
    const sorted = [...values].sort((a, b) => a - b);
    console.log(row([step, String(sorted.length), ms(percentile(sorted, 50)), ms(percentile(sorted, 99))], widths));
  }
}

/** min / median / max (the median of an even count is the mean of the middle two). */
function spread(values: number[]): [number, number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return [sorted[0]!, median, sorted[sorted.length - 1]!];
}

const mmm = (values: number[], digits: number) =>
  spread(values)
    .map((v) => v.toFixed(digits))
    .join(' / ');

/** Each scenario's figures over the rounds, then the ratios of turns/s, each taken within one round. */
function printSummary(rounds: Result[][], names: string[]): void {
  const widths = [22, 16, 20, 22, 18];
  console.log(`over ${rounds.length} rounds, min / median / max of each round's figure:`);
  console.log(row(['scenario', 'turns/s', 'p50 ms', 'p99 ms', 'bot CPU ms/turn'], widths));
  const byScenario = names.map((_, s) => rounds.map((round) => figures(round[s]!)));
  names.forEach((name, s) => {
    const f = byScenario[s]!;
    console.log(
      row(
        [
          name,
          mmm(f.map((x) => x.turnsPerSecond), 0),
          mmm(f.map((x) => x.p50), 1),
          mmm(f.map((x) => x.p99), 1),
          mmm(f.map((x) => x.botCpuMsPerTurn), 2),
        ],
        widths,
      ),
    );
  });
  console.log('');
  const ratioWidths = [22, 6, 7, 6];
  console.log(row(['ratio of turns/s', 'min', 'median', 'max'], ratioWidths));
  const ratio = (label: string, a: number, b: number) => {
    const [lo, mid, hi] = spread(rounds.map((_, r) => byScenario[a]![r]!.turnsPerSecond / byScenario[b]![r]!.turnsPerSecond));
    console.log(row([label, lo.toFixed(2), mid.toFixed(2), hi.toFixed(2)], ratioWidths));
  };
  const short = ['echo', 'sqlite', 'postgres'];
  for (let s = 1; s < names.length; s++) ratio(`${short[s]} / echo`, s, 0);
  if (names.length === 3) ratio('postgres / sqlite', 2, 1);
}

async function main(): Promise<number> {
  const options = readOptions();
  const plan = makePlan({ owners: options.owners, conversations: options.conversations, minTenants: MIN_TENANTS });
  const cpus = os.cpus();
  console.log(`node ${process.version} on ${os.platform()} ${os.arch()}, ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${os.availableParallelism()} cores`);

  let postgres: { url: string; poolSize: number } | undefined;
  if (options.store === 'postgres') {
    const url = process.env.BENCH_DATABASE_URL?.trim() || DEFAULT_BENCH_DATABASE_URL;
    const poolSize = Number(process.env.BENCH_DATABASE_POOL_SIZE?.trim() || DEFAULT_POOL_SIZE);
    if (!Number.isInteger(poolSize) || poolSize < 1 || poolSize > 100) throw new Error(`BENCH_DATABASE_POOL_SIZE must be an integer from 1 to 100`);
    const problem = await probeDatabase(url);
    if (problem) console.log(`${problem}: SQLite figures only`);
    else {
      postgres = { url, poolSize };
      console.log(`PostgreSQL at ${describeDatabase(url)}, a fresh schema per round (dropped after it), DATABASE_POOL_SIZE ${poolSize}`);
    }
  }
  const scenarios = ['sqlite', ...(postgres ? ['postgres'] : [])];
  const interleaved = options.rounds > 1 || options.store === 'postgres';
  const names = interleaved ? ['echo bot (ceiling)', 'attach, SQLite', ...(postgres ? ['attach, PostgreSQL'] : [])] : ['echo bot (ceiling)', 'attach conversation'];

  console.log(
    `owners ${options.owners} concurrent; attach: ${options.conversations} conversations x ${TURNS_PER_CONVERSATION} turns ` +
      `after ${options.owners} warm-up conversations; echo: ${options.echoTurns} turns after ${options.owners * ECHO_WARMUP_TURNS_PER_USER} warm-up` +
      (interleaved ? `; per scenario and round, ${options.rounds} round${options.rounds === 1 ? '' : 's'} of ${names.length === 3 ? 'echo, SQLite, PostgreSQL' : 'echo, SQLite'}` : ''),
  );
  console.log(
    `seed: ${plan.tenants} tenants x ${plan.subscriptionsPerTenant} subscriptions without partner, ${plan.seed.partners.length} partners; ` +
      `each bot in its own process, load client and channel server in this one; loopback, HTTP keep-alive`,
  );
  console.log('');

  const failures: string[] = [];
  const rounds: Result[][] = [];
  const steps = scenarios.map(() => new Map<Step, number[]>(STEPS.map((s) => [s, []])));
  for (let r = 0; r < options.rounds; r++) {
    const round: Result[] = [await runEcho(options, failures)];
    round.push(await runAttach(options, plan, failures, names[1]!, { kind: 'sqlite' }));
    if (postgres) {
      const schema = freshBenchSchema();
      try {
        round.push(await runAttach(options, plan, failures, names[2]!, { kind: 'postgres', url: postgres.url, schema, poolSize: postgres.poolSize }));
      } finally {
        await dropSchema(postgres.url, schema).catch((err: unknown) =>
          console.error(`could not drop schema ${schema}: ${err instanceof Error ? err.message : String(err)}`),
        );
      }
    }
    round.slice(1).forEach((result, s) => {
      for (const [step, values] of (result as AttachResult).byStep) steps[s]!.get(step)!.push(...values);
    });
    rounds.push(round);
    if (interleaved) console.log(`round ${r + 1} of ${options.rounds}`);
    printResults(round);
    console.log('');
  }

  steps.forEach((byStep, s) => {
    printSteps(interleaved ? `${scenarios[s]} turns by step` : 'attach turns by step', byStep);
    console.log('');
  });
  if (interleaved) {
    printSummary(rounds, names);
    console.log('');
  }
  console.log('per turn: bot CPU ms = CPU time of the bot process (peak RSS is its too); load CPU ms = this process (client + channel);');
  console.log('          posts/turn = activities the bot posted to the channel (replies and typing indicators)');
  if (postgres) console.log("          PostgreSQL's own server processes are not in bot CPU ms; on one machine they share its cores with the rest");

  if (failures.length > 0) {
    console.error(`\n${failures.length} FAILED (conversations or echo turns); the figures above include failed work. First ones:`);
    for (const f of failures.slice(0, 10)) console.error(`  ${f}`);
    return 1;
  }
  const conversations = (options.conversations + options.owners) * scenarios.length * options.rounds;
  console.log(`all ${conversations} attach conversations ended with "Partner of record attached" and status showing the partner`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  },
);
