import { isDomainError } from '../../core';
import { aboutTheRecordIn, anonymousReadOnlyIn, greetingIn, readOnlyReasonIn } from '../../wording/inLanguage';
import { message } from '../../wording/formatter';
import { NoData } from './fields';
import { definePublicVerb, languageOf } from './verb';

/** The card for a new chat (install, "hi", or the Welcome button), in the person's language. */
export const welcome = definePublicVerb({
  verb: 'welcome',
  data: NoData,
  async handle({ service, cards, settings, turn }, _data, actor) {
    const language = languageOf(turn);
    const aboutRecord = aboutTheRecordIn(language, settings.mail);
    if (actor) {
      try {
        const { user, tenant, mayChange, someHaveOwnOwners } = await service.whoIs(actor);
        const owners = mayChange ? [] : (await service.owners(actor.tenantId)).map((o) => o.name);
        return cards.render(
          'welcome',
          {
            greeting: greetingIn(language, user.name),
            tenantName: tenant.name,
            aboutRecord,
            mayChange,
            readOnlyReason: mayChange
              ? ''
              : readOnlyReasonIn(language, user.role, owners, user.roleNote, someHaveOwnOwners),
          },
          language,
        );
      } catch (err) {
        if (!isDomainError(err, 'unknownUser')) throw err;
      }
    }
    return cards.render(
      'welcome',
      {
        greeting: greetingIn(language, null),
        tenantName: message(language, 'welcome.yourOrganization'),
        aboutRecord,
        mayChange: false,
        readOnlyReason: anonymousReadOnlyIn(language, !!settings.azureAppId),
      },
      language,
    );
  },
});
