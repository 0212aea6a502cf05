import type { CloudAdapter, ConversationReference } from 'botbuilder';
import type { Logger } from 'pino';
import { activityOf } from './messages';
import { sendOnlyOnce } from './sendOnce';
import type { ChatAddress, OutgoingMessage, ProactiveSender, SendFailure } from './teamsChannel';

/** Proactive sends through botbuilder's continueConversationAsync, each one request (`sendOnlyOnce`). */
export class ConnectorProactiveSender implements ProactiveSender {
  private warnedRetries = false;

  constructor(
    private readonly adapter: CloudAdapter,
    private readonly botAppId: string,
    private readonly log: Logger,
  ) {}

  async send(address: ChatAddress, message: OutgoingMessage): Promise<void> {
    const activity = activityOf(message);
    // The adapter hands errors thrown in the callback to onTurnError, which logs and swallows them;
    // the send's own error is caught here so the sender's caller learns what happened.
    let failure: unknown;
    await this.adapter.continueConversationAsync(
      this.botAppId,
      address as Partial<ConversationReference> as ConversationReference,
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
    if (failure !== undefined) throw failure;
  }
}

/** The status a failed send was answered with, and a 429's Retry-After, from the Connector's RestError. */
export function sendFailureOf(err: unknown): SendFailure {
  const status = (err as { statusCode?: unknown } | null)?.statusCode;
  // The RestError keeps the response, and its headers, out of sight (not enumerable).
  const headers = (err as { response?: { headers?: { get?: (name: string) => string | undefined } } } | null)?.response
    ?.headers;
  const retryAfter = typeof headers?.get === 'function' ? headers.get('retry-after') : undefined;
  return {
    ...(typeof status === 'number' ? { status } : {}),
    ...(retryAfter !== undefined ? { retryAfter } : {}),
  };
}
