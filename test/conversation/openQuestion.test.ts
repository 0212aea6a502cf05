import assert from 'node:assert/strict';
import { ChannelServer } from '../support/channelServer';
import { DEMO, startBot, type BotUnderTest } from '../support/botUnderTest';
import { actionTitles, cardText, invokeCard, lastSentCard } from '../support/cards';
import { dropSchema, freshSchema, requirePostgres } from '../support/postgres';
import { TeamsUser } from '../support/teamsUser';

const MINUTE = 60_000;
/** What the bot answers a Partner ID typed when no question is open. */
const NOT_ASKED = /^Which subscription is that for\?\nThat looks like a Partner ID, but I have not asked for one\./;

/**
 * The chat's open "type the Partner ID" question, on each store: it takes a typed ID for 10 minutes by the bot's
 * clock, and until the person goes on to another command; after that a typed number is an ordinary message.
 */
for (const storeName of ['sqlite', 'postgres'] as const) {
  describe(`conversation: the open Partner ID question expires (${storeName})`, () => {
    let url = '';
    let schema = '';
    let channel: ChannelServer;
    let bot: BotUnderTest;
    let owner: TeamsUser;
    /** How far the bot's clock is ahead of this machine's. */
    let ahead = 0;

    before(function () {
      if (storeName === 'postgres') url = requirePostgres(this);
    });
    beforeEach(async () => {
      ahead = 0;
      channel = await new ChannelServer().start();
      schema = freshSchema();
      const env: Record<string, string> =
        storeName === 'postgres' ? { STORE: 'postgres', DATABASE_URL: url, DATABASE_SCHEMA: schema } : {};
      bot = await startBot({
        env,
        customizePorts: (ports) => ({ ...ports, clock: { now: () => new Date(Date.now() + ahead) } }),
      });
      owner = new TeamsUser(bot.url, channel.url, DEMO.contoso, DEMO.users.owner, 'Ada Owner');
    });
    afterEach(async () => {
      await bot.stop();
      await channel.close();
      if (storeName === 'postgres') await dropSchema(url, schema);
    });

    async function ask(): Promise<void> {
      const enter = invokeCard(await owner.press('choose', { mode: 'attach', subscriptionId: DEMO.subscriptions.crm }));
      assert.ok(actionTitles(enter).includes('Check ID'));
    }

    /** The card the bot answers a Partner ID typed as a message with. */
    async function typeId(): Promise<string> {
      await owner.say(DEMO.partners.wingtip);
      return cardText(lastSentCard(channel, owner.conversationId));
    }

    it('takes a typed ID for 10 minutes by the bot clock, and not after', async () => {
      await ask();
      ahead = 10 * MINUTE - 5_000;
      assert.match(await typeId(), /Wingtip Partners/);

      await ask();
      ahead += 10 * MINUTE + 1_000;
      const answer = await typeId();
      assert.match(answer, NOT_ASKED);
      assert.deepEqual(actionTitles(lastSentCard(channel, owner.conversationId)), ['Add partner', 'Change partner']);
    });

    for (const [command, run] of [
      ['a typed "status"', (u: TeamsUser) => u.say('status')],
      ['Help pressed on a card', (u: TeamsUser) => u.press('help', {})],
      ['a typed "hi"', (u: TeamsUser) => u.say('hi')],
    ] as const) {
      it(`is closed by ${command}: a number typed next is an ordinary message`, async () => {
        await ask();
        assert.notEqual(await bot.app.ports.store.getPendingPrompt(owner.conversationId), null);
        await run(owner);
        assert.equal(
          await bot.app.ports.store.getPendingPrompt(owner.conversationId),
          null,
          'the store still holds it',
        );
        assert.match(await typeId(), NOT_ASKED);
      });
    }

    it('stays open through a message that is no command, and through a wrong ID', async () => {
      await ask();
      await owner.say('one moment, I am looking for it');
      assert.match(cardText(lastSentCard(channel, owner.conversationId)), /I did not catch that/);
      await owner.say('12345');
      assert.match(cardText(lastSentCard(channel, owner.conversationId)), /A Partner ID is a number of 6 to 10 digits/);
      assert.match(await typeId(), /Wingtip Partners/);
    });
  });
}
