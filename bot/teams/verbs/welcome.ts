import { isDomainError } from '../../core';
import { aboutTheRecord } from '../../wording/record';
import { anonymousReadOnly, readOnlyReason } from '../../wording/refusals';
import { NoData } from './fields';
import { definePublicVerb } from './verb';

/** The card for a new chat (install, "hi", or the Welcome button). */
export const welcome = definePublicVerb({
  verb: 'welcome',
  data: NoData,
  async handle({ service, cards, settings }, _data, actor) {
    if (actor) {
      try {
        const { user, tenant, mayChange, someHaveOwnOwners } = await service.whoIs(actor);
        return cards.render('welcome', {
          userName: user.name,
          tenantName: tenant.name,
          aboutRecord: aboutTheRecord(settings.mail),
          mayChange,
          readOnlyReason: mayChange
            ? ''
            : readOnlyReason(
                user.role,
                (await service.owners(actor.tenantId)).map((o) => o.name),
                user.roleNote,
                someHaveOwnOwners,
              ),
        });
      } catch (err) {
        if (!isDomainError(err, 'unknownUser')) throw err;
      }
    }
    return cards.render('welcome', {
      userName: 'there',
      tenantName: 'your organization',
      aboutRecord: aboutTheRecord(settings.mail),
      mayChange: false,
      readOnlyReason: anonymousReadOnly(!!settings.azureAppId),
    });
  },
});
