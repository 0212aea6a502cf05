import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Subscription } from '../../bot/core';
import { ChannelServer } from '../support/channelServer';
import { startBot, tempDir, type BotUnderTest } from '../support/botUnderTest';
import { cardText, digestCards, digestRows, findAction, invokeCard, type Card } from '../support/cards';
import { dropSchema, freshSchema, requirePostgres } from '../support/postgres';
import { eventually } from '../support/eventually';
import { TeamsUser } from '../support/teamsUser';

const TENANT = '6f1c2d3e-0000-4000-8000-0000000000d1';
const OWNERS = ['00000000-0000-4000-8000-00000000d001', '00000000-0000-4000-8000-00000000d002'];
const PARTNER = '1234567';
const id = (n: number) => `big-${String(n).padStart(2, '0')}`;
/** 24 subscriptions: 21 paid ones and three free or viral ones (the seed's `nudge: false`). */
const FREE = [id(22), id(23), id(24)];
const PAID = Array.from({ length: 21 }, (_, i) => id(i + 1));

function writeSeed(dir: string): string {
  const file = path.join(dir, 'seed.json');
  const subscriptions = [
    ...PAID.map((s, i) => ({
      id: s,
      service: 'Office 365',
      name: `Microsoft 365 E3 #${i + 1}`,
      createdAt: '2025-01-01T00:00:00Z',
    })),
    {
      id: FREE[0],
      service: 'Office 365',
      name: 'Microsoft Power Automate Free',
      createdAt: '2025-01-01T00:00:00Z',
      nudge: false,
    },
    {
      id: FREE[1],
      service: 'Power BI',
      name: 'Microsoft Fabric (Free)',
      createdAt: '2025-01-01T00:00:00Z',
      nudge: false,
    },
    {
      id: FREE[2],
      service: 'Office 365',
      name: 'Microsoft Teams Exploratory',
      createdAt: '2025-01-01T00:00:00Z',
      nudge: false,
    },
  ];
  const users = OWNERS.map((o, i) => ({
    aadObjectId: o,
    name: `Owner ${i + 1}`,
    email: `owner${i + 1}@big.example`,
    role: 'owner',
  }));
  const seed = {
    partners: [{ partnerId: PARTNER, name: 'Fabrikam Cloud Services', email: 'por@fabrikam.example' }],
    tenants: [{ id: TENANT, name: 'Big Tenant', users, subscriptions }],
  };
  writeFileSync(file, JSON.stringify(seed));
  return file;
}

