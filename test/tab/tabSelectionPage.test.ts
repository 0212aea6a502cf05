import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { AccessibleTab } from '../support/accessibleTab';
import { chromiumMissingReason, launchChromium } from '../support/browser';
import { skipSuite } from '../support/skipSuite';
import { startBot, DEMO, type BotUnderTest } from '../support/botUnderTest';

const { crm, ax7, intune, o365 } = DEMO.subscriptions;

/** The tab page: tick rows, then Attach to selected / Change selected, through the batch endpoints. */
describe('tab page: an action on the selected rows, in headless Chromium', function () {
  this.timeout(60_000);
  let browser: Browser;
  let bot: BotUnderTest;
  let page: Page;
  let ax: AccessibleTab;
  const pageErrors: string[] = [];

  before(async function () {
    const missing = chromiumMissingReason();
    if (missing) skipSuite(this, missing);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    bot = await startBot();
    page = await browser.newPage({ viewport: { width: 1100, height: 700 } });
    ax = new AccessibleTab(page);
    pageErrors.length = 0;
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.route('**/*', (route) => (route.request().url().startsWith(bot.url) ? route.continue() : route.abort()));
    await page.goto(`${bot.url}/tab`);
    await page.getByText('not running inside Microsoft Teams').waitFor();
    await page
      .getByLabel('Sign in as')
      .selectOption(JSON.stringify({ tenantId: DEMO.contoso, aadObjectId: DEMO.users.owner }));
    await (await ax.button('Sign in')).click();
    await page.getByRole('table').waitFor();
  });
  afterEach(async () => {
    await page?.close();
    await bot?.stop();
    assert.deepEqual(pageErrors, [], 'the page threw');
  });

  const row = (id: string) => page.locator(`tr[data-subscription-id="${id}"]`);
  /** Ticks a row's box as a person does, and checks it took. */
  async function tick(id: string) {
    const box = await ax.find('checkbox', /^Select: /, row(id));
    await box.click();
    assert.equal(await box.evaluate((el: any) => el.checked), true);
  }

  it('attaches one partner to the 3 ticked rows, then moves them and another with Change selected', async () => {
    for (const id of [crm, ax7, intune]) await tick(id);
    await page.getByText('3 selected').waitFor();
    await (await ax.button('Attach to selected')).click();
    await page.getByText('Attach a partner of record to 3 subscriptions').waitFor();
    await (await ax.find('textbox', 'Partner ID')).fill(DEMO.partners.wingtip);
    await (await ax.button('Check ID')).click();
    await page.getByText('is registered to Wingtip Partners').waitFor();
    await (await ax.button('Submit')).click();
    await page.getByText('Wingtip Partners is now the partner of record for these 3 subscriptions').waitFor();
    for (const id of [crm, ax7, intune]) assert.match(await row(id).innerText(), /Wingtip Partners \(2345678\)/);
    const history = await bot.app.ports.store.history(DEMO.contoso, ax7);
    assert.deepEqual(
      history.map((h) => [h.kind, h.newPartnerId]),
      [['attach', DEMO.partners.wingtip]],
    );

    await page.getByText('0 selected').waitFor();
    for (const id of [crm, o365]) await tick(id);
    await (await ax.button('Change selected')).click();
    await (await ax.find('textbox', 'Partner ID')).fill(DEMO.partners.litware);
    await (await ax.button('Check ID')).click();
    await page.getByText('is registered to Litware Advisory').waitFor();
    await (await ax.button('Submit')).click();
    await page.getByText('Litware Advisory is now the partner of record for these 2 subscriptions').waitFor();
    for (const id of [crm, o365]) assert.match(await row(id).innerText(), /Litware Advisory/);
  });
});
