import { randomUUID } from 'node:crypto';
import type { Actor, DomainErrorDetail, PartnerIdKind, SubscriptionView } from '../../core';
import { changeTitleIn, partnerTextIn } from '../../wording/changesIn';
import { message } from '../../wording/formatter';
import { partnerIdProblemIn } from '../../wording/refusalsIn';
import { serviceName } from '../../wording/services';
import type { AdaptiveCard } from '../cardRenderer';
import { languageOf, type VerbCall } from './verb';

/**
 * The Partner ID form: shown for a subscription at a version, and remembered as the chat's open question so
 * that a typed ID answers it. A card that carries a version keeps it: what the person saw first is what a
 * Submit is judged against; a version that is not usable (null) is answered with the current state.
 */
export async function askForPartnerId(
  call: VerbCall,
  actor: Actor,
  mode: PartnerIdKind,
  subscriptionId: string,
  options: { version?: number | null; value?: string; error?: string } = {},
): Promise<AdaptiveCard> {
  const ask = async (shownVersion?: number): Promise<SubscriptionView> => {
    const view = await call.service.prepare(actor, mode, subscriptionId, shownVersion);
    const { version } = view.assignment;
    await call.questions.askForPartnerId(call.turn.conversationId, {
      mode,
      subscriptionId: view.subscription.id,
      version,
    });
    return view;
  };
  const asked =
    options.version === undefined
      ? await call.service.attempt(actor, subscriptionId, () => ask())
      : await call.service.attemptAt(actor, subscriptionId, options.version, ask);
  const value = options.value && /^\s*\d{1,10}\s*$/.test(options.value) ? options.value.trim() : '';
  const language = languageOf(call.turn);
  return call.notices.forOutcome(asked, (view) =>
    call.cards.render(
      'enterPartnerId',
      {
        mode,
        title: changeTitleIn(language, mode),
        service: serviceName(view.subscription.service),
        subscriptionName: view.subscription.name,
        subscriptionId: view.subscription.id,
        version: view.assignment.version,
        currentPartnerText: partnerTextIn(language, view.partner),
        partnerIdValue: value,
        // The input has no check of its own: Teams would show its message under the field beside this card's
        // earlier error. Every Check ID comes here, and the card answering it says only what is wrong now.
        errorText: options.error ?? '',
      },
      language,
    ),
  );
}

/** A wrong ID is answered on the same form, keeping what was typed, so it can be corrected in place. */
function isPartnerIdProblem(reason: DomainErrorDetail): boolean {
  return reason.code === 'invalidPartnerId' || reason.code === 'unknownPartner' || reason.code === 'samePartner';
}

/** Check ID: the partner's registered name to confirm, or the form again saying what is wrong with the ID. */
export async function checkPartnerId(
  call: VerbCall,
  actor: Actor,
  request: { mode: PartnerIdKind; subscriptionId: string; version: number | null; partnerId: string },
): Promise<AdaptiveCard> {
  const { mode, subscriptionId, partnerId } = request;
  const checked = await call.service.attemptAt(actor, subscriptionId, request.version, (version) =>
    call.service.checkPartner(actor, subscriptionId, partnerId, { kind: mode, version }),
  );
  if (checked.kind === 'refused' && isPartnerIdProblem(checked.reason)) {
    return askForPartnerId(call, actor, mode, subscriptionId, {
      version: request.version,
      value: partnerId,
      error: partnerIdProblemIn(languageOf(call.turn), checked.reason),
    });
  }
  const language = languageOf(call.turn);
  return call.notices.forOutcome(checked, ({ view, partner }) =>
    call.cards.render(
      'confirmPartner',
      {
        question: message(language, 'confirm.question'),
        mode,
        subscriptionId: view.subscription.id,
        service: serviceName(view.subscription.service),
        subscriptionName: view.subscription.name,
        partnerId: partner.partnerId,
        partnerName: partner.name,
        currentPartnerText: partnerTextIn(language, view.partner),
        version: view.assignment.version,
        actionId: randomUUID(),
      },
      language,
    ),
  );
}
