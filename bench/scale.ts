/**
 * The scale scenario: large generated worlds (10,000 and 100,000 tenants by default, 20 subscriptions each, every
 * owner with a chat, every subscription with a partner of record and its history). For each: seed loading, the
 * bot's start-up against the echo bot's (interleaved), RSS, the event loop during the nudge pass, `status` latency
 * at concurrency 1 and 16, RSS after 500 owners' status; and, on the first world, the outbox: claiming a batch with
 * 200,000 pending messages, and `status` during a drain of 150,000 against idle, interleaved.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { openSqliteStore } from '../bot/adapters/sqlite/sqliteStore';
import type { ScenarioResult } from './attach';
import { statusTurn } from './conversation';
import { BenchChannel, BenchClient } from './harness';
import {
  botEnv,
  correctedP99,
  loadSeedInChild,
  sleep,
  startChild,
  waitUntilSettled,
  WATCH_EVENT_LOOP,
  type Child,
  type SeedLoad,
} from './processes';
import { progress } from './progress';
import { latencies, median, mib, overRounds, type Figure, type Goal } from './report';
import { fillOutbox, generateWorld, type OutboxRange, type World } from './world';

export interface ScaleOptions {
  tenants: number[];
  subscriptions: number;
  partners: number;
  rounds: number;
  statusC1: number;
  statusC16: number;
  statusOwners: number;
  outboxPending: number;
  drain: number;
  outbox: boolean;
  /** The longest wait for a bot's start-up work (the nudge pass) to settle. */
  settleSeconds: number;
}

