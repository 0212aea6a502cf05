/**
 * Turns per second and turn latency of the scripted attach conversation, run by many owners at once over
 * loopback, next to a minimal echo bot on the same stack (the ceiling). Usage and output: bench/README.md.
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
import { makePlan, type Job, type Plan } from './seed';

const TURNS_PER_CONVERSATION = 5;
const ECHO_WARMUP_TURNS_PER_USER = 5;
const MIN_TENANTS = 200;

interface Options {
  owners: number;
  conversations: number;
  echoTurns: number;
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: { owners: { type: 'string' }, conversations: { type: 'string' }, 'echo-turns': { type: 'string' } },
  });
  const int = (value: string | undefined, fallback: number, name: string, max: number): number => {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`${name} must be an integer from 1 to ${max}, got "${value}"`);
    return n;
  };
  const owners = int(values.owners ?? process.env.BENCH_OWNERS, 50, 'owners', 1000);
  const conversations = int(values.conversations ?? process.env.BENCH_CONVERSATIONS, 1000, 'conversations', 100_000);
  const echoTurns = int(values['echo-turns'] ?? process.env.BENCH_ECHO_TURNS, conversations * TURNS_PER_CONVERSATION, 'echo-turns', 1_000_000);
  return { owners, conversations, echoTurns };
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

async function runAttach(options: Options, plan: Plan, failures: string[]): Promise<Result & { byStep: Map<Step, number[]> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'por-bench-'));
  try {
    const seedFile = path.join(dir, 'seed.json');
    const dataDir = path.join(dir, 'data');
    mkdirSync(dataDir);
    writeFileSync(seedFile, JSON.stringify(plan.seed));

    const channel = await new BenchChannel().start();
    const bot = await startBotProcess('attach', { SEED_FILE: seedFile, DATA_DIR: dataDir });
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
          await attachConversation(client, channel, userFor(job), job, record).catch((err: Error) => failures.push(err.message));
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
      const result = await measure('attach conversation', bot, channel, latencies, () =>
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

function printResults(results: Result[]): void {
  const widths = [22, 6, 8, 7, 7, 10, 11, 10, 12];
  console.log(row(['scenario', 'turns', 'turns/s', 'p50 ms', 'p99 ms', 'bot CPU ms', 'load CPU ms', 'posts/turn', 'peak RSS MiB'], widths));
  for (const r of results) {
    const sorted = [...r.latencies].sort((a, b) => a - b);
    const turns = sorted.length;
    console.log(
      row(
        [
          r.scenario,
          String(turns),
          (turns / (r.wallMs / 1000)).toFixed(0),
          ms(percentile(sorted, 50)),
          ms(percentile(sorted, 99)),
          ms(r.botCpuMicros / 1000 / turns),
          ms(r.loadCpuMicros / 1000 / turns),
          (r.channelPosts / turns).toFixed(2),
          (r.peakRssBytes / 1024 / 1024).toFixed(1),
        ],
        widths,
      ),
    );
  }
}

function printSteps(byStep: Map<Step, number[]>): void {
  const widths = [22, 6, 7, 7];
  console.log(row(['attach turns by step', 'turns', 'p50 ms', 'p99 ms'], widths));
  for (const [step, values] of byStep) {
    const sorted = [...values].sort((a, b) => a - b);
    console.log(row([step, String(sorted.length), ms(percentile(sorted, 50)), ms(percentile(sorted, 99))], widths));
  }
}

async function main(): Promise<number> {
  const options = readOptions();
  const plan = makePlan({ owners: options.owners, conversations: options.conversations, minTenants: MIN_TENANTS });
  const cpus = os.cpus();
  console.log(`node ${process.version} on ${os.platform()} ${os.arch()}, ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${os.availableParallelism()} cores`);
  console.log(
    `owners ${options.owners} concurrent; attach: ${options.conversations} conversations x ${TURNS_PER_CONVERSATION} turns ` +
      `after ${options.owners} warm-up conversations; echo: ${options.echoTurns} turns after ${options.owners * ECHO_WARMUP_TURNS_PER_USER} warm-up`,
  );
  console.log(
    `seed: ${plan.tenants} tenants x ${plan.subscriptionsPerTenant} subscriptions without partner, ${plan.seed.partners.length} partners; ` +
      `each bot in its own process, load client and channel server in this one; loopback, HTTP keep-alive`,
  );
  console.log('');

  const failures: string[] = [];
  const echo = await runEcho(options, failures);
  const attach = await runAttach(options, plan, failures);
  printResults([echo, attach]);
  console.log('');
  printSteps(attach.byStep);
  console.log('');
  console.log('per turn: bot CPU ms = CPU time of the bot process (peak RSS is its too); load CPU ms = this process (client + channel);');
  console.log('          posts/turn = activities the bot posted to the channel (replies and typing indicators)');

  if (failures.length > 0) {
    console.error(`\n${failures.length} FAILED (conversations or echo turns); the figures above include failed work. First ones:`);
    for (const f of failures.slice(0, 10)) console.error(`  ${f}`);
    return 1;
  }
  console.log(`all ${options.conversations + options.owners} attach conversations ended with "Partner of record attached" and status showing the partner`);
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
