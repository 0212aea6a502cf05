import { randomUUID } from 'node:crypto';
import { isDomainError, type Actor, type PartnerIdKind, type SubscriptionView } from '../../core';
import { CHANGE_TITLES, CONFIRM_PARTNER_QUESTION, partnerText } from '../../wording/labels';
import { partnerIdProblem } from '../../wording/refusals';
import type { AdaptiveCard } from '../cardRenderer';
import { orStateChangedCard } from './staleState';
import type { VerbCall } from './verb';

/**
 * The Partner ID form: shown for a subscription at a version, and remembered as the chat's open question so
 * that a typed ID answers it. A card that carries a version keeps it: what the person saw first is what a
 * Submit is judged against.
 */
export async function askForPartnerId(
  call: VerbCall,
  actor: Actor,
  mode: PartnerIdKind,
  subscriptionId: string,
  options: { view?: SubscriptionView; version?: number; value?: string; error?: string } = {},
): Promise<AdaptiveCard> {
  return orStateChangedCard(call, actor, subscriptionId, async () => {
    const view = options.view ?? (await call.service.prepare(actor, mode, subscriptionId, options.version));
    const version = view.assignment.version;
    await call.questions.askForPartnerId(call.turn.conversationId, {
      mode,
      subscriptionId: view.subscription.id,
      version,
    });
    const value = options.value && /^\s*\d{1,10}\s*$/.test(options.value) ? options.value.trim() : '';
    return call.cards.render('enterPartnerId', {
      mode,
      title: CHANGE_TITLES[mode],
      service: view.subscription.service,
      subscriptionName: view.subscription.name,
      subscriptionId: view.subscription.id,
      version,
      currentPartnerText: partnerText(view.partner),
      partnerIdValue: value,
      // The input has no check of its own: Teams would show its message under the field beside this card's
      // earlier error. Every Check ID comes here, and the card answering it says only what is wrong now.
      errorText: options.error ?? '',
    });
  });
}

/** Check ID: the partner's registered name to confirm, or the form again saying what is wrong with the ID. */
export async function checkPartnerId(
  call: VerbCall,
  actor: Actor,
  request: { mode: PartnerIdKind; subscriptionId: string; version: number; partnerId: string },
): Promise<AdaptiveCard> {
  return orStateChangedCard(call, actor, request.subscriptionId, async () => {
    try {
      const { view, partner } = await call.service.checkPartner(actor, request.subscriptionId, request.partnerId, {
        kind: request.mode,
        version: request.version,
      });
      return call.cards.render('confirmPartner', {
        question: CONFIRM_PARTNER_QUESTION,
        mode: request.mode,
        subscriptionId: view.subscription.id,
        service: view.subscription.service,
        subscriptionName: view.subscription.name,
        partnerId: partner.partnerId,
        partnerName: partner.name,
        currentPartnerText: partnerText(view.partner),
        version: view.assignment.version,
        actionId: randomUUID(),
      });
    } catch (err) {
      // A wrong ID is answered on the same card, keeping what was typed, so it can be corrected in place.
      if (
        isDomainError(err, 'invalidPartnerId') ||
        isDomainError(err, 'unknownPartner') ||
        isDomainError(err, 'samePartner')
      ) {
        return askForPartnerId(call, actor, request.mode, request.subscriptionId, {
          version: request.version,
          value: request.partnerId,
          error: partnerIdProblem(err.detail),
        });
      }
      throw err;
    }
  });
}
