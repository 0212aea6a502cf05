import { message } from '../../wording/formatter';
import { aboutTheRecordIn, ownersTextIn } from '../../wording/inLanguage';
import { NoData } from './fields';
import { definePublicVerb, languageOf } from './verb';

export const help = definePublicVerb({
  verb: 'help',
  data: NoData,
  async handle({ service, cards, settings, turn }, _data, actor) {
    const language = languageOf(turn);
    const owners = actor ? (await service.owners(actor.tenantId).catch(() => [])).map((o) => o.name) : [];
    return cards.render(
      'help',
      {
        aboutRecord: aboutTheRecordIn(language, settings.mail),
        ownersText: ownersTextIn(language, owners),
        azureRule: settings.azureAppId ? message(language, 'help.azureRule') : '',
        supportTechnicalUrl: settings.supportTechnicalUrl,
        supportBillingUrl: settings.supportBillingUrl,
      },
      language,
    );
  },
});
