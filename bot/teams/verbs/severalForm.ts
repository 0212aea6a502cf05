import { randomUUID } from 'node:crypto';
import type { Actor, DomainErrorDetail, PartnerIdKind, SelectedSubscription, SubscriptionView } from '../../core';
import { changeTitleIn, partnerTextIn } from '../../wording/changesIn';
import { listOf, message } from '../../wording/formatter';
import type { Language } from '../../wording/language';
import { partnerIdProblemIn } from '../../wording/refusalsIn';
import { subscriptionTitle } from '../../wording/services';
import { subscriptionsTextIn } from '../../wording/severalIn';
import type { AdaptiveCard } from '../cardRenderer';
import { languageOf, type VerbCall } from './verb';

/** The cards of an action on several subscriptions: the one Partner ID form, its confirmation, and what was done. */

/** As cards carry a selection: compact [id, version] pairs. */
function carried(views: readonly SubscriptionView[]): [string, number][] {
  return views.map((v) => [v.subscription.id, v.assignment.version]);
}

/** "Dynamics 365 (CRM Online): Contoso Sales (now: None)": a subscription on the form, with its partner now. */
const line = (language: Language, view: SubscriptionView) => ({
  text: message(language, 'several.form.line', {
    subscription: subscriptionTitle(view.subscription),
    partner: partnerTextIn(language, view.partner),
  }),
});

/** The one Partner ID form for every subscription selected, at the versions given (the state they were shown in). */
export async function askForSeveralPartnerId(
  call: VerbCall,
  actor: Actor,
  mode: PartnerIdKind,
  selection: readonly SelectedSubscription[],
  options: { value?: string; error?: string } = {},
): Promise<AdaptiveCard> {
  const prepared = await call.service.attemptSelection(actor, () =>
    call.service.prepareSelection(actor, mode, selection),
  );
  const value = options.value && /^\s*\d{1,10}\s*$/.test(options.value) ? options.value.trim() : '';
  const language = languageOf(call.turn);
  return call.notices.forOutcome(prepared, (views) =>
    call.cards.render(
      'enterPartnerIdForSeveral',
      {
        mode,
        title: changeTitleIn(language, mode),
        countText: subscriptionsTextIn(language, views.length),
        items: views.map((v) => line(language, v)),
        selection: carried(views),
        partnerIdValue: value,
        errorText: options.error ?? '',
      },
      language,
    ),
  );
}

function isPartnerIdProblem(reason: DomainErrorDetail): boolean {
  return reason.code === 'invalidPartnerId' || reason.code === 'unknownPartner' || reason.code === 'samePartner';
}

/**
 * Check ID, once for the selection: the partner's name to confirm, or the form again saying what is wrong. The
 * confirmation has no Change ID (it would carry the selection a second time): Cancel, or Check ID again.
 */
export async function checkSeveralPartnerId(
  call: VerbCall,
  actor: Actor,
  request: { mode: PartnerIdKind; selection: readonly SelectedSubscription[]; partnerId: string },
): Promise<AdaptiveCard> {
  const { mode, selection, partnerId } = request;
  const checked = await call.service.attemptSelection(actor, () =>
    call.service.checkSelectionPartner(actor, mode, selection, partnerId),
  );
  if (checked.kind === 'refused' && isPartnerIdProblem(checked.reason)) {
    return askForSeveralPartnerId(call, actor, mode, selection, {
      value: partnerId,
      error: partnerIdProblemIn(languageOf(call.turn), checked.reason),
    });
  }
  const language = languageOf(call.turn);
  return call.notices.forOutcome(checked, ({ views, partner }) =>
    call.cards.render(
      'confirmSeveral',
      {
        question: message(language, 'confirm.question'),
        mode,
        partnerId: partner.partnerId,
        partnerName: partner.name,
        countText: subscriptionsTextIn(language, views.length),
        currentText: listOf(language, [...new Set(views.map((v) => partnerTextIn(language, v.partner)))]),
        // Short lines: a confirmation of 100 subscriptions must stay under Teams' card size.
        items: views.map((v) => ({ text: subscriptionTitle(v.subscription) })),
        selection: carried(views),
        actionId: randomUUID(),
      },
      language,
    ),
  );
}
