import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../bot/config';
import { ChannelServer } from '../support/channelServer';
import { startBot, tempDir, DEMO, type BotUnderTest } from '../support/botUnderTest';
import { actionTitles, cardText, findAction, invokeCard, type Card } from '../support/cards';
import { storeSnapshot } from '../support/storeSnapshot';
import { TeamsUser } from '../support/teamsUser';

/** A second owner of Contoso, added to the demo seed for these tests. */
const BEA = '00000000-0000-4000-8000-00000000a006';
const PER_USER = 30;
const PER_TENANT = 40;

describe('conversation: too many changes in a minute', () => {
  let dir: string;
  let channel: ChannelServer;
  let bot: BotUnderTest;
  let ada: TeamsUser;
  let bea: TeamsUser;

  beforeEach(async () => {
    dir = tempDir();
    const seed = JSON.parse(readFileSync(path.join(REPO_ROOT, 'deployment', 'demo-seed.json'), 'utf8'));
    const contoso = seed.tenants.find((t: { id: string }) => t.id === DEMO.contoso);
    contoso.users.push({ aadObjectId: BEA, name: 'Bea Owner', email: 'bea@contoso.example', role: 'owner' });
    const seedFile = path.join(dir, 'seed.json');
    writeFileSync(seedFile, JSON.stringify(seed));
    channel = await new ChannelServer().start();
    bot = await startBot({
      dataDir: path.join(dir, 'data'),
      env: {
        SEED_FILE: seedFile,
        RATE_LIMIT_PER_USER_PER_MINUTE: String(PER_USER),
        RATE_LIMIT_PER_TENANT_PER_MINUTE: String(PER_TENANT),
      },
    });
    ada = new TeamsUser(bot.url, channel.url, DEMO.contoso, DEMO.users.owner, 'Ada Owner');
    bea = new TeamsUser(bot.url, channel.url, DEMO.contoso, BEA, 'Bea Owner');
  });
  afterEach(async () => {
    await bot.stop();
    await channel.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /**
   * The Submit of a confirm card for `subscriptionId` at `version`: attach when it has no partner (version 0 here),
   * else change, alternating between two partners. The data is what the confirm card would carry.
   */
  const submitData = (subscriptionId: string, version: number) => ({
    mode: version === 0 ? 'attach' : 'change',
    subscriptionId,
    version,
    partnerId: version % 2 === 0 ? DEMO.partners.wingtip : DEMO.partners.litware,
    actionId: randomUUID(),
  });

  /** `count` Submits in a row on one subscription with no partner yet, each applied; returns the last's data and card. */
  async function submitMany(person: TeamsUser, subscriptionId: string, count: number) {
    let last: { data: Record<string, unknown>; card: Card } | undefined;
    for (let version = 0; version < count; version++) {
      const data = submitData(subscriptionId, version);
      const card = invokeCard(await person.press('submit', data));
      assert.match(cardText(card), /Partner of record (attached|changed)/, `Submit ${version + 1}`);
      last = { data, card };
    }
    return last!;
  }

  function assertSlowDown(card: Card): void {
    const text = cardText(card);
    assert.match(text, /You are going a little fast/);
    assert.match(text, /Nothing was changed/);
    assert.match(text, /try again in \d+ seconds?/);
    assert.deepEqual(actionTitles(card), ['Status']);
  }

  it('answers the 31st Submit in a minute with a "slow down" card and writes nothing; Check ID is held back too', async () => {
    await submitMany(ada, DEMO.subscriptions.crm, PER_USER);
    const before = await storeSnapshot(bot.app.ports, DEMO.contoso);

    const refused = invokeCard(await ada.press('submit', submitData(DEMO.subscriptions.ax7, 0)));
    assertSlowDown(refused);
    assert.match(
      cardText(refused),
      /try again in (5\d|60) seconds/,
      'the first Submit leaves the window in about a minute',
    );
    assert.equal(await storeSnapshot(bot.app.ports, DEMO.contoso), before, 'nothing was written');
    assert.equal((await bot.app.ports.store.history(DEMO.contoso, DEMO.subscriptions.crm, 100)).length, PER_USER);
    assert.deepEqual(await bot.app.ports.store.history(DEMO.contoso, DEMO.subscriptions.ax7), []);

    const enter = invokeCard(await ada.press('choose', { mode: 'attach', subscriptionId: DEMO.subscriptions.ax7 }));
    const check = invokeCard(
      await ada.press('check', { ...findAction(enter, 'Check ID').data, partnerId: DEMO.partners.wingtip }),
    );
    assertSlowDown(check);

    // The Status button still works: looking is not limited.
    const status = invokeCard(await ada.press('status', findAction(refused, 'Status').data));
    assert.doesNotMatch(cardText(status), /going a little fast/);
  });

  it('answers a Submit delivered again at the limit as the original, without changing anything again', async () => {
    const last = await submitMany(ada, DEMO.subscriptions.crm, PER_USER);
    const before = await storeSnapshot(bot.app.ports, DEMO.contoso);
    const again = invokeCard(await ada.press('submit', last.data));
    assert.equal(cardText(again), cardText(last.card), 'Teams retrying the invoke gets the same confirmation');
    assert.equal(await storeSnapshot(bot.app.ports, DEMO.contoso), before);
    // Delivered together with a new Submit at the limit: the repeat passes, the new one is held back.
    const [repeat, fresh] = await Promise.all([
      ada.press('submit', last.data),
      ada.press('submit', submitData(DEMO.subscriptions.ax7, 0)),
    ]);
    assert.equal(cardText(invokeCard(repeat!)), cardText(last.card));
    assertSlowDown(invokeCard(fresh!));
  });

  it("leaves another owner of the same organization free until the organization's limit, and other organizations alone", async () => {
    await submitMany(ada, DEMO.subscriptions.crm, PER_USER);
    assertSlowDown(invokeCard(await ada.press('submit', submitData(DEMO.subscriptions.ax7, 0))));

    // Ada's refusal was not counted against Contoso: Bea has the remaining ten.
    await submitMany(bea, DEMO.subscriptions.intune, PER_TENANT - PER_USER);
    const before = await storeSnapshot(bot.app.ports, DEMO.contoso);
    assertSlowDown(invokeCard(await bea.press('submit', submitData(DEMO.subscriptions.ems, 0))));
    assert.equal(await storeSnapshot(bot.app.ports, DEMO.contoso), before);

    const nora = new TeamsUser(bot.url, channel.url, DEMO.northwind, DEMO.users.northwindOwner, 'Nora Owner');
    const northwind = invokeCard(await nora.press('submit', { ...submitData(DEMO.subscriptions.northwindO365, 0) }));
    assert.match(cardText(northwind), /Partner of record attached/);
  });
});
