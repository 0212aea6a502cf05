import assert from 'node:assert/strict';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { SQLITE_FILE_NAME } from '../../bot/adapters/sqlite/sqliteStore';
import { ChannelServer } from '../support/channelServer';
import { startBot, DEMO, type BotUnderTest } from '../support/botUnderTest';
import { TeamsUser } from '../support/teamsUser';
import { cardText, digestCards, digestRows, findAction, invokeCard } from '../support/cards';
import { eventually } from '../support/eventually';

const WITHOUT_PARTNER = [
  DEMO.subscriptions.crm,
  DEMO.subscriptions.ax7,
  DEMO.subscriptions.intune,
  DEMO.subscriptions.ems,
  DEMO.subscriptions.powerbi,
];

describe('notifications: a digest of subscriptions without a partner of record', () => {
  let channel: ChannelServer;
  let bot: BotUnderTest;
  let owner: TeamsUser;

  const digests = () => digestCards(channel, owner.conversationId);

  beforeEach(async () => {
    channel = await new ChannelServer().start();
    bot = await startBot({ background: true, env: { OUTBOX_POLL_MS: '50' } });
    assert.equal(await bot.app.nudgeSync.runOnce(), 0); // the pass at start, before anyone installed
    owner = new TeamsUser(bot.url, channel.url, DEMO.contoso, DEMO.users.owner);
    await owner.install(); // the bot now has a conversation to nudge in
  });
  afterEach(async () => {
    await bot.stop();
    await channel.close();
  });

  it('sends the owner one card listing every subscription without a partner, once, however many passes run', async () => {
    assert.equal(await bot.app.nudgeSync.runOnce(), 1);
    await channel.waitFor(() => digests().length === 1);
    assert.equal(await bot.app.nudgeSync.runOnce(), 0);
    assert.equal(await bot.app.nudgeSync.runOnce(), 0);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(digests().length, 1);
    const [digest] = digests();
    assert.deepEqual([...digestRows(digest!)].sort(), [...WITHOUT_PARTNER].sort());
    assert.match(cardText(digest!), /^Power BI: Power BI Pro$/m);
    assert.match(
      digest!.fallbackText,
      /^Subscriptions without a partner of record: 5 subscriptions have no partner of record/,
    );
  });

  it('starts the normal attach flow from a row\'s "Attach", with the subscription chosen', async () => {
    await bot.app.nudgeSync.runOnce();
    await channel.waitFor(() => digests().length === 1);
    assert.ok(digestRows(digests()[0]!).includes(DEMO.subscriptions.ax7));
    const enter = invokeCard(await owner.press('choose', { mode: 'attach', subscriptionId: DEMO.subscriptions.ax7 }));
    assert.match(
      cardText(enter),
      /Subscription: Dynamics 365 Finance and Operations \(AX7\): Dynamics 365 Finance and Operations/,
    );
    const confirm = invokeCard(
      await owner.press('check', { ...findAction(enter, 'Check ID').data, partnerId: DEMO.partners.wingtip }),
    );
    assert.match(
      cardText(invokeCard(await owner.press('submit', findAction(confirm, 'Submit').data))),
      /Partner of record attached/,
    );
  });

  it('"Not now" stops reminders about every subscription the digest lists', async () => {
    await bot.app.nudgeSync.runOnce();
    await channel.waitFor(() => digests().length === 1);
    const notNow = findAction(digests()[0]!, 'Not now');
    assert.match(cardText(invokeCard(await owner.press(notNow.verb, notNow.data))), /No more reminders about these/);
    for (const s of WITHOUT_PARTNER)
      assert.equal(
        await bot.app.ports.store.isDismissed({ tenantId: DEMO.contoso, aadObjectId: DEMO.users.owner }, s),
        true,
      );
    assert.equal(await bot.app.nudgeSync.runOnce(), 0);
  });

  it('does not list a subscription that has a partner, nor nudge an owner without the bot', async () => {
    const confirmRemove = invokeCard(
      await owner.press('choose', { mode: 'remove', subscriptionId: DEMO.subscriptions.o365 }),
    );
    invokeCard(await owner.press('remove', findAction(confirmRemove, 'Remove').data));
    // o365 lost its partner before the first pass: it is listed; Azure kept its partner: it is not.
    assert.equal(await bot.app.nudgeSync.runOnce(), 1);
    await channel.waitFor(() => digests().length === 1);
    const listed = digestRows(digests()[0]!);
    assert.equal(listed.length, WITHOUT_PARTNER.length + 1);
    assert.ok(listed.includes(DEMO.subscriptions.o365));
    assert.ok(!listed.includes(DEMO.subscriptions.azure));
    // Northwind's owner never installed the bot: nothing is queued for Northwind.
    const northwindOwner = new TeamsUser(bot.url, channel.url, DEMO.northwind, DEMO.users.northwindOwner);
    assert.equal(channel.messages(northwindOwner.conversationId).length, 0);
  });

  it('forgets a chat the bot was removed from (403) and carries on', async () => {
    channel.failConversations.set(owner.conversationId, 403);
    await bot.app.nudgeSync.runOnce();
    await eventually(async () =>
      assert.equal(await bot.app.ports.store.getReference(DEMO.contoso, DEMO.users.owner), null),
    );
    assert.equal(digests().length, 0);
    // Reinstalled in a new chat: the bot can reach the owner again.
    channel.failConversations.clear();
    const again = new TeamsUser(bot.url, channel.url, DEMO.contoso, DEMO.users.owner);
    await again.install();
    assert.ok(await bot.app.ports.store.getReference(DEMO.contoso, DEMO.users.owner));
  });
});

