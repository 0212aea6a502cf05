import assert from 'node:assert/strict';
import type { ConversationToSave } from '../../bot/core';
import { ChannelServer } from '../support/channelServer';
import { startBot, DEMO } from '../support/botUnderTest';
import { TeamsUser } from '../support/teamsUser';

/** A bot whose store records every reference it is asked to save. */
async function botCountingSaves() {
  const channel = await new ChannelServer().start();
  const saved: ConversationToSave[] = [];
  const bot = await startBot({
    customizePorts: (ports) => {
      const store = ports.store;
      const saveReference = store.saveReference.bind(store);
      store.saveReference = async (entry) => {
        saved.push(entry);
        return saveReference(entry);
      };
      return ports;
    },
  });
  return { channel, saved, bot };
}

describe('conversation: references for later proactive messages', () => {
  it("saves the chat's reference on the first turn, and again only when it changes", async () => {
    const { channel, saved, bot } = await botCountingSaves();
    try {
      const owner = new TeamsUser(bot.url, channel.url, DEMO.contoso, DEMO.users.owner);
      await owner.say('hi');
      await owner.say('status');
      await owner.press('status', { page: 0 });
      assert.equal(saved.length, 1);
      const stored = await bot.app.ports.store.getReference(DEMO.contoso, DEMO.users.owner);
      assert.equal(stored?.conversationId, owner.conversationId);
      assert.equal((stored?.reference as any)?.serviceUrl, channel.url);

      // The same person in a new chat (say, after reinstalling) is a change worth saving.
      const again = new TeamsUser(bot.url, channel.url, DEMO.contoso, DEMO.users.owner);
      await again.say('status');
      assert.equal(saved.length, 2);
      assert.equal(
        (await bot.app.ports.store.getReference(DEMO.contoso, DEMO.users.owner))?.conversationId,
        again.conversationId,
      );
    } finally {
      await bot.stop();
      await channel.close();
    }
  });

  it('saves the language and time zone the chat says with it, only when they change, an install keeping them', async () => {
    const { channel, saved, bot } = await botCountingSaves();
    const stored = async () => {
      const found = await bot.app.ports.store.getReference(DEMO.contoso, DEMO.users.owner);
      return { language: found?.language, timeZone: found?.timeZone };
    };
    try {
      const owner = new TeamsUser(bot.url, channel.url, DEMO.contoso, DEMO.users.owner);
      owner.locale = 'de-DE';
      owner.localTimezone = 'Europe/Berlin';
      await owner.say('hallo');
      await owner.say('status');
      await owner.press('status', { page: 0 });
      assert.equal(saved.length, 1);
      assert.deepEqual(await stored(), { language: 'de', timeZone: 'Europe/Berlin' });

      owner.localTimezone = 'Asia/Tokyo';
      await owner.say('status');
      await owner.say('status');
      assert.equal(saved.length, 2, 'a new zone is saved once');
      assert.deepEqual(await stored(), { language: 'de', timeZone: 'Asia/Tokyo' });
      owner.locale = 'fr-FR';
      await owner.say('état');
      assert.equal(saved.length, 3, 'a new language is saved');
      assert.deepEqual(await stored(), { language: 'fr', timeZone: 'Asia/Tokyo' });

      // An app update is an install, which says no time zone: saved (an install always is), keeping the zone.
      const update = owner.activity({ type: 'installationUpdate', action: 'add-upgrade' });
      delete update.localTimezone;
      assert.equal((await owner.post(update)).status, 200);
      assert.equal(saved.length, 4);
      assert.deepEqual(await stored(), { language: 'fr', timeZone: 'Asia/Tokyo' });
      await owner.say('état');
      assert.equal(saved.length, 4, 'what the install kept is what the chat says: nothing to save');

      // A zone the bot cannot use, a language it does not speak: none, and English.
      owner.localTimezone = 'Mars/Olympus';
      owner.locale = 'pt-BR';
      await owner.say('status');
      assert.equal(saved.length, 5);
      assert.deepEqual(await stored(), { language: 'en', timeZone: undefined });
    } finally {
      await bot.stop();
      await channel.close();
    }
  });
});
