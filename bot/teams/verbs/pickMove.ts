import { z } from 'zod';
import { noneHasPartner } from './start';
import { defineVerb } from './verb';

/** Change several: "all subscriptions of <partner>", one choice per partner of record the tenant has now. */
export const pickMove = defineVerb({
  verb: 'pickMove',
  data: z.object({}),
  async handle({ service, cards, notices, questions, turn }, _data, actor) {
    await questions.close(turn.conversationId);
    await service.requireOwner(actor);
    const byPartner = new Map<string, { name: string; count: number }>();
    for (const v of await service.list(actor)) {
      if (!v.partner) continue;
      const seen = byPartner.get(v.partner.partnerId) ?? { name: v.partner.name, count: 0 };
      byPartner.set(v.partner.partnerId, { ...seen, count: seen.count + 1 });
    }
    if (byPartner.size === 0) return noneHasPartner(notices, 'change');
    return cards.render('pickMove', {
      title: 'Move subscriptions to another partner',
      prompt: 'Whose subscriptions move? Every subscription of that partner gets the one you name next.',
      choices: [...byPartner].map(([partnerId, { name, count }]) => ({
        title: `All subscriptions of ${name} (${count})`,
        value: partnerId,
      })),
    });
  },
});
