import { z } from 'zod';
import { message } from '../../wording/formatter';
import { RawPartnerId } from './fields';
import { checkPartnerId } from './partnerIdForm';
import { defineVerb } from './verb';

/** A Partner ID typed as a message: it answers the chat's open question, if there is one. */
export const typedPartnerId = defineVerb({
  verb: 'typedPartnerId',
  keepsOpenQuestion: true,
  data: z.object({ value: RawPartnerId }),
  async handle(call, { value }, actor) {
    const question = await call.questions.current(call.turn.conversationId);
    if (!question) {
      const { language, actions } = call.notices;
      const [attach, change] = [message(language, 'command.attach'), message(language, 'command.change')];
      return call.notices.notice({
        title: message(language, 'notice.typedPartnerId.title'),
        message: message(language, 'notice.typedPartnerId.message', { attach, change }),
        actions: [actions.start('attach'), actions.start('change')],
        language,
      });
    }
    return checkPartnerId(call, actor, {
      mode: question.mode,
      subscriptionId: question.subscriptionId,
      version: question.version,
      partnerId: value,
    });
  },
});
