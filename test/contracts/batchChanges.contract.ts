import assert from 'node:assert/strict';
import { MAX_BATCH_CHANGES, type AssignmentChange, type NewOutboxMessage } from '../../bot/core';
import { TENANT_A, TENANT_B, P1, P2, change } from './fixtures';
import type { ContractStore, StoreHarness } from './assignmentStore.contract';

/** A change event owed to a receiver, so each change of a batch carries one outbox row of its own. */
function webhook(subscriptionId: string): NewOutboxMessage {
  return {
    channel: 'webhook',
    tenantId: TENANT_A,
    subscriptionId,
    target: 'https://hooks.example/por',
    payload: { specversion: '1.0', id: `event-${subscriptionId}` } as never,
  };
}

/** Attaches P1 to each subscription from version 0, under keys derived from one action id. */
function attachAll(action: string, ids: readonly string[], overrides: Partial<AssignmentChange> = {}) {
  return ids.map((id) =>
    change({ subscriptionId: id, idempotencyKey: `${action}:${id}`, outbox: [webhook(id)], ...overrides }),
  );
}

/**
 * The all-or-none half of the store contract: `applyChanges`. Called from inside assignmentStoreContract, whose
 * beforeEach builds the fresh store this section reads through `harness()`.
 */
export function batchChangesContract(harness: () => StoreHarness): void {
  let store: ContractStore;

  beforeEach(() => {
    store = harness().store;
  });

  describe('all-or-none changes', () => {
    it('applies every change of the batch, each versioned and audited, in the order given', async () => {
      const result = await store.applyChanges(attachAll('a1', ['sub-3', 'sub-1', 'sub-2']));
      assert.equal(result.outcome, 'applied');
      if (result.outcome !== 'applied') return;
      assert.deepEqual(
        result.results.map((r) => [r.outcome, r.assignment.subscriptionId, r.assignment.version, r.audit.version]),
        [
          ['applied', 'sub-3', 1, 1],
          ['applied', 'sub-1', 1, 1],
          ['applied', 'sub-2', 1, 1],
        ],
      );
      const stored = await store.getAssignments(TENANT_A, ['sub-1', 'sub-2', 'sub-3']);
      assert.deepEqual([...stored.values()].map((a) => a.partnerId).sort(), [P1, P1, P1]);
      for (const id of ['sub-1', 'sub-2', 'sub-3']) assert.equal((await store.history(TENANT_A, id)).length, 1);
    });

    it('applies none when one subscription is not at the version expected, and names it', async () => {
      await store.applyChange(change({ subscriptionId: 'sub-2', newPartnerId: P2 }));
      const result = await store.applyChanges(attachAll('a2', ['sub-1', 'sub-2', 'sub-3']));
      assert.equal(result.outcome, 'stale');
      if (result.outcome !== 'stale') return;
      assert.deepEqual(
        result.stale.map((a) => [a.subscriptionId, a.partnerId, a.version]),
        [['sub-2', P2, 1]],
      );
      const stored = await store.getAssignments(TENANT_A, ['sub-1', 'sub-2', 'sub-3']);
      assert.deepEqual([...stored.keys()], ['sub-2'], 'nothing else written');
      assert.deepEqual(await store.history(TENANT_A, 'sub-1'), []);
      const due = await store.claimDue('2030-01-01T00:00:00.000Z', '2030-01-01T00:01:00.000Z', 100);
      assert.deepEqual(due, [], 'no outbox row of the batch');
      // Its keys were given up: the same action, at the right versions, applies once.
      const again = await store.applyChanges(
        attachAll('a2', ['sub-1', 'sub-3']).concat(
          change({ subscriptionId: 'sub-2', idempotencyKey: 'a2:sub-2', kind: 'change', expectedVersion: 1 }),
        ),
      );
      assert.equal(again.outcome, 'applied');
    });

    it('applies a repeated action once and answers it as the first time', async () => {
      const first = await store.applyChanges(attachAll('a3', ['sub-1', 'sub-2']));
      const second = await store.applyChanges(attachAll('a3', ['sub-1', 'sub-2'], { newPartnerId: P2 }));
      assert.equal(first.outcome, 'applied');
      assert.equal(second.outcome, 'applied');
      if (first.outcome !== 'applied' || second.outcome !== 'applied') return;
      assert.deepEqual(
        second.results.map((r) => r.outcome),
        ['duplicate', 'duplicate'],
      );
      assert.deepEqual(
        second.results.map((r) => r.audit),
        first.results.map((r) => r.audit),
      );
      for (const id of ['sub-1', 'sub-2']) {
        const history = await store.history(TENANT_A, id);
        assert.equal(history.length, 1);
        assert.equal(history[0]!.newPartnerId, P1);
      }
    });

    it('writes each change’s outbox rows with it, linked to its audit entry', async () => {
      const result = await store.applyChanges(attachAll('a4', ['sub-1', 'sub-2']));
      if (result.outcome !== 'applied') assert.fail(`expected 'applied', got '${result.outcome}'`);
      const due = await store.claimDue('2030-01-01T00:00:00.000Z', '2030-01-01T00:01:00.000Z', 100);
      const auditOf = new Map(result.results.map((r) => [r.assignment.subscriptionId, r.audit.id]));
      assert.deepEqual(due.map((m) => [m.subscriptionId, m.auditId]).sort(), [
        ['sub-1', auditOf.get('sub-1')],
        ['sub-2', auditOf.get('sub-2')],
      ]);
      await store.applyChanges(attachAll('a4', ['sub-1', 'sub-2']));
      const later = await store.claimDue('2031-01-01T00:00:00.000Z', '2031-01-01T00:01:00.000Z', 100);
      assert.equal(later.filter((m) => m.status === 'pending').length, 2, 'a repeat writes no more rows');
    });

    it('refuses a batch that is empty, too large, of two tenants or names a subscription twice', async () => {
      await assert.rejects(store.applyChanges([]));
      const many = Array.from({ length: MAX_BATCH_CHANGES + 1 }, (_, i) => `sub-${i}`);
      await assert.rejects(store.applyChanges(attachAll('a5', many)));
      await assert.rejects(store.applyChanges([change(), change({ tenantId: TENANT_B, subscriptionId: 'sub-2' })]));
      await assert.rejects(store.applyChanges([change(), change()]));
      assert.equal((await store.getAssignments(TENANT_A, ['sub-1', 'sub-2'])).size, 0);
    });
  });
}
