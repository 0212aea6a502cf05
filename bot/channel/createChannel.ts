import {
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import type { Logger } from 'pino';
import type { AppConfig } from '../config';
import { ConversationActivityHandler } from './activityHandler';
import { ChannelAdapter } from './channelAdapter';
import type { InvokeAnswer } from './messages';
import { ConnectorProactiveSender } from './proactiveSender';
import type { ProactiveSender, TeamsConversation } from './teamsChannel';

/** The settings the channel reads: the bot's identity and botbuilder's own settings. */
export type ChannelSettings = Pick<
  AppConfig,
  'MicrosoftAppId' | 'MicrosoftAppPassword' | 'MicrosoftAppType' | 'MicrosoftAppTenantId' | 'botFrameworkSettings'
>;

/** An activity whose shape the server has checked (bot/server/incomingActivity.ts). */
export type CheckedActivity = { type: string; serviceUrl: string } & Record<string, unknown>;

/** The request's token was not accepted: thrown before the turn began, with what botbuilder threw as its cause. */
export class NotAuthenticatedError extends Error {
  constructor(cause: unknown) {
    super('The request is not authenticated.', { cause });
    this.name = 'NotAuthenticatedError';
  }
}

/** Teams as the bot sees it: activities in, through the conversation, and messages out of turn. */
export interface TeamsChannel {
  /**
   * Authenticates the request and runs the activity's turn: the invoke's answer, if the activity asks for one.
   * Throws NotAuthenticatedError when the token was not accepted, and whatever else failed in the turn as it is.
   */
  receive(authHeader: string, activity: CheckedActivity): Promise<InvokeAnswer | undefined>;
  readonly sender: ProactiveSender;
  /** Releases the bot's token source. */
  close(): void;
}

/**
 * The channel for these settings, running `conversation`'s handlers. The bot's outbound tokens come from MSAL
 * with the login authority's metadata given (no discovery call); in local anonymous mode there are none.
 */
export function createTeamsChannel(
  settings: ChannelSettings,
  conversation: TeamsConversation,
  log: Logger,
): TeamsChannel {
  // Required here rather than imported: a bot without an app id does not load the token source.
  const credentials = settings.MicrosoftAppId
    ? (require('./botCredentials') as typeof import('./botCredentials')).createBotCredentials(
        {
          appId: settings.MicrosoftAppId,
          appPassword: settings.MicrosoftAppPassword,
          appType: settings.MicrosoftAppType,
          tenantId: settings.MicrosoftAppTenantId,
        },
        log,
      )
    : undefined;
  const auth = new ConfigurationBotFrameworkAuthentication(
    settings.botFrameworkSettings as ConfigurationBotFrameworkAuthenticationOptions,
    credentials?.factory,
  );
  const adapter = new ChannelAdapter(auth);
  const handler = new ConversationActivityHandler(conversation, log);
  adapter.onTurnError = (context, err) => conversation.onTurnError(handler.turnOf(context), err);
  return {
    receive: async (authHeader, activity) => {
      // Whether the turn began tells an authentication failure (before it) from a defect (inside it).
      let turnStarted = false;
      try {
        return await adapter.handle(authHeader, activity as Partial<Activity> as Activity, (context) => {
          turnStarted = true;
          return handler.run(context);
        });
      } catch (err) {
        // Before the turn, botbuilder only authenticates: whatever it threw (AuthenticationError, or a JWT
        // library's own error for a malformed token) means the token was not accepted.
        throw turnStarted ? err : new NotAuthenticatedError(err);
      }
    },
    sender: new ConnectorProactiveSender(adapter, settings.MicrosoftAppId, log),
    close: () => credentials?.tokens.close(),
  };
}
