import type { Logger } from 'pino';
import { sendFailureOf, type OutgoingMessage, type ProactiveSender } from '../channel';
import { isLoopbackUrl } from '../runtime/loopback';
import {
  TeamsThrottledError,
  type TeamsDelivery,
  type TeamsNotifier,
  type TeamsPayload,
  type TeamsRecipient,
} from '../core';
import { retryAfterMs } from '../runtime/retryAfter';
import type { AdaptiveCard, CardRenderer } from './cardRenderer';
import type { ConversationReferences, FoundConversation } from './conversationReferences';
import { NoticeCards } from './noticeCards';
import { nudgeCard } from './nudgeCard';
import { message, sentences } from '../wording/formatter';
import type { Language } from '../wording/language';
import { ownerConfirmedIn, ownerDeclinedIn } from '../wording/partnerAnswerIn';
import { storedSubscriptionTitle } from '../wording/services';
import { timeText, type Reader } from '../wording/times';

/** Errors that say nothing listens at the address (refused, or no route to it), as opposed to a slow or broken exchange. */
const CANNOT_CONNECT = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

/** Whether the send failed to connect at all: the error, or what caused it (the HTTP client wraps it). */
export function failedToConnect(err: unknown, depth = 0): boolean {
  if (depth > 5 || typeof err !== 'object' || err === null) return false;
  const { code, cause, errors } = err as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && CANNOT_CONNECT.has(code)) return true;
  // Node tries each address of a name such as localhost in turn, and reports them together.
  if (Array.isArray(errors) && errors.length > 0 && errors.every((e) => failedToConnect(e, depth + 1))) return true;
  return failedToConnect(cause, depth + 1);
}

/**
 * Sends the outbox's Teams messages into each person's chat with the bot. A chat the bot was removed from
 * answers 403 (or 404 once deleted): the reference is forgotten and the message dropped, as Teams will
 * refuse every retry.
 *
 * A chat whose channel is on this machine (a loopback serviceUrl: the Agents Playground, a test channel, a
 * hand-made activity) and refuses the connection is treated the same way: Teams' service is never there, so
 * nothing is coming back at that address, and retrying would only deliver the message into whatever chat the
 * person opens next. Failures to reach Teams' own service (5xx, timeouts, resets, refusals) are thrown, and
 * retried; a 429 as TeamsThrottledError with its Retry-After, for the dispatcher to wait before that chat gets more.
 * Each send is one request (the sender's). A nudge or a digest goes only into the chat it was queued for ('moved'
 * otherwise).
 */
export class ProactiveNotifier implements TeamsNotifier {
  constructor(
    private readonly sender: ProactiveSender,
    private readonly references: ConversationReferences,
    private readonly cards: CardRenderer,
    private readonly log: Logger,
    /** The owner's digest as it stands now (the nudgeDigest verb's first page), for its reader. */
    private readonly digestCard: (to: TeamsRecipient, reader: Reader) => Promise<AdaptiveCard>,
  ) {}

  async send(payload: TeamsPayload): Promise<TeamsDelivery> {
    const found = await this.references.find(payload.to);
    if (!found) return 'noConversation';
    const forOneChat = payload.kind === 'nudge' || payload.kind === 'nudgeDigest';
    if (forOneChat && payload.conversationId !== undefined && payload.conversationId !== found.conversationId) {
      this.log.info(
        { kind: payload.kind },
        'the person is in another chat than the one this nudge was for; not sent there',
      );
      return 'moved';
    }
    // A digest is drawn from the current state as it goes; every other message is what its payload says. Both are
    // for the person as their chat last read: its language and time zone.
    const message: OutgoingMessage =
      payload.kind === 'nudgeDigest'
        ? { card: await this.digestCard(payload.to, found.reader) }
        : this.render(payload, found.reader);
    try {
      await this.sender.send(found.reference, message);
      return 'sent';
    } catch (failure) {
      return this.failed(failure, payload, found);
    }
  }

