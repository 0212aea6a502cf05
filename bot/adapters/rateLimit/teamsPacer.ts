import type { LRUCache } from 'lru-cache';
import { lazyLru } from '../../runtime/lazyLru';
import type { TeamsDelivery, TeamsPacer, TeamsRecipient } from '../../core';

/** At most `count` sends in any `windowMs`. */
export interface SendLimit {
  count: number;
  windowMs: number;
}

/**
 * Teams' documented limits for a bot ("Optimize your bot with rate limiting in Teams",
 * https://learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit), "Send to conversation", per bot per
 * thread (a thread is a chat: a personal chat, a group chat or a channel): 7 in 1 second, 8 in 2 seconds, 60 in 30
 * seconds, 1,800 in 3,600 seconds. The page says the values may change and that apps must back off on 429 (the
 * dispatcher does). Kept below each, because Teams counts when requests arrive, and the network can bring two
 * sends closer together than they left.
 */
export const CHAT_LIMITS: readonly SendLimit[] = [
  { count: 5, windowMs: 1_000 },
  { count: 7, windowMs: 2_000 },
  { count: 55, windowMs: 30_000 },
  { count: 1_700, windowMs: 3_600_000 },
];

/**
 * The same page: "The global limit per app per tenant is 30 Requests Per Second" (answers from Microsoft on Q&A
 * give 50). Kept well below, as the chat limits are (Teams counts requests as they arrive), and below the lower
 * of the two figures.
 */
export const TENANT_LIMITS: readonly SendLimit[] = [{ count: 20, windowMs: 1_000 }];

/**
 * The spacing between turns handed out to messages waiting for one chat: the 30-second rule's rate (55 in 30 s),
 * which the 1- and 2-second rules also allow in a steady stream. The hourly rule, reached only after about 1,700
 * messages to one person, pushes turns further out by itself.
 */
export const CHAT_SPACING_MS = Math.ceil(30_000 / 55);
/** Between turns of messages waiting because their tenant is at its limit (20 a second). */
export const TENANT_SPACING_MS = Math.ceil(1_000 / 20);

export interface InMemoryTeamsPacerOptions {
  chatLimits?: readonly SendLimit[];
  tenantLimits?: readonly SendLimit[];
  /** Chats, tenants and waiting messages tracked at once; the least recently active are forgotten first. */
  maxChats?: number;
  maxTenants?: number;
  maxWaiting?: number;
}

/** What is known of one chat's or one tenant's sends. */
interface Lane {
  /** When messages were sent, oldest first, kept for the longest window. */
  sent: number[];
  /** The latest turn handed out to a message waiting here (0: none). */
  tail: number;
  /** Teams asked to wait until then (429). */
  hold: number;
}

/**
 * Paces the outbox's Teams messages below Teams' documented limits, in this process's memory, and holds a chat back
 * after Teams answers 429. Each chat and each tenant keeps a sliding-window log of what was sent (the gate: a send
 * goes only if every window has room), and the turn last handed out to a waiting message (the queue: the next one
 * waits behind it). A message given a turn is first in line when it comes back; if the gate is still shut then (the
 * dispatcher came late, and sends would bunch up), it goes to the back.
 *
 * Memory is bounded: the logs keep only the longest window (an hour for a chat, which holds at most 1,700 times;
 * in all, about one number per message sent in the last hour), and chats (10,000), tenants (2,000), waiting
 * messages (100,000) and recent 429s (1,000) are LRU caches. A chat forgotten is paced afresh; a waiting message
 * forgotten goes to the back of its chat's queue when it comes back. Counts are per process: for one instance
 * (SQLite); instances sharing PostgreSQL pace together with PostgresTeamsPacer, which keeps the same rules there.
 */
export class InMemoryTeamsPacer implements TeamsPacer {
  private readonly chatLimits: readonly SendLimit[];
  private readonly tenantLimits: readonly SendLimit[];
  private readonly chatMemoryMs: number;
  private readonly tenantMemoryMs: number;
  private readonly chats: () => LRUCache<string, Lane>;
  private readonly tenants: () => LRUCache<string, Lane>;
  /** Outbox id -> the turn it was given. */
  private readonly waiting: () => LRUCache<number, number>;
  /** Chat -> its tenant and until when Teams asked it to wait. */
  private readonly throttles = lazyLru<string, { tenant: string; until: number }>(1_000);
  /** Every chat waits until then: Teams refused chats of different tenants. */
  private hold = 0;

  constructor(options: InMemoryTeamsPacerOptions = {}) {
    this.chatLimits = options.chatLimits ?? CHAT_LIMITS;
    this.tenantLimits = options.tenantLimits ?? TENANT_LIMITS;
    this.chatMemoryMs = Math.max(...this.chatLimits.map((l) => l.windowMs));
    this.tenantMemoryMs = Math.max(...this.tenantLimits.map((l) => l.windowMs));
    this.chats = lazyLru(options.maxChats ?? 10_000);
    this.tenants = lazyLru(options.maxTenants ?? 2_000);
    this.waiting = lazyLru(options.maxWaiting ?? 100_000);
  }

