import assert from 'node:assert/strict';
import type { TeamsPacer, TeamsRecipient } from '../../bot/core';

/** Teams' documented "Send to conversation" limits per bot per chat, and per app per tenant. */
export const DOCUMENTED_PER_CHAT = [
  { count: 7, windowMs: 1_000 },
  { count: 8, windowMs: 2_000 },
  { count: 60, windowMs: 30_000 },
  { count: 1_800, windowMs: 3_600_000 },
];
export const DOCUMENTED_PER_TENANT = [{ count: 30, windowMs: 1_000 }];

export const T0 = Date.parse('2026-11-25T14:00:00.000Z');
export const ADA: TeamsRecipient = { tenantId: 'TENANT-A', aadObjectId: 'ada' };
export const BO: TeamsRecipient = { tenantId: 'tenant-a', aadObjectId: 'bo' };
export const CY: TeamsRecipient = { tenantId: 'tenant-a', aadObjectId: 'cy' };
export const OTHER: TeamsRecipient = { tenantId: 'tenant-b', aadObjectId: 'ada' };

/** The most of `times` in any window of `windowMs`. */
export function busiest(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= windowMs) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

export function assertWithin(
  times: readonly number[],
  limits: readonly { count: number; windowMs: number }[],
  what: string,
): void {
  for (const { count, windowMs } of limits) {
    const most = busiest(times, windowMs);
    assert.ok(most <= count, `${what}: ${most} sends within ${windowMs} ms, more than ${count}`);
  }
}

/**
 * The dispatcher and the outbox, simulated: messages come back when due (oldest first), `late` ms after that (how
 * late the dispatcher gets to them), and are sent or postponed to the turn the pacer gives. `pacerFor` picks the
 * pacer (the instance) that handles each offer.
 */
export async function drain(
  pacerFor: TeamsPacer | ((n: number) => TeamsPacer),
  messages: { id: number; to: TeamsRecipient }[],
  late: (n: number) => number = () => 0,
) {
  const pick = typeof pacerFor === 'function' ? pacerFor : () => pacerFor;
  const due = new Map(messages.map((m) => [m.id, T0]));
  const offers = new Map<number, number>();
  const sent = new Map<number, number>();
  let now = T0;
  let n = 0;
  while (due.size > 0) {
    const [id, at] = [...due.entries()].sort((a, b) => a[1] - b[1] || a[0] - b[0])[0]!;
    const offer = n++;
    // Whole milliseconds, as the Clock gives them.
    now = Math.max(now, at + Math.round(late(offer)));
    offers.set(id, (offers.get(id) ?? 0) + 1);
    const turn = await pick(offer).turn(id, messages.find((m) => m.id === id)!.to, now);
    if (turn === 'now') {
      sent.set(id, now);
      due.delete(id);
      now += 1; // a send takes a moment
    } else {
      assert.ok(turn > now, 'a turn is later than now');
      due.set(id, turn);
    }
  }
  return { sent, offers, end: now };
}

/** Gives a new pacer with nothing sent yet, each call its own; closes them after each case. */
export interface PacerHarness {
  open(): Promise<TeamsPacer>;
  cleanup(): Promise<void>;
}

