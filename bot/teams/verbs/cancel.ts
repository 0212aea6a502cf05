import { message } from '../../wording/formatter';
import { NoData } from './fields';
import { defineVerb } from './verb';

export const cancel = defineVerb({
  verb: 'cancel',
  data: NoData,
  async handle({ questions, notices, turn }) {
    await questions.close(turn.conversationId);
    const { language, actions } = notices;
    return notices.notice({
      title: message(language, 'notice.cancelled'),
      message: message(language, 'notice.nothingChanged'),
      actions: [actions.status, actions.help],
      language,
    });
  },
});