  /** What a failed send means: slow down (429), the chat is gone, or a failure for the outbox to retry (thrown). */
  private async failed(failure: unknown, payload: TeamsPayload, found: FoundConversation): Promise<TeamsDelivery> {
    const { status, retryAfter } = sendFailureOf(failure);
    if (status === 429) {
      const asked = retryAfterMs(retryAfter);
      this.log.info({ status, kind: payload.kind, retryAfterMs: asked }, 'Teams asks the bot to slow down');
      throw new TeamsThrottledError(asked);
    }
    if (status === 403 || status === 404) {
      this.log.info({ status, kind: payload.kind }, 'bot no longer in the conversation; forgetting it');
      await this.references.forget(payload.to, found);
      return 'gone';
    }
    const serviceUrl = found.reference.serviceUrl;
    if (typeof serviceUrl === 'string' && isLoopbackUrl(serviceUrl) && failedToConnect(failure)) {
      this.log.info(
        { kind: payload.kind },
        'the local channel of this chat refuses connections (stopped); forgetting the chat',
      );
      await this.references.forget(payload.to, found);
      return 'gone';
    }
    throw failure;
  }

  private render(payload: Exclude<TeamsPayload, { kind: 'nudgeDigest' }>, reader: Reader): OutgoingMessage {
    switch (payload.kind) {
      case 'nudge': {
        const { service, subscriptionName, subscriptionId } = payload;
        return { card: nudgeCard(this.cards, { service, subscriptionName, subscriptionId }, reader.language) };
      }
      case 'partnerNotified': {
        const { language } = reader;
        if (payload.delivered !== 'file')
          return plainText(message(language, 'mailNotice.sent', mailNoticeValues(payload)));
        // Written to the mail folder is not sent: the owner must not believe the partner knows.
        const filed = message(language, 'mailNotice.filed', mailNoticeValues(payload));
        return plainText(notReached(language, filed, 'mailNotice.setUpMail'));
      }
      case 'partnerAnswered':
        return this.answered(payload, reader);
      case 'partnerNotNotified': {
        const { language } = reader;
        const failed = message(language, 'mailNotice.failed', mailNoticeValues(payload));
        const error = message(language, 'mailNotice.lastError', { reason: payload.reason.slice(0, 200) });
        return plainText(sentences(language, notReached(language, failed, 'mailNotice.checkMail'), error));
      }
    }
  }

  /** The partner's answer, told to the owner who made the change: the time of it too, as the owner reads times. */
  private answered(payload: Extract<TeamsPayload, { kind: 'partnerAnswered' }>, reader: Reader): OutgoingMessage {
    const subscription = storedSubscriptionTitle({ service: payload.service, name: payload.subscriptionName });
    if (payload.answer === 'confirmed') {
      return plainText(ownerConfirmedIn(reader, payload.partnerName, subscription, payload.at));
    }
    // A decline leaves the record as it is: the owner gets the two ways to act on it, for this subscription.
    const { language } = reader;
    const card = new NoticeCards(this.cards).for(reader).notice({
      ...ownerDeclinedIn(reader, payload.partnerName, subscription, payload.reason),
      containerStyle: 'warning',
      facts: [{ title: message(language, 'done.when'), value: timeText(payload.at, reader) }],
      actions: [
        {
          title: message(language, 'welcome.changePartner'),
          verb: 'choose',
          data: { mode: 'change', subscriptionId: payload.subscriptionId },
        },
        {
          title: message(language, 'status.remove'),
          verb: 'choose',
          data: { mode: 'remove', subscriptionId: payload.subscriptionId },
        },
      ],
      language,
    });
    return { card };
  }
}

/** The partner was not reached: the owner's change stands all the same, and what to do. */
function notReached(language: Language, what: string, next: 'mailNotice.setUpMail' | 'mailNotice.checkMail'): string {
  return sentences(
    language,
    sentences(language, what, message(language, 'mailNotice.changeSaved')),
    message(language, next),
  );
}

/** What a notice about a partner's email names: the partner, its address, the subscription, what it was told. */
function mailNoticeValues(payload: Extract<TeamsPayload, { kind: 'partnerNotified' | 'partnerNotNotified' }>) {
  const { partnerName, partnerEmail, subscriptionName, template } = payload;
  return { partnerName, partnerEmail, subscriptionName, template };
}

/** A text message Teams shows as it is: names from directories are not markdown. */
function plainText(text: string): OutgoingMessage {
  return { plainText: text };
}
