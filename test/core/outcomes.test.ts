import assert from 'node:assert/strict';
import {
  afterSaving,
  ConsentRequiredError,
  DomainError,
  done,
  mapDone,
  outcomeOf,
  type SubscriptionView,
  UpstreamUnavailableError,
} from '../../bot/core';

const VIEW = { subscription: { id: 'sub-1' } } as unknown as SubscriptionView;
const current = {
  tenantId: 't',
  subscriptionId: 'sub-1',
  partnerId: null,
  version: 3,
  updatedAt: null,
  updatedBy: null,
};
const fail = (err: unknown) => async (): Promise<never> => {
  throw err;
};

describe('outcomes: what the chat and the tab answer', () => {
  it('turns refusals, stale decisions, outages and missing consent into outcomes', async () => {
    assert.deepEqual(await outcomeOf(async () => 1), { kind: 'done', value: 1 });
    assert.deepEqual(await outcomeOf(fail(new DomainError({ code: 'unknownUser' }))), {
      kind: 'refused',
      reason: { code: 'unknownUser' },
    });
    const stale = new DomainError({ code: 'stale', current });
    assert.deepEqual(await outcomeOf(fail(stale), async () => VIEW), { kind: 'stale', current: VIEW });
    // Without a way to read the current state, stale stays a refusal.
    assert.equal((await outcomeOf(fail(stale))).kind, 'refused');
    assert.deepEqual(await outcomeOf(fail(new UpstreamUnavailableError('graph', 'timeout'))), {
      kind: 'outage',
      upstream: 'graph',
    });
    assert.deepEqual(await outcomeOf(fail(new UpstreamUnavailableError('store', 'lost', 'unknown'))), {
      kind: 'unconfirmed',
      upstream: 'store',
    });
    const consent = new ConsentRequiredError('t', 'AADSTS65001');
    assert.deepEqual(await outcomeOf(fail(consent)), { kind: 'consentRequired', error: consent });
  });

  it('rethrows anything else: a defect is not an outcome', async () => {
    await assert.rejects(outcomeOf(fail(new TypeError('bug'))), TypeError);
  });

  it('answers a stale decision whose current state cannot be read with that outage', async () => {
    const stale = new DomainError({ code: 'stale', current });
    const outcome = await outcomeOf(fail(stale), fail(new UpstreamUnavailableError('store', 'down')));
    assert.deepEqual(outcome, { kind: 'outage', upstream: 'store' });
  });

  it('after a change is saved, an outage is a change that may be saved, never "nothing was changed"', async () => {
    const saved = done('saved');
    assert.deepEqual(await afterSaving(saved, fail(new UpstreamUnavailableError('store', 'down'))), {
      kind: 'unconfirmed',
      upstream: 'store',
    });
    assert.equal(await afterSaving(saved, async () => undefined), saved);
    const refused = { kind: 'refused', reason: { code: 'unknownUser' } } as const;
    assert.equal(await afterSaving(refused, fail(new Error('not run'))), refused);
  });

  it('maps only what was done', () => {
    assert.deepEqual(
      mapDone(done(2), (n) => n * 2),
      done(4),
    );
    const outage = { kind: 'outage', upstream: 'graph' } as const;
    assert.equal(
      mapDone(outage, () => 'never'),
      outage,
    );
  });
});
