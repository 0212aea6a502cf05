/**
 * Runs `work` on every item: items with the same key one after another, in the order given (a lane), and at most
 * `limit` lanes at once. Every lane is run to its end even when another fails; the first failure is then thrown.
 */
export async function runInLanes<T>(items: readonly T[], keyOf: (item: T) => string, limit: number, work: (item: T) => Promise<void>): Promise<void> {
  const lanes = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const lane = lanes.get(key);
    if (lane) lane.push(item);
    else lanes.set(key, [item]);
  }
  const waiting = [...lanes.values()];
  const worker = async (): Promise<void> => {
    for (let lane = waiting.shift(); lane; lane = waiting.shift()) for (const item of lane) await work(item);
  };
  const results = await Promise.allSettled(Array.from({ length: Math.min(limit, waiting.length) }, worker));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}
