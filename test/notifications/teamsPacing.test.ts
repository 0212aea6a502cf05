import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ChannelServer, type ReceivedActivity } from '../support/channelServer';
import { startBot, tempDir, DEMO, type BotUnderTest } from '../support/botUnderTest';
import { cardText, digestCards, digestRows, findAction, invokeCard, sentCards } from '../support/cards';
import { SmtpTestServer } from '../support/smtpTestServer';
import { TeamsUser } from '../support/teamsUser';

const WITHOUT_PARTNER = [
  DEMO.subscriptions.crm,
  DEMO.subscriptions.ax7,
  DEMO.subscriptions.intune,
  DEMO.subscriptions.ems,
  DEMO.subscriptions.powerbi,
];

/** The subscriptions the owner's digests listed, digest after digest. */
const nudged = (channel: ChannelServer, conversationId: string) =>
  digestCards(channel, conversationId).flatMap(digestRows);
/** The subscriptions of single-subscription nudge cards (as queued before digests). */
const singleNudges = (channel: ChannelServer, conversationId: string) =>
  sentCards(channel, conversationId)
    .filter((card) => /has no partner of record$/m.test(cardText(card)))
    .map((c) => findAction(c, 'Attach a partner').data.subscriptionId as string);

/** The most of these sends the channel received within any `windowMs`. */
function busiest(sends: readonly ReceivedActivity[], windowMs: number): number {
  const times = sends.map((s) => s.at.getTime()).sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= windowMs) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe("notifications: Teams' 429 and Retry-After", function () {
  this.timeout(60_000);
  let smtp: SmtpTestServer;
  let channel: ChannelServer;
  let bot: BotUnderTest;
  let owner: TeamsUser;

  async function start(env: Record<string, string> = {}) {
    // The default poll (5 s): a message waited out is sent when its wait ends, not at the next poll.
    bot = await startBot({ background: true, env: { SMTP_URL: smtp.url, OUTBOX_POLL_MS: '5000', ...env } });
    owner = new TeamsUser(bot.url, channel.url, DEMO.contoso, DEMO.users.owner, 'Ada Owner');
    await owner.install();
  }

  beforeEach(async () => {
    smtp = await (await SmtpTestServer.onFreePort()).start();
    channel = await new ChannelServer().start();
  });
  afterEach(async () => {
    await bot.stop();
    await channel.close();
    await smtp.stop();
  });

  it('sends a message Teams refused with Retry-After: 2 once, not before 2 s, holds its chat as long, and emails go on meanwhile', async () => {
    await start();
    // The owner's change (of a subscription that has a partner, so the digest stays wanted) is ready to submit,
    // so that it takes one request once Teams has refused.
    const enter = invokeCard(await owner.press('choose', { mode: 'change', subscriptionId: DEMO.subscriptions.o365 }));
    const confirm = invokeCard(
      await owner.press('check', { ...findAction(enter, 'Check ID').data, partnerId: DEMO.partners.wingtip }),
    );
    const submit = findAction(confirm, 'Submit').data;

    channel.throttle({ conversationId: owner.conversationId, count: 1, retryAfter: '2' });
    assert.equal(await bot.app.nudgeSync.runOnce(), 1);
    await channel.waitFor(() => channel.throttled.length === 1);
    const refusedAt = channel.throttled[0]!.at.getTime();
    const sentBefore = channel.messages(owner.conversationId).length;

    // Emails queued while the chat waits (to the new partner and the old one) are not held up by it.
    invokeCard(await owner.press('submit', submit));
    await smtp.waitForCount(2);
    assert.deepEqual(smtp.received.flatMap((m) => m.to).sort(), ['por@fabrikam.example', 'por@wingtip.example']);
    for (const mail of smtp.received) assert.ok(mail.at.getTime() < refusedAt + 2_000, 'an email waited for the chat');
    assert.equal(
      channel.messages(owner.conversationId).length,
      sentBefore,
      'the chat got a message while Teams asked to wait',
    );

    // Then the digest once, and the owner's two "was notified", none before Teams' 2 seconds were over.
    const notified = () =>
      channel.messages(owner.conversationId).filter((m) => /was notified/.test(m.activity.text ?? '')).length;
    await channel.waitFor(
      () => nudged(channel, owner.conversationId).length >= WITHOUT_PARTNER.length && notified() >= 2,
      15_000,
    );
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(nudged(channel, owner.conversationId).sort(), [...WITHOUT_PARTNER].sort());
    const afterRefusal = channel.messages(owner.conversationId).slice(sentBefore);
    assert.equal(afterRefusal.length, 1 + 2);
    for (const m of afterRefusal)
      assert.ok(m.at.getTime() >= refusedAt + 2_000, `sent ${m.at.getTime() - refusedAt} ms after the 429`);
    assert.equal(channel.throttled.length, 1);
  });

  it('waits out at most OUTBOX_RETRY_MAX_MS of a Retry-After, and backs off as usual without one', async () => {
    await start({ OUTBOX_RETRY_BASE_MS: '300', OUTBOX_RETRY_MAX_MS: '1500' });
    channel.throttle({ conversationId: owner.conversationId, count: 1, retryAfter: '86400' });
    channel.throttle({ conversationId: owner.conversationId, count: 1 });
    assert.equal(await bot.app.nudgeSync.runOnce(), 1);
    await channel.waitFor(() => nudged(channel, owner.conversationId).length >= WITHOUT_PARTNER.length, 15_000);
    const [day, none] = channel.throttled;
    assert.equal(day?.retryAfter, '86400');
    assert.equal(none?.retryAfter, undefined);
    // A day asked for: 1.5 s waited. Then a 429 without Retry-After: the first backoff step (300 ms), counted.
    assert.ok(none!.at.getTime() - day!.at.getTime() >= 1_500);
    const delivered = channel.messages(owner.conversationId).filter((m) => m.at > none!.at);
    assert.ok(delivered.every((m) => m.at.getTime() - none!.at.getTime() >= 300));
    assert.deepEqual(nudged(channel, owner.conversationId).sort(), [...WITHOUT_PARTNER].sort());
  });
});

