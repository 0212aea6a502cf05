/**
 * The attach scenario: the scripted attach conversation by many owners at once over loopback, against the bot as
 * production runs it (bot/main.js: background work, typing, the outbox and all) and against a real echo bot
 * (botbuilder + restify only), interleaved in rounds; service time one turn at a time; and start-up with the
 * demo seed against the echo bot's. With `--store postgres`, the conversation on PostgreSQL joins each round.
 */
import { wholeOption } from './usage';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { describeDatabase } from '../bot/adapters/postgres/connection';
import { partnerConversation, STEPS, TURNS_PER_CONVERSATION, type Step } from './conversation';
import { BenchChannel, BenchClient, BenchUser } from './harness';
import { DEFAULT_BENCH_DATABASE_URL, dropSchema, freshBenchSchema, probeDatabase } from './postgres';
import { buildCompileCache } from '../scripts/buildCompileCache';
import { BUILD_DIR, childScript } from './build';
import { botEnv, startChild, waitUntilSettled, type Child } from './processes';
import { progress } from './progress';
import { latencies, mib, overRounds, spread, type Figure } from './report';
import { makePlan, type Job, type Plan } from './seed';

const ECHO_WARMUP_TURNS_PER_USER = 5;
const MIN_TENANTS = 200;
const DEFAULT_POOL_SIZE = 10;

export interface AttachOptions {
  owners: number;
  conversations: number;
  echoTurns: number;
  /** Conversations run one at a time, for service time at concurrency 1. */
  sequential: number;
  store: 'sqlite' | 'postgres';
  rounds: number;
  startupRounds: number;
  /** `--only startup`: the start-up rounds alone (about a minute), no conversations. */
  onlyStartup: boolean;
}

export function attachOptions(args: string[]): AttachOptions {
  const { values } = parseArgs({
    args,
    options: {
      owners: { type: 'string' },
      conversations: { type: 'string' },
      'echo-turns': { type: 'string' },
      sequential: { type: 'string' },
      store: { type: 'string' },
      rounds: { type: 'string' },
      'startup-rounds': { type: 'string' },
      only: { type: 'string' },
    },
  });
  if (values.only !== undefined && values.only !== 'startup')
    throw new Error(`only must be startup, got "${values.only}"`);
  const store = values.store ?? process.env.BENCH_STORE ?? 'sqlite';
  if (store !== 'sqlite' && store !== 'postgres') throw new Error(`store must be sqlite or postgres, got "${store}"`);
  const owners = wholeOption(values.owners ?? process.env.BENCH_OWNERS, 64, 'owners', 1000);
  const conversations = wholeOption(
    values.conversations ?? process.env.BENCH_CONVERSATIONS,
    store === 'postgres' ? 300 : 1000,
    'conversations',
    100_000,
  );
  return {
    owners,
    conversations,
    echoTurns: wholeOption(
      values['echo-turns'] ?? process.env.BENCH_ECHO_TURNS,
      conversations * TURNS_PER_CONVERSATION,
      'echo-turns',
      1_000_000,
    ),
    sequential: wholeOption(values.sequential ?? process.env.BENCH_SEQUENTIAL, 100, 'sequential', 10_000),
    store,
    rounds: wholeOption(values.rounds ?? process.env.BENCH_ROUNDS, 5, 'rounds', 100),
    startupRounds: wholeOption(values['startup-rounds'], 9, 'startup-rounds', 100),
    onlyStartup: values.only === 'startup',
  };
}

/** Where an attach bot keeps its state: SQLite in its temp data dir, or a schema of its own on PostgreSQL. */
type StoreChoice = { kind: 'sqlite' } | { kind: 'postgres'; url: string; schema: string; poolSize: number };

function storeEnv(store: StoreChoice): Record<string, string> {
  if (store.kind === 'sqlite') return { STORE: 'sqlite' };
  return {
    STORE: 'postgres',
    DATABASE_URL: store.url,
    DATABASE_SCHEMA: store.schema,
    DATABASE_POOL_SIZE: String(store.poolSize),
  };
}

