import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { AccessibleTab } from '../support/accessibleTab';
import { startBot, DEMO, type BotUnderTest } from '../support/botUnderTest';
import { chromiumMissingReason, launchChromium } from '../support/browser';
import { skipSuite } from '../support/skipSuite';

/**
 * The tab's text must stay readable in each of its themes: WCAG AA asks 4.5:1 for text of its size. Measured in
 * Chromium on the page as drawn (Fluent's tokens, as tab/theme.js sets them): "No partner of record" (a Fluent
 * badge) on its own background, the rows' text on both row backgrounds, and the subtle text on the page's.
 */
const AA_TEXT = 4.5;

/** `rgb(r, g, b)` or `rgba(r, g, b, a)` as getComputedStyle writes it; null when transparent. */
function channels(css: string): [number, number, number] | null {
  const m = /^rgba?\((\d+), (\d+), (\d+)(?:, ([\d.]+))?\)$/.exec(css);
  assert.ok(m, `${css} is not an rgb() colour`);
  if (m[4] !== undefined && Number(m[4]) === 0) return null;
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

function luminance([r, g, b]: [number, number, number]): number {
  const channel = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

function contrastRatio(a: [number, number, number], b: [number, number, number]): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * An element's text colour and the background it is drawn on: its own, else its nearest ancestor's that has one. It
 * runs in the page (this file is type-checked without the DOM).
 */
function colours(el: any): { color: string; background: string; weight: number } {
  const style = (globalThis as any).getComputedStyle(el);
  let background = 'rgba(0, 0, 0, 0)';
  for (let at = el; at && /rgba\(.*, 0\)$/.test(background); at = at.parentElement) {
    background = (globalThis as any).getComputedStyle(at).backgroundColor;
  }
  return { color: style.color, background, weight: Number(style.fontWeight) };
}

describe('tab colours, measured in headless Chromium', function () {
  this.timeout(60_000);
  let browser: Browser;
  let bot: BotUnderTest;
  let page: Page;

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
  afterEach(() => page?.close());

  it('computes contrast ratios as WCAG does', () => {
    assert.equal(contrastRatio([0, 0, 0], [255, 255, 255]), 21);
    assert.equal(contrastRatio([119, 119, 119], [119, 119, 119]), 1);
    assert.ok(Math.abs(contrastRatio([118, 118, 118], [255, 255, 255]) - 4.54) < 0.01);
  });

  async function measure(selector: string) {
    const found = page.locator(selector);
    assert.ok((await found.count()) > 0, `nothing matches ${selector}`);
    const out: { what: string; ratio: number; weight: number }[] = [];
    for (const el of await found.all()) {
      const c = await el.evaluate(colours);
      const [fg, bg] = [channels(c.color), channels(c.background)];
      assert.ok(fg && bg, `${selector}: ${c.color} on ${c.background}`);
      out.push({ what: `${selector}: ${c.color} on ${c.background}`, ratio: contrastRatio(fg, bg), weight: c.weight });
    }
    return out;
  }

  for (const theme of ['default', 'dark', 'contrast']) {
    it(`keeps "No partner of record", the rows and the subtle text readable in the ${theme} theme`, async () => {
      page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.route('**/*', (route) =>
        route.request().url().startsWith(bot.url) ? route.continue() : route.abort(),
      );
      await new AccessibleTab(page).signInAs(`${bot.url}/tab?theme=${theme}`, DEMO.users.owner);
      assert.equal(await page.evaluate('document.body.dataset.theme'), theme);
      const badges = await measure('tbody td fluent-badge:not([size])');
      // The seed leaves 5 of Contoso's 7 subscriptions without a partner.
      assert.equal(badges.length, 5);
      const measured = [
        ...badges,
        ...(await measure('tbody tr:nth-child(odd) td')),
        ...(await measure('tbody tr:nth-child(even) td')),
        ...(await measure('#subscriptions caption')),
        ...(await measure('#who')),
      ];
      for (const m of measured) assert.ok(m.ratio >= AA_TEXT, `${m.what}: ${m.ratio.toFixed(2)}:1, below ${AA_TEXT}:1`);
      // Marked by weight and shape as well as colour, so it stands out where colour is not seen.
      for (const badge of badges) assert.ok(badge.weight >= 600, `${badge.what}: weight ${badge.weight}`);
    });
  }
});