for (const store of ['sqlite', 'postgres'] as const) {
  describe(`notifications: one digest per owner of subscriptions without a partner (${store})`, () => {
    let channel: ChannelServer;
    let bot: BotUnderTest;
    let owners: TeamsUser[];
    let schema = '';
    let url = '';
    /** Subscriptions that appear in the directory after the bot started. */
    let appeared: Subscription[];

    const digests = (who: TeamsUser) => digestCards(channel, who.conversationId);
    const refreshed = async (who: TeamsUser, card: Card) => invokeCard(await who.refresh(card));

    before(function () {
      if (store === 'postgres') url = requirePostgres(this);
    });
    beforeEach(async () => {
      appeared = [];
      const dir = tempDir();
      const env: Record<string, string> = { OUTBOX_POLL_MS: '50', SEED_FILE: writeSeed(dir) };
      if (store === 'postgres') {
        schema = freshSchema();
        Object.assign(env, { STORE: 'postgres', DATABASE_URL: url, DATABASE_SCHEMA: schema });
      }
      channel = await new ChannelServer().start();
      bot = await startBot({
        background: true,
        dataDir: dir,
        env,
        customizePorts: (ports) => {
          const seed = ports.subscriptions;
          const subscriptions = {
            listSubscriptions: async (tenantId: string) => [
              ...(await seed.listSubscriptions(tenantId)),
              ...appeared.filter((s) => s.tenantId === tenantId),
            ],
            getSubscription: async (tenantId: string, subscriptionId: string) =>
              (await seed.getSubscription(tenantId, subscriptionId)) ??
              appeared.find((s) => s.tenantId === tenantId && s.id === subscriptionId) ??
              null,
          };
          return { ...ports, subscriptions };
        },
      });
      owners = OWNERS.map((o) => new TeamsUser(bot.url, channel.url, TENANT, o));
      // The pass the bot runs at start (no chats yet) is over before anyone installs.
      assert.equal(await bot.app.nudgeSync.runOnce(), 0);
    });
    afterEach(async () => {
      await bot.stop();
      await channel.close();
      if (store === 'postgres') await dropSchema(url, schema);
    });

    const appear = (n: number) =>
      appeared.push({
        id: id(n),
        tenantId: TENANT,
        service: 'Intune',
        name: `Microsoft Intune Plan 1 #${n}`,
        createdAt: '2025-02-01T00:00:00Z',
        initialPartnerId: null,
      });

    it('sends each owner one card listing the paid subscriptions, 20 a page, and nothing on a second pass', async () => {
      for (const owner of owners) await owner.install();
      assert.equal(await bot.app.nudgeSync.runOnce(), 2, 'one digest per owner');
      await channel.waitFor(() => owners.every((o) => digests(o).length === 1));
      assert.equal(await bot.app.nudgeSync.runOnce(), 0);
      await new Promise((r) => setTimeout(r, 300));
      for (const owner of owners) {
        assert.equal(digests(owner).length, 1);
        const [card] = digests(owner);
        assert.deepEqual(digestRows(card!), PAID.slice(0, 20));
        assert.match(
          cardText(card!),
          /21 subscriptions have no partner of record in your organization's record \(1-20, page 1 of 2\)/,
        );
        assert.doesNotMatch(cardText(card!), /Free|Exploratory/);
        const next = invokeCard(await owner.press('nudgeDigest', findAction(card!, 'Next page').data));
        assert.deepEqual(digestRows(next), [PAID[20]]);
        assert.deepEqual(
          digestRows(invokeCard(await owner.press('nudgeDigest', findAction(next, 'Previous page').data))),
          PAID.slice(0, 20),
        );
      }
      // Free subscriptions are still there to attach from status.
      const status = invokeCard(await owners[0]!.press('status', { page: 1 }));
      assert.match(cardText(status), /Microsoft Teams Exploratory/);
    });

    it('starts the attach flow from a row, and the card refreshes to the current state', async () => {
      await owners[0]!.install();
      assert.equal(await bot.app.nudgeSync.runOnce(), 1);
      await channel.waitFor(() => digests(owners[0]!).length === 1);
      const card = digests(owners[0]!)[0]!;
      const enter = invokeCard(
        await owners[0]!.press('choose', { mode: 'attach', subscriptionId: digestRows(card)[4] }),
      );
      assert.match(cardText(enter), /Subscription: Office 365 \/ Microsoft 365: Microsoft 365 E3 #5/);
      const confirm = invokeCard(
        await owners[0]!.press('check', { ...findAction(enter, 'Check ID').data, partnerId: PARTNER }),
      );
      assert.match(
        cardText(invokeCard(await owners[0]!.press('submit', findAction(confirm, 'Submit').data))),
        /Partner of record attached/,
      );

      const now = await refreshed(owners[0]!, card);
      assert.deepEqual(digestRows(now), PAID.filter((s) => s !== id(5)).slice(0, 20));
      assert.match(cardText(now), /^20 subscriptions have no partner of record in your organization's record\.$/m);
      assert.equal(await bot.app.nudgeSync.runOnce(), 0, 'an attach makes no new digest');
    });

    it('sends a new digest when a subscription appears; "Not now" leaves only later ones', async () => {
      await owners[0]!.install();
      assert.equal(await bot.app.nudgeSync.runOnce(), 1);
      await channel.waitFor(() => digests(owners[0]!).length === 1);

      appear(25);
      assert.equal(await bot.app.nudgeSync.runOnce(), 1, 'a new subscription without a partner');
      await channel.waitFor(() => digests(owners[0]!).length === 2);
      const second = digests(owners[0]!)[1]!;
      assert.match(
        cardText(second),
        /^22 subscriptions have no partner of record/m,
        'the new one and the still open ones',
      );
      const lastPage = invokeCard(await owners[0]!.press('nudgeDigest', findAction(second, 'Next page').data));
      assert.deepEqual(digestRows(lastPage), [PAID[20], id(25)]);

      const notNow = findAction(second, 'Not now');
      assert.match(
        cardText(invokeCard(await owners[0]!.press(notNow.verb, notNow.data))),
        /No more reminders about these/,
      );
      for (const s of [...PAID, id(25)])
        assert.equal(await bot.app.ports.store.isDismissed({ tenantId: TENANT, aadObjectId: OWNERS[0]! }, s), true);
      assert.match(cardText(await refreshed(owners[0]!, second)), /Nothing left to attach here/);
      assert.equal(await bot.app.nudgeSync.runOnce(), 0);

      appear(26);
      assert.equal(await bot.app.nudgeSync.runOnce(), 1);
      await channel.waitFor(() => digests(owners[0]!).length === 3);
      assert.deepEqual(digestRows(digests(owners[0]!)[2]!), [id(26)]);
    });

    it('offers a digest that reached nobody once more on re-install, and only once', async () => {
      const owner = owners[0]!;
      const reference = () => bot.app.ports.store.getReference(TENANT, OWNERS[0]!);
      await owner.install();
      channel.failConversations.set(owner.conversationId, 403); // removed before the digest went out
      assert.equal(await bot.app.nudgeSync.runOnce(), 1);
      await eventually(async () => assert.equal(await reference(), null));
      assert.equal(digests(owner).length, 0);
      await new Promise((r) => setTimeout(r, 500)); // the dispatcher records it undelivered right after

      channel.failConversations.clear();
      const installed = () => owner.post(owner.activity({ type: 'installationUpdate', action: 'add' }));
      assert.equal((await installed()).status, 200);
      await channel.waitFor(() => digests(owner).length === 1);
      assert.deepEqual(digestRows(digests(owner)[0]!), PAID.slice(0, 20));
      assert.equal(await bot.app.nudgeSync.runOnce(), 0);
      assert.equal((await installed()).status, 200);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(digests(owner).length, 1, 'seen: not offered again');
    });
  });
}
