import { z } from 'zod';
import { MAX_BATCH_CHANGES } from '../../core';
import { message } from '../../wording/formatter';
import { severalDoneCard } from './doneSeveral';
import { defineVerb, languageOf } from './verb';

/**
 * The refresh of the card that ends an action on several subscriptions: the same card, with where the partner
 * emails stand now and each subscription changed since said so. Reads only.
 */
export const showSeveral = defineVerb({
  verb: 'showSeveral',
  data: z.object({
    changeIds: z
      .array(z.string().uuid())
      .min(1)
      .max(MAX_BATCH_CHANGES)
      .refine((ids) => new Set(ids).size === ids.length, 'A change is listed twice.'),
  }),
  refresh: true,
  async handle(call, { changeIds }, actor) {
    const saved = await call.service.selectionChanges(actor, changeIds);
    if (!saved) {
      const language = languageOf(call.turn);
      return call.notices.notice({
        title: message(language, 'several.notFound.title'),
        message: message(language, 'several.notFound.message'),
        language,
      });
    }
    return severalDoneCard(call, saved);
  },
});
