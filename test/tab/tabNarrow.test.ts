import assert from 'node:assert/strict';
import type { Browser, Locator, Page } from 'playwright-core';
import { AccessibleTab, row } from '../support/accessibleTab';
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
    const name = (await button.getAttribute('aria-label')) ?? (await button.innerText());
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
      const ax = new AccessibleTab(page);
      try {
        await page.route('**/*', (route) =>
          route.request().url().startsWith(bot.url) ? route.continue() : route.abort(),
        );
        await page.goto(`${bot.url}/tab`);
        await page.getByText('not running inside Microsoft Teams').waitFor();
        await assertNoSideways(page);
        await assertReachable(page, await ax.button('Sign in'), width);
        await page
          .getByLabel('Sign in as')
          .selectOption(JSON.stringify({ tenantId: DEMO.contoso, aadObjectId: DEMO.users.owner }));
        await (await ax.button('Sign in')).click();
        await page.locator('tbody tr').first().waitFor();

        const controls = page.locator('tbody fluent-button, tbody fluent-checkbox');
        // 7 subscriptions, each with History and Attach, or Change and Remove, and a tick to select it.
        assert.ok((await controls.count()) >= 21, `${await controls.count()} controls`);
        for (const control of await controls.all()) await assertReachable(page, control, width);
        await assertReachable(page, await ax.button('Download the history (CSV)'), width);
        await assertNoSideways(page);

        // An action works there: the Partner ID dialog opens within the screen, and its buttons too.
        await (await ax.button(/^Attach/, row(page, DEMO.subscriptions.crm))).click();
        const dialog = page.locator('#partner-dialog');
        const partnerId = await ax.find('textbox', 'Partner ID', dialog);
        for (const name of ['Check ID', 'Cancel']) await assertReachable(page, await ax.button(name, dialog), width);
        await assertReachable(page, partnerId, width);
        await assertNoSideways(page);
        await (await ax.button('Cancel', dialog)).click();
      } finally {
        await page.close();
      }
    });
  }
});