  async turn(id: number, to: TeamsRecipient, now: number): Promise<'now' | number> {
    const chat = this.lane(this.chats(), chatKey(to), this.chatMemoryMs, now);
    const tenant = this.lane(this.tenants(), tenantKey(to), this.tenantMemoryMs, now);
    const given = this.waiting().get(id);
    if (given !== undefined && given > now) return given;

    const chatOpens = Math.max(this.hold, chat.hold, tenant.hold, opensAt(chat.sent, this.chatLimits, now));
    const tenantOpens = opensAt(tenant.sent, this.tenantLimits, now);
    // First in line: its turn has come, or nothing waits for this chat.
    const first = given !== undefined || chat.tail <= now;
    if (first && chatOpens <= now && tenantOpens <= now) {
      record(chat.sent, now);
      record(tenant.sent, now);
      this.waiting().delete(id);
      return 'now';
    }

    // Behind whatever already waits for this chat, and not before the chat's limits (or a 429) allow.
    let at = Math.max(now + 1, chatOpens, chat.tail + CHAT_SPACING_MS);
    if (tenantOpens > at) {
      at = Math.max(tenantOpens, tenant.tail + TENANT_SPACING_MS);
      tenant.tail = at;
    }
    chat.tail = Math.max(chat.tail, at);
    this.waiting().set(id, at);
    return at;
  }

  async throttled(id: number, to: TeamsRecipient, until: number, now: number): Promise<void> {
    const key = chatKey(to);
    const tenantId = tenantKey(to);
    const chat = this.lane(this.chats(), key, this.chatMemoryMs, now);
    chat.hold = Math.max(chat.hold, until);
    chat.tail = Math.max(chat.tail, until);
    this.waiting().set(id, until);
    for (const [other, throttle] of this.throttles().entries()) {
      if (other === key || throttle.until <= now) continue;
      if (throttle.tenant === tenantId) {
        const tenant = this.lane(this.tenants(), tenantId, this.tenantMemoryMs, now);
        tenant.hold = Math.max(tenant.hold, until);
      } else {
        this.hold = Math.max(this.hold, until);
      }
    }
    this.throttles().set(key, { tenant: tenantId, until });
  }

  async settled(to: TeamsRecipient, at: number, delivery: TeamsDelivery): Promise<void> {
    if (delivery === 'sent') return;
    const key = chatKey(to);
    if (delivery === 'gone') {
      this.chats().delete(key);
      this.throttles().delete(key);
      return;
    }
    // Nothing reached Teams: the send is taken off the logs again.
    for (const lane of [this.chats().get(key), this.tenants().get(tenantKey(to))]) {
      const i = lane?.sent.lastIndexOf(at) ?? -1;
      if (i >= 0) lane!.sent.splice(i, 1);
    }
  }

  /** The lane of `key`, its log trimmed to the longest window ending now. */
  private lane(lanes: LRUCache<string, Lane>, key: string, memoryMs: number, now: number): Lane {
    let lane = lanes.get(key);
    if (!lane) {
      lane = { sent: [], tail: 0, hold: 0 };
      lanes.set(key, lane);
    }
    const keep = firstAfter(lane.sent, now - memoryMs);
    if (keep > 0) lane.sent.splice(0, keep);
    return lane;
  }
}

/** When one more send fits every limit, given the sends so far (sorted): `now` or earlier if it fits now. */
export function opensAt(sent: readonly number[], limits: readonly SendLimit[], now: number): number {
  let opens = Number.NEGATIVE_INFINITY;
  for (const { count, windowMs } of limits) {
    const inWindow = sent.length - firstAfter(sent, now - windowMs);
    // The count-th most recent send must leave the window (t - windowMs >= it) before another fits.
    if (inWindow >= count) opens = Math.max(opens, sent[sent.length - count]! + windowMs);
  }
  return opens;
}

/** Adds a send to a sorted log (in place, should the clock have stepped back). */
function record(sent: number[], at: number): void {
  if (sent.length === 0 || sent[sent.length - 1]! <= at) sent.push(at);
  else sent.splice(firstAfter(sent, at), 0, at);
}

/** The index of the first time after `t` in a sorted list (its length if none). */
function firstAfter(sorted: readonly number[], t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! > t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

// Tenant and object ids are GUIDs: case carries no meaning.
const tenantKey = (to: TeamsRecipient) => to.tenantId.toLowerCase();
const chatKey = (to: TeamsRecipient) => `${tenantKey(to)}:${to.aadObjectId.toLowerCase()}`;