const count = (value: string | undefined, fallback: number, name: string, min = 1): number => {
  if (value === undefined) return fallback;
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer of at least ${min}, got "${value}"`);
  return n;
};

export function scaleOptions(args: string[]): ScaleOptions {
  const { values } = parseArgs({
    args,
    options: {
      tenants: { type: 'string' },
      subscriptions: { type: 'string' },
      partners: { type: 'string' },
      rounds: { type: 'string' },
      'status-c1': { type: 'string' },
      'status-c16': { type: 'string' },
      'status-owners': { type: 'string' },
      'outbox-pending': { type: 'string' },
      drain: { type: 'string' },
      'no-outbox': { type: 'boolean' },
      'settle-seconds': { type: 'string' },
    },
  });
  const tenants = (values.tenants ?? '10000,100000').split(',').map((t) => count(t.trim(), 0, 'tenants', 2));
  const options: ScaleOptions = {
    tenants,
    subscriptions: count(values.subscriptions, 20, 'subscriptions'),
    partners: count(values.partners, 50, 'partners'),
    rounds: count(values.rounds, 3, 'rounds'),
    statusC1: count(values['status-c1'], 300, 'status-c1'),
    statusC16: count(values['status-c16'], 2000, 'status-c16'),
    statusOwners: count(values['status-owners'], 500, 'status-owners'),
    outboxPending: count(values['outbox-pending'], 200_000, 'outbox-pending'),
    drain: count(values.drain, 150_000, 'drain'),
    outbox: !values['no-outbox'],
    settleSeconds: count(values['settle-seconds'], 600, 'settle-seconds'),
  };
  if (options.drain > options.outboxPending) throw new Error('--drain cannot exceed --outbox-pending');
  if (Math.max(options.statusOwners, options.statusC1) > Math.min(...tenants))
    throw new Error('--status-owners and --status-c1 must not exceed the smallest world');
  return options;
}

const fmt = (n: number) => n.toLocaleString('en-US');
/** The goal applies to the world the issue names it for; on other sizes the figure is shown without one. */
const at = (tenants: number, size: number, goal: Goal): Goal | undefined => (tenants === size ? goal : undefined);

/** `status` turns, `concurrency` at a time, by the owners of tenants 0..owners-1 in turn. */
async function statusTraffic(
  world: World,
  client: BenchClient,
  channel: BenchChannel,
  turns: number,
  concurrency: number,
  owners: number,
  label: string,
  failures: string[],
): Promise<number[]> {
  const times: number[] = [];
  const users = new Map<number, ReturnType<World['user']>>();
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < turns; i = next++) {
      const t = i % owners;
      let user = users.get(t);
      if (!user) {
        user = world.user(t);
        users.set(t, user);
      }
      try {
        times.push(await statusTurn(client, channel, user));
      } catch (err) {
        failures.push(`${label}: owner ${t + 1}: ${(err as Error).message}`);
      }
      if (times.length % 50 === 0) progress.tick(`${label}, ${fmt(times.length)} of ${fmt(turns)} turns`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return times;
}

interface BotStart {
  startupMs: number;
  rssAfterStartBytes: number;
  nudgePassMs: number;
  eventLoopP99Ms: number;
  eventLoopMaxMs: number;
}

/** Starts the bot on the world and waits for its start-up work (the nudge pass over every tenant) to settle. */
function expectSeedLoad(load: SeedLoad, imported: boolean): SeedLoad {
  if (load.imported !== imported)
    throw new Error(
      `seed loading ${imported ? 'opened an import in an empty data dir' : 'imported again a seed that had not changed'}`,
    );
  return load;
}

async function startBot(world: World, options: ScaleOptions): Promise<{ bot: Child; start: BotStart }> {
  const bot = await startChild(
    'bot',
    botEnv({ SEED_FILE: world.seedFile, DATA_DIR: world.dataDir, ...WATCH_EVENT_LOOP }),
    world.dir,
  );
  const settledAt = await waitUntilSettled(bot, options.settleSeconds * 1000);
  // The nudge pass starts right after the bot listens; the reports of the seconds it ran (and the one after it).
  const from = bot.listeningMs;
  const to = settledAt - bot.forkedAt + 1500;
  const reports = bot.eventLoop.filter((r) => r.atMs >= from && r.atMs <= to);
  return {
    bot,
    start: {
      startupMs: bot.startupMs,
      rssAfterStartBytes: bot.rssBytes(),
      nudgePassMs: Math.max(0, settledAt - bot.forkedAt - bot.listeningMs),
      eventLoopP99Ms: Math.max(...reports.map(correctedP99)),
      eventLoopMaxMs: Math.max(...reports.map((r) => r.maxMs)),
    },
  };
}

async function scaleWorld(
  tenants: number,
  options: ScaleOptions,
  channel: BenchChannel,
  withOutbox: boolean,
  failures: string[],
  details: Record<string, unknown>,
): Promise<Figure[]> {
  const S = options.subscriptions;
  const name = `${fmt(tenants)} tenants`;
  const section = `world of ${fmt(tenants)} tenants x ${S} subscriptions (${fmt(tenants)} owners with a chat, ${fmt(tenants * S)} subscriptions with history)`;
  const figures: Figure[] = [];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'por-bench-world-'));
  let bot: Child | undefined;
  try {
    progress.set(`scale, ${name}: generating`);
    const generated = await generateWorld(
      dir,
      { tenants, subscriptionsPerTenant: S, partners: options.partners },
      channel.url,
    );
    const { world } = generated;
    figures.push({
      section,
      label: `generating it (seed file ${fmt(Math.round(mib(world.seedBytes())))} MiB, store ${fmt(Math.round(mib(world.storeBytes())))} MiB)`,
      unit: 's',
      digits: 1,
      value: (generated.seedMs + generated.storeMs) / 1000,
    });

    // Each round: a first import into an empty data dir, then a restart on it with the seed unchanged.
    const imports: number[] = [];
    const loads: number[] = [];
    for (let r = 0; r < options.rounds; r++) {
      progress.set(
        `scale, ${name}: seed loading in a fresh process, round ${r + 1} of ${options.rounds}`,
        'first import',
      );
      const seedDataDir = mkdtempSync(path.join(dir, 'seed-load-'));
      try {
        imports.push(expectSeedLoad(await loadSeedInChild(world.seedFile, seedDataDir), true).totalMs);
        progress.tick('restart with the seed unchanged');
        loads.push(expectSeedLoad(await loadSeedInChild(world.seedFile, seedDataDir), false).totalMs);
      } finally {
        rmSync(seedDataDir, { recursive: true, force: true });
      }
    }
    figures.push(
      overRounds(
        {
          section,
          label: 'seed loading, first import (read, hash, parse, validate, write the SQLite directory)',
          unit: 'ms',
          digits: 0,
        },
        imports,
      ),
      overRounds(
        {
          section,
          label: 'seed loading, restart with the seed file unchanged (stat it, open the directory)',
          unit: 'ms',
          digits: 0,
          goal: at(tenants, 10_000, { op: '<=', limit: 300 }),
        },
        loads,
      ),
    );

    // Start-up, interleaved with the echo bot's (one unmeasured echo start first, for the disk cache). The world's
    // seed is imported into its data dir first, so every round is a restart, as the section says.
    expectSeedLoad(await loadSeedInChild(world.seedFile, world.dataDir), true);
    await (await startChild('echo', {})).stop();
    const echo: number[] = [];
    const starts: BotStart[] = [];
    for (let r = 0; r < options.rounds; r++) {
      progress.set(`scale, ${name}: start-up, round ${r + 1} of ${options.rounds}`, 'echo bot');
      const e = await startChild('echo', {});
      echo.push(e.startupMs);
      await e.stop();
      progress.tick('the bot, until its start-up work (the nudge pass) settles');
      const started = await startBot(world, options);
      starts.push(started.start);
      if (r < options.rounds - 1) await started.bot.stop();
      else bot = started.bot;
    }
    const startupSection = `${section}: restart`;
    figures.push(
      overRounds(
        { section: startupSection, label: 'echo bot start-up until /healthz answers', unit: 'ms', digits: 0 },
        echo,
      ),
      overRounds(
        { section: startupSection, label: 'bot start-up until /healthz answers', unit: 'ms', digits: 0 },
        starts.map((s) => s.startupMs),
      ),
      overRounds(
        {
          section: startupSection,
          label: 'bot / echo bot start-up',
          unit: 'x',
          digits: 2,
          goal: at(tenants, 100_000, { op: '<=', limit: 1.5 }),
        },
        starts.map((s, i) => s.startupMs / echo[i]!),
      ),
      overRounds(
        {
          section: startupSection,
          label: 'RSS after start (start-up work settled)',
          unit: 'MiB',
          digits: 0,
          goal: at(tenants, 10_000, { op: '<=', limit: 200 }),
        },
        starts.map((s) => mib(s.rssAfterStartBytes)),
      ),
      overRounds(
        { section: startupSection, label: 'nudge pass, from listening until the bot is idle', unit: 's', digits: 1 },
        starts.map((s) => s.nudgePassMs / 1000),
      ),
      overRounds(
        {
          section: startupSection,
          label: 'event-loop delay p99 during the nudge pass (worst second)',
          unit: 'ms',
          digits: 1,
          goal: at(tenants, 100_000, { op: '<=', limit: 20 }),
        },
        starts.map((s) => s.eventLoopP99Ms),
      ),
      overRounds(
        { section: startupSection, label: 'event-loop delay max during the nudge pass', unit: 'ms', digits: 0 },
        starts.map((s) => s.eventLoopMaxMs),
      ),
    );

    // `status` on the last round's bot.
    const client = new BenchClient(bot!.url, 16);
    try {
      const statusSection = `${section}: status`;
      progress.set(`scale, ${name}: status, one at a time`);
      const c1 = latencies(
        await statusTraffic(world, client, channel, options.statusC1, 1, options.statusC1, `status c1`, failures),
      );
      progress.set(`scale, ${name}: status, 16 at a time`);
      const c16 = latencies(
        await statusTraffic(
          world,
          client,
          channel,
          options.statusC16,
          16,
          options.statusOwners,
          `status c16`,
          failures,
        ),
      );
      const owners = Math.max(options.statusC1, options.statusOwners);
      figures.push(
        {
          section: statusSection,
          label: `status p50, one at a time (${fmt(c1.count)} owners)`,
          unit: 'ms',
          digits: 2,
          value: c1.p50,
        },
        { section: statusSection, label: 'status p99, one at a time', unit: 'ms', digits: 2, value: c1.p99 },
        {
          section: statusSection,
          label: `status p50, 16 at a time (${fmt(c16.count)} turns, ${fmt(options.statusOwners)} owners)`,
          unit: 'ms',
          digits: 2,
          value: c16.p50,
        },
        { section: statusSection, label: 'status p99, 16 at a time', unit: 'ms', digits: 2, value: c16.p99 },
        {
          section: statusSection,
          label: `RSS after ${fmt(owners)} owners' status`,
          unit: 'MiB',
          digits: 0,
          value: mib(bot!.rssBytes()),
          goal: at(tenants, 10_000, { op: '<=', limit: 200 }),
        },
      );
      details[name] = {
        generated: {
          seedMs: generated.seedMs,
          storeMs: generated.storeMs,
          seedBytes: world.seedBytes(),
          storeBytes: world.storeBytes(),
        },
        seedImportMs: imports,
        seedLoadMs: loads,
        echoStartupMs: echo,
        starts,
        statusC1: c1,
        statusC16: c16,
      };
    } finally {
      client.close();
      await bot!.stop();
      bot = undefined;
    }

    if (withOutbox) figures.push(...(await outboxFigures(world, options, channel, failures, details)));
    return figures;
  } catch (err) {
    failures.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
    figures.push({
      section,
      label: 'the world could not be measured',
      unit: '',
      value: null,
      note: (err instanceof Error ? err.message : String(err)).split('\n')[0],
    });
    return figures;
  } finally {
    await bot?.stop();
    progress.tick(`removing the ${name} world`);
    rmSync(dir, { recursive: true, force: true });
  }
}

