import { randomUUID } from 'node:crypto';
import assert from 'node:assert/strict';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { SQLITE_FILE_NAME } from '../../bot/adapters/sqlite/sqliteStore';
import { PartnerIdSchema } from '../../bot/core';
import { ChannelServer } from '../support/channelServer';
import { startBot, DEMO, type BotUnderTest } from '../support/botUnderTest';
import { TeamsUser, type PostResult } from '../support/teamsUser';
import { digestCards, digestRows, findAction, invokeCard } from '../support/cards';
import { eventually } from '../support/eventually';

const WITHOUT_PARTNER = [
  DEMO.subscriptions.crm,
  DEMO.subscriptions.ax7,
  DEMO.subscriptions.intune,
  DEMO.subscriptions.ems,
  DEMO.subscriptions.powerbi,
];

/** Teams' installationUpdate for the app in this person's personal chat. */
function installationUpdate(user: TeamsUser, action: string): Promise<PostResult> {
  return user.post(user.activity({ type: 'installationUpdate', action }));
}

/** The subscriptions listed by the digests that reached this chat, digest after digest. */
function nudgedIn(channel: ChannelServer, conversationId: string): string[] {
  return digestCards(channel, conversationId).flatMap(digestRows);
}

/** The owner's nudge rows as the store keeps them (read beside the running bot). */
function nudgeRows(
  bot: BotUnderTest,
): { subscription_id: string; undelivered_at: string | null; reoffered_at: string | null }[] {
  const db = new BetterSqlite3(path.join(bot.dataDir, SQLITE_FILE_NAME), { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare(
        'SELECT subscription_id, undelivered_at, reoffered_at FROM nudges WHERE aad_object_id = ? ORDER BY subscription_id',
      )
      .all(DEMO.users.owner) as never;
  } finally {
    db.close();
  }
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('conversation: the app removed from a personal chat, and installed again', () => {
  let channel: ChannelServer;
  let bot: BotUnderTest;
  let owner: TeamsUser;

  beforeEach(async () => {
    channel = await new ChannelServer().start();
    // The outbox is not delivered until a test starts it: nudges can be queued first, and found undeliverable later.
    bot = await startBot({ env: { OUTBOX_POLL_MS: '50', OUTBOX_RETRY_BASE_MS: '50', OUTBOX_RETRY_MAX_MS: '200' } });
    owner = new TeamsUser(bot.url, channel.url, DEMO.contoso, DEMO.users.owner, 'Ada Owner');
    // As Teams installs a personal app: installationUpdate, then the bot added to the chat (the welcome card).
    assert.equal((await installationUpdate(owner, 'add')).status, 200);
    await owner.install();
  });
  afterEach(async () => {
    await bot.stop();
    await channel.close();
  });

  /** The owner's digest queued, then the app removed before it went out: it finds no chat. */
  async function removedWithNudgesQueued(): Promise<void> {
    assert.equal(await bot.app.nudgeSync.runOnce(), 1);
    assert.equal((await installationUpdate(owner, 'remove')).status, 200);
    bot.app.startBackgroundWork();
    await eventually(() =>
      assert.ok(
        nudgeRows(bot).every((r) => r.undelivered_at !== null),
        'every nudge found no chat',
      ),
    );
    assert.deepEqual(nudgedIn(channel, owner.conversationId), []);
  }

  it('forgets the chat and its open question on removal, answers nothing, and sends nothing there any more', async () => {
    // An open question: the bot asked for a Partner ID.
    const enter = invokeCard(await owner.press('choose', { mode: 'attach', subscriptionId: DEMO.subscriptions.crm }));
    assert.ok(findAction(enter, 'Check ID'));
    assert.ok(await bot.app.ports.store.getPendingPrompt(owner.conversationId));
    const sentBefore = channel.received.length;

    const removed = await installationUpdate(owner, 'remove');
    assert.equal(removed.status, 200);
    assert.equal(removed.body, undefined, 'nothing to answer with');
    assert.equal(await bot.app.ports.store.getReference(DEMO.contoso, DEMO.users.owner), null);
    assert.equal(await bot.app.ports.store.getPendingPrompt(owner.conversationId), null);
    assert.deepEqual(await bot.app.ports.store.listTenantIds(), []);

    // A later nudge pass has nobody to nudge, and nothing reaches the chat.
    bot.app.startBackgroundWork();
    assert.equal(await bot.app.nudgeSync.runOnce(), 0);
    await pause(300);
    assert.equal(channel.received.length, sentBefore, 'the bot sent something after it was removed');
  });

  it('lets queued messages to the person find no chat once the app is removed', async () => {
    await removedWithNudgesQueued();
    assert.equal(await bot.app.nudgeSync.runOnce(), 0);
    await pause(200);
    assert.deepEqual(nudgedIn(channel, owner.conversationId), []);
  });

  it('offers the digest that never reached the person once more on re-install, exactly once, without what got a partner', async () => {
    await removedWithNudgesQueued();
    // Meanwhile a partner was attached to CRM (in the Partners tab, say).
    const crm = await bot.app.ports.store.applyChange({
      tenantId: DEMO.contoso,
      subscriptionId: DEMO.subscriptions.crm,
      kind: 'attach',
      expectedVersion: 0,
      initialPartnerId: null,
      newPartnerId: PartnerIdSchema.parse(DEMO.partners.wingtip),
      actorId: DEMO.users.owner,
      actorName: 'Ada Owner',
      at: new Date().toISOString(),
      idempotencyKey: 'attached-in-the-tab',
      outbox: [],
      eventId: randomUUID(),
    });
    assert.equal(crm.outcome, 'applied');

    // Installed again: the chat is saved as on any turn, and the undelivered digest comes right after.
    assert.equal((await installationUpdate(owner, 'add')).status, 200);
    assert.equal(
      (await bot.app.ports.store.getReference(DEMO.contoso, DEMO.users.owner))?.conversationId,
      owner.conversationId,
    );
    const expected = WITHOUT_PARTNER.filter((s) => s !== DEMO.subscriptions.crm).sort();
    await channel.waitFor(() => digestCards(channel, owner.conversationId).length >= 1);

    // Two further passes offer nothing more.
    assert.equal(await bot.app.nudgeSync.runOnce(), 0);
    assert.equal(await bot.app.nudgeSync.runOnce(), 0);
    await pause(300);
    assert.deepEqual(nudgedIn(channel, owner.conversationId).sort(), expected);

    // Installing once more changes nothing: those were delivered.
    assert.equal((await installationUpdate(owner, 'add')).status, 200);
    assert.equal(await bot.app.nudgeSync.runOnce(), 0);
    await pause(300);
    assert.deepEqual(nudgedIn(channel, owner.conversationId).sort(), expected);
  });

  it('does not offer a digest a third time when its second offer found no chat either', async () => {
    await removedWithNudgesQueued();
    // Installed again, but the chat refuses the bot by the time the nudges go out (removed at once, say).
    channel.failConversations.set(owner.conversationId, 403);
    assert.equal((await installationUpdate(owner, 'add')).status, 200);
    await eventually(() =>
      assert.ok(
        nudgeRows(bot).every((r) => r.reoffered_at !== null && r.undelivered_at !== null),
        'offered again, undelivered again',
      ),
    );
    assert.equal(
      await bot.app.ports.store.getReference(DEMO.contoso, DEMO.users.owner),
      null,
      'the refusing chat is forgotten',
    );

    channel.failConversations.clear();
    assert.equal((await installationUpdate(owner, 'add')).status, 200);
    await owner.install();
    assert.equal(await bot.app.nudgeSync.runOnce(), 0);
    await pause(300);
    assert.deepEqual(nudgedIn(channel, owner.conversationId), []);
  });

  it('does nothing for an install or removal in a team or group chat', async () => {
    const inTeam = (action: string) =>
      owner.post(
        owner.activity({
          type: 'installationUpdate',
          action,
          conversation: { id: '19:team-channel', conversationType: 'channel', tenantId: DEMO.contoso },
        }),
      );
    assert.equal((await inTeam('remove')).status, 200);
    assert.equal(
      (await bot.app.ports.store.getReference(DEMO.contoso, DEMO.users.owner))?.conversationId,
      owner.conversationId,
    );
  });

  it("takes installationUpdate with each of Teams' actions, and refuses one without a known action with 400", async () => {
    for (const action of ['add', 'add-upgrade', 'remove-upgrade', 'remove']) {
      assert.equal((await installationUpdate(owner, action)).status, 200, action);
    }
    for (const action of [undefined, '', 'delete', 42, { add: true }, 'x'.repeat(100)]) {
      const answer = await owner.post(
        owner.activity({ type: 'installationUpdate', ...(action === undefined ? {} : { action }) }),
      );
      assert.equal(answer.status, 400, JSON.stringify(action));
      assert.equal(answer.body.error.code, 'badActivity');
      assert.equal(answer.body.error.message, 'The activity is malformed (action).');
    }
  });
});