/** One bot's run in one round. */
export interface Run {
  turns: number;
  turnsPerSecond: number;
  latencies: number[];
  /** One turn at a time. */
  sequential: number[];
  botCpuMsPerTurn: number;
  peakRssBytes: number;
  channelPostsPerTurn: number;
  byStep?: Map<Step, number[]>;
}

/** Splits `total` over `workers` as evenly as possible. */
const share = (total: number, workers: number, w: number): number =>
  Math.floor(total / workers) + (w < total % workers ? 1 : 0);

/** Times `run` alone: the bot's CPU (from /proc) and the channel's post count are read just before and after it. */
export async function measure(bot: Child, channel: BenchChannel, latencies: number[], run: () => Promise<void>) {
  const cpu = bot.cpuMicros();
  const posts = channel.posts;
  const started = performance.now();
  await run();
  const wallMs = performance.now() - started;
  const turns = latencies.length;
  return {
    turns,
    turnsPerSecond: turns / (wallMs / 1000),
    botCpuMsPerTurn: (bot.cpuMicros() - cpu) / 1000 / turns,
    channelPostsPerTurn: (channel.posts - posts) / turns,
  };
}

/** What the echo bot is asked per round: users at once, their turns in all, then turns one at a time. */
export interface EchoLoad {
  owners: number;
  turns: number;
  sequentialTurns: number;
}

export async function runEcho(options: EchoLoad, failures: string[], label: string): Promise<Run> {
  const channel = await new BenchChannel().start();
  const bot = await startChild('echo', {});
  const client = new BenchClient(bot.url, options.owners);
  try {
    const users = Array.from(
      { length: options.owners },
      (_, i) => new BenchUser(channel.url, randomUUID(), randomUUID(), `Echo User ${i + 1}`),
    );
    let done = 0;
    const total = options.turns;
    const chat = async (user: BenchUser, turns: number, latencies?: number[]) => {
      for (let i = 0; i < turns; i++) {
        const text = `hello ${i}`;
        try {
          const result = await client.post(user.activity({ type: 'message', text }));
          latencies?.push(result.ms);
          const echoed = channel.takeText(user.conversationId);
          if (result.status !== 200 || echoed !== text)
            throw new Error(`HTTP ${result.status}, echoed ${JSON.stringify(echoed)}`);
        } catch (err) {
          failures.push(`echo ${user.conversationId} turn ${i}: ${(err as Error).message}`);
        }
        if (latencies) progress.tick(`${label}: ${++done} of ${total} turns`);
      }
    };
    await Promise.all(users.map((u) => chat(u, ECHO_WARMUP_TURNS_PER_USER)));
    const all: number[] = [];
    const figures = await measure(bot, channel, all, () =>
      Promise.all(users.map((u, w) => chat(u, share(total, users.length, w), all))).then(() => undefined),
    );
    const sequential: number[] = [];
    await chat(users[0]!, options.sequentialTurns, sequential);
    return { ...figures, latencies: all, sequential, peakRssBytes: bot.peakRssBytes() };
  } finally {
    client.close();
    await bot.stop();
    await channel.close();
  }
}

