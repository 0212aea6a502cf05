import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { openSqliteStore } from '../../bot/adapters/sqlite/sqliteStore';
import { startBotProcess } from '../support/botProcess';
import { DEMO, tempDir } from '../support/botUnderTest';
import { cardText, findAction, invokeCard, lastSentCard } from '../support/cards';
import { ChannelServer } from '../support/channelServer';
import { TeamsUser } from '../support/teamsUser';

describe('server: a restart keeps assignments and history', () => {
  it('shows after a restart what was attached and removed before it', async () => {
    const dataDir = tempDir();
    const channel = await new ChannelServer().start();
    try {
      const first = await startBotProcess({ DATA_DIR: dataDir });
      try {
        const owner = new TeamsUser(first.url, channel.url, DEMO.contoso, DEMO.users.owner);
        const enter = invokeCard(
          await owner.press('choose', { mode: 'attach', subscriptionId: DEMO.subscriptions.crm }),
        );
        const confirm = invokeCard(
          await owner.press('check', { ...findAction(enter, 'Check ID').data, partnerId: DEMO.partners.wingtip }),
        );
        invokeCard(await owner.press('submit', findAction(confirm, 'Submit').data));
        const remove = invokeCard(
          await owner.press('choose', { mode: 'remove', subscriptionId: DEMO.subscriptions.azure }),
        );
        invokeCard(await owner.press('remove', findAction(remove, 'Remove').data));
      } finally {
        assert.equal(await first.stop('SIGTERM'), 0, 'a clean shutdown exits 0');
      }

      const second = await startBotProcess({ DATA_DIR: dataDir });
      try {
        const owner = new TeamsUser(second.url, channel.url, DEMO.contoso, DEMO.users.owner);
        await owner.say('status');
        const text = cardText(lastSentCard(channel, owner.conversationId));
        assert.match(
          text,
          /Dynamics 365 Customer Engagement\nPartner of record: Wingtip Partners \(2345678\)\nAttached by/,
        );
        assert.match(text, /Azure plan\nNo partner of record\nRemoved by/);
        // The seed still says Azure has Tailspin: the store's state wins over the seed's starting state.
      } finally {
        await second.stop();
      }

      const store = openSqliteStore({ dataDir });
      try {
        assert.equal((await store.history(DEMO.contoso, DEMO.subscriptions.crm)).length, 1);
        assert.equal((await store.history(DEMO.contoso, DEMO.subscriptions.azure)).length, 1);
      } finally {
        await store.close();
      }
    } finally {
      await channel.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
