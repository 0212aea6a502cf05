import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { REPO_ROOT } from '../../bot/config';
import type { ProactiveSender } from '../../bot/channel';
import type { TeamsPayload } from '../../bot/core';
import { CardRenderer } from '../../bot/teams/cardRenderer';
import type { ConversationReferences, FoundConversation } from '../../bot/teams/conversationReferences';
import { ProactiveNotifier } from '../../bot/teams/proactiveNotifier';
import { ChannelServer } from '../support/channelServer';
import { startBot, DEMO, type BotUnderTest } from '../support/botUnderTest';
import { cardText, digestCards, digestRows, findAction, invokeCard } from '../support/cards';
import { eventually } from '../support/eventually';
import { freePort } from '../support/smtpTestServer';
import { postActivity, TeamsUser } from '../support/teamsUser';

const WITHOUT_PARTNER = [
  DEMO.subscriptions.crm,
  DEMO.subscriptions.ax7,
  DEMO.subscriptions.intune,
  DEMO.subscriptions.ems,
  DEMO.subscriptions.powerbi,
];

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The README's curl example (a status card action), from a serviceUrl on this machine where nothing listens. */
async function curlExample(bot: BotUnderTest, deadServiceUrl: string, conversationId: string): Promise<void> {
  const answer = await postActivity(bot.url, {
    type: 'invoke',
    name: 'adaptiveCard/action',
    channelId: 'msteams',
    id: '1',
    serviceUrl: deadServiceUrl,
    from: { id: '29:ada', aadObjectId: DEMO.users.owner },
    recipient: { id: '28:bot' },
    conversation: { id: conversationId, tenantId: DEMO.contoso },
    value: { action: { type: 'Action.Execute', verb: 'status', data: { page: 0 } } },
  });
  assert.match(cardText(invokeCard(answer)), /Contoso Ltd/);
}

/** The subscriptions listed by the digests that reached this chat, digest after digest. */
function nudgedIn(channel: ChannelServer, conversationId: string): string[] {
  return digestCards(channel, conversationId).flatMap(digestRows);
}

/** Opens a chat the way the Agents Playground does when its page opens: the app installed, the bot added. */
async function openPlayground(bot: BotUnderTest, channel: ChannelServer): Promise<TeamsUser> {
  const user = new TeamsUser(bot.url, channel.url, DEMO.contoso, DEMO.users.owner, 'Ada Owner');
  assert.equal((await user.post(user.activity({ type: 'installationUpdate', action: 'add' }))).status, 200);
  assert.equal((await user.install()).status, 200);
  return user;
}

