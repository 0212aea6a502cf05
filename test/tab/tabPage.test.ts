import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { REPO_ROOT } from '../../bot/config';
import { AccessibleTab, row } from '../support/accessibleTab';
import { chromiumMissingReason, launchChromium } from '../support/browser';
import { skipSuite } from '../support/skipSuite';
import { startBot, tempDir, DEMO, type BotUnderTest } from '../support/botUnderTest';
import { cardText, lastSentCard } from '../support/cards';
import { eventually } from '../support/eventually';
import { ChannelServer } from '../support/channelServer';
import { TeamsUser } from '../support/teamsUser';

const BUILD_DIR = path.join(REPO_ROOT, 'build');
const TEAMS_JS_VALID_ORIGINS_URL = 'https://res.cdn.office.net/teams-js/validDomains/json/validDomains.json';

/**
 * A stand-in for teams-js, served in its place: a Teams host that initializes and hands out a context at once
 * (`app` of it as given), but whose getAuthToken never answers the first `hangs` times (Teams' known hang); after
 * that it answers with a dev sign-in token for `who`. `window.fakeTeams.changeTheme(name)` is Teams switching themes.
 */
function fakeTeamsJs(
  hangs: number,
  who: { tenantId: string; aadObjectId: string },
  app: Record<string, string> = { theme: 'default' },
): string {
  return `
window.fakeTeams = { authCalls: 0, themeHandlers: [], changeTheme: (t) => window.fakeTeams.themeHandlers.forEach((h) => h(t)) };
window.microsoftTeams = {
  app: {
    initialize: () => Promise.resolve(),
    getContext: () => Promise.resolve({ app: ${JSON.stringify(app)} }),
    registerOnThemeChangeHandler: (handler) => window.fakeTeams.themeHandlers.push(handler),
  },
  authentication: {
    getAuthToken: () => {
      window.fakeTeams.authCalls += 1;
      if (window.fakeTeams.authCalls <= ${hangs}) return new Promise(() => {});
      return fetch('/api/tab/dev/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: ${JSON.stringify(JSON.stringify(who))} })
        .then((r) => r.json())
        .then((d) => d.token);
    },
  },
};`;
}

