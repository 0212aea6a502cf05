/**
 * The soak scenario: the bot on a generated world (10,000 tenants x 20 subscriptions by default) under 8 owners at
 * once for 5 minutes, each running the change conversation ("change partner", choose, check, submit, "status") on
 * one subscription after another, every partner change emailed and its owner told; RSS every 10 s.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { ScenarioResult } from './attach';
import { partnerConversation, TURNS_PER_CONVERSATION } from './conversation';
import { BenchChannel, BenchClient } from './harness';
import { botEnv, sleep, startChild, waitUntilSettled, WATCH_EVENT_LOOP } from './processes';
import { progress } from './progress';
import { latencies, mib, type Figure } from './report';
import { generateWorld } from './world';

export interface SoakOptions {
  minutes: number;
  concurrency: number;
  tenants: number;
  subscriptions: number;
  sampleSeconds: number;
}

export function soakOptions(args: string[]): SoakOptions {
  const { values } = parseArgs({
    args,
    options: {
      minutes: { type: 'string' },
      concurrency: { type: 'string' },
      tenants: { type: 'string' },
      subscriptions: { type: 'string' },
      'sample-seconds': { type: 'string' },
    },
  });
  const num = (value: string | undefined, fallback: number, name: string, integer = true): number => {
    if (value === undefined) return fallback;
    const n = Number(value.replace(/_/g, ''));
    if (!(n > 0) || (integer && !Number.isInteger(n)))
      throw new Error(`${name} must be a positive ${integer ? 'integer' : 'number'}, got "${value}"`);
    return n;
  };
  return {
    minutes: num(values.minutes, 5, 'minutes', false),
    concurrency: num(values.concurrency, 8, 'concurrency'),
    tenants: num(values.tenants, 10_000, 'tenants'),
    subscriptions: num(values.subscriptions, 20, 'subscriptions'),
    sampleSeconds: num(values['sample-seconds'], 10, 'sample-seconds', false),
  };
}

const PARTNERS = 50;
const present = (values: (number | null)[]): number[] => values.filter((v): v is number => v !== null);
const maxOf = (values: (number | null)[]): number | null =>
  present(values).length ? Math.max(...present(values)) : null;
const minOf = (values: (number | null)[]): number | null =>
  present(values).length ? Math.min(...present(values)) : null;
const fmt = (n: number) => n.toLocaleString('en-US');

export async function runSoakScenario(options: SoakOptions): Promise<ScenarioResult> {
  const failures: string[] = [];
  const channel = await new BenchChannel().start();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'por-bench-world-'));
  const section = `soak: ${options.concurrency} owners at once for ${options.minutes} min, world of ${fmt(options.tenants)} tenants x ${options.subscriptions} subscriptions`;
  try {
    progress.set(`soak: generating ${fmt(options.tenants)} tenants`);
    const { world } = await generateWorld(
      dir,
      { tenants: options.tenants, subscriptionsPerTenant: options.subscriptions, partners: PARTNERS },
      channel.url,
    );
    progress.set('soak: starting the bot');
    const bot = await startChild(
      'bot',
      botEnv({ SEED_FILE: world.seedFile, DATA_DIR: world.dataDir, ...WATCH_EVENT_LOOP }),
      world.dir,
    );
    const client = new BenchClient(bot.url, options.concurrency);
    const samples: { atSeconds: number; rssMiB: number; heapUsedMiB: number | null; heapTotalMiB: number | null }[] =
      [];
    const turns: number[] = [];
    let conversations = 0;
    // The first of the bot's per-second reports taken under load.
    let loadFrom = 0;
    try {
      await waitUntilSettled(bot, 600_000);
      // Which partner each subscription has now; each owner is worked by one worker at a time.
      const current = new Map<string, number>();
      let nextTenant = 0;
      let visits = 0;
      const started = performance.now();
      const endAt = started + options.minutes * 60_000;
      const sample = () => {
        const atSeconds = (performance.now() - started) / 1000;
        // The bot's own report of its V8 heap (every second, with its event-loop delay): the latest one.
        const heap = bot.eventLoop[bot.eventLoop.length - 1];
        samples.push({
          atSeconds,
          rssMiB: mib(bot.rssBytes()),
          heapUsedMiB: heap ? mib(heap.heapUsedBytes) : null,
          heapTotalMiB: heap ? mib(heap.heapTotalBytes) : null,
        });
        progress.tick(
          `${fmt(conversations)} conversations, RSS ${samples
            .map((s) => s.rssMiB.toFixed(0))
            .slice(-6)
            .join(', ')} MiB`,
        );
      };
      progress.set(`soak: ${options.concurrency} owners at once for ${options.minutes} min`);
      loadFrom = bot.eventLoop.length;
      sample();
      const sampler = setInterval(sample, options.sampleSeconds * 1000);
      const worker = async () => {
        while (performance.now() < endAt) {
          const t = nextTenant;
          nextTenant = (nextTenant + 1) % options.tenants;
          // One subscription of the tenant per visit, the next one on the next visit.
          const s = Math.floor(visits++ / options.tenants) % options.subscriptions;
          const key = `${t}/${s}`;
          const now = current.get(key) ?? world.initialPartner(t, s);
          const next = (now + 1 + (t % (PARTNERS - 1))) % PARTNERS;
          const partner = world.partner(next);
          const change = {
            subscriptionId: world.subscriptionId(t, s),
            subscriptionName: world.subscriptionName(s),
            partnerId: partner.partnerId,
            partnerName: partner.name,
          };
          try {
            await partnerConversation(client, channel, world.user(t), change, 'change', (_step, ms) => turns.push(ms));
            current.set(key, next);
          } catch (err) {
            failures.push(`soak: ${(err as Error).message}`);
            if (failures.length > 100) throw new Error('more than 100 conversations failed');
          }
          conversations++;
        }
      };
      try {
        await Promise.all(Array.from({ length: options.concurrency }, worker));
      } finally {
        clearInterval(sampler);
      }
      sample();
      // The outbox delivers what the last changes queued; one more sample once it is done.
      await sleep(options.sampleSeconds * 1000);
      sample();
    } finally {
      client.close();
      await bot.stop();
    }
    const l = latencies(turns);
    const elapsed = samples.length > 1 ? samples[samples.length - 1]!.atSeconds : NaN;
    const figures: Figure[] = [
      {
        section,
        label: 'RSS at the start (start-up work settled)',
        unit: 'MiB',
        digits: 0,
        value: samples[0]?.rssMiB ?? null,
      },
      {
        section,
        label: `RSS, highest of ${samples.length} samples (every ${options.sampleSeconds} s)`,
        unit: 'MiB',
        digits: 0,
        value: Math.max(...samples.map((s) => s.rssMiB)),
        goal: { op: '<=', limit: 260 },
      },
      { section, label: 'RSS at the end', unit: 'MiB', digits: 0, value: samples[samples.length - 1]?.rssMiB ?? null },
      {
        section,
        label: 'V8 heap reserved (heapTotal), highest',
        unit: 'MiB',
        digits: 0,
        value: maxOf(samples.map((s) => s.heapTotalMiB)),
      },
      {
        section,
        label: 'V8 heap in use, lowest under load (about the live data)',
        unit: 'MiB',
        digits: 0,
        value: minOf(bot.eventLoop.slice(loadFrom).map((r) => mib(r.heapUsedBytes))),
      },
      {
        section,
        label: `change conversations (${TURNS_PER_CONVERSATION} turns each)`,
        unit: '',
        digits: 0,
        value: conversations,
      },
      { section, label: 'turns/s', unit: 'turns/s', digits: 0, value: turns.length / (options.minutes * 60) },
      { section, label: 'turn p50', unit: 'ms', digits: 1, value: l.p50 },
      { section, label: 'turn p99', unit: 'ms', digits: 1, value: l.p99 },
    ];
    const notes = [
      `soak: ${options.concurrency} owners at once, each running "change partner", choose, check, submit, "status" on one subscription after another ` +
        `(${fmt(options.tenants)} owners in turn); every change queues two partner emails (the .eml mail drop) and a Teams notice. ` +
        `The bot runs as production does (compiled bot/main.js), SQLite, default settings.`,
      `RSS every ${options.sampleSeconds} s (MiB): ${samples.map((s) => `${s.atSeconds.toFixed(0)} s ${s.rssMiB.toFixed(0)}`).join(', ')}`,
      `V8 heap in use / reserved at the same samples (MiB): ${samples.map((s) => `${s.heapUsedMiB?.toFixed(0) ?? '?'}/${s.heapTotalMiB?.toFixed(0) ?? '?'}`).join(', ')}. ` +
        `V8 lets the old generation grow to a multiple of what survived its last full collection before collecting again, ` +
        `so under a high allocation rate RSS settles at a few times the live data: a rise that levels off there is not a leak.`,
    ];
    return {
      figures,
      failures,
      details: { options, samples, elapsedSeconds: elapsed, conversations, turns: l },
      notes,
      readmeNotes: notes.slice(1),
    };
  } finally {
    await channel.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
