/*
 * The channel: botbuilder behind one door. The rest of the bot imports the channel from here, and only the types
 * and functions below; every import of botbuilder and botframework-* is in this folder.
 */
export type { ActivityIdentity } from './activityIdentity';
export {
  createTeamsChannel,
  NotAuthenticatedError,
  type ChannelSettings,
  type CheckedActivity,
  type TeamsChannel,
} from './createChannel';
export { SerializedInvokeBody, type InvokeAnswer } from './messages';
export { sendFailureOf } from './proactiveSender';
export type {
  Card,
  ChatAddress,
  OutgoingMessage,
  ProactiveSender,
  SendFailure,
  TeamsConversation,
  TeamsTurn,
  TurnActivity,
} from './teamsChannel';
