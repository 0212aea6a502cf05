import assert from 'node:assert/strict';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type ConversationReference,
  type TurnContext,
} from 'botbuilder';
import pino from 'pino';
import { ChannelAdapter } from '../../bot/channel/channelAdapter';
import { ConnectorProactiveSender, sendFailureOf } from '../../bot/channel/proactiveSender';
import { CLIENT_RETRY_POLICY, sendOnlyOnce } from '../../bot/channel/sendOnce';
import { ChannelServer } from '../support/channelServer';

/*
 * A proactive send takes the retry policy out of its Connector client (sendOnce.ts), so that the outbox, not the
 * client, decides when to try again. These tests fail when a botbuilder update changes what that relies on: where
 * the turn keeps its client, the policy's name, that the client retries a 429 on its own, and how its error says
 * what the channel answered.
 */

const anonymous = () => new ConfigurationBotFrameworkAuthentication({});

const reference = (serviceUrl: string): ConversationReference =>
  ({ serviceUrl, channelId: 'msteams', conversation: { id: 'c1' }, bot: { id: 'bot' } }) as ConversationReference;

/** The names of the policies in the pipeline of the turn's Connector client. */
function policiesOf(context: TurnContext): string[] {
  const client = context.turnState.get(context.adapter.ConnectorClientKey) as {
    client: { pipeline: { getOrderedPolicies(): { name: string }[] } };
  };
  return client.client.pipeline.getOrderedPolicies().map((p) => p.name);
}

describe("channel: a proactive send without the Connector client's retries", () => {
  let channel: ChannelServer;
  beforeEach(async () => (channel = await new ChannelServer().start()));
  afterEach(() => channel.close());

  it("finds botbuilder's retry policy by its name in the proactive turn's client, and takes it out", async () => {
    const adapter = new CloudAdapter(anonymous());
    let before: string[] = [];
    let after: string[] = [];
    await adapter.continueConversationAsync('', reference(channel.url), async (context) => {
      before = policiesOf(context);
      assert.equal(sendOnlyOnce(context), true);
      after = policiesOf(context);
    });
    assert.ok(before.includes(CLIENT_RETRY_POLICY), `no ${CLIENT_RETRY_POLICY} in ${before.join(', ')}`);
    assert.ok(!after.includes(CLIENT_RETRY_POLICY));
  });

  it('is still needed: the client sends a 429 again on its own, where a proactive send goes once', async () => {
    channel.throttle({ count: 100, retryAfter: '0' });
    let replyError: unknown;
    await new ChannelAdapter(anonymous()).handle(
      '',
      {
        type: 'message',
        id: 'a1',
        channelId: 'msteams',
        serviceUrl: channel.url,
        from: { id: 'user' },
        recipient: { id: 'bot' },
        conversation: { id: 'c1' },
        text: 'status',
      } as Activity,
      async (context) => {
        replyError = await context.sendActivity('hello').then(
          () => undefined,
          (err: unknown) => err,
        );
      },
    );
    assert.ok(replyError, 'the reply was accepted');
    assert.ok(channel.throttled.length > 1, "a turn's reply was not retried by the client");

    channel.throttled.length = 0;
    const sender = new ConnectorProactiveSender(new ChannelAdapter(anonymous()), '', pino({ level: 'silent' }));
    const address = { serviceUrl: channel.url, channelId: 'msteams', conversation: { id: 'c1' }, bot: { id: 'bot' } };
    const sendError = await sender.send(address, { plainText: 'hello' }).then(
      () => assert.fail('the send was accepted'),
      (err: unknown) => err,
    );
    assert.equal(channel.throttled.length, 1);
    // What the outbox reads from the Connector's error: the status, and the Retry-After the channel asked for.
    assert.deepEqual(sendFailureOf(sendError), { status: 429, retryAfter: '0' });
  });
});