const FAR = '2999-01-01T00:00:00.000Z';
const past = () => new Date(Date.now() - 60_000).toISOString();

/** Chunked UPDATEs, so the bot (which waits up to 5 s for the lock) is never kept waiting long. */
function updateRange(world: World, range: OutboxRange, sql: string, params: unknown[]): void {
  const db = world.open();
  try {
    const statement = db.prepare(`${sql} AND id BETWEEN ? AND ?`);
    for (let from = range.first; from <= range.last; from += 5000)
      statement.run(...params, from, Math.min(range.last, from + 4999));
  } finally {
    db.close();
  }
}

/** Pending again, due at `dueAt`, as if never sent. */
const resetMessages = (world: World, range: OutboxRange, dueAt: string) =>
  updateRange(
    world,
    range,
    "UPDATE outbox SET status = 'pending', sent_at = NULL, lease_until = NULL, attempts = 0, last_error = NULL, next_attempt_at = ? WHERE 1 = 1",
    [dueAt],
  );

function settledCount(world: World, range: OutboxRange): number {
  const db = world.open();
  try {
    return db
      .prepare("SELECT COUNT(*) FROM outbox WHERE status != 'pending' AND id BETWEEN ? AND ?")
      .pluck()
      .get(range.first, range.last) as number;
  } finally {
    db.close();
  }
}

