import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { ChannelServer } from '../support/channelServer';
import { startBot, DEMO, type BotUnderTest } from '../support/botUnderTest';
import { TeamsUser } from '../support/teamsUser';
import { cardText, findAction, invokeCard, lastSentCard } from '../support/cards';
import { SmtpTestServer } from '../support/smtpTestServer';

/** Fast retries, so a test can watch a message be retried and given up. */
const FAST_OUTBOX = { OUTBOX_POLL_MS: '50', OUTBOX_RETRY_BASE_MS: '50', OUTBOX_RETRY_MAX_MS: '200' };

async function submitChange(owner: TeamsUser, mode: 'attach' | 'change', subscriptionId: string, partnerId: string) {
  const enter = invokeCard(await owner.press('choose', { mode, subscriptionId }));
  const confirm = invokeCard(await owner.press('check', { ...findAction(enter, 'Check ID').data, partnerId }));
  return findAction(confirm, 'Submit').data;
}

function textMessages(channel: ChannelServer, conversationId: string): string[] {
  return channel
    .messages(conversationId)
    .map((m) => m.activity.text)
    .filter((t): t is string => typeof t === 'string');
}

describe('notifications: partner emails and owner confirmations', () => {
  let smtp: SmtpTestServer;
  let channel: ChannelServer;
  let bot: BotUnderTest;
  let owner: TeamsUser;

  beforeEach(async () => {
    smtp = await (await SmtpTestServer.onFreePort()).start();
    channel = await new ChannelServer().start();
    bot = await startBot({
      background: true,
      env: {
        SMTP_URL: smtp.url,
        MAIL_FROM: 'Partner of Record <por-bot@contoso.example>',
        MAIL_REPLY_TO: 'it@contoso.example',
        ...FAST_OUTBOX,
      },
    });
    owner = new TeamsUser(bot.url, channel.url, DEMO.contoso, DEMO.users.owner, 'Ada Owner');
  });
  afterEach(async () => {
    await bot.stop();
    await channel.close();
    await smtp.stop();
  });

  it('emails the partner once on attach, even when the Submit arrives twice, and tells the owner', async () => {
    const submit = await submitChange(owner, 'attach', DEMO.subscriptions.crm, DEMO.partners.wingtip);
    const [first, second] = await Promise.all([owner.press('submit', submit), owner.press('submit', submit)]);
    // A mail server is set: the partner will be emailed, and the card says so.
    assert.match(cardText(invokeCard(first!)), /Wingtip Partners will be told by email\./);
    await owner.say('help');
    assert.match(
      cardText(lastSentCard(channel, owner.conversationId)),
      /tell the partner by email when you attach, change or remove one/,
    );
    invokeCard(second!);
    await owner.press('submit', submit);

    await smtp.waitForCount(1);
    await channel.waitFor(() => textMessages(channel, owner.conversationId).some((t) => /was notified/.test(t)));
    // Give a wrongly duplicated message time to show up before counting.
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(smtp.received.length, 1);
    const mail = smtp.received[0]!;
    assert.deepEqual(mail.to, ['por@wingtip.example']);
    assert.equal(
      mail.parsed.subject,
      'Contoso Ltd recorded you as partner of record for Dynamics 365 Customer Engagement',
    );
    assert.match(
      mail.parsed.text ?? '',
      /Ada Owner of Contoso Ltd recorded Wingtip Partners \(Partner ID 2345678\) as the partner of record/,
    );
    assert.match(mail.parsed.text ?? '', /"Dynamics 365 Customer Engagement", on \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
    // A Dynamics subscription: the partner's own step at Microsoft is a CPOR claim in Partner Center.
    assert.match(
      mail.parsed.text ?? '',
      /file a claim for Contoso Ltd in Partner Center \(claiming partner of record, CPOR\)/,
    );
    assert.match(String(mail.parsed.html), /Wingtip Partners/);
    assert.match(mail.parsed.from?.text ?? '', /por-bot@contoso\.example/);
    assert.equal((mail.parsed.replyTo?.value ?? [])[0]?.address, 'it@contoso.example');
    assert.match(mail.parsed.messageId ?? '', /^<.+@.+>$/);

    const notices = textMessages(channel, owner.conversationId).filter((t) => /was notified/.test(t));
    assert.equal(notices.length, 1);
    assert.match(
      notices[0]!,
      /Wingtip Partners was notified by email \(por@wingtip\\?\.example\) that it is now the partner of record/,
    );
  });

  it('emails the new and the old partner on change, the old one on remove, and status says they went out', async () => {
    await owner.press('submit', await submitChange(owner, 'change', DEMO.subscriptions.o365, DEMO.partners.litware));
    await smtp.waitForCount(2);
    assert.match(
      smtp.to('por@litware.example')[0]!.parsed.subject ?? '',
      /^Contoso Ltd recorded you as partner of record for Office 365 E3/,
    );
    const replaced = smtp.to('por@fabrikam.example')[0]!;
    assert.match(
      replaced.parsed.subject ?? '',
      /^Contoso Ltd\u2019s record no longer names you as partner of record for Office 365 E3/,
    );

    const confirm = invokeCard(
      await owner.press('choose', { mode: 'remove', subscriptionId: DEMO.subscriptions.azure }),
    );
    invokeCard(await owner.press('remove', findAction(confirm, 'Remove').data));
    await smtp.waitForCount(3);
    assert.match(smtp.to('por@tailspin.example')[0]!.parsed.text ?? '', /removed/);

    await channel.waitFor(
      () => textMessages(channel, owner.conversationId).filter((t) => /was notified/.test(t)).length === 3,
    );
    await owner.say('status');
    const status = cardText(lastSentCard(channel, owner.conversationId));
    assert.match(
      status,
      /Office 365 E3\nPartner of record: Litware Advisory \(11223344\)\nChanged by Ada Owner on .*\. Partner emailed\./,
    );
    assert.match(status, /Azure plan\nNo partner of record\nRemoved by Ada Owner on .*\. Partner emailed\./);
  });

  it("tells the owner when the mail server refuses the partner's address, and status shows it", async () => {
    smtp.rejectWith = 550;
    await owner.press('submit', await submitChange(owner, 'attach', DEMO.subscriptions.ems, DEMO.partners.fabrikam));
    await channel.waitFor(() => textMessages(channel, owner.conversationId).some((t) => /I could not email/.test(t)));
    const notice = textMessages(channel, owner.conversationId).find((t) => /I could not email/.test(t))!;
    assert.match(notice, /Fabrikam Cloud Services/);
    assert.match(notice, /The change itself is saved/);
    await owner.say('status');
    assert.match(cardText(lastSentCard(channel, owner.conversationId)), /Email to the partner failed/);
    assert.equal(smtp.received.length, 0);
  });
});

describe('notifications: retries, and nothing lost when mail is down', () => {
  it('retries while the mail server is down, gives up after the limit, and says what to do', async () => {
    const smtp = await SmtpTestServer.onFreePort(); // never started: connections are refused
    const channel = await new ChannelServer().start();
    const bot = await startBot({
      background: true,
      env: { SMTP_URL: smtp.url, ...FAST_OUTBOX, OUTBOX_MAX_ATTEMPTS: '3' },
    });
    try {
      const owner = new TeamsUser(bot.url, channel.url, DEMO.contoso, DEMO.users.owner);
      await owner.press(
        'submit',
        await submitChange(owner, 'attach', DEMO.subscriptions.intune, DEMO.partners.tailspin),
      );
      await owner.say('status');
      assert.match(cardText(lastSentCard(channel, owner.conversationId)), /Email to the partner not sent yet/);
      await channel.waitFor(() =>
        textMessages(channel, owner.conversationId).some((t) => /I could not email Tailspin Consulting/.test(t)),
      );
    } finally {
      await bot.stop();
      await channel.close();
    }
  });

  it('writes readable .eml files in DATA_DIR/mail when no SMTP_URL is set, and says they were not sent', async () => {
    const channel = await new ChannelServer().start();
    const bot = await startBot({ background: true, env: FAST_OUTBOX });
    try {
      const owner = new TeamsUser(bot.url, channel.url, DEMO.contoso, DEMO.users.owner);
      const done = invokeCard(
        await owner.press(
          'submit',
          await submitChange(owner, 'attach', DEMO.subscriptions.powerbi, DEMO.partners.litware),
        ),
      );
      assert.match(
        cardText(done),
        /Litware Advisory will not be emailed: this bot has no mail server, so its email is only written to the bot's mail folder/,
      );
      const filed = /written to the bot's mail folder and NOT sent/;
      await channel.waitFor(() => textMessages(channel, owner.conversationId).some((t) => filed.test(t)));
      // The chat never says the partner was notified: nobody received anything.
      const said = textMessages(channel, owner.conversationId);
      assert.ok(!said.some((t) => /notified|was emailed/i.test(t)), said.join('\n'));
      assert.match(
        said.find((t) => filed.test(t))!,
        /^The email telling Litware Advisory \(por@litware\\?\.example\) that it is now the partner of record for Power BI Pro was written/,
      );

      // The status card and the tab say where the email stands: not sent, and why.
      await owner.say('status');
      const status = cardText(lastSentCard(channel, owner.conversationId));
      assert.match(
        status,
        /Power BI Pro\nPartner of record: Litware Advisory \(11223344\)\nAttached by .*\. Email to the partner not sent \(no mail server\)/,
      );
      assert.doesNotMatch(status, /Partner emailed/);
      // Help says so too: no promise that partners are told by email.
      await owner.say('help');
      const help = cardText(lastSentCard(channel, owner.conversationId));
      assert.match(
        help,
        /I have no mail server, so the emails that would tell a partner are only written to my mail folder, not sent/,
      );
      assert.doesNotMatch(help, /tell the partner by email/);
      const local = { 'content-type': 'application/json', host: new URL(bot.url).host };
      const signIn = await fetch(`${bot.url}/api/tab/dev/sign-in`, {
        method: 'POST',
        headers: local,
        body: JSON.stringify({ tenantId: DEMO.contoso, aadObjectId: DEMO.users.owner }),
      });
      const { token } = (await signIn.json()) as { token: string };
      const rows = (await (
        await fetch(`${bot.url}/api/tab/subscriptions`, { headers: { authorization: `Bearer ${token}` } })
      ).json()) as {
        id: string;
        emailStatus: string;
        text: { email: string };
      }[];
      const row = rows.find((r) => r.id === DEMO.subscriptions.powerbi)!;
      assert.equal(row.emailStatus, 'filed');
      assert.match(row.text.email, /^Email to the partner not sent \(no mail server\)/);

      const dir = path.join(bot.dataDir, 'mail');
      const files = readdirSync(dir).filter((f) => f.endsWith('.eml'));
      assert.equal(files.length, 1);
      const parsed = await simpleParser(readFileSync(path.join(dir, files[0]!)));
      assert.equal(parsed.subject, 'Contoso Ltd recorded you as partner of record for Power BI Pro');
      assert.equal((parsed.to as { value: { address: string }[] }).value[0]!.address, 'por@litware.example');
    } finally {
      await bot.stop();
      await channel.close();
    }
  });
});
