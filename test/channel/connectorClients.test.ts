import assert from 'node:assert/strict';
import {
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type ConversationReference,
  type TurnContext,
} from 'botbuilder';
import { ChannelAdapter } from '../../bot/channel/channelAdapter';
import { sendOnlyOnce } from '../../bot/channel/sendOnce';

/** Anonymous local mode: botbuilder accepts an activity without a token. */
const adapter = () => new ChannelAdapter(new ConfigurationBotFrameworkAuthentication({}));

const activity = (serviceUrl: string, conversationId: string): Activity =>
  ({
    type: 'message',
    id: 'a1',
    channelId: 'msteams',
    serviceUrl,
    from: { id: 'user' },
    recipient: { id: 'bot' },
    conversation: { id: conversationId },
    text: 'status',
  }) as Activity;

const connectorOf = (context: TurnContext): unknown => context.turnState.get(context.adapter.ConnectorClientKey);

describe('server: Connector clients kept across turns', () => {
  it('gives turns to the same channel address one client, and another address its own', async () => {
    const channel = adapter();
    const seen: unknown[] = [];
    const tokenClients: unknown[] = [];
    for (const [url, conversation] of [
      ['http://127.0.0.1:1/a/', 'c1'],
      ['http://127.0.0.1:1/a/', 'c2'],
      ['http://127.0.0.1:1/b/', 'c1'],
    ] as const) {
      await channel.handle('', activity(url, conversation), async (context) => {
        seen.push(connectorOf(context));
        tokenClients.push(context.turnState.get(channel.UserTokenClientKey));
      });
    }
    assert.ok(seen[0]);
    assert.equal(seen[0], seen[1]);
    assert.notEqual(seen[0], seen[2]);
    assert.equal(tokenClients[0], tokenClients[2]);
    assert.equal(channel.connectorClientsKept(), 2);
  });

  it("keeps proactive sends' clients apart, each made to send once every time it is used", async () => {
    const channel = adapter();
    let turnClient: unknown;
    await channel.handle('', activity('http://127.0.0.1:1/a/', 'c1'), async (context) => {
      turnClient = connectorOf(context);
    });
    const reference = {
      serviceUrl: 'http://127.0.0.1:1/a/',
      channelId: 'msteams',
      conversation: { id: 'c1' },
      bot: { id: 'bot' },
    } as ConversationReference;
    const proactive: unknown[] = [];
    const once: boolean[] = [];
    for (let i = 0; i < 2; i++) {
      await channel.continueConversationAsync('', reference, async (context) => {
        proactive.push(connectorOf(context));
        once.push(sendOnlyOnce(context));
      });
    }
    assert.equal(proactive[0], proactive[1]);
    assert.notEqual(proactive[0], turnClient);
    assert.deepEqual(once, [true, true]);
    // The turn's client keeps botbuilder's retries.
    const policies = (
      turnClient as { client: { pipeline: { getOrderedPolicies(): { name: string }[] } } }
    ).client.pipeline.getOrderedPolicies();
    assert.ok(policies.some((p) => p.name === 'defaultRetryPolicy'));
  });
});
