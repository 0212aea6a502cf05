import { message } from '../../wording/formatter';
import type { AdaptiveCard } from '../cardRenderer';
import type { NoticeCards } from '../noticeCards';
import { NoData } from './fields';
import { definePublicVerb } from './verb';

/** The commands' words in the person's language, as the notice names them. */
const COMMANDS = ['attach', 'change', 'remove', 'status', 'help'] as const;

/** A typed message that is no command. */
export const didNotCatch = definePublicVerb({
  verb: 'didNotCatch',
  // No command: the person may still type the ID the bot asked for.
  keepsOpenQuestion: true,
  data: NoData,
  handle: async ({ notices }) => didNotCatchNotice(notices),
});

function didNotCatchNotice(notices: NoticeCards): AdaptiveCard {
  const { language, actions } = notices;
  const words = Object.fromEntries(COMMANDS.map((c) => [c, message(language, `command.${c}`)]));
  return notices.notice({
    title: message(language, 'notice.didNotCatch.title'),
    message: message(language, 'notice.didNotCatch.message', words),
    actions: [actions.status, actions.help],
    language,
  });
}
