/**
 * The status scenario: only "status" turns, by many owners at once (each in a tenant of its own, its card unchanged
 * between turns, as when owners look without changing anything), against the echo bot's turns in the same rounds
 * (echo, bot, echo, bot ...); then status one turn at a time, for its service time at concurrency 1.
 */
import { wholeOption } from './usage';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { cardText } from '../test/support/cards';
import { measure, runEcho, type Run, type ScenarioResult } from './attach';
import { BenchChannel, BenchClient, BenchUser } from './harness';
import { botEnv, startChild, waitUntilSettled } from './processes';
import { progress } from './progress';
import { latencies, mib, overRounds, type Figure } from './report';
import { benchSeed, PARTNER_COUNT, type SeedInput } from './seed';

const WARMUP_TURNS_PER_OWNER = 5;

export interface StatusOptions {
  owners: number;
  /** Status turns per round, all owners together. */
  turns: number;
  /** Status turns one at a time per round. */
  sequential: number;
  subscriptions: number;
  rounds: number;
}

export function statusOptions(args: string[]): StatusOptions {
  const { values } = parseArgs({
    args,
    options: {
      owners: { type: 'string' },
      turns: { type: 'string' },
      sequential: { type: 'string' },
      subscriptions: { type: 'string' },
      rounds: { type: 'string' },
    },
  });
  return {
    owners: wholeOption(values.owners ?? process.env.BENCH_OWNERS, 64, 'owners', 1000),
    turns: wholeOption(values.turns, 5000, 'turns', 1_000_000),
    sequential: wholeOption(values.sequential, 500, 'sequential', 100_000),
    subscriptions: wholeOption(values.subscriptions, 10, 'subscriptions', 200),
    rounds: wholeOption(values.rounds ?? process.env.BENCH_ROUNDS, 5, 'rounds', 100),
  };
}

/** One tenant per owner; every other subscription has a partner of record from the seed. */
function statusSeed(options: StatusOptions): SeedInput {
  return benchSeed(options.owners, options.subscriptions, (t, s) =>
    s % 2 === 0 ? (t + s) % PARTNER_COUNT : undefined,
  );
}

