import assert from 'node:assert/strict';
import pino from 'pino';
import { TransientUpstreamError, retryAfterMs } from '../../bot/adapters/microsoft/httpsClient';
import { UpstreamPolicy } from '../../bot/adapters/microsoft/upstreamPolicy';
import { ConsentRequiredError, UpstreamUnavailableError } from '../../bot/core';

const silent = pino({ level: 'silent' });
const outage = () => new TransientUpstreamError('graph', 'HTTP 503', 503, null);

/** A call that fails with the given errors in turn, then answers 'ok'; it records when each attempt came. */
function flaky(errors: Error[]) {
  const attempts: number[] = [];
  const started = Date.now();
  return {
    attempts,
    call: async () => {
      attempts.push(Date.now() - started);
      const next = errors.shift();
      if (next) throw next;
      return 'ok';
    },
  };
}

describe('upstream policy: retries, Retry-After and the circuit breaker', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    assert.equal(retryAfterMs('2'), 2000);
    assert.equal(retryAfterMs(new Date(10_000).toUTCString(), 4_000), 6000);
    assert.equal(retryAfterMs(undefined), null);
    assert.equal(retryAfterMs('soon'), null);
  });

  it('waits out a 429 Retry-After, then succeeds', async () => {
    const policy = new UpstreamPolicy('graph', { maxAttempts: 3, halfOpenAfterMs: 1000 }, silent);
    const f = flaky([new TransientUpstreamError('graph', 'HTTP 429', 429, 300)]);
    assert.equal(await policy.execute('GET x', f.call), 'ok');
    assert.equal(f.attempts.length, 2);
    assert.ok(f.attempts[1]! - f.attempts[0]! >= 290, `waited ${f.attempts[1]! - f.attempts[0]!} ms`);
  });

  it('gives up after its attempts with UpstreamUnavailableError naming the upstream', async () => {
    const policy = new UpstreamPolicy('graph', { maxAttempts: 3, halfOpenAfterMs: 1000, backoffBaseMs: 10 }, silent);
    const f = flaky([outage(), outage(), outage(), outage()]);
    await assert.rejects(
      policy.execute('GET x', f.call),
      (err: unknown) => err instanceof UpstreamUnavailableError && err.upstream === 'graph',
    );
    assert.equal(f.attempts.length, 3);
  });

  it('does not wait out a Retry-After longer than it may, and does not retry what is not transient', async () => {
    const policy = new UpstreamPolicy(
      'partnerCenter',
      { maxAttempts: 3, halfOpenAfterMs: 1000, maxRetryAfterMs: 1000 },
      silent,
    );
    const long = flaky([new TransientUpstreamError('partnerCenter', 'HTTP 429', 429, 120_000)]);
    await assert.rejects(policy.execute('GET x', long.call), UpstreamUnavailableError);
    assert.equal(long.attempts.length, 1);
    const consent = flaky([new ConsentRequiredError('t', 'AADSTS65001')]);
    await assert.rejects(policy.execute('GET x', consent.call), ConsentRequiredError);
    assert.equal(consent.attempts.length, 1);
  });

  it('opens after five outages in a row, refuses at once while open, and closes again once a test call succeeds', async () => {
    const policy = new UpstreamPolicy('graph', { maxAttempts: 1, halfOpenAfterMs: 200 }, silent);
    for (let i = 0; i < 5; i++)
      await assert.rejects(policy.execute('GET x', flaky([outage()]).call), UpstreamUnavailableError);
    const whileOpen = flaky([]);
    await assert.rejects(
      policy.execute('GET x', whileOpen.call),
      (err: unknown) => err instanceof UpstreamUnavailableError && err.reason === 'circuit open',
    );
    assert.equal(whileOpen.attempts.length, 0, 'no call while the circuit is open');
    await new Promise((r) => setTimeout(r, 250));
    assert.equal(await policy.execute('GET x', flaky([]).call), 'ok');
    assert.equal(await policy.execute('GET x', flaky([]).call), 'ok');
  });

  it('does not let throttling open the circuit', async () => {
    const policy = new UpstreamPolicy('graph', { maxAttempts: 1, halfOpenAfterMs: 60_000 }, silent);
    for (let i = 0; i < 8; i++) {
      await assert.rejects(
        policy.execute('GET x', flaky([new TransientUpstreamError('graph', 'HTTP 429', 429, 0)]).call),
        UpstreamUnavailableError,
      );
    }
    assert.equal(await policy.execute('GET x', flaky([]).call), 'ok');
  });
});
