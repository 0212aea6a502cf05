import { AZURE_OWNERS_RULE } from '../../wording/azure';
import { listNames } from '../../wording/labels';
import { aboutTheRecord } from '../../wording/record';
import { NoData } from './fields';
import { definePublicVerb } from './verb';

export const help = definePublicVerb({
  verb: 'help',
  data: NoData,
  async handle({ service, cards, settings }, _data, actor) {
    let ownersText = "Ask your organization's owner (administrator) to do it.";
    if (actor) {
      const owners = await service.owners(actor.tenantId).catch(() => []);
      if (owners.length > 0) ownersText = `In your organization that is ${listNames(owners.map((o) => o.name))}.`;
    }
    return cards.render('help', {
      aboutRecord: aboutTheRecord(settings.mail),
      ownersText,
      azureRule: settings.azureAppId ? AZURE_OWNERS_RULE : '',
      supportTechnicalUrl: settings.supportTechnicalUrl,
      supportBillingUrl: settings.supportBillingUrl,
    });
  },
});
