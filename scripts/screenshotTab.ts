/**
 * `npm run screenshot-tab`: docs/tab-table.png, the README's picture of the Partners tab, from the real page. A bot
 * with the demo seed and a fresh store of its own (a temp DATA_DIR, removed after) runs in this process on a
 * loopback port; headless Chromium (CHROMIUM_PATH, default /usr/bin/chromium) signs in as the demo seed's first
 * owner through the dev sign-in and takes the whole page at 1100 px wide. No `.env` is read: the demo is the point.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { createApp, createPorts } from '../bot/app';
import { DEMO_SEED_FILE, loadConfig, REPO_ROOT } from '../bot/config';
import { createLogger } from '../bot/runtime/logger';

const OUT = path.join(REPO_ROOT, 'docs', 'tab-table.png');
const VIEWPORT = { width: 1100, height: 700 };

/** The first tenant's owner in the demo seed: whom the picture shows signed in. */
function demoOwner(): { tenantId: string; aadObjectId: string } {
  const seed = JSON.parse(readFileSync(DEMO_SEED_FILE, 'utf8')) as {
    tenants: { id: string; users: { aadObjectId: string; role: string }[] }[];
  };
  const tenant = seed.tenants[0]!;
  const owner = tenant.users.find((u) => u.role === 'owner');
  if (!owner) throw new Error(`the demo seed's first tenant has no owner: ${DEMO_SEED_FILE}`);
  return { tenantId: tenant.id, aadObjectId: owner.aadObjectId };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'por-screenshot-'));
  const config = loadConfig({ DATA_DIR: dataDir, SEED_FILE: DEMO_SEED_FILE, LOG_LEVEL: 'silent' });
  const app = createApp(config, createLogger(config.LOG_LEVEL), createPorts(config, createLogger(config.LOG_LEVEL)));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  try {
    await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const page = await browser.newPage({ viewport: VIEWPORT });
    // Only the bot's own host, as in Teams' strictest networks.
    await page.route('**/*', (route) => (route.request().url().startsWith(url) ? route.continue() : route.abort()));
    await page.goto(`${url}/tab`);
    await page.locator('#dev-user option').first().waitFor({ state: 'attached' });
    await page.locator('#dev-user').selectOption(JSON.stringify(demoOwner()));
    await page.locator('#dev-go').click();
    await page.locator('#subscriptions tbody tr').first().waitFor();
    await page.screenshot({ path: OUT, fullPage: true });
    process.stdout.write(`${path.relative(REPO_ROOT, OUT)} written\n`);
  } finally {
    await browser.close();
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`screenshot-tab: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
