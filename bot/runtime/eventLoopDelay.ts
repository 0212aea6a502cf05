import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { Logger } from 'pino';

/**
 * For `npm run bench` only, off unless BENCH_EVENT_LOOP=1: every second, how late the event loop ran during that
 * second (perf_hooks' histogram, sampled every 10 ms, and how many samples it took in how long a window) and the
 * V8 heap's size, sent to
 * the process that started the bot, else logged.
 * Resolves once the histogram has taken its first sample (it keeps none from before), so that work started after
 * it is watched from its first moment.
 */
export async function reportEventLoopDelay(log: Logger): Promise<void> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const ms = (ns: number) => Math.round(ns / 1e4) / 100;
  let since = performance.now();
  const report = () => {
    const now = performance.now();
    const heap = process.memoryUsage();
    const eventLoopDelay = {
      p50Ms: ms(histogram.percentile(50)),
      p99Ms: ms(histogram.percentile(99)),
      maxMs: ms(histogram.max),
      samples: histogram.count,
      windowMs: Math.round(now - since),
      // What the V8 heap holds and has reserved: RSS alone cannot tell live data from garbage not yet collected.
      heapUsedBytes: heap.heapUsed,
      heapTotalBytes: heap.heapTotal,
    };
    histogram.reset();
    since = now;
    if (process.send && process.connected) process.send({ eventLoopDelay }, () => undefined);
    else log.info({ eventLoopDelay }, 'event loop delay');
  };
  // Read after the timers phase, so a late sample of the histogram's own timer is in the second it belongs to.
  setInterval(() => setImmediate(report), 1000).unref();
  await new Promise((resolve) => setTimeout(resolve, 25));
}
