import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SERVICES } from '../../bot/core';
import { ChannelServer } from '../support/channelServer';
import { startBot, tempDir, type BotUnderTest } from '../support/botUnderTest';
import { TeamsUser } from '../support/teamsUser';
import { actionTitles, cardText, choiceValues, findAction, invokeCard, lastSentCard } from '../support/cards';

/** Teams refuses a message over about 28 KB (413). */
const TEAMS_LIMIT_BYTES = 28 * 1024;
const TENANT = '7a000000-0000-4000-8000-000000000300';
const OWNER = '7a000000-0000-4000-8000-0000000000a1';
const SUBSCRIPTIONS = 300;

describe('conversation: a tenant with 300 subscriptions', () => {
  let dir: string;
  let channel: ChannelServer;
  let bot: BotUnderTest;
  let owner: TeamsUser;

  before(async () => {
    dir = tempDir();
    const partners = Array.from({ length: 40 }, (_, i) => ({
      partnerId: String(5_000_000 + i),
      // Long names make the worst case: the page must still fit.
      name: `Partner number ${i} with a rather long registered business name, Holdings and Services Ltd`,
      email: `por${i}@partner${i}.example`,
    }));
    const seed = {
      tenants: [
        {
          id: TENANT,
          name: 'Big Enterprise with a Long Organization Name Incorporated',
          users: [{ aadObjectId: OWNER, name: 'Olivia Owner', email: 'olivia@big.example', role: 'owner' }],
          subscriptions: Array.from({ length: SUBSCRIPTIONS }, (_, i) => ({
            id: `big-sub-${String(i).padStart(3, '0')}`,
            service: SERVICES[i % SERVICES.length],
            name: `Subscription ${i} for the department of long and descriptive names, region West Europe`,
            createdAt: '2026-01-01T00:00:00Z',
            ...(i % 2 === 0 ? { partnerId: partners[i % partners.length]!.partnerId } : {}),
          })),
        },
      ],
      partners,
    };
    const seedFile = path.join(dir, 'seed.json');
    writeFileSync(seedFile, JSON.stringify(seed));
    channel = await new ChannelServer().start();
    bot = await startBot({ env: { SEED_FILE: seedFile } });
    owner = new TeamsUser(bot.url, channel.url, TENANT, OWNER);
  });
  after(async () => {
    await bot.stop();
    await channel.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('pages the status, every subscription appears once, and every message stays under 28 KB', async () => {
    await owner.say('status');
    let card = lastSentCard(channel, owner.conversationId);
    const seen: string[] = [];
    let pages = 0;
    for (;;) {
      pages++;
      const text = cardText(card);
      seen.push(...[...text.matchAll(/Subscription (\d+) for/g)].map((m) => m[1]!));
      const next = (card.actions ?? []).find((a: any) => a.title === 'Next page');
      if (!next) break;
      const result = await owner.press(next.verb, next.data);
      assert.ok(Buffer.byteLength(JSON.stringify(result.body)) < TEAMS_LIMIT_BYTES, `page ${pages + 1} is too large`);
      card = invokeCard(result);
      assert.ok(pages < 100, 'paging does not end');
    }
    assert.equal(pages, 15);
    assert.equal(seen.length, SUBSCRIPTIONS);
    assert.equal(new Set(seen).size, SUBSCRIPTIONS);
    assert.match(cardText(card), /Subscriptions 281-300 of 300 \(page 15 of 15\)/);
    const previous = findAction(card, 'Previous page');
    assert.equal(previous.data.page, 13);

    for (const sent of channel.received) {
      assert.ok(sent.bytes < TEAMS_LIMIT_BYTES, `a ${sent.activity.type} of ${sent.bytes} bytes was sent`);
    }
  });

  it('pages the subscription picker too, and a subscription on a later page can be attached', async () => {
    const first = invokeCard(await owner.press('start', { mode: 'attach' }));
    assert.equal(choiceValues(first).length, 20);
    const more = findAction(first, 'More subscriptions');
    const second = invokeCard(await owner.press(more.verb, more.data));
    const target = choiceValues(second)[3]!;
    assert.ok(!choiceValues(first).includes(target));
    const enter = invokeCard(await owner.press('choose', { mode: 'attach', subscriptionId: target }));
    const confirm = invokeCard(
      await owner.press('check', { ...findAction(enter, 'Check ID').data, partnerId: '5000001' }),
    );
    const done = invokeCard(await owner.press('submit', findAction(confirm, 'Submit').data));
    assert.match(cardText(done), /Partner of record attached/);
    for (const card of [first, second, enter, confirm, done]) {
      assert.ok(Buffer.byteLength(JSON.stringify(card)) < TEAMS_LIMIT_BYTES);
    }
  });
});

describe('conversation: the net under an oversized card', () => {
  it('answers with a short card rather than one Teams would refuse', async () => {
    const channel = await new ChannelServer().start();
    const bot = await startBot({
      customizePorts: (ports) => ({
        ...ports,
        // A directory answer no seed can produce: a partner name of 40 KB.
        partners: {
          findPartner: async (id: string) => ({
            partnerId: id as never,
            name: 'N'.repeat(40_000),
            email: 'x@y.example',
          }),
        },
      }),
    });
    try {
      const owner = new TeamsUser(
        bot.url,
        channel.url,
        '6f1c2d3e-0000-4000-8000-000000000001',
        '00000000-0000-4000-8000-00000000a001',
      );
      const data = { mode: 'attach', subscriptionId: 'contoso-crm-ce', version: 0 };
      const result = await owner.press('check', { ...data, partnerId: '2345678' });
      assert.ok(Buffer.byteLength(JSON.stringify(result.body)) < TEAMS_LIMIT_BYTES);
      assert.match(cardText(invokeCard(result)), /That answer is too large to show/);
      await owner.say('status');
      assert.ok(channel.received.every((r) => r.bytes < TEAMS_LIMIT_BYTES));
      assert.match(cardText(lastSentCard(channel, owner.conversationId)), /That answer is too large to show/);

      // In the language of the turn it answers, an invoke's and a message's alike.
      owner.locale = 'de-DE';
      const german = invokeCard(await owner.press('check', { ...data, partnerId: '2345678' }));
      assert.match(cardText(german), /^Diese Antwort ist zu groß für die Anzeige\n/);
      assert.deepEqual(actionTitles(german), ['Status', 'Hilfe']);
      await owner.say('status');
      assert.match(cardText(lastSentCard(channel, owner.conversationId)), /^Diese Antwort ist zu groß/);
    } finally {
      await bot.stop();
      await channel.close();
    }
  });
});
