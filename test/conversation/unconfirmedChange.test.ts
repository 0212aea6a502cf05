import assert from 'node:assert/strict';
import { UpstreamUnavailableError, type AssignmentStore } from '../../bot/core';
import type { AppPorts } from '../../bot/app';
import { ChannelServer } from '../support/channelServer';
import { DEMO, startBot, type BotUnderTest } from '../support/botUnderTest';
import { actionTitles, cardText, findAction, invokeCard } from '../support/cards';
import { TeamsUser } from '../support/teamsUser';

type Store = AppPorts['store'];

/** The store with some methods replaced; the rest are the store's own. */
function withStore(replace: (store: Store) => Partial<Store>): (ports: AppPorts) => AppPorts {
  return (ports) => {
    const overrides = replace(ports.store) as Record<PropertyKey, unknown>;
    const store = new Proxy(ports.store, {
      get: (target, p, receiver) => (p in overrides ? overrides[p] : Reflect.get(target, p, receiver)),
    });
    return { ...ports, store };
  };
}

/**
 * A change an outage interrupted while it was being saved (or just after) may or may not be saved: the card says
 * so, never "nothing was changed", and its Send again is the very same action, which gives the saved answer.
 */
describe('conversation: a change whose outcome an outage left unknown', () => {
  let channel: ChannelServer;
  let bot: BotUnderTest | undefined;

  beforeEach(async () => {
    channel = await new ChannelServer().start();
  });
  afterEach(async () => {
    await bot?.stop();
    bot = undefined;
    await channel.close();
  });

  it('answers a Submit the store saved but could not confirm with Send again, which gives the saved answer once', async () => {
    let lose = true;
    bot = await startBot({
      customizePorts: withStore((store) => ({
        // Saved, and then the answer is lost, once: as when COMMIT's answer never comes back.
        applyChange: async (change: Parameters<AssignmentStore['applyChange']>[0]) => {
          const result = await store.applyChange(change);
          if (!lose) return result;
          lose = false;
          throw new UpstreamUnavailableError('store', 'connection lost during COMMIT', 'unknown');
        },
      })),
    });
    const owner = new TeamsUser(bot.url, channel.url, DEMO.contoso, DEMO.users.owner, 'Ada Owner');
    const confirm = invokeCard(
      await owner.press('check', {
        mode: 'attach',
        subscriptionId: DEMO.subscriptions.crm,
        version: 0,
        partnerId: DEMO.partners.wingtip,
      }),
    );
    const submit = findAction(confirm, 'Submit');
    const unconfirmed = invokeCard(await owner.press(submit.verb, submit.data));
    assert.equal(
      cardText(unconfirmed),
      'I could not confirm the change\n' +
        "The bot's database stopped answering while I was saving your change, so it may or may not have been saved. " +
        'Sending the same change again is safe: it is saved once at most, and you will see where it stands.\n' +
        'If it still does not go through, try again in a minute; the status shows where things stand now.',
    );
    assert.deepEqual(actionTitles(unconfirmed), ['Send again', 'Status']);
    const again = findAction(unconfirmed, 'Send again');
    assert.equal(again.verb, 'submit');
    assert.equal(again.data.actionId, submit.data.actionId, 'the same action id');

    const done = invokeCard(await owner.press(again.verb, again.data));
    assert.match(cardText(done), /Partner of record attached/);
    assert.equal((await bot.app.ports.store.history(DEMO.contoso, DEMO.subscriptions.crm)).length, 1);
  });

  it('answers a Remove saved before the store stopped answering as unconfirmed, not as "nothing was changed"', async () => {
    let saved = false;
    let failed = false;
    bot = await startBot({
      customizePorts: withStore((store) => ({
        applyChange: async (change: Parameters<AssignmentStore['applyChange']>[0]) => {
          const result = await store.applyChange(change);
          saved = true;
          return result;
        },
        // Reading the state back after the save fails, once.
        getAssignments: async (tenantId: string, ids: readonly string[]) => {
          if (saved && !failed) {
            failed = true;
            throw new UpstreamUnavailableError('store', 'connection refused');
          }
          return store.getAssignments(tenantId, ids);
        },
      })),
    });
    const owner = new TeamsUser(bot.url, channel.url, DEMO.contoso, DEMO.users.owner, 'Ada Owner');
    const confirm = invokeCard(
      await owner.press('choose', { mode: 'remove', subscriptionId: DEMO.subscriptions.azure }),
    );
    const remove = findAction(confirm, 'Remove');
    const unconfirmed = invokeCard(await owner.press(remove.verb, remove.data));
    assert.ok(failed, 'the read after the save failed');
    assert.match(cardText(unconfirmed), /^I could not confirm the change\n/);
    assert.doesNotMatch(cardText(unconfirmed), /nothing was changed/i);
    const again = findAction(unconfirmed, 'Send again');
    assert.deepEqual([again.verb, again.data.actionId], ['remove', remove.data.actionId]);

    const done = invokeCard(await owner.press(again.verb, again.data));
    assert.match(cardText(done), /Partner of record removed/);
    assert.equal((await bot.app.ports.store.history(DEMO.contoso, DEMO.subscriptions.azure)).length, 1);
  });
});
