import { z } from 'zod';
import type { AuditEntry, PartnerAnswer } from '../../core';
import { answerSentence } from '../../wording/partnerAnswer';
import {
  describeChange,
  EMAIL_STATE_LABELS,
  emailState,
  NO_PARTNER_OF_RECORD,
  partnerText,
} from '../../wording/labels';
import { readOnlyReason } from '../../wording/refusals';
import { azureReaderCommand, listNotesText } from '../../wording/azure';
import { Page } from './fields';
import { paginate } from './paging';
import { defineVerb, readerOf } from './verb';
import type { Reader } from '../../wording/times';

/** Every subscription of the person's organization with its partner of record, a page at a time. */
export const status = defineVerb({
  verb: 'status',
  data: z.object({ page: Page }),
  // The status card refreshes itself with this verb when it comes into view: it only reads.
  refresh: true,
  async handle({ service, cards, settings, turn }, { page: requestedPage }, actor) {
    const reader = readerOf(turn);
    const { user, tenant, mayChange, someHaveOwnOwners } = await service.whoIs(actor);
    const { views, notes } = await service.listNoted(actor);
    const command = settings.azureAppId ? azureReaderCommand(settings.azureAppId, user.tenantId) : undefined;
    const { items, page, pageCount, from, to } = paginate(views, requestedPage, settings.pageSize);
    const withoutPartner = views.filter((v) => !v.partner).length;
    const summary =
      views.length === 0
        ? 'Your organization has no subscriptions I can see.'
        : `Subscriptions ${from}-${to} of ${views.length}` +
          (pageCount > 1 ? ` (page ${page + 1} of ${pageCount})` : '') +
          `. ${withoutPartner === 0 ? 'Every one has a partner of record.' : `${withoutPartner} ${withoutPartner === 1 ? 'has' : 'have'} no partner of record.`}`;
    return cards.render('status', {
      tenantName: tenant.name,
      summary,
      notesText: listNotesText(notes, command),
      fallbackText: `Partners of record for ${tenant.name}: ${summary}`,
      page,
      items: items.map((v) => {
        const email = emailState(v);
        return {
          service: v.subscription.service,
          name: v.subscription.name,
          partnerText: v.partner ? `Partner of record: ${partnerText(v.partner)}` : NO_PARTNER_OF_RECORD,
          partnerColor: v.partner ? ('Default' as const) : ('Attention' as const),
          lastChangeText: v.lastChange
            ? lastChangeLine(v.lastChange, email ? EMAIL_STATE_LABELS[email] : null, v.answer, reader)
            : '',
        };
      }),
      hasPrev: page > 0,
      prevPage: Math.max(0, page - 1),
      hasNext: page + 1 < pageCount,
      nextPage: page + 1,
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
  },
});

/** "Attached by Ada on ...", then where the partner's email stands and what the partner answered, if anything. */
function lastChangeLine(
  change: AuditEntry,
  email: string | null,
  answer: PartnerAnswer | null | undefined,
  reader: Reader,
): string {
  if (!email && !answer) return describeChange(change, reader);
  return [`${describeChange(change, reader)}.`, email ? `${email}.` : '', answer ? answerSentence(answer, reader) : '']
    .filter(Boolean)
    .join(' ');
}