async function runAttach(
  options: AttachOptions,
  plan: Plan,
  failures: string[],
  label: string,
  store: StoreChoice,
): Promise<Run> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'por-bench-'));
  try {
    const seedFile = path.join(dir, 'seed.json');
    const dataDir = path.join(dir, 'data');
    mkdirSync(dataDir);
    writeFileSync(seedFile, JSON.stringify(plan.seed));

    const channel = await new BenchChannel().start();
    // The bench measures the conversation, not the limits: many owners, each on its own kept-alive connection.
    const limits = {
      RATE_LIMIT_PER_USER_PER_MINUTE: '10000',
      RATE_LIMIT_PER_TENANT_PER_MINUTE: '100000',
      MAX_CONNECTIONS: '4096',
    };
    const bot = await startChild(
      'bot',
      botEnv({ SEED_FILE: seedFile, DATA_DIR: dataDir, ...limits, ...storeEnv(store) }),
      dir,
    );
    // Its first nudge pass runs right after it listens: once it is over, no nudge card can land in a chat mid-conversation.
    await waitUntilSettled(bot, 60_000);
    const client = new BenchClient(bot.url, options.owners);
    try {
      // One chat per tenant owner, reused for each of its conversations, as a real owner would.
      const users = new Map<number, BenchUser>();
      const userFor = (job: Job): BenchUser => {
        let user = users.get(job.tenant);
        if (!user) {
          user = new BenchUser(channel.url, job.tenantId, job.ownerId, `Owner ${job.tenant + 1}`);
          users.set(job.tenant, user);
        }
        return user;
      };
      let done = 0;
      const runJobs = async (jobs: Job[], record: (step: Step, ms: number) => void, count: boolean) => {
        for (const job of jobs) {
          await partnerConversation(client, channel, userFor(job), job, 'attach', record).catch((err: Error) =>
            failures.push(`${label}: ${err.message}`),
          );
          if (count) progress.tick(`${label}: ${++done} of ${options.conversations} conversations`);
        }
      };

      // Warm-up: each owner's first conversation, unmeasured.
      await Promise.all(plan.jobsByOwner.map((jobs) => runJobs(jobs.slice(0, 1), () => undefined, false)));
      const all: number[] = [];
      const byStep = new Map<Step, number[]>(STEPS.map((s) => [s, []]));
      const record = (step: Step, ms: number) => {
        all.push(ms);
        byStep.get(step)!.push(ms);
      };
      const figures = await measure(bot, channel, all, () =>
        Promise.all(plan.jobsByOwner.map((jobs) => runJobs(jobs.slice(1), record, true))).then(() => undefined),
      );

      const sequential: number[] = [];
      await runJobs(plan.sequentialJobs.slice(0, 1), () => undefined, false);
      await runJobs(plan.sequentialJobs.slice(1), (_step, ms) => sequential.push(ms), false);
      return { ...figures, latencies: all, sequential, byStep, peakRssBytes: bot.peakRssBytes() };
    } finally {
      client.close();
      await bot.stop();
      await channel.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface Startups {
  echo: number[];
  /** A restart: the data dir and the compile cache of the last start kept. */
  bot: number[];
  /** The first start after a build: the cache is the one the build step made (scripts/buildCompileCache.js). */
  botBuilt: number[];
  /** No compile cache at all (NODE_DISABLE_COMPILE_CACHE=1): a build without the cache step. */
  botUncached: number[];
}

/**
 * Start-up to /healthz answering, interleaved: the echo bot; the bot with the demo seed as it restarts (its data dir
 * and its compile cache kept from the warm-up round); the bot at its first start after a build, as a deployment
 * starts it (its cache removed, then made by the build step, unmeasured; the data dir kept, as a deployment keeps
 * its data); and the bot with its compile cache turned off (bot/runtime/compileCache.ts).
 */
export async function startups(rounds: number): Promise<Startups> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'por-bench-'));
  const dataDir = path.join(dir, 'data');
  const echo: number[] = [];
  const bot: number[] = [];
  const botBuilt: number[] = [];
  const botUncached: number[] = [];
  try {
    // One unmeasured start of each first: the files they load come from the disk cache in every measured round, and
    // the bot's stop writes its compile cache.
    for (let r = 0; r <= rounds; r++) {
      progress.set(`attach: start-up with the demo seed, round ${r} of ${rounds}${r === 0 ? ' (warm-up)' : ''}`);
      const e = await startChild('echo', {});
      await e.stop();
      const b = await startChild('bot', botEnv({ DATA_DIR: dataDir }), dir);
      await b.stop();
      rmSync(path.join(BUILD_DIR, '.compile-cache'), { recursive: true, force: true });
      await buildCompileCache(childScript.bot);
      const f = await startChild('bot', botEnv({ DATA_DIR: dataDir }), dir);
      await f.stop();
      const u = await startChild('bot', botEnv({ DATA_DIR: dataDir, NODE_DISABLE_COMPILE_CACHE: '1' }), dir);
      await u.stop();
      if (r === 0) continue;
      echo.push(e.startupMs);
      bot.push(b.startupMs);
      botBuilt.push(f.startupMs);
      botUncached.push(u.startupMs);
    }
    return { echo, bot, botBuilt, botUncached };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ms = (n: number) => n.toFixed(2);
const row = (cells: string[], widths: number[]) =>
  cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');

export interface ScenarioResult {
  /** Names the results' files and the README's table: the scenario, and the store when it is not the default. */
  name?: string;
  figures: Figure[];
  failures: string[];
  details: Record<string, unknown>;
  /** Lines printed above the table of goals. */
  notes: string[];
  /** Lines put under the table in Markdown (bench/README.md). */
  readmeNotes?: string[];
}

/** The start-up figures: each start against the echo bot's of the same round. */
function startupFigures(start: Startups, rounds: number): Figure[] {
  const section = `start-up until /healthz answers, demo seed (${rounds} rounds, interleaved)`;
  const ratio = (starts: number[]) => starts.map((b, i) => b / start.echo[i]!);
  return [
    overRounds({ section, label: 'echo bot', unit: 'ms', digits: 0 }, start.echo),
    overRounds({ section, label: 'bot, demo seed', unit: 'ms', digits: 0 }, start.bot),
    overRounds(
      { section, label: 'bot / echo bot', unit: 'x', digits: 2, goal: { op: '<=', limit: 1.2 } },
      ratio(start.bot),
    ),
    overRounds(
      { section, label: 'bot, first start after a build (cache built)', unit: 'ms', digits: 0 },
      start.botBuilt,
    ),
    overRounds(
      {
        section,
        label: 'bot, first start after a build / echo bot',
        unit: 'x',
        digits: 2,
        goal: { op: '<=', limit: 1.1 },
      },
      ratio(start.botBuilt),
    ),
    overRounds({ section, label: 'bot, no compile cache at all', unit: 'ms', digits: 0 }, start.botUncached),
    overRounds({ section, label: 'bot, no compile cache / echo bot', unit: 'x', digits: 2 }, ratio(start.botUncached)),
  ];
}

/** `--only startup`: the start-up rounds, nothing else. */
async function runStartupOnly(options: AttachOptions): Promise<ScenarioResult> {
  const start = await startups(options.startupRounds);
  progress.done();
  return {
    name: 'attach-startup',
    figures: startupFigures(start, options.startupRounds),
    failures: [],
    details: { options, startups: start },
    notes: [
      'Start-up only (--only startup): the bot runs as production does (compiled bot/main.js); the echo bot has no compile cache.',
    ],
  };
}

export async function runAttachScenario(options: AttachOptions): Promise<ScenarioResult> {
  if (options.onlyStartup) return runStartupOnly(options);
  const plan = makePlan({
    owners: options.owners,
    conversations: options.conversations,
    sequential: options.sequential,
    minTenants: MIN_TENANTS,
  });
  const notes: string[] = [];
  let postgres: { url: string; poolSize: number } | undefined;
  if (options.store === 'postgres') {
    const url = process.env.BENCH_DATABASE_URL?.trim() || DEFAULT_BENCH_DATABASE_URL;
    const poolSize = Number(process.env.BENCH_DATABASE_POOL_SIZE?.trim() || DEFAULT_POOL_SIZE);
    if (!Number.isInteger(poolSize) || poolSize < 1 || poolSize > 100)
      throw new Error(`BENCH_DATABASE_POOL_SIZE must be an integer from 1 to 100`);
    const problem = await probeDatabase(url);
    if (problem) notes.push(`${problem}: SQLite figures only`);
    else {
      postgres = { url, poolSize };
      notes.push(
        `PostgreSQL at ${describeDatabase(url)}, a fresh schema per round (dropped after it), DATABASE_POOL_SIZE ${poolSize}`,
      );
    }
  }
  notes.push(
    `${options.rounds} rounds of echo bot, attach on SQLite${postgres ? ', attach on PostgreSQL' : ''}, one after the other; each bot a fresh process. ` +
      `${options.owners} owners at once: ${options.conversations} conversations x ${TURNS_PER_CONVERSATION} turns after ${options.owners} warm-up ones; ` +
      `echo: ${options.echoTurns} turns after ${options.owners * ECHO_WARMUP_TURNS_PER_USER} warm-up. One at a time: ${options.sequential} conversations ` +
      `(echo: ${options.sequential * TURNS_PER_CONVERSATION} turns).`,
    `seed: ${plan.tenants} tenants x ${plan.subscriptionsPerTenant} subscriptions without partner, ${plan.seed.partners.length} partners. ` +
      'The bot runs as production does (compiled bot/main.js with its compile cache, outbox and nudge pass); the echo bot has no compile cache. ' +
      'Loopback, HTTP keep-alive.',
  );

  const failures: string[] = [];
  const start = await startups(options.startupRounds);

  const names = ['echo bot', 'attach, SQLite', ...(postgres ? ['attach, PostgreSQL'] : [])];
  const rounds: Run[][] = [];
  for (let r = 0; r < options.rounds; r++) {
    const round: Run[] = [];
    const label = (name: string) => `attach: round ${r + 1} of ${options.rounds}, ${name}`;
    progress.set(label(names[0]!));
    const echoLoad = {
      owners: options.owners,
      turns: options.echoTurns,
      sequentialTurns: options.sequential * TURNS_PER_CONVERSATION,
    };
    round.push(await runEcho(echoLoad, failures, label(names[0]!)));
    progress.set(label(names[1]!));
    round.push(await runAttach(options, plan, failures, label(names[1]!), { kind: 'sqlite' }));
    if (postgres) {
      const schema = freshBenchSchema();
      progress.set(label(names[2]!));
      try {
        round.push(
          await runAttach(options, plan, failures, label(names[2]!), {
            kind: 'postgres',
            url: postgres.url,
            schema,
            poolSize: postgres.poolSize,
          }),
        );
      } finally {
        await dropSchema(postgres.url, schema).catch((err: unknown) =>
          failures.push(`could not drop schema ${schema}: ${err instanceof Error ? err.message : String(err)}`),
        );
      }
    }
    rounds.push(round);
  }
  progress.done();

  // Each bot's rounds, then turns by step (all rounds together).
  const widths = [20, 14, 12, 12, 12, 10, 10];
  const lines = [
    row(['bot, per round', 'turns/s', 'p50 ms', 'p99 ms', 'CPU ms/turn', 'posts/turn', 'peak MiB'], widths),
  ];
  names.forEach((name, s) => {
    rounds.forEach((round, r) => {
      const run = round[s]!;
      const l = latencies(run.latencies);
      lines.push(
        row(
          [
            `${name} ${r + 1}`,
            run.turnsPerSecond.toFixed(0),
            ms(l.p50),
            ms(l.p99),
            ms(run.botCpuMsPerTurn),
            run.channelPostsPerTurn.toFixed(2),
            mib(run.peakRssBytes).toFixed(0),
          ],
          widths,
        ),
      );
    });
  });
  lines.push('', row(['turns by step', 'store', 'turns', 'p50 ms', 'p99 ms'], [24, 10, 8, 8, 8]));
  names.slice(1).forEach((name, s) => {
    for (const step of STEPS) {
      const l = latencies(rounds.flatMap((round) => round[s + 1]!.byStep!.get(step)!));
      lines.push(row([step, name.replace('attach, ', ''), String(l.count), ms(l.p50), ms(l.p99)], [24, 10, 8, 8, 8]));
    }
  });
  notes.push('', ...lines);

  const at = `${options.owners} owners at once`;
  const section = `attach conversation, ${at} (${options.rounds} rounds, interleaved with the echo bot)`;
  const seqSection = `service time, one turn at a time (${options.sequential} conversations per round)`;
  const per = (s: number, pick: (run: Run) => number) => rounds.map((round) => pick(round[s]!));
  const figures: Figure[] = [
    overRounds(
      { section, label: 'echo bot turns/s', unit: 'turns/s', digits: 0 },
      per(0, (x) => x.turnsPerSecond),
    ),
    overRounds(
      { section, label: 'attach (SQLite) turns/s', unit: 'turns/s', digits: 0 },
      per(1, (x) => x.turnsPerSecond),
    ),
    overRounds(
      { section, label: 'attach (SQLite) / echo bot, turns/s', unit: 'x', digits: 2, goal: { op: '>=', limit: 0.8 } },
      rounds.map((round) => round[1]!.turnsPerSecond / round[0]!.turnsPerSecond),
    ),
  ];
  if (postgres) {
    figures.push(
      overRounds(
        { section, label: 'attach (PostgreSQL) turns/s', unit: 'turns/s', digits: 0 },
        per(2, (x) => x.turnsPerSecond),
      ),
      overRounds(
        {
          section,
          label: 'attach (PostgreSQL) / echo bot, turns/s',
          unit: 'x',
          digits: 2,
          goal: { op: '>=', limit: 0.8 },
        },
        rounds.map((round) => round[2]!.turnsPerSecond / round[0]!.turnsPerSecond),
      ),
      overRounds(
        { section, label: 'attach (PostgreSQL) / attach (SQLite), turns/s', unit: 'x', digits: 2 },
        rounds.map((round) => round[2]!.turnsPerSecond / round[1]!.turnsPerSecond),
      ),
    );
  }
  names.forEach((name, s) => {
    figures.push(
      overRounds(
        { section, label: `${name}: turn p99`, unit: 'ms', digits: 1 },
        per(s, (x) => latencies(x.latencies).p99),
      ),
    );
  });
  names.forEach((name, s) => {
    figures.push(
      overRounds(
        { section, label: `${name}: CPU per turn`, unit: 'ms', digits: 2 },
        per(s, (x) => x.botCpuMsPerTurn),
      ),
    );
  });
  names.forEach((name, s) => {
    figures.push(
      overRounds(
        { section, label: `${name}: peak RSS`, unit: 'MiB', digits: 0 },
        per(s, (x) => mib(x.peakRssBytes)),
      ),
    );
  });
  names.forEach((name, s) => {
    const goals =
      s === 0
        ? [undefined, undefined]
        : [
            { op: '<=' as const, limit: 2 },
            { op: '<=' as const, limit: 8 },
          ];
    figures.push(
      overRounds(
        { section: seqSection, label: `${name}: turn p50`, unit: 'ms', digits: 2, goal: goals[0] },
        per(s, (x) => latencies(x.sequential).p50),
      ),
      overRounds(
        { section: seqSection, label: `${name}: turn p99`, unit: 'ms', digits: 2, goal: goals[1] },
        per(s, (x) => latencies(x.sequential).p99),
      ),
    );
  });
  figures.push(...startupFigures(start, options.startupRounds));
  const conversations =
    (options.conversations + options.owners + options.sequential + 1) * (names.length - 1) * options.rounds;
  if (failures.length === 0)
    notes.push(
      '',
      `all ${conversations} attach conversations ended with "Partner of record attached" and status showing the partner`,
    );
  const details = {
    options,
    startups: start,
    rounds: rounds.map((round) =>
      round.map((run, s) => ({
        bot: names[s],
        turns: run.turns,
        turnsPerSecond: run.turnsPerSecond,
        ...prefix('concurrent', latencies(run.latencies)),
        ...prefix('sequential', latencies(run.sequential)),
        botCpuMsPerTurn: run.botCpuMsPerTurn,
        peakRssMiB: mib(run.peakRssBytes),
        channelPostsPerTurn: run.channelPostsPerTurn,
      })),
    ),
    ratioSpread: spread(rounds.map((round) => round[1]!.turnsPerSecond / round[0]!.turnsPerSecond)),
  };
  return { name: postgres ? 'attach-postgres' : 'attach', figures, failures, details, notes };
}

function prefix(name: string, l: { p50: number; p99: number; count: number }) {
  return { [`${name}P50Ms`]: l.p50, [`${name}P99Ms`]: l.p99, [`${name}Turns`]: l.count };
}
