import { z } from 'zod';
import { azureReaderCommand } from '../../wording/azure';
import { message } from '../../wording/formatter';
import { readOnlyReasonIn } from '../../wording/inLanguage';
import { emailState, partnerText } from '../../wording/labels';
import { serviceName } from '../../wording/services';
import { lastChangeLineIn, listNotesTextIn, statusSummaryIn } from '../../wording/statusIn';
import { Page } from './fields';
import { paginate } from './paging';
import { defineVerb, readerOf } from './verb';

/** Every subscription of the person's organization with its partner of record, a page at a time. */
export const status = defineVerb({
  verb: 'status',
  data: z.object({ page: Page }),
  // The status card refreshes itself with this verb when it comes into view: it only reads.
  refresh: true,
  async handle({ service, cards, settings, turn }, { page: requestedPage }, actor) {
    const reader = readerOf(turn);
    const { language } = reader;
    const { user, tenant, mayChange, someHaveOwnOwners } = await service.whoIs(actor);
    const { views, notes } = await service.listNoted(actor);
    const command = settings.azureAppId ? azureReaderCommand(settings.azureAppId, user.tenantId) : undefined;
    const { items, page, pageCount, from, to } = paginate(views, requestedPage, settings.pageSize);
    const summary = statusSummaryIn(language, views, { from, to, page, pageCount });
    // The same state draws the same card: kept by its data, so looking again costs no drawing or serialising.
    return cards.renderKept(
      'status',
      {
        tenantName: tenant.name,
        summary,
        notesText: listNotesTextIn(language, notes, command),
        fallbackText: message(language, 'status.fallback', { tenantName: tenant.name, summary }),
        page,
        items: items.map((v) => ({
          service: serviceName(v.subscription.service),
          name: v.subscription.name,
          partnerText: v.partner
            ? message(language, 'status.partner', { partner: partnerText(v.partner) })
            : message(language, 'status.noPartner'),
          partnerColor: v.partner ? ('Default' as const) : ('Attention' as const),
          lastChangeText: v.lastChange ? lastChangeLineIn(reader, v.lastChange, emailState(v), v.answer) : '',
        })),
        hasPrev: page > 0,
        prevPage: Math.max(0, page - 1),
        hasNext: page + 1 < pageCount,
        nextPage: page + 1,
        mayChange,
        readOnlyReason: mayChange
          ? ''
          : readOnlyReasonIn(
              language,
              user.role,
              (await service.owners(actor.tenantId)).map((o) => o.name),
              user.roleNote,
              someHaveOwnOwners,
            ),
      },
      language,
    );
  },
});
