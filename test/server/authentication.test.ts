import assert from 'node:assert/strict';
import { ChannelServer } from '../support/channelServer';
import { startBot, DEMO } from '../support/botUnderTest';
import { postActivity, TeamsUser } from '../support/teamsUser';

describe("server: with an app id, botbuilder's token checks apply", () => {
  it('refuses activities without a valid token and sends nothing', async () => {
    const channel = await new ChannelServer().start();
    const bot = await startBot({
      env: {
        MicrosoftAppId: '11111111-2222-4333-8444-555555555555',
        MicrosoftAppPassword: 'not-a-real-secret',
        MAIL_TRANSPORT: 'file',
      },
    });
    try {
      const owner = new TeamsUser(bot.url, channel.url, DEMO.contoso, DEMO.users.owner);
      const noToken = await postActivity(bot.url, owner.activity({ type: 'message', text: 'status' }));
      assert.equal(noToken.status, 401);
      const forged = await postActivity(bot.url, owner.activity({ type: 'message', text: 'status' }), {
        authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJhdWQiOiIxMTExMTExMS0yMjIyLTQzMzMtODQ0NC01NTU1NTU1NTU1NTUifQ.',
      });
      assert.equal(forged.status, 401);
      assert.equal(channel.received.length, 0);
      const health = await fetch(`${bot.url}/healthz`);
      assert.equal(health.status, 200);
    } finally {
      await bot.stop();
      await channel.close();
    }
  });

  it('reports the store as unavailable on /healthz once it is closed', async () => {
    const bot = await startBot();
    try {
      await bot.app.ports.store.close();
      const res = await fetch(`${bot.url}/healthz`);
      assert.equal(res.status, 503);
      assert.deepEqual(await res.json(), { status: 'unavailable', store: 'down' });
    } finally {
      await bot.stop();
    }
  });
});
