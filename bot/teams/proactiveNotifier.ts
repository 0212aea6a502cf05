import {
  CardFactory,
  MessageFactory,
  type CloudAdapter,
  type ConversationReference,
  type TurnContext,
} from 'botbuilder';
import type { Logger } from 'pino';
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
import type { ConversationReferences } from './conversationReferences';
import { nudgeCard } from './verbs/nudge';
import { NoticeCards } from './noticeCards';
import {
  OWNER_DECLINED_NEXT,
  ownerConfirmedText,
  ownerDeclinedReason,
  ownerDeclinedTitle,
} from '../wording/partnerAnswer';

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

/** The name of the retry policy in the Connector client's pipeline (@azure/core-rest-pipeline's defaultRetryPolicyName). */
const CLIENT_RETRY_POLICY = 'defaultRetryPolicy';

/** Connector clients whose retry policy was taken out here: the adapter reuses a proactive send's client. */
const sendingOnce = new WeakSet<object>();

/**
 * botbuilder's Connector client retries on its own: a 429 after sleeping out its Retry-After (up to three times), a
 * 5xx or a dropped connection with backoff. A proactive send would hold the outbox dispatcher for as long (emails and
 * every other chat waiting behind it), and a long Retry-After would outlive the message's lease. The outbox retries
 * these itself, honouring Retry-After without holding anything else up, so the client of a proactive turn sends
 * once: its retry policy is taken out of its pipeline. The adapter keeps proactive turns' clients apart from the
 * clients a turn's replies use (which keep their retries; bot/server/connectorClients.ts) and reuses them, so a
 * client already made to send once is remembered as such. False when the client is not shaped as expected (a
 * botbuilder upgrade): the send then goes with botbuilder's retries.
 */
export function sendOnlyOnce(context: TurnContext): boolean {
  const key = context.adapter?.ConnectorClientKey;
  const connector: unknown = key === undefined ? undefined : context.turnState?.get(key);
  const pipeline = (
    connector as { client?: { pipeline?: { removePolicy?: (policy: { name: string }) => unknown[] } } } | undefined
  )?.client?.pipeline;
  if (typeof pipeline?.removePolicy !== 'function') return false;
  if (sendingOnce.has(pipeline)) return true;
  const removed = pipeline.removePolicy({ name: CLIENT_RETRY_POLICY });
  if (!Array.isArray(removed) || removed.length === 0) return false;
  sendingOnce.add(pipeline);
  return true;
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
 * Each send is one request (sendOnlyOnce). A nudge or a digest goes only into the chat it was queued for ('moved'
 * otherwise).
 */
export class ProactiveNotifier implements TeamsNotifier {
  private warnedRetries = false;

  constructor(
    private readonly adapter: CloudAdapter,
    private readonly botAppId: string,
    private readonly references: ConversationReferences,
    private readonly cards: CardRenderer,
    private readonly log: Logger,
    /** The owner's digest as it stands now (the nudgeDigest verb's first page). */
    private readonly digestCard: (to: TeamsRecipient) => Promise<AdaptiveCard>,
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
    // A digest is drawn from the current state as it goes; every other message is what its payload says.
    const activity =
      payload.kind === 'nudgeDigest'
        ? MessageFactory.attachment(CardFactory.adaptiveCard(await this.digestCard(payload.to)))
        : this.render(payload);
    // The adapter hands errors thrown in the callback to onTurnError, which logs and swallows them;
    // the send's own error is caught here so the outbox learns what happened.
    let failure: unknown;
    await this.adapter.continueConversationAsync(
      this.botAppId,
      found.reference as ConversationReference,
      async (context) => {
        try {
          if (!sendOnlyOnce(context) && !this.warnedRetries) {
            this.warnedRetries = true;
            this.log.warn(
              'the Connector client has no retry policy to take out: proactive sends keep botbuilder retries (a 429 holds the outbox)',
            );
          }
          await context.sendActivity(activity);
        } catch (err) {
          failure = err;
        }
      },
    );
    if (failure === undefined) return 'sent';
    const status = (failure as { statusCode?: number }).statusCode;
    if (status === 429) {
      // The Connector's RestError keeps the response, and its headers, out of sight (not enumerable).
      const headers = (failure as { response?: { headers?: { get?: (name: string) => string | undefined } } }).response
        ?.headers;
      const asked = retryAfterMs(typeof headers?.get === 'function' ? headers.get('retry-after') : undefined);
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

  private render(payload: Exclude<TeamsPayload, { kind: 'nudgeDigest' }>) {
    switch (payload.kind) {
      case 'nudge':
        return MessageFactory.attachment(
          CardFactory.adaptiveCard(
            nudgeCard(this.cards, {
              service: payload.service,
              subscriptionName: payload.subscriptionName,
              subscriptionId: payload.subscriptionId,
            }),
          ),
        );
      case 'partnerNotified':
        // Written to the mail folder is not sent: the owner must not believe the partner knows.
        if (payload.delivered === 'file') {
          return plainText(
            `The email telling ${payload.partnerName} (${payload.partnerEmail}) that it ` +
              `${payload.template === 'added' ? 'is now' : 'is no longer'} the partner of record for ${payload.subscriptionName} ` +
              `was written to the bot's mail folder and NOT sent: this bot has no mail server. ${CHANGE_SAVED} ` +
              `Please tell the partner yourself, and ask whoever runs this bot to set up its mail server.`,
          );
        }
        return plainText(
          `${payload.partnerName} was notified by email (${payload.partnerEmail}) that it ` +
            `${payload.template === 'added' ? 'is now' : 'is no longer'} the partner of record for ${payload.subscriptionName}.`,
        );
      case 'partnerAnswered': {
        const subscription = `${payload.service}: ${payload.subscriptionName}`;
        if (payload.answer === 'confirmed') return plainText(ownerConfirmedText(payload.partnerName, subscription));
        // A decline leaves the record as it is: the owner gets the two ways to act on it, for this subscription.
        const card = new NoticeCards(this.cards).notice({
          title: ownerDeclinedTitle(payload.partnerName, subscription),
          message: ownerDeclinedReason(payload.reason),
          containerStyle: 'warning',
          hint: OWNER_DECLINED_NEXT,
          actions: [
            {
              title: 'Change partner',
              verb: 'choose',
              data: { mode: 'change', subscriptionId: payload.subscriptionId },
            },
            { title: 'Remove', verb: 'choose', data: { mode: 'remove', subscriptionId: payload.subscriptionId } },
          ],
        });
        return MessageFactory.attachment(CardFactory.adaptiveCard(card));
      }
      case 'partnerNotNotified':
        return plainText(
          `I could not email ${payload.partnerName} (${payload.partnerEmail}) that it ` +
            `${payload.template === 'added' ? 'is now' : 'is no longer'} the partner of record for ${payload.subscriptionName}. ` +
            `${CHANGE_SAVED} Please tell the partner yourself, and ask whoever runs this bot to check its mail settings. ` +
            `(Last error: ${payload.reason.slice(0, 200)})`,
        );
    }
  }
}

/** Said when the partner was not reached: the owner's change stands all the same. */
const CHANGE_SAVED = 'The change itself is saved.';

/** A text message Teams shows as it is: names from directories are not markdown. */
function plainText(text: string) {
  return { ...MessageFactory.text(text), textFormat: 'plain' as const };
}
