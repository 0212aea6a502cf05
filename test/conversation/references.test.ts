import assert from 'node:assert/strict';
import type { StoredConversation } from '../../bot/core';
import { ChannelServer } from '../support/channelServer';
import { startBot, DEMO } from '../support/botUnderTest';
import { TeamsUser } from '../support/teamsUser';

describe('conversation: references for later proactive messages', () => {
  it("saves the chat's reference on the first turn, and again only when it changes", async () => {
    const channel = await new ChannelServer().start();
    const saved: StoredConversation[] = [];
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
});
