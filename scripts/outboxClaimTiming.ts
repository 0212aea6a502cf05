/**
 * `npx tsx scripts/outboxClaimTiming.ts [--pending 200000] [--batches 100]`: how long the SQLite store takes to
 * claim a batch of 20 outbox messages while many are pending, as the dispatcher drains them (each batch is marked
 * sent before the next claim). A measurement to run by hand, not a test: `test/adapters/outboxClaimPlan.test.ts`
 * checks the plan that makes it fast, `npm run bench` measures the bot under load.
 *
 * Works on a throwaway store in a temporary directory, through the store's own API only, so the same script
 * measures any version of the store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { openSqliteStore } from '../bot/adapters/sqlite/sqliteStore';
import type { NewOutboxMessage } from '../bot/core';

const BATCH = 20;
const START = Date.parse('2025-01-01T00:00:00.000Z');

function nudge(i: number): NewOutboxMessage {
  const to = { tenantId: `tenant-${i % 50}`, aadObjectId: `owner-${i % 500}` };
  const subscriptionId = `sub-${i}`;
  return {
    channel: 'teams',
    tenantId: to.tenantId,
    subscriptionId,
    payload: { kind: 'nudge', to, subscriptionId, service: 'Azure', subscriptionName: `Subscription ${i}` },
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { pending: { type: 'string', default: '200000' }, batches: { type: 'string', default: '100' } },
  });
  const pending = Number(values.pending);
  const batches = Number(values.batches);
  const dir = mkdtempSync(join(tmpdir(), 'por-claim-timing-'));
  const store = openSqliteStore({ dataDir: dir });
  try {
    // Queued over a minute, a thousand at a time: due times differ, as in a store that has been running.
    const chunk = 1000;
    for (let from = 0; from < pending; from += chunk) {
      const at = new Date(START + Math.floor((from / pending) * 60_000)).toISOString();
      await store.enqueue(
        Array.from({ length: Math.min(chunk, pending - from) }, (_, k) => nudge(from + k)),
        at,
      );
    }
    const now = new Date(START + 3_600_000);
    const lease = new Date(now.getTime() + 60_000).toISOString();

    const claims: number[] = [];
    const settles: number[] = [];
    for (let b = 0; b < batches; b++) {
      const t0 = performance.now();
      const batch = await store.claimDue(now.toISOString(), lease, BATCH);
      const t1 = performance.now();
      for (const m of batch) await store.markSent(m.id, now.toISOString(), []);
      settles.push(performance.now() - t1);
      claims.push(t1 - t0);
      if (batch.length < BATCH) throw new Error(`claimed ${batch.length}, expected ${BATCH}`);
    }
    claims.sort((a, b) => a - b);
    settles.sort((a, b) => a - b);
    const ms = (n: number) => `${n.toFixed(3)} ms`;
    console.log(`${pending.toLocaleString('en-US')} pending, ${batches} batches of ${BATCH}`);
    console.log(
      `claimDue:           median ${ms(percentile(claims, 50))}, p95 ${ms(percentile(claims, 95))}, max ${ms(claims.at(-1)!)}`,
    );
    console.log(
      `markSent x ${BATCH}:      median ${ms(percentile(settles, 50))}, p95 ${ms(percentile(settles, 95))}, max ${ms(settles.at(-1)!)}`,
    );
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
