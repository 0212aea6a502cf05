import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { AccessibleTab } from '../support/accessibleTab';
import { chromiumMissingReason, launchChromium } from '../support/browser';
import { CONTOSO_AZURE, requireOpenssl, seedAzureFixtures } from '../support/microsoftCloud';
import { CONTOSO_PEOPLE, startMicrosoftTenantBot, type MicrosoftTenantBot } from '../support/microsoftTenantBot';
import { skipSuite } from '../support/skipSuite';

const PRODUCTION = CONTOSO_AZURE.subscriptions.production.subscriptionId;
const STAGING = CONTOSO_AZURE.subscriptions.staging.subscriptionId;

type Person = (typeof CONTOSO_PEOPLE)[keyof typeof CONTOSO_PEOPLE];

/**
 * The tab's page in headless Chromium, with DIRECTORY=graph: the bot in a child process against the stand-ins, in
 * local anonymous mode so the page's dev sign-in picks whom to be from Graph's people. Attach, Change and Remove
 * show on the rows this person may change, and only those.
 */
describe('tab page: Azure rows and their Owners (stand-ins, headless Chromium)', function () {
  this.timeout(60_000);
  let browser: Browser;
  let t: MicrosoftTenantBot;
  let page: Page;

  before(async function () {
    const missing = chromiumMissingReason();
    if (missing) skipSuite(this, missing);
    await requireOpenssl(this);
    browser = await launchChromium();
    t = await startMicrosoftTenantBot();
    seedAzureFixtures(t.cloud);
    // The dev sign-in lists the tenants where the bot is installed: a chat turn is that.
    assert.equal((await t.person(...CONTOSO_PEOPLE.member).say('hi')).status, 200);
  });
  after(async () => {
    await browser?.close();
    await t?.stop();
  });
  beforeEach(async () => {
    page = await browser.newPage({ viewport: { width: 1100, height: 700 } });
    await page.route('**/*', (route) =>
      route.request().url().startsWith(t.bot.url) ? route.continue() : route.abort(),
    );
  });
  afterEach(() => page?.close());

  async function signInAs([tenantId, aadObjectId]: Person) {
    await page.goto(`${t.bot.url}/tab`);
    await page.getByText('not running inside Microsoft Teams').waitFor();
    const select = page.getByLabel('Sign in as');
    await select.locator('option').first().waitFor({ state: 'attached' });
    const value = JSON.stringify({ tenantId, aadObjectId });
    // With Graph the list offers the tenant's owners only; anyone in the directory may sign in, so add the person.
    await select.evaluate((el: any, v: string) => {
      if (![...el.options].some((o: any) => o.value === v)) el.add(new (globalThis as any).Option(v, v));
    }, value);
    await select.selectOption(value);
    await (await new AccessibleTab(page).button('Sign in')).click();
    await page.getByRole('table').waitFor();
  }

  /** The change buttons each row shows, by subscription id ('' for none). */
  async function changeButtons(): Promise<Record<string, string>> {
    const rows = page.locator('tbody tr');
    const out: Record<string, string> = {};
    for (let i = 0; i < (await rows.count()); i++) {
      const row = rows.nth(i);
      const labels = await row.locator('fluent-button').allInnerTexts();
      out[(await row.getAttribute('data-subscription-id')) ?? ''] = labels.filter((l) => l !== 'History').join(' ');
    }
    return out;
  }

  it('shows an Azure Owner without a directory role Attach on the Azure row they own only', async () => {
    await signInAs(CONTOSO_PEOPLE.member);
    const buttons = await changeButtons();
    assert.equal(Object.keys(buttons).length, 4);
    assert.equal(buttons[PRODUCTION], 'Attach');
    assert.equal(buttons[STAGING], '');
    assert.deepEqual(
      Object.values(buttons).filter((b) => b !== ''),
      ['Attach'],
    );
  });

  it('shows a Global Administrator with no Azure role Attach on the Microsoft 365 rows, none on the Azure rows', async () => {
    await signInAs(CONTOSO_PEOPLE.groupOwner);
    const buttons = await changeButtons();
    assert.equal(buttons[PRODUCTION], '');
    assert.equal(buttons[STAGING], '');
    assert.equal(Object.values(buttons).filter((b) => b === 'Attach').length, 2);
  });
});
