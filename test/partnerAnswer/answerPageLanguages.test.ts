import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { message } from '../../bot/wording/formatter';
import { startBot, tempDir, type BotUnderTest } from '../support/botUnderTest';
import { answerLink } from '../support/answerLink';
import { ChannelServer } from '../support/channelServer';
import { englishLeft, englishPhrases } from '../support/englishLeft';
import { SmtpTestServer } from '../support/smtpTestServer';

/** The names the page shows, which no language changes: left out when looking for English left behind. */
const DATA = [
  'Partner of Record',
  'Contoso Ltd',
  'Wingtip Partners',
  '2345678',
  'Ada Owner',
  'Dynamics 365 (CRM Online): Dynamics 365 Customer Engagement',
];

/**
 * Everything the page says, as a card-like object for `englishLeft`: its text (title included) and the words its
 * script shows (`data-sending`, `data-failed`), entities decoded, times left out.
 */
function pageWords(html: string): Record<string, string[]> {
  const decode = (text: string) => text.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
  const noTimes = (text: string) => text.replace(/\d{4}-\d{2}-\d{2}( \d{2}:\d{2} UTC)?/g, ' ');
  const texts = [...html.matchAll(/>([^<]+)</g)].map((m) => noTimes(decode(m[1]!)).trim()).filter(Boolean);
  const script = [...html.matchAll(/data-(?:sending|failed)="([^"]*)"/g)].map((m) => decode(m[1]!));
  return { texts, script };
}

/** The owner attaches Wingtip to the CRM subscription; the link in Wingtip's email. */

function get(url: string, acceptLanguage: string): Promise<Response> {
  return fetch(url, { headers: { 'accept-language': acceptLanguage } });
}

function answer(link: string, acceptLanguage: string, body: Record<string, string>): Promise<Response> {
  return fetch(`${new URL(link).origin}/partner-answer`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'accept-language': acceptLanguage },
    body: JSON.stringify({ token: new URL(link).searchParams.get('t'), ...body }),
  });
}

describe("the partner's answer page in the browser's language (Accept-Language)", function () {
  this.timeout(60_000);
  let bot: BotUnderTest;
  let channel: ChannelServer;
  let smtp: SmtpTestServer;
  let dataDir: string;
  let link: string;

  beforeEach(async () => {
    dataDir = tempDir();
    smtp = await (await SmtpTestServer.onFreePort()).start();
    channel = await new ChannelServer().start();
    bot = await startBot({ dataDir, background: true, env: { SMTP_URL: smtp.url, OUTBOX_POLL_MS: '50' } });
    link = await answerLink(bot, channel, smtp);
  });
  afterEach(async () => {
    await bot.stop();
    await channel.close();
    await smtp.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows the page in German and in Japanese, every sentence and the script words translated', async () => {
    const english = await (await get(link, 'en')).text();
    assert.ok(englishPhrases(pageWords(english), [], DATA).length >= 8, 'the check sees the English sentences');
    assert.match(english, /<dt>Subscription<\/dt><dd>Dynamics 365 \(CRM Online\): Dynamics 365 Customer Engagement/);
    for (const [acceptLanguage, language, heading] of [
      ['de-CH, de;q=0.9, en;q=0.5', 'de', 'Ihre Antwort auf eine Änderung des Partner of Record'],
      ['ja-JP,ja;q=0.9', 'ja', 'パートナー オブ レコードの変更への回答'],
    ] as const) {
      const res = await get(link, acceptLanguage);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-language'), language);
      assert.match(res.headers.get('vary') ?? '', /Accept-Language/i);
      const html = await res.text();
      assert.match(html, new RegExp(`^<!doctype html>\\n<html lang="${language}">`));
      assert.ok(html.includes(`<h1>${heading}</h1>`), html);
      assert.ok(html.includes(`data-sending="${message(language, 'answerPage.sending')}"`), 'the script says it too');
      assert.ok(html.includes('Dynamics 365 (CRM Online): Dynamics 365 Customer Engagement'));
      // The page knows no time zone: the change's time is UTC, and says so.
      assert.match(html, /Ada Owner, \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
      assert.deepEqual(englishLeft(pageWords(english), pageWords(html), { data: DATA }), [], language);
    }
  });

  it('answers in English for a language it does not write (pt-BR), for none, and for a malformed header', async () => {
    const english = await (await get(link, 'en')).text();
    for (const acceptLanguage of ['pt-BR,pt;q=0.9', '*', 'de;q=abc', '']) {
      const res = await get(link, acceptLanguage);
      assert.equal(res.headers.get('content-language'), 'en', acceptLanguage);
      assert.equal(await res.text(), english, acceptLanguage);
    }
  });

  it('records the answer with its message in the language asked, and shows it so when opened again', async () => {
    const confirmed = await answer(link, 'ja', { answer: 'confirmed' });
    assert.equal(confirmed.status, 200);
    assert.equal(confirmed.headers.get('content-language'), 'ja');
    const { message: said } = (await confirmed.json()) as { message: string };
    assert.match(said, /^ありがとうございます。回答を記録しました。\d{4}-\d{2}-\d{2} に Wingtip Partners が確認。$/);
    const again = await (await get(link, 'de')).text();
    assert.match(
      again,
      /<p class="banner success" role="status">Bestätigt von Wingtip Partners am \d{4}-\d{2}-\d{2}\.<\/p>/,
    );
    assert.doesNotMatch(again, /<button/);
  });

  it('refuses an altered link, and a malformed answer, in the language asked', async () => {
    const altered = `${link.slice(0, -2)}${link.endsWith('AA') ? 'BB' : 'AA'}`;
    const page = await get(altered, 'fr-FR');
    assert.equal(page.status, 400);
    const html = await page.text();
    assert.match(html, /<html lang="fr">/);
    assert.ok(html.includes(`<h1>${message('fr', 'answerPage.invalidTitle')}</h1>`), html);
    const refused = await answer(link, 'es', { answer: 'maybe' });
    assert.equal(refused.status, 400);
    assert.equal(((await refused.json()) as { message: string }).message, message('es', 'answerPage.failed'));
  });
});
