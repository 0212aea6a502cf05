import assert from 'node:assert/strict';
import type { BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { timeText, type TimeZone } from '../../bot/wording/times';
import { AccessibleTab, row } from '../support/accessibleTab';
import { startBot, DEMO, type BotUnderTest } from '../support/botUnderTest';
import { suiteChromium } from '../support/browser';

/**
 * The tab as a Teams app, from 320 px (Teams mobile, the side panel) to 1280 px, in Teams' light, dark and
 * high-contrast themes (the system's colour scheme and forced colours, as outside Teams the page takes them): every
 * action reached with Tab and done with the keyboard, nothing to scroll sideways, no console error, and no request
 * but to the bot's own origin.
 */
const THEMES: { theme: string; options: BrowserContextOptions }[] = [
  { theme: 'default', options: { colorScheme: 'light' } },
  { theme: 'dark', options: { colorScheme: 'dark' } },
  { theme: 'contrast', options: { forcedColors: 'active' } },
];

interface Watched {
  requests: string[];
  errors: string[];
}

describe('tab acceptance: every action by keyboard, at 320 and 1280 px, in every theme (headless Chromium)', function () {
  this.timeout(120_000);
  const chromium = suiteChromium();
  let bot: BotUnderTest;
  let context: BrowserContext;
  let page: Page;
  let ax: AccessibleTab;
  let watched: Watched;

  afterEach(async () => {
    await context?.close();
    await bot?.stop();
  });

  /** A fresh bot and page; every request, console error, page error and CSP violation is recorded. */
  async function open(options: BrowserContextOptions): Promise<void> {
    bot = await startBot();
    context = await chromium.browser.newContext({ ...options, acceptDownloads: true });
    page = await context.newPage();
    ax = new AccessibleTab(page);
    watched = { requests: [], errors: [] };
    page.on('request', (r) => watched.requests.push(r.url()));
    page.on('console', (m) => {
      if (m.type() === 'error') watched.errors.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (err) => watched.errors.push(`page: ${err.message}`));
    await page.exposeFunction('reportCspViolation', (v: string) => watched.errors.push(`CSP: ${v}`));
    await page.addInitScript(
      "document.addEventListener('securitypolicyviolation', (e) => window.reportCspViolation(e.violatedDirective + ' ' + e.blockedURI));",
    );
    // Tests never reach outside loopback: anything else is refused here, and still recorded above.
    await page.route('**/*', (route) => (route.request().url().startsWith(bot.url) ? route.continue() : route.abort()));
  }

  function assertClean(): void {
    assert.deepEqual(watched.errors, []);
    const elsewhere = watched.requests.filter((url) => new URL(url).origin !== bot.url);
    assert.deepEqual(elsewhere, [], 'requests to anywhere but the bot');
    assert.ok(
      watched.requests.some((url) => url.endsWith('/tab/fluent.js')),
      'Fluent UI from the bot itself',
    );
  }

  async function assertNoSideways(): Promise<void> {
    const { scrollWidth, clientWidth } = await page.evaluate<{ scrollWidth: number; clientWidth: number }>(
      '({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth })',
    );
    assert.ok(scrollWidth <= clientWidth, `the page scrolls sideways: ${scrollWidth} > ${clientWidth}`);
  }

  /** Signs in by keyboard: the person list is focused with Tab, the first person is the owner, Enter signs in. */
  async function signInByKeyboard(): Promise<void> {
    await page.goto(`${bot.url}/tab`);
    await page.locator('#dev-user option').first().waitFor({ state: 'attached' });
    assert.equal(
      await page.locator('#dev-user').inputValue(),
      JSON.stringify({ tenantId: DEMO.contoso, aadObjectId: DEMO.users.owner }),
    );
    await tabUntil((f) => f.role === 'combobox' && f.name === 'Sign in as');
    await page.keyboard.press('Tab');
    assert.deepEqual(await ax.focused(), { role: 'button', name: 'Sign in' });
    await page.keyboard.press('Enter');
    await page.locator('tbody tr').first().waitFor();
  }

  /** Presses Tab until the focused control is the one wanted; every control focused on the way, as role: name. */
  async function tabUntil(wanted: (f: { role: string; name: string }) => boolean, max = 120): Promise<string[]> {
    const seen: string[] = [];
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      const focused = await ax.focused();
      seen.push(`${focused.role}: ${focused.name}`);
      if (wanted(focused)) return seen;
    }
    throw new Error(`not reached with Tab; focused on the way: ${seen.join(' | ')}`);
  }

  /** Focuses a control (already shown reachable by Tab) and presses a key on it. */
  async function press(role: string, name: string | RegExp, key: string, scope = page.locator('main')) {
    const control = await ax.find(role, name, scope);
    await control.focus();
    await page.keyboard.press(key);
  }

  for (const width of [320, 1280]) {
    for (const { theme, options } of THEMES) {
      it(`at ${width} px in the ${theme} theme`, async () => {
        await open({ ...options, viewport: { width, height: 800 } });
        await signInByKeyboard();
        assert.equal(await page.evaluate('document.body.dataset.theme'), theme);
        await assertNoSideways();

        // Every control of the table and under it is reached with Tab, each with its role and name.
        const controls = await page
          .locator('tbody fluent-button, tbody fluent-checkbox')
          .evaluateAll((els) =>
            els.map(
              (el) => `${el.localName === 'fluent-checkbox' ? 'checkbox' : 'button'}: ${el.getAttribute('aria-label')}`,
            ),
          );
        assert.equal(controls.length, 7 * 3 + 2, 'a tick and two or three buttons on each of the 7 rows');
        await page.locator('h1').click();
        const reached = await tabUntil((f) => f.name === 'Download the history (CSV)');
        for (const control of controls) assert.ok(reached.includes(control), `${control} not reached with Tab`);

        // Ticked with Space, attached to both with Enter, the Partner ID typed and checked with Enter.
        for (const id of [DEMO.subscriptions.ax7, DEMO.subscriptions.intune])
          await press('checkbox', /^Select: /, ' ', row(page, id));
        await page.getByText('2 selected').waitFor();
        await press('button', 'Attach to selected', 'Enter');
        await page.getByText('Attach a partner of record to 2 subscriptions').waitFor();
        assert.deepEqual(await ax.focused(), { role: 'textbox', name: 'Partner ID' });
        await assertNoSideways();
        await page.keyboard.type(DEMO.partners.wingtip);
        await page.keyboard.press('Enter');
        await page.getByText('is registered to Wingtip Partners').waitFor();
        assert.deepEqual(await ax.focused(), { role: 'button', name: 'Submit' });
        await page.keyboard.press('Enter');
        await page.getByText('Wingtip Partners is now the partner of record for these 2 subscriptions').waitFor();

        // The history opens with Enter and closes with Escape.
        await press('button', /^History: /, 'Enter', row(page, DEMO.subscriptions.ax7));
        await page
          .locator('#history-list li')
          .filter({ hasText: /^Attached by Ada Owner on / })
          .waitFor();
        assert.deepEqual(await ax.focused(), { role: 'button', name: 'Close' });
        await page.keyboard.press('Escape');
        await page.locator('#history-list').waitFor({ state: 'hidden' });

        // Remove: the confirmation starts on Cancel; Shift+Tab reaches Remove, Enter removes.
        await press('button', /^Remove: /, 'Enter', row(page, DEMO.subscriptions.azure));
        await page.getByText('will no longer be the partner of record for Azure: Azure plan').waitFor();
        assert.deepEqual(await ax.focused(), { role: 'button', name: 'Cancel' });
        await page.keyboard.press('Shift+Tab');
        assert.deepEqual(await ax.focused(), { role: 'button', name: 'Remove' });
        await page.keyboard.press('Enter');
        await page.getByText('Azure plan has no partner of record now').waitFor();

        // The CSV export, with Enter.
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          press('button', 'Download the history (CSV)', 'Enter'),
        ]);
        assert.match(download.suggestedFilename(), /\.csv$/);
        await assertNoSideways();
        assertClean();
      });
    }
  }

  it('in German (de-DE) and in Tokyo, says German words and Tokyo times', async () => {
    await open({ locale: 'de-DE', timezoneId: 'Asia/Tokyo', viewport: { width: 1280, height: 800 } });
    await page.goto(`${bot.url}/tab`);
    await page.getByRole('heading', { name: 'Lokale Entwickler-Anmeldung' }).waitFor();
    await page.locator('#dev-user option').first().waitFor({ state: 'attached' });
    assert.equal(await page.evaluate('document.documentElement.lang'), 'de');
    assert.equal(await page.title(), 'Partner of Record');
    await (await ax.button('Anmelden')).click();
    await page.locator('tbody tr').first().waitFor();
    await page.getByText('Ada Owner, Besitzer (Administrator), Contoso Ltd').waitFor();

    await (await ax.button(/^Hinzufügen: /, row(page, DEMO.subscriptions.crm))).click();
    await (await ax.find('textbox', 'Partner-ID')).fill(DEMO.partners.wingtip);
    await (await ax.button('ID prüfen')).click();
    await page.getByText('Die Partner-ID 2345678 ist auf Wingtip Partners registriert.').waitFor();
    await (await ax.button('Absenden')).click();
    await page.getByText('Wingtip Partners ist jetzt Partner of Record für').waitFor();

    const [attached] = await bot.app.ports.store.history(DEMO.contoso, DEMO.subscriptions.crm);
    const tokyo = timeText(attached!.at, { language: 'de', timeZone: 'Asia/Tokyo' as TimeZone });
    assert.match(tokyo, /GMT\+9$/);
    const lastChange = row(page, DEMO.subscriptions.crm).locator('td').nth(3);
    assert.equal(await lastChange.innerText(), `Hinzugefügt von Ada Owner am ${tokyo}`);
    await page.locator('th', { hasText: 'Letzte Änderung' }).waitFor();
    await (await ax.button('Verlauf herunterladen (CSV)')).waitFor();

    await (await ax.button(/^Verlauf: /, row(page, DEMO.subscriptions.crm))).click();
    const entry = page.locator('#history-list li').first();
    await entry.waitFor();
    assert.equal(
      await entry.innerText(),
      `Hinzugefügt von Ada Owner am ${tokyo}. Von Keiner zu Wingtip Partners (2345678).`,
    );
    const visible = await page.locator('main').innerText();
    for (const english of ['Download the history', 'Last change', 'Attached by', 'No partner of record'])
      assert.ok(!visible.includes(english), `"${english}" left in English`);
    assertClean();
  });
});
