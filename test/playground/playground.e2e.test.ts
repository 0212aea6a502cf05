import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { REPO_ROOT } from '../../bot/config';
import { readPlaygroundUser, startPlayground, type PlaygroundProcess } from '../../scripts/playgroundProcess';
import { startBotProcess, type BotProcess } from '../support/botProcess';
import { chromiumMissingReason, launchChromium } from '../support/browser';
import { freePort } from '../support/smtpTestServer';
import { skipSuite } from '../support/skipSuite';

const SCREENSHOT = path.join(REPO_ROOT, 'build', 'playground-attach.png');
const STEP_TIMEOUT_MS = 15_000;

/** Resolves with the promise, or rejects once `ms` have passed: nothing in after() may hang. */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

async function stopProcess(proc: BotProcess | PlaygroundProcess | undefined): Promise<void> {
  if (!proc) return;
  await within(5_000, 'stopping a child process', proc.stop('SIGTERM')).catch(() =>
    within(5_000, 'SIGKILL', proc.stop('SIGKILL')),
  );
}

/**
 * The compose box. Fragile: it has no accessible name (its "Type a message..." is a sibling span, not a
 * label), so it is found as the page's only contenteditable textbox; card inputs are plain <input>s.
 */
function composeBox(page: Page) {
  return page.locator('[role="textbox"][contenteditable="true"]');
}

async function say(page: Page, text: string): Promise<void> {
  await composeBox(page).click();
  await composeBox(page).pressSequentially(text);
  await page.getByRole('button', { name: 'Send Message' }).click();
}

/**
 * The newest Adaptive Card's text. Fragile: `ac-adaptiveCard` is the class the Adaptive Cards renderer
 * gives a card's root; the chat list itself has no role to scope by.
 */
async function lastCardText(page: Page): Promise<string> {
  return page.locator('.ac-adaptiveCard').last().innerText();
}

describe('playground: the attach flow in the Microsoft 365 Agents Playground (end to end, Chromium)', function () {
  this.timeout(120_000);

  let dataDir: string;
  let bot: BotProcess | undefined;
  let playground: PlaygroundProcess | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];
  const blocked = new Set<string>();

  before(async function () {
    const missing = chromiumMissingReason();
    if (missing) skipSuite(this, missing);
    assert.equal(
      readPlaygroundUser().name,
      'Ada Owner',
      'this test chats as the committed .m365agentsplayground.yml user, Ada Owner: put the file back as committed',
    );

    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'por-playground-'));
    bot = await startBotProcess({ DATA_DIR: dataDir }, 30_000);
    playground = await startPlayground({
      botEndpoint: `${bot.url}/api/messages`,
      port: await freePort(),
      logFile: path.join(dataDir, 'playground.log'),
      timeoutMs: 30_000,
    });

    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    page.setDefaultNavigationTimeout(30_000);
    page.on('pageerror', (err) => pageErrors.push(err.message));
    // The page asks a CDN for Segoe UI fonts; offline that fails anyway. Refusing every non-local request
    // makes the run the same with or without a network, and shows the page needs nothing from outside.
    const local = new URL(playground.url).host;
    await page.route(
      (url) => url.host !== local,
      (route) => {
        blocked.add(route.request().url());
        return route.abort();
      },
    );
    await page.goto(playground.url, { waitUntil: 'domcontentloaded' });
    // The playground installs the bot when the page opens; the welcome card says who the bot thinks we are.
    await page.getByText(/^Hi Ada Owner\./).waitFor();
  });

  afterEach(function () {
    if (this.currentTest?.state !== 'failed') return;
    console.log(`--- page errors:\n${pageErrors.join('\n')}\n--- blocked requests:\n${[...blocked].join('\n')}`);
    console.log(
      `--- playground output:\n${playground?.output()}\n--- bot output (tail):\n${bot?.output().slice(-4000)}`,
    );
  });

  after(async () => {
    // If closing hangs, playwright still kills the browser it launched when this process exits.
    await within(10_000, 'closing Chromium', browser?.close() ?? Promise.resolve()).catch((err) =>
      console.warn(String(err)),
    );
    await stopProcess(playground);
    await stopProcess(bot);
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('attaches Wingtip Partners to Dynamics 365 Customer Engagement through the rendered cards', async () => {
    await say(page, 'add partner');

    // The Input.ChoiceSet renders as a Fluent UI combobox labelled by the input's label.
    await page.getByRole('combobox', { name: 'Subscription' }).click();
    await page.getByRole('option', { name: /Dynamics 365 Customer Engagement/ }).click();
    await page.getByRole('button', { name: 'Next', exact: true }).click();

    // Action.Execute: the invoke response's card replaces the picker in place.
    const partnerId = page.getByRole('textbox', { name: /^Partner ID/ });
    await partnerId.fill('2345678');
    await page.getByRole('button', { name: 'Check ID', exact: true }).click();

    await page.getByText('Wingtip Partners', { exact: true }).waitFor();
    assert.match(await lastCardText(page), /Is this the right partner\?[\s\S]*Dynamics 365 Customer Engagement/);
    await page.getByRole('button', { name: 'Submit', exact: true }).click();

    await page.getByText('Partner of record attached', { exact: true }).waitFor();
    assert.match(await lastCardText(page), /Wingtip Partners \(2345678\)[\s\S]*By\s+Ada Owner/);
    // No mail server here: the email was written to the mail folder, and the bot told the owner it was NOT sent,
    // through the playground's connector. Sent as plain text (names are not markdown), so not a paragraph; the
    // first match is the chat list's preview.
    await page
      .getByText(/^The email telling Wingtip Partners .* NOT sent/)
      .last()
      .waitFor();

    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.mouse.move(0, 0); // else the button now under the pointer (Status) shows as hovered
    await page.screenshot({ path: SCREENSHOT });
    assert.deepEqual(pageErrors, [], 'the page threw');
  });

  it('shows the partner on the status card the bot sends for a typed "status"', async () => {
    await say(page, 'status');
    await page.getByText(/^Attached by Ada Owner on /).waitFor();
    assert.match(
      await lastCardText(page),
      /Dynamics 365 Customer Engagement\s+Partner of record: Wingtip Partners \(2345678\)\s+Attached by Ada Owner on .* UTC\. Email to the partner not sent \(no mail server\)/,
    );
  });
});
