/**
 * `npm run screenshots`: the README's pictures of the Partners tab, from the real page, in docs/images/: light and
 * dark, wide (1280 px) and narrow (360 px, Teams mobile). A bot with the demo seed and a fresh store of its own (a
 * temp DATA_DIR, removed after) runs in this process on a loopback port; headless Chromium (CHROMIUM_PATH, default
 * /usr/bin/chromium) signs in as the demo seed's first owner through the dev sign-in and attaches a partner to one
 * subscription, so a change and its email show. No `.env` is read: the demo is the point. Only the bot's own host is
 * reached.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { createApp, createPorts } from '../bot/app';
import { DEMO_SEED_FILE, loadConfig, REPO_ROOT } from '../bot/config';
import { createLogger } from '../bot/runtime/logger';

const OUT_DIR = path.join(REPO_ROOT, 'docs', 'images');
const SHOTS = [
  { name: 'tab-light-wide', theme: 'default', viewport: { width: 1280, height: 760 } },
  { name: 'tab-dark-wide', theme: 'dark', viewport: { width: 1280, height: 760 } },
  { name: 'tab-light-narrow', theme: 'default', viewport: { width: 360, height: 900 } },
  { name: 'tab-dark-narrow', theme: 'dark', viewport: { width: 360, height: 900 } },
] as const;

interface DemoSeed {
  tenants: { id: string; users: { aadObjectId: string; role: string }[]; subscriptions: { id: string }[] }[];
  partners: { partnerId: string }[];
}

/** The first tenant's owner in the demo seed (whom the pictures show signed in), and what to attach. */
function demo(): { owner: { tenantId: string; aadObjectId: string }; partnerId: string } {
  const seed = JSON.parse(readFileSync(DEMO_SEED_FILE, 'utf8')) as DemoSeed;
  const tenant = seed.tenants[0]!;
  const owner = tenant.users.find((u) => u.role === 'owner');
  if (!owner) throw new Error(`the demo seed's first tenant has no owner: ${DEMO_SEED_FILE}`);
  return { owner: { tenantId: tenant.id, aadObjectId: owner.aadObjectId }, partnerId: seed.partners.at(-2)!.partnerId };
}

/** Signs in, and attaches the partner to the first row without one (once: the store is shared by the shots). */
async function signIn(page: Page, url: string, theme: string, attach: string | null): Promise<void> {
  await page.goto(`${url}/tab?theme=${theme}`);
  await page.locator('#dev-user option').first().waitFor({ state: 'attached' });
  await page.locator('#dev-user').selectOption(JSON.stringify(demo().owner));
  await page.locator('#dev-go').click();
  await page.locator('#subscriptions tbody tr').first().waitFor();
  if (attach) {
    await page
      .locator('tbody tr', { has: page.locator('fluent-badge') })
      .first()
      .locator('fluent-button')
      .first()
      .click();
    await page.locator('#partner-id input').fill(attach);
    await page.locator('#partner-check').click();
    await page.locator('#partner-submit:not([hidden])').click();
    await page.locator('#announce:not([hidden])').waitFor();
    await page.waitForFunction("!document.getElementById('partner-dialog').dialog.open");
  }
  // The mouse away from the buttons, and the fonts in: the picture as a person first sees it.
  await page.mouse.move(0, 0);
  await page.evaluate('document.fonts.ready');
}

async function shoot(browser: Browser, url: string): Promise<void> {
  mkdirSync(OUT_DIR, { recursive: true });
  let attach: string | null = demo().partnerId;
  for (const shot of SHOTS) {
    const context = await browser.newContext({
      viewport: shot.viewport,
      locale: 'en-GB',
      timezoneId: 'Europe/Berlin',
      deviceScaleFactor: 1,
    });
    const page = await context.newPage();
    // Only the bot's own host, as in Teams' strictest networks.
    await page.route('**/*', (route) => (route.request().url().startsWith(url) ? route.continue() : route.abort()));
    await signIn(page, url, shot.theme, attach);
    attach = null;
    const file = path.join(OUT_DIR, `${shot.name}.png`);
    await page.screenshot({ path: file, animations: 'disabled' });
    process.stdout.write(`${path.relative(REPO_ROOT, file)} written\n`);
    await context.close();
  }
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
    await shoot(browser, `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`);
  } finally {
    await browser.close();
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`screenshots: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