describe('notifications: Teams messages paced per chat', function () {
  this.timeout(90_000);
  const TENANT = '7b000000-0000-4000-8000-000000000030';
  const OWNER = '7b000000-0000-4000-8000-0000000000a1';
  const SUBSCRIPTIONS = 30;
  let dir: string;
  let channel: ChannelServer;
  let bot: BotUnderTest;

  before(async () => {
    dir = tempDir();
    const seed = {
      tenants: [
        {
          id: TENANT,
          name: 'Thirty Subscriptions Ltd',
          users: [{ aadObjectId: OWNER, name: 'Olive Owner', email: 'olive@thirty.example', role: 'owner' }],
          subscriptions: Array.from({ length: SUBSCRIPTIONS }, (_, i) => ({
            id: `sub-${String(i).padStart(2, '0')}`,
            service: 'Azure',
            name: `Subscription ${i}`,
            createdAt: '2026-01-01T00:00:00Z',
          })),
        },
      ],
      partners: [],
    };
    const seedFile = path.join(dir, 'seed.json');
    writeFileSync(seedFile, JSON.stringify(seed));
    channel = await new ChannelServer().start();
    bot = await startBot({ background: true, env: { SEED_FILE: seedFile, OUTBOX_POLL_MS: '5000' } });
  });
  after(async () => {
    await bot.stop();
    await channel.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("sends 30 messages queued for one chat within Teams' per-chat limits (7 a second, 8 in 2 seconds), each once", async () => {
    const owner = new TeamsUser(bot.url, channel.url, TENANT, OWNER, 'Olive Owner');
    await owner.install();
    const before = channel.messages(owner.conversationId).length;
    // A nudge pass queues one digest per owner; thirty single nudges (as queued before digests) make the backlog.
    const to = { tenantId: TENANT, aadObjectId: OWNER };
    const subscriptions = Array.from({ length: SUBSCRIPTIONS }, (_, i) => `sub-${String(i).padStart(2, '0')}`);
    await bot.app.ports.store.enqueue(
      subscriptions.map((subscriptionId) => ({
        channel: 'teams' as const,
        tenantId: TENANT,
        subscriptionId,
        payload: {
          kind: 'nudge' as const,
          to,
          conversationId: owner.conversationId,
          subscriptionId,
          service: 'Azure',
          subscriptionName: subscriptionId,
        },
      })),
      new Date().toISOString(),
    );
    await channel.waitFor(() => singleNudges(channel, owner.conversationId).length >= SUBSCRIPTIONS, 60_000);
    await new Promise((r) => setTimeout(r, 500));

    const sends = channel.messages(owner.conversationId).slice(before);
    assert.equal(sends.length, SUBSCRIPTIONS);
    assert.equal(new Set(singleNudges(channel, owner.conversationId)).size, SUBSCRIPTIONS, 'a nudge arrived twice');
    const inOneSecond = busiest(sends, 1_000);
    const inTwoSeconds = busiest(sends, 2_000);
    assert.ok(inOneSecond <= 7, `${inOneSecond} messages within a second`);
    assert.ok(inTwoSeconds <= 8, `${inTwoSeconds} messages within 2 seconds`);
    assert.equal(channel.throttled.length, 0);
  });
});
