import { randomUUID } from 'node:crypto';

export interface PostResult {
  status: number;
  body: any;
}

/** Posts raw JSON to the bot's messaging endpoint, as the channel would. */
export async function postActivity(
  botUrl: string,
  activity: unknown,
  headers: Record<string, string> = {},
): Promise<PostResult> {
  const res = await fetch(new URL('/api/messages', botUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof activity === 'string' ? activity : JSON.stringify(activity),
  });
  const text = await res.text();
  let body: any = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status, body };
}

/**
 * One person in a personal chat with the bot, building activities the way Teams shapes them
 * (msteams channel, tenant in conversation and channelData, aadObjectId on `from`).
 */
export class TeamsUser {
  readonly conversationId: string;
  /**
   * A bearer token for each request, as the channel signs it (production mode); called per request with the
   * activity. Unset: requests carry no Authorization header (local anonymous mode).
   */
  bearer?: (activity: Record<string, unknown>) => Promise<string>;
  /** The activities' `locale`, as the person's Teams client sets it; unset: the field is left out. */
  locale: string | undefined = 'en-US';
  /** The activities' `localTimezone` (an IANA name such as `Asia/Tokyo`); unset: the field is left out. */
  localTimezone?: string;

  constructor(
    readonly botUrl: string,
    readonly serviceUrl: string,
    readonly tenantId: string,
    readonly aadObjectId: string | undefined,
    readonly name = 'Test User',
    conversationId?: string,
  ) {
    this.conversationId = conversationId ?? `a:personal-${randomUUID()}`;
  }

  activity(fields: Record<string, unknown>): Record<string, unknown> {
    return {
      id: randomUUID(),
      channelId: 'msteams',
      serviceUrl: this.serviceUrl,
      timestamp: new Date().toISOString(),
      from: {
        id: `29:${this.aadObjectId ?? 'anonymous'}`,
        name: this.name,
        ...(this.aadObjectId ? { aadObjectId: this.aadObjectId } : {}),
      },
      recipient: { id: '28:bot-app-id', name: 'Partner of Record' },
      conversation: { id: this.conversationId, conversationType: 'personal', tenantId: this.tenantId },
      channelData: { tenant: { id: this.tenantId } },
      ...(this.locale === undefined ? {} : { locale: this.locale }),
      ...(this.localTimezone === undefined ? {} : { localTimezone: this.localTimezone }),
      ...fields,
    };
  }

  /** Posts an activity as the channel would, with the bearer token when one is set. */
  async post(activity: Record<string, unknown>): Promise<PostResult> {
    const headers: Record<string, string> = this.bearer
      ? { authorization: `Bearer ${await this.bearer(activity)}` }
      : {};
    return postActivity(this.botUrl, activity, headers);
  }

  say(text: string): Promise<PostResult> {
    return this.post(this.activity({ type: 'message', text }));
  }

  /** An Action.Execute press: `data` is the action's data merged with the card's input values. */
  press(verb: string, data: Record<string, unknown> = {}): Promise<PostResult> {
    return this.post(
      this.activity({
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', id: randomUUID(), verb, data }, trigger: 'manual' },
      }),
    );
  }

  /** What Teams sends when a card with `refresh` comes into view: its refresh action, trigger "automatic". */
  refresh(card: { refresh?: { action?: { verb?: string; data?: Record<string, unknown> } } }): Promise<PostResult> {
    const action = card.refresh?.action;
    if (!action?.verb) throw new Error('the card has no refresh action');
    return this.post(
      this.activity({
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: {
          action: { type: 'Action.Execute', id: randomUUID(), verb: action.verb, data: action.data ?? {} },
          trigger: 'automatic',
        },
      }),
    );
  }

  install(): Promise<PostResult> {
    return this.post(this.activity({ type: 'conversationUpdate', membersAdded: [{ id: '28:bot-app-id' }] }));
  }
}