describe('notifications: a queued digest that became moot', () => {
  it('lists only what is still open when its turn comes', async () => {
    const channel = await new ChannelServer().start();
    const bot = await startBot({ env: { OUTBOX_POLL_MS: '50' } }); // outbox not delivering yet
    try {
      const owner = new TeamsUser(bot.url, channel.url, DEMO.contoso, DEMO.users.owner);
      const ceo = { tenantId: DEMO.contoso, aadObjectId: DEMO.users.owner };
      await owner.install();
      assert.equal(await bot.app.nudgeSync.runOnce(), 1);

      const enter = invokeCard(await owner.press('choose', { mode: 'attach', subscriptionId: DEMO.subscriptions.crm }));
      const confirm = invokeCard(
        await owner.press('check', { ...findAction(enter, 'Check ID').data, partnerId: DEMO.partners.wingtip }),
      );
      invokeCard(await owner.press('submit', findAction(confirm, 'Submit').data));
      await bot.app.ports.store.dismissNudge(ceo, DEMO.subscriptions.intune, new Date().toISOString());

      bot.app.startBackgroundWork();
      await channel.waitFor(() => digestCards(channel, owner.conversationId).length === 1);
      const listed = digestRows(digestCards(channel, owner.conversationId)[0]!);
      assert.deepEqual(
        [...listed].sort(),
        [DEMO.subscriptions.ax7, DEMO.subscriptions.ems, DEMO.subscriptions.powerbi].sort(),
      );
    } finally {
      await bot.stop();
      await channel.close();
    }
  });
});

describe('notifications: a queued digest with nothing left to list', () => {
  it('is not sent', async () => {
    const channel = await new ChannelServer().start();
    const bot = await startBot({ env: { OUTBOX_POLL_MS: '50' } }); // outbox not delivering yet
    try {
      const owner = new TeamsUser(bot.url, channel.url, DEMO.contoso, DEMO.users.owner);
      await owner.install();
      assert.equal(await bot.app.nudgeSync.runOnce(), 1);
      const notNow = invokeCard(await owner.press('dismissDigest', {}));
      assert.match(cardText(notNow), /I won't bring up these 5 subscriptions again/);
      bot.app.startBackgroundWork();
      const outbox = () => {
        const db = new BetterSqlite3(path.join(bot.dataDir, SQLITE_FILE_NAME), { readonly: true });
        try {
          return db.prepare("SELECT status, last_error AS error FROM outbox WHERE channel = 'teams'").all();
        } finally {
          db.close();
        }
      };
      await eventually(() => assert.deepEqual(outbox(), [{ status: 'failed', error: 'nudge no longer needed' }]));
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(digestCards(channel, owner.conversationId).length, 0);
    } finally {
      await bot.stop();
      await channel.close();
    }
  });
});

describe('notifications: a queued digest for someone who is no longer an owner', () => {
  it('is not sent', async () => {
    const channel = await new ChannelServer().start();
    let demoted = false;
    const bot = await startBot({
      env: { OUTBOX_POLL_MS: '50' }, // outbox not delivering yet
      customizePorts: (ports) => {
        const roles = ports.roles;
        const listOwners = async (tenantId: string) =>
          (await roles.listOwners(tenantId)).filter((o) => !(demoted && o.aadObjectId === DEMO.users.owner));
        return { ...ports, roles: Object.assign(Object.create(roles) as typeof roles, { listOwners }) };
      },
    });
    try {
      const owner = new TeamsUser(bot.url, channel.url, DEMO.contoso, DEMO.users.owner);
      await owner.install();
      assert.equal(await bot.app.nudgeSync.runOnce(), 1);
      demoted = true;
      bot.app.startBackgroundWork();
      await eventually(() => {
        const db = new BetterSqlite3(path.join(bot.dataDir, SQLITE_FILE_NAME), { readonly: true });
        try {
          const rows = db.prepare("SELECT status, last_error AS error FROM outbox WHERE channel = 'teams'").all();
          assert.deepEqual(rows, [{ status: 'failed', error: 'nudge no longer needed' }]);
        } finally {
          db.close();
        }
      });
      assert.equal(digestCards(channel, owner.conversationId).length, 0);
    } finally {
      await bot.stop();
      await channel.close();
    }
  });
});