async function outboxFigures(
  world: World,
  options: ScaleOptions,
  channel: BenchChannel,
  failures: string[],
  details: Record<string, unknown>,
): Promise<Figure[]> {
  const section = `outbox, on the world of ${fmt(world.shape.tenants)} tenants`;
  progress.set(`scale, outbox: adding ${fmt(options.outboxPending)} pending messages`);
  const all = fillOutbox(world, options.outboxPending, past());

  // Claiming: the store's own claimDue, as the dispatcher calls it (batches of 20, each message then marked sent).
  progress.set(`scale, outbox: claiming batches with ${fmt(options.outboxPending)} pending`);
  const claims: number[] = [];
  const store = openSqliteStore({ dataDir: world.dataDir });
  try {
    for (let i = 0; i < 50; i++) {
      const now = new Date();
      const started = performance.now();
      const batch = await store.claimDue(now.toISOString(), new Date(now.getTime() + 60_000).toISOString(), 20);
      claims.push(performance.now() - started);
      if (batch.length !== 20) throw new Error(`claimDue gave ${batch.length} messages, not 20`);
      for (const message of batch) await store.markSent(message.id, now.toISOString(), []);
    }
  } finally {
    await store.close();
  }

  // The drain: `drain` messages due now; the others wait for a retry later on (due tomorrow).
  const drain: OutboxRange = { first: all.first, last: all.first + options.drain - 1 };
  const later: OutboxRange = { first: drain.last + 1, last: all.last };
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
  if (later.first <= later.last) resetMessages(world, later, tomorrow);
  resetMessages(world, drain, FAR);

  progress.set('scale, outbox: starting the bot');
  const { bot } = await startBot(world, options);
  const client = new BenchClient(bot.url, 16);
  const idle: number[] = [];
  const draining: number[] = [];
  const rates: number[] = [];
  const alone: number[] = [];
  try {
    for (let r = 0; r < options.rounds; r++) {
      // Idle: nothing due (the drain's messages parked far ahead); wait for a batch under way to finish.
      progress.set(`scale, outbox: round ${r + 1} of ${options.rounds}, status while idle`);
      updateRange(world, drain, "UPDATE outbox SET next_attempt_at = ? WHERE status = 'pending'", [FAR]);
      for (
        let before = -1, now = settledCount(world, drain);
        now !== before;
        before = now, now = settledCount(world, drain)
      )
        await sleep(1000);
      idle.push(
        latencies(
          await statusTraffic(
            world,
            client,
            channel,
            options.statusC16,
            16,
            options.statusOwners,
            'status c16, idle',
            failures,
          ),
        ).p99,
      );

      // Draining: every one of the drain's messages pending and due (those sent in an earlier round too).
      progress.set(
        `scale, outbox: round ${r + 1} of ${options.rounds}, status during a drain of ${fmt(options.drain)}`,
        'waiting for the dispatcher',
      );
      resetMessages(world, drain, past());
      const waitFrom = performance.now();
      let base = settledCount(world, drain);
      while (settledCount(world, drain) === base && performance.now() - waitFrom < 30_000) await sleep(200);
      // The dispatcher alone for a few seconds, then with status traffic.
      base = settledCount(world, drain);
      let started = performance.now();
      await sleep(5000);
      alone.push((settledCount(world, drain) - base) / ((performance.now() - started) / 1000));
      base = settledCount(world, drain);
      started = performance.now();
      draining.push(
        latencies(
          await statusTraffic(
            world,
            client,
            channel,
            options.statusC16,
            16,
            options.statusOwners,
            'status c16, draining',
            failures,
          ),
        ).p99,
      );
      rates.push((settledCount(world, drain) - base) / ((performance.now() - started) / 1000));
    }
  } finally {
    client.close();
    await bot.stop();
  }
  const rate = median(rates);
  details.outbox = {
    claimMs: claims,
    idleP99Ms: idle,
    drainingP99Ms: draining,
    drainRatePerSecond: rates,
    drainRateAlonePerSecond: alone,
  };
  return [
    overRounds(
      {
        section,
        label: `claim a batch of 20 with ${fmt(options.outboxPending)} pending (median of 50 claims)`,
        unit: 'ms',
        digits: 2,
        goal: { op: '<=', limit: 5 },
      },
      claims,
    ),
    overRounds(
      {
        section,
        label: `status p99, 16 at a time, idle (${fmt(options.statusC16)} turns a round)`,
        unit: 'ms',
        digits: 2,
      },
      idle,
    ),
    overRounds(
      { section, label: `status p99, 16 at a time, during a drain of ${fmt(options.drain)}`, unit: 'ms', digits: 2 },
      draining,
    ),
    overRounds(
      { section, label: 'status p99, draining / idle', unit: 'x', digits: 2, goal: { op: '<=', limit: 1.3 } },
      draining.map((d, i) => d / idle[i]!),
    ),
    overRounds({ section, label: 'drain rate, no other traffic (5 s)', unit: 'messages/s', digits: 0 }, alone),
    overRounds({ section, label: 'drain rate while the status traffic runs', unit: 'messages/s', digits: 0 }, rates),
    {
      section,
      label: `time to drain ${fmt(options.drain)} at that rate`,
      unit: 'min',
      digits: 1,
      value: rate > 0 ? options.drain / rate / 60 : null,
    },
  ];
}

