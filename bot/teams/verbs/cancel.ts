import { ACTIONS } from '../noticeCards';
import { NoData } from './fields';
import { defineVerb } from './verb';

export const cancel = defineVerb({
  verb: 'cancel',
  data: NoData,
  async handle({ questions, notices, turn }) {
    await questions.close(turn.conversationId);
    return notices.notice({
      title: 'Cancelled',
      message: 'Nothing was changed.',
      actions: [ACTIONS.status, ACTIONS.help],
    });
  },
});
