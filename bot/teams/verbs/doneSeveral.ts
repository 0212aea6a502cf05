import { type BatchChangeOutcome, type EmailStatus, replacedPartners } from '../../core';
import { partnerTextIn } from '../../wording/changesIn';
import { message } from '../../wording/formatter';
import type { BatchEmailState } from '../../wording/labels';
import type { Language } from '../../wording/language';
import { subscriptionTitle } from '../../wording/services';
import { batchEmailTextIn, selectionDoneMessageIn } from '../../wording/severalIn';
import { timeText } from '../../wording/times';
import type { AdaptiveCard } from '../cardRenderer';
import { readerOf, type VerbCall } from './verb';

type SavedChange = BatchChangeOutcome['changes'][number];

/** Whether this change is still the subscription's latest. */
const stands = (c: SavedChange) => c.view.lastChange?.id === c.audit.id;

/** Worst first: one email that failed or waits is what the owner must hear about. */
const WORST_FIRST: readonly EmailStatus[] = ['failed', 'pending', 'filed', 'sent'];

/**
 * Where the action's partner emails stand. Each email is written with the first change it tells of (the partner
 * named: the first subscription; each partner replaced: its first), and the store reports a subscription's delivery
 * for its latest change only: once one of those is overtaken, its email's fate is not known here.
 */
export function batchEmailState(saved: BatchChangeOutcome): BatchEmailState | null {
  const { changes, newPartner } = saved;
  const replaced = new Set<string>();
  const writers = changes.filter((c, i) => {
    const first = i === 0 || (c.oldPartner !== null && !replaced.has(c.oldPartner.partnerId));
    if (c.oldPartner) replaced.add(c.oldPartner.partnerId);
    return first;
  });
  if (writers.some((c) => !stands(c))) return 'overtaken';
  const statuses = new Set(writers.flatMap((c) => (c.view.emailStatus ? [c.view.emailStatus] : [])));
  const worst = WORST_FIRST.find((s) => statuses.has(s));
  if (worst) return worst;
  return newPartner.email ? null : 'noContact';
}

/**
 * A heading per partner replaced (or none), each followed by its subscriptions with the id of their change: the
 * partner before is said once per group, which keeps 100 rows within Teams' card size.
 */
function rowsByPartnerBefore(
  language: Language,
  changes: readonly SavedChange[],
): { text: string; weight: 'Bolder' | 'Default' }[] {
  const groups = new Map<string, SavedChange[]>();
  for (const c of changes) {
    const key = c.oldPartner?.partnerId ?? '';
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const row = (c: SavedChange) => {
    const values = { subscription: subscriptionTitle(c.view.subscription), reference: c.audit.eventId };
    return stands(c)
      ? message(language, 'several.done.row', values)
      : message(language, 'several.done.rowChangedSince', {
          ...values,
          partner: partnerTextIn(language, c.view.partner),
        });
  };
  return [...groups.values()].flatMap((group) => [
    {
      text: message(language, 'several.done.before', { partner: partnerTextIn(language, group[0]!.oldPartner) }),
      weight: 'Bolder' as const,
    },
    ...group.map((c) => ({ text: row(c), weight: 'Default' as const })),
  ]);
}

/**
 * The one card that ends an action on several subscriptions: each subscription with the id of its change, and the
 * partner emails once for the action. It refreshes itself (`showSeveral`, by those ids), so it stays true.
 */
export function severalDoneCard(
  call: Pick<VerbCall, 'cards' | 'settings' | 'turn'>,
  saved: BatchChangeOutcome,
): AdaptiveCard {
  const { changes, newPartner } = saved;
  const reader = readerOf(call.turn);
  const { language } = reader;
  const count = changes.length;
  // An action on several attaches or changes; it never removes.
  const kind = changes[0]!.audit.kind === 'attach' ? 'attach' : 'change';
  const email = batchEmailState(saved);
  return call.cards.render(
    'doneSeveral',
    {
      title: message(language, `several.done.title.${kind}`, { count }),
      message: selectionDoneMessageIn(
        language,
        count,
        { newPartner, oldPartners: replacedPartners(saved) },
        call.settings.mail,
      ),
      emailText: email ? batchEmailTextIn(language, email) : '',
      items: rowsByPartnerBefore(language, changes),
      changeIds: changes.map((c) => c.audit.eventId),
      actorName: changes[0]!.audit.actorName,
      when: timeText(changes[0]!.audit.at, reader),
      nothingAtMicrosoft: message(language, 'record.nothingAtMicrosoft'),
    },
    language,
  );
}
