import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { auditExportRows, UpstreamUnavailableError } from '../../bot/core';
import { auditCsv } from '../../bot/export/auditCsv';
import { ChannelServer } from '../support/channelServer';
import { startBot, tempDir, DEMO, type BotUnderTest } from '../support/botUnderTest';
import { TeamsUser } from '../support/teamsUser';
import { actionTitles, cardText, findAction, invokeCard, lastSentCard, sentCards } from '../support/cards';
import { SmtpTestServer } from '../support/smtpTestServer';
import { dropSchema, freshSchema, requirePostgres } from '../support/postgres';

const FAST_OUTBOX = { OUTBOX_POLL_MS: '50', OUTBOX_RETRY_BASE_MS: '50', OUTBOX_RETRY_MAX_MS: '200' };
const LINK = /http:\/\/127\.0\.0\.1:\d+\/partner-answer\?t=[\w-]+\.[\w-]+/;

/** A webhook receiver on loopback that keeps every event posted to it. */
async function startReceiver(): Promise<{
  url: string;
  events: { type: string; id: string; data: any }[];
  close: () => Promise<void>;
}> {
  const events: { type: string; id: string; data: any }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      events.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    events,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

interface Harness {
  hooks: Awaited<ReturnType<typeof startReceiver>>;
  bot: BotUnderTest;
  channel: ChannelServer;
  smtp: SmtpTestServer;
  owner: TeamsUser;
}

async function submitChange(owner: TeamsUser, mode: 'attach' | 'change', subscriptionId: string, partnerId: string) {
  const enter = invokeCard(await owner.press('choose', { mode, subscriptionId }));
  const confirm = invokeCard(await owner.press('check', { ...findAction(enter, 'Check ID').data, partnerId }));
  return invokeCard(await owner.press('submit', findAction(confirm, 'Submit').data));
}

/** The link in the newest email to this address. */
async function linkFor(smtp: SmtpTestServer, address: string, count: number): Promise<string> {
  await smtp.waitForCount(count);
  const mails = smtp.to(address);
  const text = mails[mails.length - 1]!.parsed.text ?? '';
  const found = LINK.exec(text);
  assert.ok(found, `no answer link in:\n${text}`);
  assert.match(String(mails[mails.length - 1]!.parsed.html), /<a href="http:\/\/127\.0\.0\.1:\d+\/partner-answer\?t=/);
  return found[0];
}

async function post(link: string, body: unknown, contentType = 'application/json') {
  const url = new URL(link);
  const res = await fetch(`${url.origin}/partner-answer`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    text,
    json: (() => {
      try {
        return JSON.parse(text) as { code: string; message: string };
      } catch {
        return null;
      }
    })(),
  };
}

const tokenOf = (link: string) => new URL(link).searchParams.get('t')!;

async function status(h: Harness): Promise<string> {
  await h.owner.say('status');
  return cardText(lastSentCard(h.channel, h.owner.conversationId));
}

function texts(h: Harness): string[] {
  return h.channel
    .messages(h.owner.conversationId)
    .map((m) => m.activity.text)
    .filter((t): t is string => typeof t === 'string');
}

function answerSuite(
  name: string,
  env: () => Record<string, string>,
  cleanup: () => Promise<void> = async () => undefined,
): void {
  describe(`partner answer (${name})`, () => {
    let h: Harness;
    let dataDir: string;

    beforeEach(async () => {
      dataDir = tempDir();
      const smtp = await (await SmtpTestServer.onFreePort()).start();
      const channel = await new ChannelServer().start();
      const hooks = await startReceiver();
      const bot = await startBot({
        dataDir,
        background: true,
        env: {
          SMTP_URL: smtp.url,
          WEBHOOK_URLS: hooks.url,
          WEBHOOK_SECRET: 'a-webhook-secret-for-tests',
          ...FAST_OUTBOX,
          ...env(),
        },
      });
      h = {
        hooks,
        bot,
        channel,
        smtp,
        owner: new TeamsUser(bot.url, channel.url, DEMO.contoso, DEMO.users.owner, 'Ada Owner'),
      };
    });
    afterEach(async () => {
      await h.bot.stop();
      await h.channel.close();
      await h.smtp.stop();
      await h.hooks.close();
      rmSync(dataDir, { recursive: true, force: true });
      await cleanup();
    });

    it('links the change from the email; opening it changes nothing; Confirm reaches the owner once', async () => {
      await submitChange(h.owner, 'attach', DEMO.subscriptions.crm, DEMO.partners.wingtip);
      const link = await linkFor(h.smtp, 'por@wingtip.example', 1);

      for (let i = 0; i < 2; i++) {
        const page = await fetch(link);
        assert.equal(page.status, 200);
        assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'/);
        assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
        const html = await page.text();
        assert.match(html, /Contoso Ltd/);
        assert.match(html, /Dynamics 365 Customer Engagement/);
        assert.match(html, /Wingtip Partners \(2345678\)/);
        assert.match(html, /Ada Owner/);
        assert.match(html, /<button type="button" class="primary" data-answer="confirmed">Confirm<\/button>/);
        assert.match(html, /It changes nothing at Microsoft/);
      }
      // Opening the page twice recorded nothing.
      assert.doesNotMatch(await status(h), /Confirmed by|Declined by/);

      const confirmed = await post(link, { token: tokenOf(link), answer: 'confirmed' });
      assert.equal(confirmed.status, 200, confirmed.text);
      assert.match(confirmed.json!.message, /Confirmed by Wingtip Partners on \d{4}-\d{2}-\d{2}/);
      // A second answer gets the first one back.
      const again = await post(link, { token: tokenOf(link), answer: 'declined', reason: 'no' });
      assert.equal(again.status, 200);
      assert.match(again.json!.message, /Confirmed by Wingtip Partners/);

      const confirmedNotice = /confirmed on .* that it works with your organization/;
      await h.channel.waitFor(() => texts(h).some((t) => confirmedNotice.test(t)));
      await new Promise((r) => setTimeout(r, 300));
      const told = texts(h).filter((t) => confirmedNotice.test(t));
      assert.equal(told.length, 1);
      // The owner's chat said no time zone: the answer's time in UTC, the service by today's name.
      assert.match(
        told[0]!,
        /^Wingtip Partners confirmed on \d{4}-\d\d-\d\d \d\d:\d\d UTC that it works with your organization on Dynamics 365 \(CRM Online\): Dynamics 365 Customer Engagement\./,
      );
      assert.match(told[0]!, /nothing changes at Microsoft/);

      const page = await (await fetch(link)).text();
      assert.match(page, /Confirmed by Wingtip Partners on \d{4}-\d{2}-\d{2}/);
      assert.doesNotMatch(page, /<button/);
      assert.match(await status(h), /Confirmed by Wingtip Partners on \d{4}-\d{2}-\d{2}/);

      // One change event for the answer, after the attach's, naming the change it answers.
      await h.channel.waitFor(() => h.hooks.events.length >= 2);
      await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual(
        h.hooks.events.map((e) => e.type),
        ['com.partnerofrecord.assignment.attached', 'com.partnerofrecord.assignment.partner.confirmed'],
      );
      const [attached, answered] = h.hooks.events as unknown as [{ id: string; data: any }, { id: string; data: any }];
      assert.deepEqual(answered.data.change, { id: attached.id, version: 1 });
      assert.deepEqual(answered.data.partner, { partnerId: DEMO.partners.wingtip, name: 'Wingtip Partners' });
      assert.equal(answered.data.reason, null);
      assert.notEqual(answered.id, attached.id);
    });

    it('brings a decline and its reason to the owner as a card with Change partner and Remove', async () => {
      await submitChange(h.owner, 'attach', DEMO.subscriptions.ems, DEMO.partners.wingtip);
      const link = await linkFor(h.smtp, 'por@wingtip.example', 1);
      const declined = await post(link, {
        token: tokenOf(link),
        answer: 'declined',
        reason: 'We do not\nmanage EMS for them.',
      });
      assert.equal(declined.status, 200, declined.text);
      await h.channel.waitFor(() =>
        sentCards(h.channel, h.owner.conversationId).some((c) =>
          /declined being the partner of record/.test(cardText(c)),
        ),
      );
      const card = sentCards(h.channel, h.owner.conversationId).find((c) => /declined/.test(cardText(c)))!;
      assert.match(cardText(card), /Their reason: We do not manage EMS for them\./);
      assert.deepEqual(actionTitles(card), ['Change partner', 'Remove']);
      assert.deepEqual(findAction(card, 'Remove'), {
        verb: 'choose',
        data: { mode: 'remove', subscriptionId: DEMO.subscriptions.ems },
      });
      // The owner's button leads to the ordinary Remove confirmation.
      const remove = invokeCard(await h.owner.press('choose', findAction(card, 'Remove').data));
      assert.match(cardText(remove), /Wingtip Partners/);
      assert.match(
        await status(h),
        /Declined by Wingtip Partners on \d{4}-\d{2}-\d{2}: We do not manage EMS for them\./,
      );

      // The tab's table and the subscription's history say it too.
      const signIn = await fetch(`${h.bot.url}/api/tab/dev/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ tenantId: DEMO.contoso, aadObjectId: DEMO.users.owner }),
      });
      const { token } = (await signIn.json()) as { token: string };
      const tab = async (path: string) =>
        (await fetch(`${h.bot.url}${path}`, { headers: { authorization: `Bearer ${token}` } })).json() as Promise<any>;
      const row = ((await tab('/api/tab/subscriptions')) as any[]).find((r) => r.id === DEMO.subscriptions.ems);
      assert.match(
        row.text.answer,
        /^Declined by Wingtip Partners on \d{4}-\d{2}-\d{2}: We do not manage EMS for them\.$/,
      );
      assert.equal(row.answer.answer, 'declined');
      const history = (await tab(`/api/tab/subscriptions/${DEMO.subscriptions.ems}/history`)) as { text: string }[];
      assert.match(
        history[0]!.text,
        /Attached by Ada Owner .*\. Declined by Wingtip Partners on .*: We do not manage EMS for them\.$/,
      );

      // And the CSV export, next to the change it answers.
      const rows = auditExportRows({ ...h.bot.app.ports }, DEMO.contoso);
      const csv = await new Promise<string>((resolve, reject) => {
        const chunks: Buffer[] = [];
        auditCsv(rows)
          .on('data', (c: Buffer) => chunks.push(Buffer.from(c)))
          .on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
          .on('error', reject);
      });
      const lines = csv.split('\r\n');
      assert.match(lines[0]!, /,Partner answer,Answered \(UTC\),Reason given$/);
      assert.match(lines[1]!, /,attached,.*,declined,\d{4}-\d{2}-\d{2}T[\d:.]+Z,We do not manage EMS for them\.$/);
      assert.equal(
        h.hooks.events.filter((e) => e.type === 'com.partnerofrecord.assignment.partner.declined').length,
        1,
      );
    });

    it('refuses an altered link with a 4xx and changes nothing; JSON only', async () => {
      await submitChange(h.owner, 'attach', DEMO.subscriptions.crm, DEMO.partners.wingtip);
      const link = await linkFor(h.smtp, 'por@wingtip.example', 1);
      const [payload, mac] = tokenOf(link).split('.') as [string, string];
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { v: number };
      const forged = `${Buffer.from(JSON.stringify({ ...claims, v: claims.v + 1 })).toString('base64url')}.${mac}`;
      const altered = `${payload}.${mac.slice(0, -2)}${mac.endsWith('AA') ? 'BB' : 'AA'}`;
      for (const token of [forged, altered, 'x', '']) {
        const page = await fetch(`${new URL(link).origin}/partner-answer?t=${encodeURIComponent(token)}`);
        assert.equal(page.status, 400);
        const html = await page.text();
        assert.match(html, /This link is not valid/);
        assert.doesNotMatch(html, /Contoso|<button/);
        const answered = await post(link, { token, answer: 'confirmed' });
        assert.equal(answered.status, 400, answered.text);
      }
      assert.equal(
        (await post(link, `token=${tokenOf(link)}&answer=confirmed`, 'application/x-www-form-urlencoded')).status,
        415,
      );
      assert.equal((await post(link, { token: tokenOf(link), answer: 'maybe' })).status, 400);
      assert.equal(
        (await post(link, { token: tokenOf(link), answer: 'declined', reason: 'x'.repeat(5000) })).status,
        400,
      );
      await new Promise((r) => setTimeout(r, 200));
      assert.doesNotMatch(await status(h), /Confirmed by|Declined by/);
      assert.ok(!texts(h).some((t) => /confirmed that/.test(t)));
    });

    it('offers nothing on an old link once the subscription changed to another partner', async () => {
      await submitChange(h.owner, 'attach', DEMO.subscriptions.crm, DEMO.partners.wingtip);
      const link = await linkFor(h.smtp, 'por@wingtip.example', 1);
      await submitChange(h.owner, 'change', DEMO.subscriptions.crm, DEMO.partners.litware);
      await linkFor(h.smtp, 'por@litware.example', 3);
      const page = await fetch(link);
      assert.equal(page.status, 200);
      const html = await page.text();
      assert.match(html, /no longer current/);
      assert.doesNotMatch(html, /<button|<script/);
      const late = await post(link, { token: tokenOf(link), answer: 'confirmed' });
      assert.equal(late.status, 409);
      assert.match(late.json!.message, /no longer current/);
      assert.doesNotMatch(await status(h), /Confirmed by/);
    });

    it('limits requests per link, with a plain 429 page', async () => {
      await submitChange(h.owner, 'attach', DEMO.subscriptions.crm, DEMO.partners.wingtip);
      const link = await linkFor(h.smtp, 'por@wingtip.example', 1);
      const statuses: number[] = [];
      for (let i = 0; i < 22; i++) statuses.push((await fetch(link)).status);
      assert.deepEqual(statuses.slice(0, 20), Array(20).fill(200));
      const refused = await fetch(link);
      assert.equal(refused.status, 429);
      assert.match(await refused.text(), /Too many requests/);
    });
  });
}

answerSuite('SQLite', () => ({}));

describe('on PostgreSQL (TEST_DATABASE_URL)', () => {
  let url = '';
  let schema = '';
  before(function () {
    url = requirePostgres(this);
  });
  beforeEach(() => {
    schema = freshSchema();
  });
  answerSuite(
    'PostgreSQL',
    () => ({ STORE: 'postgres', DATABASE_URL: url, DATABASE_SCHEMA: schema }),
    () => dropSchema(url, schema),
  );
});

describe('partner answer while the store does not answer', () => {
  it('answers 503 with a plain page and a short JSON body, never a stack', async () => {
    const dataDir = tempDir();
    let down = false;
    const smtp = await (await SmtpTestServer.onFreePort()).start();
    const channel = await new ChannelServer().start();
    const bot = await startBot({
      dataDir,
      background: true,
      env: { SMTP_URL: smtp.url, ...FAST_OUTBOX },
      customizePorts: (ports) => {
        const store = Object.create(ports.store) as typeof ports.store;
        store.changeByEventId = async (id) => {
          if (down) throw new UpstreamUnavailableError('store', 'ECONNREFUSED');
          return ports.store.changeByEventId(id);
        };
        return { ...ports, store };
      },
    });
    try {
      const owner = new TeamsUser(bot.url, channel.url, DEMO.contoso, DEMO.users.owner, 'Ada Owner');
      await submitChange(owner, 'attach', DEMO.subscriptions.crm, DEMO.partners.wingtip);
      const link = await linkFor(smtp, 'por@wingtip.example', 1);
      down = true;
      const page = await fetch(link);
      assert.equal(page.status, 503);
      assert.doesNotMatch(await page.text(), /ECONNREFUSED|at \w+ \(/);
      const answered = await post(link, { token: tokenOf(link), answer: 'confirmed' });
      assert.equal(answered.status, 503);
      assert.equal(answered.json?.code, 'notAnswering');
      assert.doesNotMatch(answered.text, /ECONNREFUSED/);
      down = false;
      assert.equal((await post(link, { token: tokenOf(link), answer: 'confirmed' })).status, 200);
    } finally {
      await bot.stop();
      await channel.close();
      await smtp.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
