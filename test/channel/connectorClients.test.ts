import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CloudAdapter,
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

describe('channel: Connector clients kept across turns', () => {
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

/** botbuilder's CloudAdapter as it is, entered the way ChannelAdapter enters it. */
class PlainCloudAdapter extends CloudAdapter {
  turn(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>) {
    return this.processActivity(authHeader, activity, logic);
  }
}

/** A channel on loopback that answers every request and records the conversation id header of each. */
async function headerRecorder(): Promise<{ url: string; headers: (string | undefined)[]; close(): Promise<void> }> {
  const headers: (string | undefined)[] = [];
  const server = http.createServer((req, res) => {
    const value = req.headers['x-ms-conversation-id'];
    headers.push(Array.isArray(value) ? value.join(',') : value);
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"id":"r1"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    headers,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/*
 * reusingConnectorClients wraps botbuilder's BotFrameworkAuthentication by method name, and adds a policy to the
 * pipeline of each Connector client. These fail when a botbuilder update changes what that relies on.
 */
describe('channel: what reusing Connector clients relies on in botbuilder', () => {
  it('wraps methods botbuilder still has, and puts the header policy into the pipeline of each client', async () => {
    const auth = new ConfigurationBotFrameworkAuthentication({}) as unknown as Record<string, unknown>;
    for (const method of [
      'authenticateRequest',
      'authenticateStreamingRequest',
      'createConnectorFactory',
      'createUserTokenClient',
    ])
      assert.equal(typeof auth[method], 'function', method);
    let client: unknown;
    await adapter().handle('', activity('http://127.0.0.1:1/a/', 'c1'), async (context) => {
      client = connectorOf(context);
    });
    const policies = (
      client as { client: { pipeline: { getOrderedPolicies(): { name: string }[] } } }
    ).client.pipeline.getOrderedPolicies();
    assert.ok(policies.some((p) => p.name === 'conversationIdHeaderEncoding'));
  });

  it('sends the conversation id in x-ms-conversation-id, as it is in ASCII and percent-encoded beyond', async () => {
    const channel = await headerRecorder();
    try {
      const beyondLatin1 = 'a:chat \u{1F600} \u200F';
      for (const id of ['a:chat-1', beyondLatin1]) {
        await adapter().handle('', activity(channel.url, id), async (context) => {
          await context.sendActivity('hello');
        });
      }
      assert.deepEqual(channel.headers, ['a:chat-1', encodeURIComponent(beyondLatin1)]);

      // Still needed: botbuilder alone puts the id into the header as it is, which Node refuses to send.
      let refused: unknown;
      await new PlainCloudAdapter(new ConfigurationBotFrameworkAuthentication({})).turn(
        '',
        activity(channel.url, beyondLatin1),
        async (context) => {
          refused = await context.sendActivity('hello').then(
            () => undefined,
            (err: unknown) => err,
          );
        },
      );
      assert.ok(refused, 'botbuilder sent the id beyond Latin-1 in a header by itself');
      assert.equal(channel.headers.length, 2);
    } finally {
      await channel.close();
    }
  });
});
