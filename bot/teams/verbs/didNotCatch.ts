import { ACTIONS } from '../noticeCards';
import { NoData } from './fields';
import { definePublicVerb } from './verb';

/** A typed message that is no command. */
export const didNotCatch = definePublicVerb({
  verb: 'didNotCatch',
  // No command: the person may still type the ID the bot asked for.
  keepsOpenQuestion: true,
  data: NoData,
  handle: async ({ notices }) =>
    notices.notice({
      title: 'I did not catch that',
      message: 'Try "add partner", "change partner", "remove partner", "status" or "help".',
      actions: [ACTIONS.status, ACTIONS.help],
    }),
});
