import assert from 'node:assert/strict';
import type { Browser, Locator, Page } from 'playwright-core';
import { chromiumMissingReason, launchChromium } from '../support/browser';
import { skipSuite } from '../support/skipSuite';
import { startBot, DEMO, type BotUnderTest } from '../support/botUnderTest';

/** Teams mobile's narrowest phone width, and a common one. */
const WIDTHS = [320, 420];

describe('tab page on a narrow screen, in headless Chromium', function () {
  this.timeout(60_000);
  let browser: Browser;
  let bot: BotUnderTest;

  before(async function () {
    const missing = chromiumMissingReason();
    if (missing) skipSuite(this, missing);
    browser = await launchChromium();
    bot = await startBot();
  });
  after(async () => {
    await bot?.stop();
    await browser?.close();
  });

  /** Fails unless the element lies within the viewport's width and Playwright could click it (nothing covers it). */
  async function assertReachable(_page: Page, button: Locator, width: number): Promise<void> {
    const name = await button.innerText();
    const box = await button.boundingBox();
    assert.ok(box, `${name} is not shown`);
    assert.ok(
      box.x >= 0 && box.x + box.width <= width,
      `${name} at x ${box.x}..${box.x + box.width}, outside 0..${width}`,
    );
    await button.click({ trial: true, timeout: 2_000 });
  }

  async function assertNoSideways(page: Page): Promise<void> {
    const { scrollWidth, clientWidth } = await page.evaluate<{ scrollWidth: number; clientWidth: number }>(
      '({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth })',
    );
    assert.ok(scrollWidth <= clientWidth, `the page scrolls sideways: ${scrollWidth} > ${clientWidth}`);
  }

  for (const width of WIDTHS) {
    it(`at ${width} px: every action within the screen and clickable, nothing scrolls sideways`, async () => {
      const page = await browser.newPage({ viewport: { width, height: 640 } });
      try {
        await page.route('**/*', (route) =>
          route.request().url().startsWith(bot.url) ? route.continue() : route.abort(),
        );
        await page.goto(`${bot.url}/tab`);
        await page.getByText('not running inside Microsoft Teams').waitFor();
        await assertNoSideways(page);
        await assertReachable(page, page.getByRole('button', { name: 'Sign in' }), width);
        await page
          .getByLabel('Sign in as')
          .selectOption(JSON.stringify({ tenantId: DEMO.contoso, aadObjectId: DEMO.users.owner }));
        await page.getByRole('button', { name: 'Sign in' }).click();
        await page.locator('tbody tr').first().waitFor();

        const buttons = page.locator('tbody button');
        // 7 subscriptions, each with History and Attach, or Change and Remove.
        assert.ok((await buttons.count()) >= 14, `${await buttons.count()} buttons`);
        for (const button of await buttons.all()) await assertReachable(page, button, width);
        await assertReachable(page, page.getByRole('button', { name: 'Download the history (CSV)' }), width);
        await assertNoSideways(page);

        // An action works there: the Partner ID dialog opens within the screen, and its buttons too.
        const crm = page.locator(`tr[data-subscription-id="${DEMO.subscriptions.crm}"]`);
        await crm.getByRole('button', { name: /^Attach/ }).click();
        const dialog = page.locator('#partner-dialog');
        await dialog.getByLabel('Partner ID').waitFor();
        for (const name of ['Check ID', 'Cancel'])
          await assertReachable(page, dialog.getByRole('button', { name }), width);
        await assertReachable(page, dialog.getByLabel('Partner ID'), width);
        await assertNoSideways(page);
        await dialog.getByRole('button', { name: 'Cancel' }).click();
      } finally {
        await page.close();
      }
    });
  }
});