describe('tab page in headless Chromium', function () {
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
    // The tab must not depend on anything but the bot's own host.
    await page.route('**/*', (route) => (route.request().url().startsWith(bot.url) ? route.continue() : route.abort()));
  });
  afterEach(async () => {
    await page?.close();
    await bot?.stop();
    assert.deepEqual(pageErrors, [], 'the page threw');
  });

  /** A page of the bot's own host that shows the tab in an iframe, as Teams does. */
  async function openInTeamsFrame(tabPath: string) {
    await page.route(`${bot.url}/teams-host`, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><title>Teams</title><iframe src="${tabPath}" title="Partners" style="width:1000px;height:650px;border:0"></iframe>`,
      }),
    );
    await page.goto(`${bot.url}/teams-host`);
    return page.frameLocator('iframe');
  }

  /** Console errors and Content Security Policy violations, from the page and its frames. */
  async function watchConsole() {
    const seen = { errors: [] as string[], violations: [] as string[] };
    page.on('console', (m) => {
      if (m.type() === 'error') seen.errors.push(m.text());
    });
    await page.exposeFunction('reportCspViolation', (v: string) => seen.violations.push(v));
    await page.addInitScript(
      "document.addEventListener('securitypolicyviolation', (e) => window.reportCspViolation(e.violatedDirective + ' ' + e.blockedURI));",
    );
    return seen;
  }

  /** Signs in through the dev sign-in as a Contoso person, chosen by id (what the option's label says is tested apart). */
  async function signInAs(aadObjectId: string) {
    await page.goto(`${bot.url}/tab`);
    await page.getByText('not running inside Microsoft Teams').waitFor();
    await page.getByLabel('Sign in as').selectOption(JSON.stringify({ tenantId: DEMO.contoso, aadObjectId }));
    await (await ax.button('Sign in')).click();
    await page.getByRole('table').waitFor();
  }

  it('says it is outside Teams and offers the clearly marked dev sign-in', async () => {
    await page.goto(`${bot.url}/tab`);
    await page.getByText('not running inside Microsoft Teams').waitFor();
    await page.getByRole('heading', { name: 'Local dev sign-in' }).waitFor();
    assert.equal(await page.locator('#dev-signin fluent-badge').innerText(), 'Dev only');
    assert.equal(await page.getByRole('table').isVisible(), false);
  });

  it("shows the owner the seed's subscriptions, and an attach made in the tab shows in the bot's status", async () => {
    await signInAs(DEMO.users.owner);
    const rows = page.locator('tbody tr');
    assert.equal(await rows.count(), 7);
    const o365 = row(page, DEMO.subscriptions.o365);
    assert.match(
      (await o365.innerText()).replace(/\s+/g, ' '),
      /Office 365 \/ Microsoft 365 Office 365 E3 Fabrikam Cloud Services \(1234567\)/,
    );
    mkdirSync(BUILD_DIR, { recursive: true });
    await page.screenshot({ path: path.join(BUILD_DIR, 'tab-table.png'), fullPage: true });

    // Attach by keyboard: the button is focusable and the dialog takes Enter for Check ID.
    const crm = row(page, DEMO.subscriptions.crm);
    await (await ax.button(/^Attach/, crm)).focus();
    await page.keyboard.press('Enter');
    await (await ax.find('textbox', 'Partner ID')).fill(DEMO.partners.wingtip);
    await page.keyboard.press('Enter');
    await page.getByText('is registered to Wingtip Partners').waitFor();
    await (await ax.button('Submit')).click();
    await page
      .getByText('Wingtip Partners is now the partner of record for Dynamics 365 Customer Engagement')
      .waitFor();
    assert.match(await crm.innerText(), /Wingtip Partners \(2345678\)/);
    assert.match(await crm.innerText(), /Attached by Ada Owner/);

    const channel = await new ChannelServer().start();
    try {
      const owner = new TeamsUser(bot.url, channel.url, DEMO.contoso, DEMO.users.owner);
      await owner.say('status');
      assert.match(
        cardText(lastSentCard(channel, owner.conversationId)),
        /Dynamics 365 Customer Engagement\nPartner of record: Wingtip Partners \(2345678\)/,
      );
    } finally {
      await channel.close();
    }
  });

  it('explains a wrong Partner ID in the dialog, and removes with confirmation', async () => {
    await signInAs(DEMO.users.owner);
    const azure = row(page, DEMO.subscriptions.azure);
    await (await ax.button(/^Change/, azure)).click();
    await (await ax.find('textbox', 'Partner ID')).fill('12ab');
    await (await ax.button('Check ID')).click();
    await page.getByRole('alert').filter({ hasText: 'A Partner ID is a number of 6 to 10 digits' }).waitFor();
    await (await ax.button('Cancel')).click();

    await (await ax.button(/^Remove/, azure)).click();
    await page.getByText('will no longer be the partner of record for Azure: Azure plan').waitFor();
    await (await ax.button('Remove')).click();
    await page.getByText('Azure plan has no partner of record now').waitFor();
    assert.match(await azure.innerText(), /No partner of record/);
  });

  it('shows a non-owner read-only data and why, with no action buttons but History, and no download', async () => {
    await signInAs(DEMO.users.serviceAdmin);
    await page.getByText('You can look, but not change').waitFor();
    const buttons = await page.locator('tbody fluent-button').allInnerTexts();
    assert.ok(buttons.length > 0);
    assert.deepEqual([...new Set(buttons)], ['History']);
    assert.equal(await page.locator('tbody fluent-checkbox').count(), 0);
    assert.equal(await page.locator('#export-csv').isVisible(), false);
  });

  it("downloads the owner's history as a CSV file named after the organization", async () => {
    await signInAs(DEMO.users.owner);
    const azure = row(page, DEMO.subscriptions.azure);
    await (await ax.button(/^Remove/, azure)).click();
    await (await ax.button('Remove')).click();
    await page.getByText('Azure plan has no partner of record now').waitFor();

    const exportButton = await ax.button('Download the history (CSV)');
    const [download] = await Promise.all([page.waitForEvent('download'), exportButton.click()]);
    assert.match(download.suggestedFilename(), /^partner-of-record-history-contoso-ltd-\d{4}-\d{2}-\d{2}\.csv$/);
    const file = readFileSync((await download.path())!, 'utf8');
    const lines = file.replace(/^\uFEFF/, '').split('\r\n');
    assert.match(lines[0]!, /^Time \(UTC\),Subscription ID,Service,/);
    assert.match(
      lines[1]!,
      new RegExp(`^\\d{4}-[^,]+,${DEMO.subscriptions.azure},Azure,Azure plan,removed,${DEMO.partners.tailspin},`),
    );
    assert.equal(lines.length, 3, 'a header, the one change, and the final CRLF');
  });

  it('says outside Teams only until the dev sign-in succeeds', async () => {
    await signInAs(DEMO.users.owner);
    assert.equal(await page.locator('#context-banner').isVisible(), false);
    assert.equal(await page.getByText('not running inside Microsoft Teams').count(), 0);
    await page.getByText('Ada Owner, Owner (administrator), Contoso').waitFor();
  });

  it("lists the dev sign-in's people as name and role, with one level of parentheses", async () => {
    await page.goto(`${bot.url}/tab`);
    await page.getByRole('heading', { name: 'Local dev sign-in' }).waitFor();
    const labels = await page.locator('#dev-user option').allInnerTexts();
    assert.ok(labels.includes('Ada Owner — Owner (administrator)'), labels.join(' | '));
    assert.ok(labels.includes('Sam Service — Service admin'), labels.join(' | '));
    for (const label of labels) assert.doesNotMatch(label, /\([^)]*\(/, label);
  });

  it('names the directory the dev sign-in lists: the demo seed only when the bot runs it', async () => {
    const text = page.locator('#dev-intro');
    await page.goto(`${bot.url}/tab`);
    await page.locator('#dev-user option').first().waitFor({ state: 'attached' });
    assert.match(await text.innerText(), /Pick a person from the demo seed's directory \(demo-seed\.json\)\./);

    const dir = tempDir();
    const seedFile = path.join(dir, 'pilot-tenants.json');
    copyFileSync(path.join(REPO_ROOT, 'deployment', 'demo-seed.json'), seedFile);
    const other = await startBot({ env: { SEED_FILE: seedFile } });
    try {
      await page.route(`${other.url}/**`, (route) => route.continue());
      await page.goto(`${other.url}/tab`);
      await page.locator('#dev-user option').first().waitFor({ state: 'attached' });
      const said = await text.innerText();
      assert.match(said, /Pick a person from the directory in the seed file pilot-tenants\.json\./);
      assert.doesNotMatch(said, /demo/i);
    } finally {
      await other.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('outside Teams, neither loads teams-js nor logs a console error or a CSP violation', async () => {
    const seen = await watchConsole();
    await signInAs(DEMO.users.owner);
    await page.waitForLoadState('networkidle');
    assert.deepEqual(seen.violations, []);
    assert.deepEqual(seen.errors, []);
    assert.equal(await page.evaluate('typeof window.microsoftTeams'), 'undefined');
  });

  it('inside a Teams frame, loads teams-js, whose lookup of valid host origins the CSP allows', async () => {
    const seen = await watchConsole();
    let lookups = 0;
    await page.route(TEAMS_JS_VALID_ORIGINS_URL, (route) => {
      lookups += 1;
      return route.fulfill({
        contentType: 'application/json',
        body: JSON.stringify({ validOrigins: ['teams.microsoft.com'] }),
      });
    });
    await openInTeamsFrame('/tab');
    await eventually(async () =>
      assert.equal(await page.frame({ url: /\/tab$/ })?.evaluate('typeof window.microsoftTeams'), 'object'),
    );
    await page.waitForLoadState('networkidle');
    assert.deepEqual(seen.violations, []);
    assert.deepEqual(seen.errors, []);
    assert.equal(lookups, 1);
  });

  it('gives a hanging Teams sign-in a time limit and one retry, then offers Try again', async () => {
    await page.route(`${bot.url}/tab/teams-js.js`, (route) =>
      route.fulfill({
        contentType: 'text/javascript',
        body: fakeTeamsJs(2, { tenantId: DEMO.contoso, aadObjectId: DEMO.users.owner }),
      }),
    );
    const started = Date.now();
    const tab = await openInTeamsFrame('/tab?authTimeoutMs=300');
    // In a frame: found by its id, its name checked, as the accessibility helper reads the top page only.
    const tryAgain = tab.locator('#retry-signin');
    await tryAgain.waitFor({ timeout: 5000 });
    assert.ok(Date.now() - started < 5000);
    assert.equal(await tryAgain.innerText(), 'Try again');
    const frame = page.frame({ url: /\/tab\?/ })!;
    assert.equal(await frame.evaluate('window.fakeTeams.authCalls'), 2);
    assert.match(await tab.getByRole('alert').innerText(), /Teams did not hand over your sign-in: it was asked twice/);
    assert.equal(await tab.getByText('Signing you in through Teams').isVisible(), false);

    // Teams answers the third request: Try again signs in.
    await tryAgain.click();
    await tab.getByRole('table').waitFor();
    assert.equal(await frame.evaluate('window.fakeTeams.authCalls'), 3);
    assert.equal(await tryAgain.isVisible(), false);
    assert.equal(await tab.getByRole('alert').isVisible(), false);
  });

  it('shows the partner email going out after a change, without a reload, and then stops asking', async () => {
    await signInAs(DEMO.users.owner);
    const crm = row(page, DEMO.subscriptions.crm);
    await (await ax.button(/^Attach/, crm)).click();
    await (await ax.find('textbox', 'Partner ID')).fill(DEMO.partners.wingtip);
    await (await ax.button('Check ID')).click();
    await (await ax.button('Submit')).click();
    await page.getByText('Wingtip Partners is now the partner of record').waitFor();
    const emailCell = `tr[data-subscription-id="${DEMO.subscriptions.crm}"] td:nth-child(5)`;
    assert.equal(await page.locator(emailCell).innerText(), 'Email to the partner not sent yet');

    // The bot's outbox starts delivering (to the mail drop) only now; the page is the same page throughout.
    await page.evaluate('window.sameDocument = true');
    bot.app.startBackgroundWork();
    // Delivered to the mail drop, which sends nothing: the page says so, never "Partner emailed".
    await page
      .locator(emailCell)
      .filter({ hasText: /^Email to the partner not sent \(no mail server\)/ })
      .waitFor({ timeout: 15_000 });
    assert.equal(await page.evaluate('window.sameDocument'), true);
    const mail = readdirSync(path.join(bot.dataDir, 'mail')).filter((f) => f.endsWith('.eml'));
    assert.equal(mail.length, 1);
    assert.match(readFileSync(path.join(bot.dataDir, 'mail', mail[0]!), 'utf8'), /Wingtip Partners/);

    // Nothing pending any more: the page stops asking.
    let asked = 0;
    page.on('request', (r) => {
      if (r.url().endsWith('/api/tab/subscriptions')) asked += 1;
    });
    await page.waitForTimeout(5000);
    assert.equal(asked, 0);
  });

  /** Teams' background for a theme, from the Fluent tokens the bot serves, as getComputedStyle writes it. */
  async function themeBackground(theme: string): Promise<string> {
    const tokens = (await (await fetch(`${bot.url}/tab/fluent-themes.json`)).json()) as Record<string, any>;
    const hex = tokens[theme].colorNeutralBackground1 as string;
    const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
    return `rgb(${r}, ${g}, ${b})`;
  }

  // Expressions are passed as text: they run in the page, and this file is type-checked without the DOM.
  it("follows the light, dark and high-contrast themes, as Teams' Fluent tokens", async () => {
    const backgrounds = new Set<string>();
    for (const theme of ['default', 'dark', 'contrast']) {
      await page.goto(`${bot.url}/tab?theme=${theme}`);
      await page.getByText('not running inside Microsoft Teams').waitFor();
      assert.equal(await page.evaluate('document.body.dataset.theme'), theme);
      const background = await page.evaluate('getComputedStyle(document.body).backgroundColor');
      assert.equal(background, await themeBackground(theme), theme);
      backgrounds.add(String(background));
    }
    assert.equal(backgrounds.size, 3, 'each theme its own background');
  });

  it("outside Teams, takes the system's colour scheme and forced colours when no theme is asked for", async () => {
    for (const [options, theme] of [
      [{ colorScheme: 'dark' }, 'dark'],
      [{ colorScheme: 'light' }, 'default'],
      [{ forcedColors: 'active' }, 'contrast'],
    ] as const) {
      await page.emulateMedia(options);
      await page.goto(`${bot.url}/tab`);
      await page.getByText('not running inside Microsoft Teams').waitFor();
      assert.equal(await page.evaluate('document.body.dataset.theme'), theme, JSON.stringify(options));
    }
  });

  it("inside Teams, speaks teams-js's app.locale and follows Teams' theme as it changes", async () => {
    await page.route(`${bot.url}/tab/teams-js.js`, (route) =>
      route.fulfill({
        contentType: 'text/javascript',
        body: fakeTeamsJs(
          0,
          { tenantId: DEMO.contoso, aadObjectId: DEMO.users.owner },
          {
            theme: 'default',
            locale: 'fr-FR',
          },
        ),
      }),
    );
    const tab = await openInTeamsFrame('/tab');
    await tab.getByRole('table').waitFor();
    const frame = page.frame({ url: /\/tab$/ })!;
    assert.equal(await frame.evaluate('document.documentElement.lang'), 'fr');
    await tab.getByText('Télécharger l’historique (CSV)').waitFor();
    assert.equal(await frame.evaluate('document.body.dataset.theme'), 'default');
    await frame.evaluate("window.fakeTeams.changeTheme('dark')");
    await eventually(async () => assert.equal(await frame.evaluate('document.body.dataset.theme'), 'dark'));
    assert.equal(
      await frame.evaluate('getComputedStyle(document.body).backgroundColor'),
      await themeBackground('dark'),
    );
  });
});
