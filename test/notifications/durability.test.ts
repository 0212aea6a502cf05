import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { startBotProcess, type BotProcess } from '../support/botProcess';
import { DEMO, tempDir } from '../support/botUnderTest';
import { findAction, invokeCard } from '../support/cards';
import { ChannelServer } from '../support/channelServer';
import { SmtpTestServer } from '../support/smtpTestServer';
import { TeamsUser } from '../support/teamsUser';

const FAST_OUTBOX = {
  OUTBOX_POLL_MS: '100',
  OUTBOX_RETRY_BASE_MS: '100',
  OUTBOX_RETRY_MAX_MS: '300',
  OUTBOX_MAX_ATTEMPTS: '100',
  OUTBOX_LEASE_MS: '500',
};

async function attach(
  owner: TeamsUser,
  subscriptionId: string,
  partnerId: string,
  mode: 'attach' | 'change' = 'attach',
) {
  const enter = invokeCard(await owner.press('choose', { mode, subscriptionId }));
  const confirm = invokeCard(await owner.press('check', { ...findAction(enter, 'Check ID').data, partnerId }));
  invokeCard(await owner.press('submit', findAction(confirm, 'Submit').data));
}

/** Every message arrived, and none twice: by count, and by Message-ID. */
function assertExactlyOnce(smtp: SmtpTestServer, expected: string[]): void {
  const recipients = smtp.received.flatMap((m) => m.to).sort();
  assert.deepEqual(recipients, [...expected].sort());
  const ids = smtp.received.map((m) => m.parsed.messageId);
  assert.equal(new Set(ids).size, ids.length, 'a message was delivered twice');
}

describe('notifications: queued mail survives restarts and crashes', () => {
  let dataDir: string;
  let channel: ChannelServer;
  let smtp: SmtpTestServer;
  const running: BotProcess[] = [];

  beforeEach(async () => {
    dataDir = tempDir();
    channel = await new ChannelServer().start();
    smtp = await SmtpTestServer.onFreePort();
  });
  afterEach(async () => {
    for (const bot of running.splice(0)) await bot.stop('SIGKILL');
    await smtp.stop();
    await channel.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const start = async () => {
    const bot = await startBotProcess({ DATA_DIR: dataDir, SMTP_URL: smtp.url, ...FAST_OUTBOX });
    running.push(bot);
    return bot;
  };

  it('delivers every message queued while SMTP was down exactly once, after a restart', async () => {
    const first = await start();
    const owner = new TeamsUser(first.url, channel.url, DEMO.contoso, DEMO.users.owner);
    await attach(owner, DEMO.subscriptions.crm, DEMO.partners.wingtip);
    await attach(owner, DEMO.subscriptions.o365, DEMO.partners.litware, 'change');
    // Let a few delivery attempts fail against the closed port before the restart.
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(await first.stop('SIGTERM'), 0);

    await smtp.start();
    const second = await start();
    await smtp.waitForCount(3);
    await new Promise((r) => setTimeout(r, 500));
    assertExactlyOnce(smtp, ['por@wingtip.example', 'por@litware.example', 'por@fabrikam.example']);
    // The owner is told in the chat, through the reference the first process stored.
    await channel.waitFor(
      () =>
        channel.messages(owner.conversationId).filter((m) => /was notified/.test(m.activity.text ?? '')).length === 3,
    );
    await second.stop();
  });

  it('delivers the email of a Submit acknowledged just before the process was killed', async () => {
    const first = await start();
    const owner = new TeamsUser(first.url, channel.url, DEMO.contoso, DEMO.users.owner);
    await attach(owner, DEMO.subscriptions.powerbi, DEMO.partners.tailspin);
    first.child.kill('SIGKILL');
    await first.stop('SIGKILL');

    await smtp.start();
    await start();
    await smtp.waitForCount(1);
    await new Promise((r) => setTimeout(r, 500));
    assertExactlyOnce(smtp, ['por@tailspin.example']);
  });
});
