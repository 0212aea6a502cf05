import { z } from 'zod';
import { message } from '../../wording/formatter';
import { noneHasPartner } from './start';
import { defineVerb, languageOf } from './verb';

/** Change several: "all subscriptions of <partner>", one choice per partner of record the tenant has now. */
export const pickMove = defineVerb({
  verb: 'pickMove',
  data: z.object({}),
  async handle({ service, cards, notices, questions, turn }, _data, actor) {
    await questions.close(turn.conversationId);
    await service.requireOwner(actor);
    const language = languageOf(turn);
    const withPartner = (await service.list(actor)).filter((v) => v.partner);
    if (withPartner.length === 0) return noneHasPartner(notices, 'change');
    // Only what this person may change: "all of a partner" means all of those.
    const mine = await service.changeable(actor, withPartner);
    if (mine.length === 0) return notices.noneYouMayChange('change');
    const byPartner = new Map<string, { name: string; count: number }>();
    for (const v of mine) {
      if (!v.partner) continue;
      const seen = byPartner.get(v.partner.partnerId) ?? { name: v.partner.name, count: 0 };
      byPartner.set(v.partner.partnerId, { ...seen, count: seen.count + 1 });
    }
    return cards.render(
      'pickMove',
      {
        title: message(language, 'several.move.title'),
        prompt: message(language, 'several.move.prompt'),
        choices: [...byPartner].map(([partnerId, { name, count }]) => ({
          title: message(language, 'several.move.choice', { partnerName: name, count }),
          value: partnerId,
        })),
      },
      language,
    );
  },
});