describe("notifications: a chat on a local channel that went away (the README's curl example, then the playground)", function () {
  this.timeout(60_000);
  let channel: ChannelServer;
  let bot: BotUnderTest;
  let deadServiceUrl: string;

  beforeEach(async () => {
    channel = await new ChannelServer().start();
    deadServiceUrl = `http://localhost:${await freePort()}/`;
  });
  afterEach(async () => {
    await bot.stop();
    await channel.close();
  });

  it("sends no nudge queued for the curl example's chat into the playground chat the same person opened next, mid-flow", async () => {
    // Retries as the bot is configured by default would come minutes later; a few seconds show the same thing.
    bot = await startBot({
      background: true,
      env: { OUTBOX_POLL_MS: '50', OUTBOX_RETRY_BASE_MS: '1500', OUTBOX_RETRY_MAX_MS: '1500' },
    });
    await curlExample(bot, deadServiceUrl, 'a:readme-curl-example');
    // A nudge pass runs (hourly, or at the next start) while the curl example's chat is Ada's latest.
    assert.equal(await bot.app.nudgeSync.runOnce(), 1);

    // Ada opens the playground: a new chat, while the bot is still trying to reach the one that is not there.
    await pause(300);
    const playground = await openPlayground(bot, channel);
    await pause(300);
    const sinceFlowStarted = channel.received.length;

    // Her flow, at a person's pace, for longer than the bot takes to give up on a refused connection and move on.
    await playground.say('add partner');
    await pause(1500);
    const enter = invokeCard(
      await playground.press('choose', { mode: 'attach', subscriptionId: DEMO.subscriptions.crm }),
    );
    await pause(1500);
    const confirm = invokeCard(
      await playground.press('check', { ...findAction(enter, 'Check ID').data, partnerId: DEMO.partners.wingtip }),
    );
    await pause(1500);
    assert.match(
      cardText(invokeCard(await playground.press('submit', findAction(confirm, 'Submit').data))),
      /Partner of record attached/,
    );
    await pause(4000);

    const intoTheFlow = channel.received
      .slice(sinceFlowStarted)
      .filter((r) => r.conversationId === playground.conversationId)
      .flatMap((r) => (r.activity.attachments ?? []) as { content: Record<string, unknown> }[])
      .map((a) => cardText(a.content))
      .filter((text) => /^Subscriptions without a partner of record$/m.test(text));
    assert.deepEqual(intoTheFlow, [], 'a digest queued for another chat arrived in the middle of the flow');
    // The refused chat was forgotten only while it was Ada's latest: the playground chat is kept.
    assert.equal(
      (await bot.app.ports.store.getReference(DEMO.contoso, DEMO.users.owner))?.conversationId,
      playground.conversationId,
    );
  });

  it('forgets a chat whose local channel refuses connections instead of retrying, so nothing is left for a later chat', async () => {
    bot = await startBot({
      background: true,
      env: { OUTBOX_POLL_MS: '50', OUTBOX_RETRY_BASE_MS: '200', OUTBOX_RETRY_MAX_MS: '200' },
    });
    await curlExample(bot, deadServiceUrl, 'a:readme-curl-example');
    assert.equal(await bot.app.nudgeSync.runOnce(), 1);
    await eventually(
      async () => assert.equal(await bot.app.ports.store.getReference(DEMO.contoso, DEMO.users.owner), null),
      20_000,
    );

    // A new chat that starts with a message: nothing queued earlier turns up in it.
    const later = new TeamsUser(bot.url, channel.url, DEMO.contoso, DEMO.users.owner, 'Ada Owner');
    await later.say('status');
    await pause(1000);
    assert.deepEqual(nudgedIn(channel, later.conversationId), []);

    // Installing the app (as the playground's page does) offers the nudges that reached nobody once more,
    // right after the greeting, and only once.
    const playground = await openPlayground(bot, channel);
    await channel.waitFor(() => nudgedIn(channel, playground.conversationId).length >= WITHOUT_PARTNER.length);
    assert.equal(await bot.app.nudgeSync.runOnce(), 0);
    await pause(500);
    assert.deepEqual(nudgedIn(channel, playground.conversationId).sort(), [...WITHOUT_PARTNER].sort());
    assert.deepEqual(nudgedIn(channel, later.conversationId), []);
  });

  it("answers the README's curl example, as written, and is never given anything to send to its made-up chat", async () => {
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const example =
      /curl -s localhost:3978\/api\/messages -H 'content-type: application\/json' -d '(\{[\s\S]*?\})'\n```/.exec(
        readme,
      );
    assert.ok(example, 'the curl example is in the README');
    const activity = JSON.parse(example[1]!) as {
      from: { aadObjectId: string };
      conversation: { id: string; tenantId: string };
    };
    bot = await startBot();
    const answer = await postActivity(bot.url, activity);
    assert.match(cardText(invokeCard(answer)), /Contoso Ltd/);
    assert.notEqual(activity.conversation.id, 'a:partner-of-record-personal-chat', "the playground's chat id");

    // Ada has a chat too; the digest the pass queues is for her, none for the curl example's chat.
    const ada = await openPlayground(bot, channel);
    assert.equal(await bot.app.nudgeSync.runOnce(), 1);
    const queued = await bot.app.ports.store.claimDue('2100-01-01T00:00:00.000Z', '2100-01-01T00:01:00.000Z', 100);
    assert.equal(queued.length, 1);
    for (const m of queued) {
      assert.ok(
        m.channel === 'teams' && m.payload.to.aadObjectId === DEMO.users.owner && m.payload.kind === 'nudgeDigest',
      );
      assert.equal(m.payload.conversationId, ada.conversationId);
    }
    assert.notEqual(activity.from.aadObjectId, DEMO.users.owner);
  });

  it('still retries a chat whose channel answered with a server error', async () => {
    bot = await startBot({
      background: true,
      env: { OUTBOX_POLL_MS: '50', OUTBOX_RETRY_BASE_MS: '100', OUTBOX_RETRY_MAX_MS: '200' },
    });
    const owner = new TeamsUser(bot.url, channel.url, DEMO.contoso, DEMO.users.owner, 'Ada Owner');
    await owner.install();
    channel.failConversations.set(owner.conversationId, 502);
    assert.equal(await bot.app.nudgeSync.runOnce(), 1);
    await pause(600);
    assert.ok(await bot.app.ports.store.getReference(DEMO.contoso, DEMO.users.owner), 'a 5xx does not forget the chat');
    channel.failConversations.clear();
    await channel.waitFor(() => nudgedIn(channel, owner.conversationId).length === WITHOUT_PARTNER.length, 10_000);
  });
});

describe('notifications: which failed sends end a chat', () => {
  const log = pino({ level: 'silent' });
  const nudge: TeamsPayload = {
    kind: 'nudge',
    to: { tenantId: DEMO.contoso, aadObjectId: DEMO.users.owner },
    conversationId: 'a:chat',
    subscriptionId: DEMO.subscriptions.crm,
    service: 'Dynamics 365',
    subscriptionName: 'Dynamics 365 Customer Engagement',
  };

  /** A notifier whose every send fails with `error`, for a chat at `serviceUrl`; records what it forgot. */
  function failingNotifier(serviceUrl: string, error: unknown, conversationId = 'a:chat') {
    const forgotten: (FoundConversation | undefined)[] = [];
    const found: FoundConversation = {
      reference: { serviceUrl, conversation: { id: conversationId } as never },
      conversationId,
      updatedAt: '2025-01-01T00:00:00.000Z',
      reader: { language: 'en' },
    };
    const references = {
      find: async () => found,
      forget: async (_: unknown, which?: FoundConversation) => void forgotten.push(which),
    } as unknown as ConversationReferences;
    const sender: ProactiveSender = {
      send: async () => {
        throw error;
      },
    };
    return {
      notifier: new ProactiveNotifier(sender, references, new CardRenderer(), log, async () => {
        throw new Error('no digest here');
      }),
      forgotten,
      found,
    };
  }

  const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
  // How the connector's HTTP client reports it: its own error, the system error as its cause or code.
  const wrapped = () =>
    Object.assign(new Error('request failed'), { name: 'RestError', code: 'REQUEST_SEND_ERROR', cause: refused() });
  const bothAddresses = () => Object.assign(new AggregateError([refused(), refused()], ''), { code: 'ECONNREFUSED' });

  it('forgets a chat on this machine that refuses the connection, whatever wraps the error', async () => {
    for (const error of [refused(), wrapped(), bothAddresses()]) {
      for (const serviceUrl of ['http://localhost:9/', 'http://127.0.0.1:56150/', 'http://[::1]:3978/']) {
        const { notifier, forgotten, found } = failingNotifier(serviceUrl, error);
        assert.equal(await notifier.send(nudge), 'gone', serviceUrl);
        assert.deepEqual(forgotten, [found], 'only the chat that was tried is forgotten');
      }
    }
  });

  it("retries Teams' own service whatever failed, and a local channel that answered", async () => {
    const teams = 'https://smba.trafficmanager.net/teams/';
    const serverError = Object.assign(new Error('Bad gateway'), { statusCode: 502 });
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    for (const [serviceUrl, error] of [
      [teams, refused()],
      [teams, wrapped()],
      [teams, serverError],
      [teams, reset],
      ['http://localhost:56150/', serverError],
      ['http://localhost:56150/', reset],
    ] as const) {
      const { notifier, forgotten } = failingNotifier(serviceUrl, error);
      await assert.rejects(notifier.send(nudge), (err) => err === error, `${serviceUrl} ${(error as Error).message}`);
      assert.deepEqual(forgotten, []);
    }
  });

  it('sends a nudge only into the chat it was queued for', async () => {
    const { notifier, forgotten } = failingNotifier(
      'https://smba.trafficmanager.net/teams/',
      new Error('not reached'),
      'a:another-chat',
    );
    assert.equal(await notifier.send(nudge), 'moved');
    assert.deepEqual(forgotten, []);
    // A nudge queued before chats were recorded with it goes to the person's chat, as before.
    const { conversationId: _, ...unbound } = nudge as Extract<TeamsPayload, { kind: 'nudge' }>;
    await assert.rejects(notifier.send(unbound), /not reached/);
  });
});
