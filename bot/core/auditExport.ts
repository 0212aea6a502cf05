import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import type { AssignmentStore, PartnerDirectory, SubscriptionDirectory } from './ports';
import type { ChangeKind, Partner, Subscription } from './types';

/**
 * One change of a tenant's audit log as the export lists it: plain values, the subscription and the partners
 * named as the directories know them now (blank when they no longer do: a deleted subscription, a partner
 * Partner Center stopped knowing).
 */
export interface AuditExportRow {
  at: string;
  subscriptionId: string;
  service: string;
  subscriptionName: string;
  change: ChangeKind;
  oldPartnerId: string;
  oldPartnerName: string;
  newPartnerId: string;
  newPartnerName: string;
  actorName: string;
  actorId: string;
  version: number;
  /** What the partner the change named answered: `confirmed`, `declined`, or blank (no answer, or none asked). */
  partnerAnswer: '' | 'confirmed' | 'declined';
  partnerAnswerAt: string;
  partnerAnswerReason: string;
}

/**
 * The instants a `since` may name, after its offset is applied: years 0001 to 9999 (UTC), the times whose
 * toISOString() text has four year digits and so sorts as the store compares times (as text).
 */
const EARLIEST_SINCE = Date.parse('0001-01-01T00:00:00.000Z');
const LATEST_SINCE = Date.parse('9999-12-31T23:59:59.999Z');

/** Where an export starts, as the tab's `?since=` and `npm run export-audit -- --since` take it. */
export const SINCE_FORMAT =
  'a date such as 2025-01-31 (from the start of that day, UTC), or a time such as 2025-01-31T08:00:00Z ' +
  'or 2025-01-31T09:00:00+01:00, from year 0001 to 9999 in UTC';
/** A day or an instant within the years above, made the one shape the store compares times in (toISOString()'s). */
export const SinceSchema = z
  .union([
    z.iso.date().transform((day) => `${day}T00:00:00.000Z`),
    z.iso.datetime({ offset: true }).transform((t) => new Date(t).toISOString()),
  ])
  .refine((iso) => {
    const ms = Date.parse(iso);
    return ms >= EARLIEST_SINCE && ms <= LATEST_SINCE;
  });

export interface AuditExportDeps {
  store: Pick<AssignmentStore, 'auditPage' | 'partnerAnswers'>;
  subscriptions: Pick<SubscriptionDirectory, 'listSubscriptions'>;
  partners: Pick<PartnerDirectory, 'findPartner'>;
}

/** Entries read from the store at a time: one page is all an export holds, whatever the log's length. */
export const AUDIT_EXPORT_PAGE_SIZE = 500;
/** Partner names remembered during one export; a tenant's history names a handful, the bound is for the odd one. */
const PARTNER_NAMES_KEPT = 1_000;

/**
 * The tenant's audit log from `since` on (every entry without it), oldest first, a page at a time: rows are
 * produced as the consumer takes them, so a slow download holds one page, not the log. The tenant id must be
 * the directory's own spelling (the store is keyed by it); callers get it from `whoIs` or the directory.
 */
export async function* auditExportRows(
  deps: AuditExportDeps,
  tenantId: string,
  since?: string,
): AsyncGenerator<AuditExportRow> {
  const subscriptions = new Map<string, Subscription>(
    (await deps.subscriptions.listSubscriptions(tenantId)).map((s) => [s.id, s]),
  );
  const partnerNames = new LRUCache<string, { name: string }>({ max: PARTNER_NAMES_KEPT });
  const partnerName = async (partnerId: string | null): Promise<string> => {
    if (partnerId === null) return '';
    let known = partnerNames.get(partnerId);
    if (!known) {
      const partner: Partner | null = await deps.partners.findPartner(partnerId);
      known = { name: partner?.name ?? '' };
      partnerNames.set(partnerId, known);
    }
    return known.name;
  };

  for (let afterId = 0; ; ) {
    const page = await deps.store.auditPage(tenantId, { afterId, since, limit: AUDIT_EXPORT_PAGE_SIZE });
    const answers = await deps.store.partnerAnswers(
      tenantId,
      page.map((e) => e.eventId),
    );
    for (const entry of page) {
      const subscription = subscriptions.get(entry.subscriptionId);
      const answer = answers.get(entry.eventId);
      yield {
        at: entry.at,
        subscriptionId: entry.subscriptionId,
        service: subscription?.service ?? '',
        subscriptionName: subscription?.name ?? '',
        change: entry.kind,
        oldPartnerId: entry.oldPartnerId ?? '',
        oldPartnerName: await partnerName(entry.oldPartnerId),
        newPartnerId: entry.newPartnerId ?? '',
        newPartnerName: await partnerName(entry.newPartnerId),
        actorName: entry.actorName,
        actorId: entry.actorId,
        version: entry.version,
        partnerAnswer: answer?.answer ?? '',
        partnerAnswerAt: answer?.at ?? '',
        partnerAnswerReason: answer?.reason ?? '',
      };
    }
    if (page.length < AUDIT_EXPORT_PAGE_SIZE) return;
    afterId = page[page.length - 1]!.id;
  }
}