/** Behaviour every TeamsPacer must have. Each adapter's test file calls this with a factory for its harness. */
export function teamsPacerContract(name: string, factory: () => Promise<PacerHarness>): void {
  describe(`${name}: pacer contract`, () => {
    let harness: PacerHarness;
    const open = () => harness.open();
    beforeEach(async () => {
      harness = await factory();
    });
    afterEach(async () => {
      await harness.cleanup();
    });

    it('sends the first few to a chat at once, then gives the rest turns in order, each about once', async () => {
      const pacer = await open();
      const turns: ('now' | number)[] = [];
      for (let i = 0; i < 30; i++) turns.push(await pacer.turn(i + 1, ADA, T0));
      assert.deepEqual(turns.slice(0, 5), ['now', 'now', 'now', 'now', 'now']);
      const waiting = turns.slice(5) as number[];
      assert.ok(
        waiting.every((t, i) => typeof t === 'number' && t > T0 && (i === 0 || t > waiting[i - 1]!)),
        String(waiting),
      );
      // Asked again before its turn: the same turn.
      assert.equal(await pacer.turn(6, ADA, T0 + 10), waiting[0]);
      // At its turn, it goes.
      assert.equal(await pacer.turn(6, ADA, waiting[0]!), 'now');

      const { sent, offers } = await drain(
        await open(),
        Array.from({ length: 30 }, (_, i) => ({ id: i + 1, to: ADA })),
      );
      assert.equal(sent.size, 30);
      assertWithin([...sent.values()], DOCUMENTED_PER_CHAT, 'one chat');
      assert.ok(
        [...offers.values()].every((n) => n <= 2),
        'a message offered more than twice',
      );
      // In order: no message overtakes one queued before it.
      const order = [...sent.entries()].sort((a, b) => a[1] - b[1]).map(([id]) => id);
      assert.deepEqual(
        order,
        [...order].sort((a, b) => a - b),
      );
    });

    it('holds to every documented window over a long backlog, however late the dispatcher comes back', async () => {
      const messages = Array.from({ length: 2_000 }, (_, i) => ({ id: i + 1, to: ADA }));
      let seed = 7;
      const random = () => {
        seed = (seed * 48_271) % 2_147_483_647;
        return seed / 2_147_483_647;
      };
      // Sometimes on time, sometimes well over a second late: turns that came due meanwhile must not bunch up.
      const { sent, offers, end } = await drain(await open(), messages, () =>
        random() < 0.1 ? random() * 3_000 : random() * 20,
      );
      assert.equal(sent.size, messages.length);
      assertWithin([...sent.values()], DOCUMENTED_PER_CHAT, 'one chat, late dispatcher');
      // 2,000 to one person need more than the hour the hourly rule spans.
      assert.ok(end - T0 > 3_600_000);
      const total = [...offers.values()].reduce((a, b) => a + b, 0);
      assert.ok(total < 3 * messages.length, `${total} offers for ${messages.length} messages`);
    });

    it("paces a tenant's chats together, and keeps other tenants apart", async () => {
      const people = Array.from({ length: 200 }, (_, i) => ({ tenantId: 'tenant-a', aadObjectId: `person-${i}` }));
      const messages = people.map((to, i) => ({ id: i + 1, to }));
      const { sent, offers } = await drain(await open(), [...messages, { id: 1_000, to: OTHER }]);
      assertWithin(
        [...sent.entries()].filter(([id]) => id !== 1_000).map(([, at]) => at),
        DOCUMENTED_PER_TENANT,
        'one tenant',
      );
      assert.equal(busiest([...sent.values()], 1_000) >= 20, true, 'the tenant used what its limit allows');
      assert.ok(
        [...offers.values()].every((n) => n <= 2),
        'a message offered more than twice',
      );
      assert.equal(offers.get(1_000), 1, 'another tenant does not wait for this one');
    });

    it('holds a chat that Teams answered 429 until it asked, with that message first; then its tenant, then everyone', async () => {
      const pacer = await open();
      const until = T0 + 2_000;
      assert.equal(await pacer.turn(1, ADA, T0), 'now');
      await pacer.throttled(1, ADA, until, T0 + 10);
      const next = await pacer.turn(2, ADA, T0 + 20);
      assert.ok(typeof next === 'number' && next > until, 'the next message waits behind the refused one');
      assert.equal(await pacer.turn(3, BO, T0 + 20), 'now', 'another chat of the tenant goes on');
      assert.equal(await pacer.turn(1, ADA, until - 1), until);
      assert.equal(await pacer.turn(1, ADA, until), 'now', 'first in line when the wait is over');

      // A second chat of the tenant refused while the first still waits: the tenant waits.
      const tenantPacer = await open();
      await tenantPacer.throttled(1, ADA, T0 + 2_000, T0);
      await tenantPacer.throttled(2, BO, T0 + 3_000, T0 + 100);
      assert.ok(
        ((await tenantPacer.turn(3, CY, T0 + 200)) as number) >= T0 + 3_000,
        'a third chat of the tenant waits',
      );
      assert.equal(await tenantPacer.turn(4, OTHER, T0 + 200), 'now', 'another tenant does not');
      // Then a chat of another tenant refused too: Teams is limiting the bot, every chat waits.
      await tenantPacer.throttled(4, OTHER, T0 + 4_000, T0 + 300);
      assert.ok(
        ((await tenantPacer.turn(5, { tenantId: 'tenant-c', aadObjectId: 'dee' }, T0 + 400)) as number) >= T0 + 4_000,
      );
      assert.equal(await tenantPacer.turn(6, { tenantId: 'tenant-c', aadObjectId: 'eve' }, T0 + 4_000), 'now');

      // A refusal whose wait is over does not spread to others.
      const later = await open();
      await later.throttled(1, ADA, T0 + 1_000, T0);
      await later.throttled(2, OTHER, T0 + 3_000, T0 + 2_000);
      assert.equal(await later.turn(3, BO, T0 + 2_100), 'now');
    });

    it('does not count a send that reached nobody, and paces a chat opened after one that is gone afresh', async () => {
      const pacer = await open();
      for (let i = 1; i <= 5; i++) assert.equal(await pacer.turn(i, ADA, T0), 'now');
      // No chat to send to: no request was made, so the place is free again.
      await pacer.settled(ADA, T0, 'noConversation');
      await pacer.settled(ADA, T0, 'moved');
      assert.deepEqual([await pacer.turn(6, ADA, T0 + 1), await pacer.turn(7, ADA, T0 + 1)], ['now', 'now']);
      assert.equal(typeof (await pacer.turn(8, ADA, T0 + 1)), 'number');
      // The chat is gone (the bot was removed): the next one is another thread, with limits of its own.
      await pacer.settled(ADA, T0 + 1, 'gone');
      assert.equal(await pacer.turn(9, ADA, T0 + 2), 'now');
      await pacer.settled(ADA, T0 + 2, 'sent');
    });
  });
}