export async function runScaleScenario(options: ScaleOptions): Promise<ScenarioResult> {
  const channel = await new BenchChannel().start();
  const failures: string[] = [];
  const details: Record<string, unknown> = { options };
  const figures: Figure[] = [];
  try {
    for (const [i, tenants] of options.tenants.entries()) {
      figures.push(...(await scaleWorld(tenants, options, channel, options.outbox && i === 0, failures, details)));
    }
  } finally {
    await channel.close();
  }
  const notes = [
    `worlds of ${options.tenants.map(fmt).join(' and ')} tenants x ${options.subscriptions} subscriptions, ${options.partners} partners; generated in a temp dir ` +
      '(seed file and SQLite store written directly), removed after. Each owner has a stored chat; each subscription a partner of record ' +
      '(its assignment and audit entry). The bot runs as production does (compiled bot/main.js), SQLite store, default settings.',
    `${options.rounds} rounds each: start-ups interleaved with the echo bot; "after start" = once the bot has used under 5% of a core for 1 s ` +
      '(its nudge pass over every tenant is over). Event-loop delay: perf_hooks.monitorEventLoopDelay inside the bot (BENCH_EVENT_LOOP=1), ' +
      'per second, its values as Node gives them (an idle loop reads about 10 ms, the sampling period); the p99 of a second counts the samples ' +
      'a blocked stretch held up (coordinated omission), so one long block is not hidden by the samples around it.',
  ];
  if (options.outbox) {
    notes.push(
      `outbox: ${fmt(options.outboxPending)} pending Teams messages ("partner was notified") added to the first world; claims timed on the store's claimDue; ` +
        `then ${fmt(options.drain)} of them due, the rest due tomorrow, and status measured while idle (the drain's messages parked) and while draining, interleaved.`,
    );
  }
  return { figures, failures, details, notes };
}
