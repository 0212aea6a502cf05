import { z } from 'zod';
import { ACTIONS } from '../noticeCards';
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
      return call.notices.notice({
        title: 'Which subscription is that for?',
        message:
          'That looks like a Partner ID, but I have not asked for one. Start with "add partner" or "change partner", then type it.',
        actions: [ACTIONS.start('attach'), ACTIONS.start('change')],
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
