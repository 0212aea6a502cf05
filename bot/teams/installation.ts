import type { Logger } from 'pino';
import type { ActivityIdentity } from '../channel';
import type { ConversationStore, TeamsRecipient } from '../core';

/** What Teams says with an installationUpdate: the app was added (or upgraded) or removed (or downgraded). */
export const INSTALLATION_ACTIONS = ['add', 'add-upgrade', 'remove', 'remove-upgrade'] as const;

/** The parts of an activity read here; no botbuilder needed. */
export interface InstallationActivity {
  type?: string;
  action?: string;
  conversation?: { conversationType?: string };
}

/** 'add' or 'remove' for an installationUpdate (upgrades included), else null. */
export function installationAction(activity: InstallationActivity): 'add' | 'remove' | null {
  if (activity.type !== 'installationUpdate') return null;
  if (activity.action === 'add' || activity.action === 'add-upgrade') return 'add';
  if (activity.action === 'remove' || activity.action === 'remove-upgrade') return 'remove';
  return null;
}

export interface InstallationDeps {
  /** Forgets the person's chat (and its cached copy). */
  references: { forget(recipient: TeamsRecipient): Promise<void> };
  conversations: Pick<ConversationStore, 'setPendingPrompt'>;
  /** Offers the person's undelivered nudges once more; runs in the background. */
  nudges: { offerAgain(recipient: TeamsRecipient): Promise<number> };
  log: Logger;
}

/**
 * The person installed or removed the bot in their personal chat. Removed: the chat is forgotten with its open
 * question, so no nudge or notice is sent there (queued ones find no chat), and nothing is said (the bot is gone).
 * Installed again: the reference is saved as on any turn (by PartnerBot, before this), and nudges that never
 * reached the person are offered once more. Installs in a team or a group chat change nothing here.
 */
export class Installation {
  constructor(private readonly deps: InstallationDeps) {}

  async onUpdate(activity: InstallationActivity, identity: ActivityIdentity | null): Promise<void> {
    const action = installationAction(activity);
    const actor = identity?.actor;
    if (!action || !actor || !identity || !isPersonalChat(activity)) return;
    if (action === 'remove') {
      await this.deps.references.forget(actor);
      await this.deps.conversations.setPendingPrompt(identity.conversationId, null);
      this.deps.log.info({ tenantId: actor.tenantId }, 'bot removed from a personal chat; chat forgotten');
      return;
    }
    void this.deps.nudges.offerAgain(actor);
  }
}

/** Teams says which kind of conversation it is; one that does not say is taken as a personal chat. */
function isPersonalChat(activity: InstallationActivity): boolean {
  const kind = activity.conversation?.conversationType;
  return kind === undefined || kind === 'personal';
}