async function runStatusBot(options: StatusOptions, seed: SeedInput, failures: string[], label: string): Promise<Run> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'por-bench-'));
  try {
    const seedFile = path.join(dir, 'seed.json');
    const dataDir = path.join(dir, 'data');
    mkdirSync(dataDir);
    writeFileSync(seedFile, JSON.stringify(seed));
    const channel = await new BenchChannel().start();
    const limits = {
      RATE_LIMIT_PER_USER_PER_MINUTE: '10000',
      RATE_LIMIT_PER_TENANT_PER_MINUTE: '100000',
      MAX_CONNECTIONS: '4096',
    };
    const bot = await startChild('bot', botEnv({ SEED_FILE: seedFile, DATA_DIR: dataDir, ...limits }), dir);
    await waitUntilSettled(bot, 60_000);
    const client = new BenchClient(bot.url, options.owners);
    try {
      const users = seed.tenants.map(
        (t) => new BenchUser(channel.url, t.id, t.users[0]!.aadObjectId, t.users[0]!.name),
      );
      let done = 0;
      const total = options.turns;
      // A status turn whose card names the owner's own tenant: never another's.
      const status = async (u: number, turns: number, times?: number[]) => {
        const user = users[u]!;
        for (let i = 0; i < turns; i++) {
          try {
            const result = await client.post(user.activity({ type: 'message', text: 'status' }));
            if (result.status !== 200) throw new Error(`HTTP ${result.status}`);
            const card = channel.takeCard(user.conversationId);
            if (!card) throw new Error('the bot sent no card');
            if (!cardText(card).includes(`${seed.tenants[u]!.name}\n`)) throw new Error('the card is not its tenant');
            times?.push(result.ms);
          } catch (err) {
            failures.push(`${label}: owner ${u + 1} turn ${i}: ${(err as Error).message}`);
          }
          if (times) progress.tick(`${label}: ${++done} of ${total} turns`);
        }
      };
      await Promise.all(users.map((_, u) => status(u, WARMUP_TURNS_PER_OWNER)));
      const all: number[] = [];
      const share = (w: number) => Math.floor(total / users.length) + (w < total % users.length ? 1 : 0);
      const figures = await measure(bot, channel, all, () =>
        Promise.all(users.map((_, u) => status(u, share(u), all))).then(() => undefined),
      );
      const sequential: number[] = [];
      for (let i = 0; i < options.sequential; i++) await status(i % users.length, 1, sequential);
      return { ...figures, latencies: all, sequential, peakRssBytes: bot.peakRssBytes() };
    } finally {
      client.close();
      await bot.stop();
      await channel.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runStatusScenario(options: StatusOptions): Promise<ScenarioResult> {
  const seed = statusSeed(options);
  const failures: string[] = [];
  const rounds: [Run, Run][] = [];
  for (let r = 0; r < options.rounds; r++) {
    const label = (name: string) => `status: round ${r + 1} of ${options.rounds}, ${name}`;
    progress.set(label('echo bot'));
    const echoLoad = { owners: options.owners, turns: options.turns, sequentialTurns: options.sequential };
    const echo = await runEcho(echoLoad, failures, label('echo bot'));
    progress.set(label('status'));
    rounds.push([echo, await runStatusBot(options, seed, failures, label('status'))]);
  }
  progress.done();

  const section = `status, ${options.owners} owners at once (${options.rounds} rounds, interleaved with the echo bot)`;
  const seqSection = `status one turn at a time (${options.sequential} turns per round)`;
  const per = (s: 0 | 1, pick: (run: Run) => number) => rounds.map((round) => pick(round[s]));
  const names = ['echo bot', 'status'] as const;
  const figures: Figure[] = [
    overRounds(
      { section, label: 'echo bot turns/s', unit: 'turns/s', digits: 0 },
      per(0, (x) => x.turnsPerSecond),
    ),
    overRounds(
      { section, label: 'status turns/s', unit: 'turns/s', digits: 0 },
      per(1, (x) => x.turnsPerSecond),
    ),
    overRounds(
      { section, label: 'status / echo bot, turns/s', unit: 'x', digits: 2, goal: { op: '>=', limit: 1.0 } },
      rounds.map(([echo, bot]) => bot.turnsPerSecond / echo.turnsPerSecond),
    ),
    ...names.flatMap((name, s) => [
      overRounds(
        { section, label: `${name}: turn p99`, unit: 'ms', digits: 1 },
        per(s as 0 | 1, (x) => latencies(x.latencies).p99),
      ),
      overRounds(
        { section, label: `${name}: CPU per turn`, unit: 'ms', digits: 2 },
        per(s as 0 | 1, (x) => x.botCpuMsPerTurn),
      ),
      overRounds(
        { section, label: `${name}: peak RSS`, unit: 'MiB', digits: 0 },
        per(s as 0 | 1, (x) => mib(x.peakRssBytes)),
      ),
    ]),
    ...names.flatMap((name, s) => [
      overRounds(
        { section: seqSection, label: `${name}: turn p50`, unit: 'ms', digits: 2 },
        per(s as 0 | 1, (x) => latencies(x.sequential).p50),
      ),
      overRounds(
        {
          section: seqSection,
          label: `${name}: turn p99`,
          unit: 'ms',
          digits: 2,
          goal: s === 1 ? { op: '<=', limit: 6 } : undefined,
        },
        per(s as 0 | 1, (x) => latencies(x.sequential).p99),
      ),
    ]),
  ];
  const notes = [
    `${options.rounds} rounds of echo bot, status bot, one after the other; each bot a fresh process. ` +
      `${options.owners} owners at once, each in a tenant of its own with ${options.subscriptions} subscriptions ` +
      `(every other one with a partner of record): ${options.turns} status turns after ${options.owners * WARMUP_TURNS_PER_OWNER} ` +
      `warm-up ones; echo: the same counts. One at a time: ${options.sequential} turns.`,
  ];
  const details = {
    options,
    rounds: rounds.map((round) =>
      round.map((run, s) => ({
        bot: names[s],
        turnsPerSecond: run.turnsPerSecond,
        concurrent: latencies(run.latencies),
        sequential: latencies(run.sequential),
        botCpuMsPerTurn: run.botCpuMsPerTurn,
        channelPostsPerTurn: run.channelPostsPerTurn,
        peakRssMiB: mib(run.peakRssBytes),
      })),
    ),
  };
  return { figures, failures, details, notes };
}
