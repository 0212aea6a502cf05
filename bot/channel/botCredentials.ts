import type { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { Logger } from 'pino';
import {
  BotFrameworkTokens,
  defaultScope,
  outboundAuthority,
  PUBLIC_BOT_FRAMEWORK,
  type BotIdentity,
} from '../adapters/microsoft/botFrameworkTokens';
import type { HttpsClientOptions } from '../adapters/microsoft/httpsClient';

/** botbuilder's ServiceClientCredentialsFactory (botframework-connector's, which botbuilder does not re-export). */
export type CredentialsFactory = NonNullable<ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[1]>;
type ServiceClientCredentials = Awaited<ReturnType<CredentialsFactory['createCredentials']>>;
type WebResource = Parameters<ServiceClientCredentials['signRequest']>[0];

/**
 * The bot's outbound credentials for botbuilder: every request to the channel (replies, proactive messages)
 * is signed with a token from MSAL for the Bot Framework scope, from the authority botbuilder names
 * (ToChannelFromBotLoginUrl, the app's tenant for a SingleTenant bot), with the authority's metadata given so
 * MSAL asks no discovery endpoint. What botbuilder's own password factory does, minus its discovery call.
 */
export class MsalBotCredentialsFactory implements CredentialsFactory {
  constructor(
    private readonly identity: BotIdentity,
    private readonly tokens: BotFrameworkTokens,
  ) {}

  async isValidAppId(appId = ''): Promise<boolean> {
    return appId === this.identity.appId;
  }

  async isAuthenticationDisabled(): Promise<boolean> {
    return this.identity.appId === '';
  }

  async createCredentials(
    appId: string,
    audience: string | undefined,
    loginEndpoint: string,
  ): Promise<ServiceClientCredentials> {
    if (await this.isAuthenticationDisabled()) return { signRequest: async (request: WebResource) => request };
    if (!(await this.isValidAppId(appId))) throw new Error('Invalid appId.');
    const authority = outboundAuthority(loginEndpoint || PUBLIC_BOT_FRAMEWORK.ToChannelFromBotLoginUrl, this.identity);
    const scope = defaultScope(audience || PUBLIC_BOT_FRAMEWORK.ToChannelFromBotOAuthScope);
    const tokens = this.tokens;
    return {
      async signRequest(request: WebResource) {
        const { accessToken } = await tokens.token(authority, scope);
        request.headers.set('authorization', `Bearer ${accessToken}`);
        return request;
      },
    };
  }

  /** What a log may say about it. */
  toJSON() {
    return { name: 'MsalBotCredentialsFactory', appId: this.identity.appId };
  }
}

/**
 * The credentials factory for an app id with a password (MultiTenant or SingleTenant), with the token source to
 * close at shutdown; undefined in local anonymous mode and for a managed identity, where botbuilder's own applies.
 */
export function createBotCredentials(
  identity: BotIdentity,
  log: Logger,
  http: HttpsClientOptions = {},
): { factory: MsalBotCredentialsFactory; tokens: BotFrameworkTokens } | undefined {
  if (!identity.appId || identity.appType === 'UserAssignedMSI') return undefined;
  const tokens = new BotFrameworkTokens(identity, log, { http });
  return { factory: new MsalBotCredentialsFactory(identity, tokens), tokens };
}
