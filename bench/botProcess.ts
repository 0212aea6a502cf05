/**
 * Runs one bot under test in its own process, so the load client and the channel server (in the parent)
 * do not share its event loop, and its RSS and CPU time are its own.
 *
 *   argv[2]: 'echo' | 'attach'; env SEED_FILE and DATA_DIR for 'attach', and STORE (sqlite by default) with,
 *   for STORE=postgres, DATABASE_URL, DATABASE_SCHEMA and DATABASE_POOL_SIZE.
 * Messages from the parent: 'stats' (answered with peak RSS and CPU time so far) and 'stop'.
 */
import type { AddressInfo } from 'node:net';
import { startBot } from '../test/support/botUnderTest';
import { createEchoServer } from './echoBot';

export type ParentMessage = 'stats' | 'stop';
export type ChildMessage =
  | { type: 'ready'; url: string }
  | { type: 'stats'; peakRssBytes: number; cpuMicros: number };

async function start(scenario: string): Promise<{ url: string; stop: () => Promise<void> }> {
  if (scenario === 'attach') {
    const seedFile = process.env.SEED_FILE;
    const dataDir = process.env.DATA_DIR;
    if (!seedFile || !dataDir) throw new Error('SEED_FILE and DATA_DIR must be set');
    // The bench measures the conversation, not the limits: up to a thousand owners, each on its own kept-alive
    // connection, more than MAX_CONNECTIONS' default allows.
    const limits = { RATE_LIMIT_PER_USER_PER_MINUTE: '10000', RATE_LIMIT_PER_TENANT_PER_MINUTE: '100000', MAX_CONNECTIONS: '4096' };
    // The store the parent chose; startBot reads only the env it is given, not this process's.
    const store: Record<string, string> = {};
    for (const key of ['STORE', 'DATABASE_URL', 'DATABASE_SCHEMA', 'DATABASE_POOL_SIZE']) {
      const value = process.env[key];
      if (value) store[key] = value;
    }
    const bot = await startBot({ env: { SEED_FILE: seedFile, LOG_LEVEL: 'silent', ...limits, ...store }, dataDir });
    return { url: bot.url, stop: () => bot.stop() };
  }
  if (scenario === 'echo') {
    const server = createEchoServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}`, stop: async () => void server.close() };
  }
  throw new Error(`unknown scenario ${scenario}`);
}

function send(message: ChildMessage, then?: () => void): void {
  process.send!(message, undefined, undefined, then);
}

async function main(): Promise<void> {
  // Without a parent there is nobody to stop us: never outlive it.
  process.on('disconnect', () => process.exit(1));

  let peakRssBytes = process.memoryUsage.rss();
  const sample = () => (peakRssBytes = Math.max(peakRssBytes, process.memoryUsage.rss()));
  setInterval(sample, 50).unref();

  const bot = await start(process.argv[2] ?? '');
  process.on('message', (message: ParentMessage) => {
    sample();
    const usage = process.cpuUsage();
    if (message === 'stats') send({ type: 'stats', peakRssBytes, cpuMicros: usage.user + usage.system });
    if (message === 'stop') void bot.stop().finally(() => process.exit(0));
  });
  send({ type: 'ready', url: bot.url });
}

main().catch((err: unknown) => {
  process.stderr.write(`bot process failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
