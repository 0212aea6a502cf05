import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { answerLink } from '../support/answerLink';
import { suiteChromium } from '../support/browser';
import { startBot, tempDir, DEMO, type BotUnderTest } from '../support/botUnderTest';
import { ChannelServer } from '../support/channelServer';
import { TeamsUser } from '../support/teamsUser';
import { findAction, invokeCard } from '../support/cards';
import { SmtpTestServer } from '../support/smtpTestServer';

const LINK = /http:\/\/127\.0\.0\.1:\d+\/partner-answer\?t=[\w-]+\.[\w-]+/;

describe('partner answer page in headless Chromium', function () {
  this.timeout(60_000);
  const chromium = suiteChromium();
  let bot: BotUnderTest;
  let channel: ChannelServer;
  let smtp: SmtpTestServer;
  let dataDir: string;

  beforeEach(async () => {
    dataDir = tempDir();
    smtp = await (await SmtpTestServer.onFreePort()).start();
    channel = await new ChannelServer().start();
    bot = await startBot({ dataDir, background: true, env: { SMTP_URL: smtp.url, OUTBOX_POLL_MS: '50' } });
  });
  afterEach(async () => {
    await bot.stop();
    await channel.close();
    await smtp.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows the change, declines by keyboard with a reason, loads nothing from elsewhere, and reaches the owner', async () => {
    const owner = new TeamsUser(bot.url, channel.url, DEMO.contoso, DEMO.users.owner, 'Ada Owner');
    const enter = invokeCard(await owner.press('choose', { mode: 'attach', subscriptionId: DEMO.subscriptions.crm }));
    const confirm = invokeCard(
      await owner.press('check', { ...findAction(enter, 'Check ID').data, partnerId: DEMO.partners.wingtip }),
    );
    invokeCard(await owner.press('submit', findAction(confirm, 'Submit').data));
    await smtp.waitForCount(1);
    const link = LINK.exec(smtp.received[0]!.parsed.text ?? '')![0];

    const page = await chromium.browser.newPage({ viewport: { width: 420, height: 800 }, colorScheme: 'dark' });
    const errors: string[] = [];
    const elsewhere: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.route('**/*', (route) => {
      if (route.request().url().startsWith(bot.url)) return route.continue();
      elsewhere.push(route.request().url());
      return route.abort();
    });
    try {
      await page.goto(link);
      assert.equal(await page.locator('h1').textContent(), 'Your answer to a partner of record change');
      const facts = await page.locator('dl').innerText();
      assert.match(facts, /Contoso Ltd/);
      assert.match(facts, /Dynamics 365 \(CRM Online\): Dynamics 365 Customer Engagement/);
      assert.match(facts, /Wingtip Partners \(2345678\)/);
      // The system's dark scheme is followed.
      const background = await page.evaluate('getComputedStyle(document.body).backgroundColor');
      assert.equal(background, 'rgb(31, 31, 31)');

      // By keyboard: the reason's label, then Confirm, then Decline.
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate('document.activeElement && document.activeElement.id'), 'reason');
      await page.keyboard.type('Not our customer for this one.');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate('document.activeElement && document.activeElement.textContent'), 'Decline');
      await page.keyboard.press('Enter');
      await page.locator('#status.success').waitFor();
      assert.match(
        await page.locator('#status').innerText(),
        /Declined by Wingtip Partners on \d{4}-\d{2}-\d{2}: Not our customer for this one\./,
      );
      assert.equal(await page.locator('button').count(), 0);

      // Opened again: the answer, and nothing to press.
      await page.reload();
      assert.match(await page.locator('[role=status]').innerText(), /Declined by Wingtip Partners/);
      assert.equal(await page.locator('button').count(), 0);
      assert.deepEqual(elsewhere, []);
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
    await channel.waitFor(() =>
      channel
        .messages(owner.conversationId)
        .some((m) => JSON.stringify(m.activity).includes('declined being the partner of record')),
    );
  });

  it("shows the page, its buttons and its script's words in the browser's language", async () => {
    const link = await answerLink(bot, channel, smtp);
    const context = await chromium.browser.newContext({ locale: 'de-DE' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    try {
      await page.goto(link);
      assert.equal(await page.evaluate('document.documentElement.lang'), 'de');
      assert.equal(await page.locator('h1').textContent(), 'Ihre Antwort auf eine Änderung des Partner of Record');
      assert.equal(await page.locator('label[for=reason]').textContent(), 'Grund für die Ablehnung (optional)');
      // The script posts with the browser's own Accept-Language, so what it shows is German too.
      await page.getByRole('button', { name: 'Bestätigen' }).click();
      await page.locator('#status.success').waitFor();
      assert.match(
        await page.locator('#status').innerText(),
        /^Vielen Dank\. Ihre Antwort wurde gespeichert\. Bestätigt von Wingtip Partners am \d{4}-\d{2}-\d{2}\.$/,
      );
      assert.equal(await page.locator('button').count(), 0);
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });
});
