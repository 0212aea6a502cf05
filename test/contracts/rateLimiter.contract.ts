import assert from 'node:assert/strict';
import type { Actor, ActionRateLimiter, Clock, RateLimitDecision } from '../../bot/core';

/** A clock the test moves by hand. */
export class ManualClock implements Clock {
  private ms = Date.parse('2026-11-25T14:00:00.000Z');
  now(): Date {
    return new Date(this.ms);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

export const TENANT = '6F1C2D3E-0000-4000-8000-000000000001';
export const ada: Actor = { tenantId: TENANT, aadObjectId: 'ada' };
export const bo: Actor = { tenantId: TENANT, aadObjectId: 'bo' };
export const other: Actor = { tenantId: '6f1c2d3e-0000-4000-8000-000000000002', aadObjectId: 'ada' };

export async function takeMany(limiter: ActionRateLimiter, actor: Actor, n: number): Promise<RateLimitDecision[]> {
  const out: RateLimitDecision[] = [];
  for (let i = 0; i < n; i++) out.push(await limiter.take(actor));
  return out;
}

export interface LimiterHarness {
  /** A new limiter with nothing counted, on `clock`. */
  open(options: { perUser: number; perTenant: number; clock: Clock }): Promise<ActionRateLimiter>;
  cleanup(): Promise<void>;
}

/** Behaviour every ActionRateLimiter must have. Each adapter's test file calls this with a factory for its harness. */
export function rateLimiterContract(name: string, factory: () => Promise<LimiterHarness>): void {
  describe(`${name}: rate limiter contract`, () => {
    let harness: LimiterHarness;
    let clock: ManualClock;
    beforeEach(async () => {
      clock = new ManualClock();
      harness = await factory();
    });
    afterEach(async () => {
      await harness.cleanup();
    });

    it('allows the limit in a minute, refuses the next with the seconds until a place frees, and counts no refusal', async () => {
      const limiter = await harness.open({ perUser: 3, perTenant: 100, clock });
      assert.ok((await takeMany(limiter, ada, 3)).every((d) => d.allowed));
      clock.advance(20_000);
      assert.deepEqual(await limiter.take(ada), { allowed: false, retryAfterSeconds: 40 });
      clock.advance(39_000);
      assert.deepEqual(await limiter.take(ada), { allowed: false, retryAfterSeconds: 1 });
      clock.advance(1_000);
      // The refusals above were not counted: the first three left the window together, so three places are free.
      assert.ok((await takeMany(limiter, ada, 3)).every((d) => d.allowed));
      assert.equal((await limiter.take(ada)).allowed, false);
    });

    it('slides: what was counted leaves the window one by one, a minute after it was counted', async () => {
      const limiter = await harness.open({ perUser: 4, perTenant: 100, clock });
      await takeMany(limiter, ada, 2); // at 0 s
      clock.advance(30_000);
      await takeMany(limiter, ada, 2); // at 30 s
      assert.deepEqual(await limiter.take(ada), { allowed: false, retryAfterSeconds: 30 });
      clock.advance(30_000); // 60 s: the two from 0 s have left, the two from 30 s still count
      assert.deepEqual(
        (await takeMany(limiter, ada, 3)).map((d) => d.allowed),
        [true, true, false],
      );
      clock.advance(30_000); // 90 s: the two from 30 s have left
      assert.deepEqual(
        (await takeMany(limiter, ada, 3)).map((d) => d.allowed),
        [true, true, false],
      );
    });

    it('limits a tenant as a whole and keeps other tenants apart; tenant ids in any case are one', async () => {
      const limiter = await harness.open({ perUser: 3, perTenant: 5, clock });
      await takeMany(limiter, ada, 3);
      clock.advance(10_000);
      const lower = { tenantId: TENANT.toLowerCase(), aadObjectId: 'bo' };
      assert.deepEqual(
        (await takeMany(limiter, lower, 3)).map((d) => d.allowed),
        [true, true, false],
      );
      assert.deepEqual(
        await limiter.take(bo),
        { allowed: false, retryAfterSeconds: 50 },
        "the tenant is full until Ada's first leave",
      );
      assert.equal((await limiter.take(other)).allowed, true, 'another tenant is not affected');
    });

    it("lets a repeat of a counted action through without counting it again; a refused action's key is not remembered", async () => {
      const limiter = await harness.open({ perUser: 2, perTenant: 100, clock });
      assert.equal((await limiter.take(ada, { key: 'a' })).allowed, true);
      assert.equal((await limiter.take(ada, { key: 'b' })).allowed, true);
      assert.equal((await limiter.take(ada, { key: 'c' })).allowed, false);
      assert.equal((await limiter.take(ada, { key: 'b' })).allowed, true, 'a repeat of b at the limit');
      assert.equal((await limiter.take(ada, { key: 'a' })).allowed, true, 'a repeat of a at the limit');
      assert.equal((await limiter.take(bo, { key: 'a' })).allowed, true, 'keys are per person');
      clock.advance(60_000);
      assert.equal((await limiter.take(ada, { key: 'c' })).allowed, true);
      assert.equal((await limiter.take(ada, { key: 'd' })).allowed, true);
      assert.equal(
        (await limiter.take(ada, { key: 'e' })).allowed,
        false,
        'the repeats were not counted, c and d were',
      );
    });

    it('forgets a key after 15 minutes: a repeat then counts as a new action', async () => {
      const limiter = await harness.open({ perUser: 1, perTenant: 100, clock });
      assert.equal((await limiter.take(ada, { key: 'a' })).allowed, true);
      clock.advance(14 * 60_000);
      assert.equal((await limiter.take(ada, { key: 'a' })).allowed, true, 'remembered for 15 minutes');
      clock.advance(60_000);
      assert.equal((await limiter.take(ada, { key: 'a' })).allowed, true, 'forgotten, and counted: the window is free');
      assert.equal((await limiter.take(ada, { key: 'a' })).allowed, true, 'remembered again');
      assert.equal((await limiter.take(ada, { key: 'b' })).allowed, false);
    });
  });
}
