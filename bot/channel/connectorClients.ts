import type { CloudAdapter } from 'botbuilder';
import { LRUCache } from 'lru-cache';

/** botbuilder's BotFrameworkAuthentication and the types around it (botframework-connector's, which botbuilder does not re-export). */
export type BotAuthentication = NonNullable<ConstructorParameters<typeof CloudAdapter>[0]>;
type ClaimsIdentity = Parameters<BotAuthentication['createConnectorFactory']>[0];
type ConnectorFactory = ReturnType<BotAuthentication['createConnectorFactory']>;
type ConnectorClient = Awaited<ReturnType<ConnectorFactory['create']>>;
type AuthenticateRequestResult = Awaited<ReturnType<BotAuthentication['authenticateRequest']>>;
type UserTokenClient = Awaited<ReturnType<BotAuthentication['createUserTokenClient']>>;

/**
 * How many Connector clients each cache keeps (least recently used dropped first). A client is one per channel
 * address (Teams' serviceUrl: a region, and in newer chats a tenant) and audience; a few kilobytes each.
 */
export const CONNECTOR_CLIENTS_KEPT = 1000;
/** User token clients are one per app id: the bot's own, and whatever app ids tokens named that were still accepted. */
const USER_TOKEN_CLIENTS_KEPT = 16;

/**
 * The app id botbuilder's ConnectorFactory signs for: the token's audience (a channel's request), else its appid
 * claim (the Emulator, and the claims botbuilder makes for a proactive turn). The same rule as botbuilder's own.
 */
function appIdOf(claims: ClaimsIdentity | undefined): string {
  return claims?.getClaimValue('aud') ?? claims?.getClaimValue('appid') ?? '';
}

/** The header botframework-connector sets to the raw conversation id on every reply (ConversationIdHttpHeaderName). */
const CONVERSATION_ID_HEADER = 'x-ms-conversation-id';
/** What an HTTP header carries as it is: visible ASCII and spaces. */
const HEADER_SAFE = /^[\x20-\x7e]*$/;

type PipelineRequest = { headers: { get(name: string): string | undefined; set(name: string, value: string): void } };
type PipelinePolicy = {
  name: string;
  sendRequest(request: PipelineRequest, next: (r: PipelineRequest) => Promise<unknown>): Promise<unknown>;
};
type Pipeline = { addPolicy(policy: PipelinePolicy): void };

/**
 * A reply carries the conversation id in a header too, unencoded: an id with a character beyond Latin-1 (an emoji,
 * a bidi mark) makes Node refuse the request, and one beyond ASCII would go as Latin-1 bytes. Such an id goes
 * percent-encoded (UTF-8) there, as it already is in the URL's path; an ASCII id is left as it is.
 */
export function encodeConversationIdHeader<T extends object>(client: T): T {
  const pipeline = (client as { client?: { pipeline?: Partial<Pipeline> } }).client?.pipeline;
  if (typeof pipeline?.addPolicy !== 'function') return client;
  pipeline.addPolicy({
    name: 'conversationIdHeaderEncoding',
    sendRequest: (request, next) => {
      const id = request.headers.get(CONVERSATION_ID_HEADER);
      if (id !== undefined && !HEADER_SAFE.test(id))
        request.headers.set(CONVERSATION_ID_HEADER, encodeURIComponent(id));
      return next(request);
    },
  });
  return client;
}

/** Promises of clients by key, the least recently used dropped beyond `max`; one that failed is not kept. */
class KeptClients<T extends object> {
  private readonly clients: LRUCache<string, Promise<T>>;

  constructor(max: number) {
    this.clients = new LRUCache({ max });
  }

  size(): number {
    return this.clients.size;
  }

  get(key: string, make: () => Promise<T>): Promise<T> {
    let client = this.clients.get(key);
    if (!client) {
      client = make();
      this.clients.set(key, client);
      client.catch(() => {
        if (this.clients.peek(key) === client) this.clients.delete(key);
      });
    }
    return client;
  }
}

/**
 * Connector clients kept by app id, channel address and audience. botbuilder builds a new client, with its own
 * request pipeline and credentials, for every turn and every proactive message; building one cost more than the
 * rest of the send. A client holds nothing of a turn: it signs each request with a token from its credentials,
 * which fetch and renew tokens themselves, so one client serves every turn to the same address. A client that could
 * not be made (credentials refused) is not kept.
 */
class ConnectorClients {
  private readonly clients: KeptClients<ConnectorClient>;

  constructor(max: number) {
    this.clients = new KeptClients(max);
  }

  size(): number {
    return this.clients.size();
  }

  /** A ConnectorFactory that hands out the kept client, or makes one with `inner` and keeps it. */
  reusing(inner: ConnectorFactory, appId: string): ConnectorFactory {
    return {
      create: (serviceUrl: string, audience?: string): Promise<ConnectorClient> =>
        this.clients.get(`${appId}\n${serviceUrl}\n${audience ?? ''}`, async () =>
          encodeConversationIdHeader(await inner.create(serviceUrl, audience)),
        ),
    };
  }
}

/**
 * The given authentication, unchanged (every request authenticated as before, by the same code), except that the
 * ConnectorFactories it hands out reuse clients, and so does createUserTokenClient. A turn's replies and proactive
 * sends keep clients apart: a proactive send takes the retry policy out of its client (see `sendOnlyOnce` in
 * sendOnce.ts), which a turn's replies keep.
 */
export function reusingConnectorClients(
  auth: BotAuthentication,
  max = CONNECTOR_CLIENTS_KEPT,
): BotAuthentication & { connectorClientsKept(): number } {
  const forTurns = new ConnectorClients(max);
  const forProactive = new ConnectorClients(max);
  // botbuilder also makes a user token client (the OAuth sign-in's) for every turn, with a pipeline of its own; the
  // bot has no sign-in, and the client depends only on the app id.
  const userTokenClients = new KeptClients<UserTokenClient>(USER_TOKEN_CLIENTS_KEPT);
  const withReuse = (result: AuthenticateRequestResult): AuthenticateRequestResult =>
    result.connectorFactory
      ? { ...result, connectorFactory: forTurns.reusing(result.connectorFactory, appIdOf(result.claimsIdentity)) }
      : result;
  const overrides: Record<PropertyKey, unknown> = {
    authenticateRequest: async (
      activity: Parameters<BotAuthentication['authenticateRequest']>[0],
      authHeader: string,
    ) => withReuse(await auth.authenticateRequest(activity, authHeader)),
    authenticateStreamingRequest: async (authHeader: string, channelIdHeader: string) =>
      withReuse(await auth.authenticateStreamingRequest(authHeader, channelIdHeader)),
    createConnectorFactory: (claims: ClaimsIdentity) =>
      forProactive.reusing(auth.createConnectorFactory(claims), appIdOf(claims)),
    createUserTokenClient: (claims: ClaimsIdentity) =>
      userTokenClients.get(appIdOf(claims), () => auth.createUserTokenClient(claims)),
    connectorClientsKept: () => forTurns.size() + forProactive.size(),
  };
  return new Proxy(auth, {
    get(target, prop) {
      if (Object.hasOwn(overrides, prop)) return overrides[prop];
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  }) as BotAuthentication & { connectorClientsKept(): number };
}
