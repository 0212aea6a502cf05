import assert from 'node:assert/strict';
import { TENANT_A, TENANT_B, P1, P2, P3, change } from './fixtures';
import type {
  AssignmentChange,
  AssignmentStore,
  ConversationStore,
  NudgeStore,
  Outbox,
  PendingPrompt,
  SigningKeys,
} from '../../bot/core';
import { batchChangesContract } from './batchChanges.contract';
import { outboxContract } from './outbox.contract';
import { partnerAnswersContract } from './partnerAnswers.contract';

export type ContractStore = AssignmentStore & ConversationStore & Outbox & NudgeStore & SigningKeys;

export interface StoreHarness {
  store: ContractStore;
  /** Closes the store and opens a new one over the same data, as a restart would. */
  reopen: () => Promise<ContractStore>;
  /** Closes whatever is open and removes every trace of the data. */
  cleanup: () => Promise<void>;
}

/**
 * Behaviour every AssignmentStore + ConversationStore + Outbox + NudgeStore adapter must have. Each adapter's test file calls
 * this with a factory that builds a fresh, empty store; a PostgreSQL adapter runs the very same suite.
 */
export function assignmentStoreContract(name: string, factory: () => Promise<StoreHarness>): void {
  describe(`${name}: store contract`, () => {
    let harness: StoreHarness;
    let store: ContractStore;

    beforeEach(async () => {
      harness = await factory();
      store = harness.store;
    });
    afterEach(async () => {
      await harness.cleanup();
    });

    /** Writes one change and insists it applied, returning the new version. */
    async function applied(c: AssignmentChange): Promise<number> {
      const result = await store.applyChange(c);
      if (result.outcome !== 'applied') assert.fail(`expected 'applied', got '${result.outcome}'`);
      return result.assignment.version;
    }

    describe('assignments', () => {
      it('reports a subscription it never saw as absent', async () => {
        const found = await store.getAssignments(TENANT_A, ['sub-1', 'sub-2']);
        assert.equal(found.size, 0);
        assert.deepEqual(await store.history(TENANT_A, 'sub-1'), []);
        assert.equal((await store.lastChanges(TENANT_A)).size, 0);
      });

      it('applies a first change from version 0, with the directory partner as the old one', async () => {
        const c = change({ kind: 'change', initialPartnerId: P1, newPartnerId: P2 });
        const result = await store.applyChange(c);
        assert.equal(result.outcome, 'applied');
        if (result.outcome !== 'applied') return;
        const expected = {
          tenantId: TENANT_A,
          subscriptionId: 'sub-1',
          partnerId: P2,
          version: 1,
          updatedAt: c.at,
          updatedBy: 'Ada Owner',
        };
        assert.deepEqual(result.assignment, expected);
        assert.deepEqual(
          { ...result.audit, id: 0 },
          {
            id: 0,
            tenantId: TENANT_A,
            subscriptionId: 'sub-1',
            kind: 'change',
            oldPartnerId: P1,
            newPartnerId: P2,
            actorId: 'aad-owner',
            actorName: 'Ada Owner',
            at: c.at,
            version: 1,
            eventId: c.eventId,
          },
        );
        assert.equal(typeof result.audit.id, 'number');
        assert.deepEqual((await store.getAssignments(TENANT_A, ['sub-1'])).get('sub-1'), expected);
        assert.deepEqual(await store.history(TENANT_A, 'sub-1'), [result.audit]);
      });

      it('refuses a stale expected version and writes nothing', async () => {
        await applied(change());
        const before = await store.getAssignments(TENANT_A, ['sub-1']);
        const historyBefore = await store.history(TENANT_A, 'sub-1');

        const result = await store.applyChange(change({ kind: 'change', expectedVersion: 0, newPartnerId: P2 }));
        assert.equal(result.outcome, 'stale');
        if (result.outcome !== 'stale') return;
        assert.deepEqual(result.current, before.get('sub-1'));

        const ahead = await store.applyChange(change({ kind: 'change', expectedVersion: 5, newPartnerId: P2 }));
        assert.equal(ahead.outcome, 'stale');

        assert.deepEqual(await store.getAssignments(TENANT_A, ['sub-1']), before);
        assert.deepEqual(await store.history(TENANT_A, 'sub-1'), historyBefore);
      });

      it('reports the directory state as current when a first change is stale', async () => {
        const result = await store.applyChange(change({ expectedVersion: 3, initialPartnerId: P3 }));
        assert.deepEqual(result, {
          outcome: 'stale',
          current: {
            tenantId: TENANT_A,
            subscriptionId: 'sub-1',
            partnerId: P3,
            version: 0,
            updatedAt: null,
            updatedBy: null,
          },
        });
        assert.equal((await store.getAssignments(TENANT_A, ['sub-1'])).size, 0);
      });

      it('applies the same idempotency key once, answering the retry with the first audit entry', async () => {
        const c = change({ idempotencyKey: 'card-action-42' });
        const first = await store.applyChange(c);
        const second = await store.applyChange({ ...c });
        assert.equal(first.outcome, 'applied');
        assert.equal(second.outcome, 'duplicate');
        if (first.outcome !== 'applied' || second.outcome !== 'duplicate') return;
        assert.deepEqual(second.audit, first.audit);
        assert.deepEqual(second.assignment, first.assignment);
        assert.equal((await store.history(TENANT_A, 'sub-1')).length, 1);
      });

      it('answers a late retry with the current assignment and the original entry', async () => {
        const c = change({ idempotencyKey: 'retry-late' });
        const first = await store.applyChange(c);
        await applied(change({ kind: 'change', expectedVersion: 1, newPartnerId: P2 }));
        const retry = await store.applyChange(c);
        assert.equal(retry.outcome, 'duplicate');
        if (retry.outcome !== 'duplicate' || first.outcome !== 'applied') return;
        assert.deepEqual(retry.audit, first.audit);
        assert.equal(retry.assignment.partnerId, P2);
        assert.equal(retry.assignment.version, 2);
      });

      it("never answers a reused key with another tenant's change", async () => {
        await applied(change({ idempotencyKey: 'shared-key' }));
        const other = change({ tenantId: TENANT_B, idempotencyKey: 'shared-key', newPartnerId: P2 });
        const outcome = await store.applyChange(other).then(
          (r) => r,
          () => null,
        );
        // Either refused outright or applied on its own; never a 'duplicate' carrying tenant A's data.
        assert.notEqual(outcome?.outcome, 'duplicate');
        if (outcome?.outcome === 'applied') assert.equal(outcome.audit.tenantId, TENANT_B);
      });

      it('removes a partner of record, leaving partnerId null', async () => {
        await applied(change());
        const result = await store.applyChange(change({ kind: 'remove', expectedVersion: 1, newPartnerId: null }));
        assert.equal(result.outcome, 'applied');
        if (result.outcome !== 'applied') return;
        assert.equal(result.assignment.partnerId, null);
        assert.equal(result.audit.oldPartnerId, P1);
        assert.equal(result.audit.newPartnerId, null);
        const stored = (await store.getAssignments(TENANT_A, ['sub-1'])).get('sub-1');
        assert.equal(stored?.partnerId, null);
        assert.equal(stored?.version, 2);
      });

      it('returns history newest first, honouring the limit', async () => {
        await applied(change({ at: '2025-01-01T10:00:00.000Z' }));
        await applied(change({ kind: 'change', expectedVersion: 1, newPartnerId: P2, at: '2025-01-02T10:00:00.000Z' }));
        await applied(
          change({ kind: 'remove', expectedVersion: 2, newPartnerId: null, at: '2025-01-03T10:00:00.000Z' }),
        );
        await applied(change({ subscriptionId: 'sub-2' }));

        const all = await store.history(TENANT_A, 'sub-1');
        assert.deepEqual(
          all.map((e) => [e.version, e.kind, e.oldPartnerId, e.newPartnerId]),
          [
            [3, 'remove', P2, null],
            [2, 'change', P1, P2],
            [1, 'attach', null, P1],
          ],
        );
        assert.deepEqual(await store.history(TENANT_A, 'sub-1', 2), all.slice(0, 2));
        assert.deepEqual(await store.history(TENANT_A, 'sub-1', 0), []);
      });

      it("pages a tenant's audit log oldest first, from a time on, and nothing of another tenant", async () => {
        await applied(change({ at: '2025-01-01T10:00:00.000Z' }));
        await applied(change({ tenantId: TENANT_B, subscriptionId: 'sub-1', at: '2025-01-01T11:00:00.000Z' }));
        await applied(change({ subscriptionId: 'sub-2', newPartnerId: P3, at: '2025-01-02T10:00:00.000Z' }));
        await applied(change({ kind: 'change', expectedVersion: 1, newPartnerId: P2, at: '2025-01-03T10:00:00.000Z' }));
        await applied(
          change({ kind: 'remove', expectedVersion: 2, newPartnerId: null, at: '2025-01-04T10:00:00.000Z' }),
        );

        const all = await store.auditPage(TENANT_A, { afterId: 0, limit: 100 });
        assert.deepEqual(
          all.map((e) => [e.subscriptionId, e.kind, e.at]),
          [
            ['sub-1', 'attach', '2025-01-01T10:00:00.000Z'],
            ['sub-2', 'attach', '2025-01-02T10:00:00.000Z'],
            ['sub-1', 'change', '2025-01-03T10:00:00.000Z'],
            ['sub-1', 'remove', '2025-01-04T10:00:00.000Z'],
          ],
        );
        assert.ok(all.every((e) => e.tenantId === TENANT_A));

        // Paging on from the last id gives the same entries, a page at a time.
        const paged = [];
        for (let afterId = 0; ; ) {
          const page = await store.auditPage(TENANT_A, { afterId, limit: 3 });
          if (page.length === 0) break;
          paged.push(...page);
          afterId = page[page.length - 1]!.id;
        }
        assert.deepEqual(paged, all);

        const since = await store.auditPage(TENANT_A, { afterId: 0, since: '2025-01-02T10:00:00.000Z', limit: 100 });
        assert.deepEqual(since, all.slice(1));
        assert.deepEqual(await store.auditPage(TENANT_A, { afterId: all[3]!.id, limit: 100 }), []);
        assert.deepEqual(await store.auditPage('00000000-0000-4000-8000-00000000ffff', { afterId: 0, limit: 100 }), []);
      });

      it('refuses an audit page request that would not mean what it says', async () => {
        await assert.rejects(store.auditPage(TENANT_A, { afterId: -1, limit: 10 }), RangeError);
        await assert.rejects(store.auditPage(TENANT_A, { afterId: 0, limit: 0 }), RangeError);
        await assert.rejects(store.auditPage(TENANT_A, { afterId: 0, limit: 10, since: '2025-01-02' }), RangeError);
      });

      it('gives the newest change of each subscription', async () => {
        await applied(change());
        await applied(change({ kind: 'change', expectedVersion: 1, newPartnerId: P2 }));
        await applied(change({ subscriptionId: 'sub-2', newPartnerId: P3 }));
        await applied(change({ tenantId: TENANT_B, subscriptionId: 'sub-3' }));

        const last = await store.lastChanges(TENANT_A);
        assert.deepEqual([...last.keys()].sort(), ['sub-1', 'sub-2']);
        assert.equal(last.get('sub-1')?.version, 2);
        assert.equal(last.get('sub-1')?.newPartnerId, P2);
        assert.equal(last.get('sub-2')?.newPartnerId, P3);
      });

      it('finds assignments among many requested ids', async () => {
        const ids = Array.from({ length: 1200 }, (_, i) => `bulk-${i}`);
        for (const id of ['bulk-0', 'bulk-599', 'bulk-1199']) await applied(change({ subscriptionId: id }));
        await applied(change({ tenantId: TENANT_B, subscriptionId: 'bulk-1' }));

        const found = await store.getAssignments(TENANT_A, ids);
        assert.deepEqual([...found.keys()].sort(), ['bulk-0', 'bulk-1199', 'bulk-599']);
        const few = await store.getAssignments(TENANT_A, ['bulk-599', 'bulk-599', 'bulk-1']);
        assert.deepEqual([...few.keys()], ['bulk-599']);
        assert.equal((await store.getAssignments(TENANT_A, [])).size, 0);
      });

      it('keeps its data across a restart', async () => {
        const first = change({ idempotencyKey: 'restart-key' });
        await applied(first);
        await store.saveReference({
          tenantId: TENANT_A,
          aadObjectId: 'aad-owner',
          conversationId: 'conv-1',
          reference: { conversation: { id: 'conv-1' } },
          updatedAt: '2025-01-01T10:00:00.000Z',
        });
        await store.setPendingPrompt('conv-1', prompt());
        const before = await store.getAssignments(TENANT_A, ['sub-1']);
        const historyBefore = await store.history(TENANT_A, 'sub-1');

        store = await harness.reopen();
        assert.deepEqual(await store.getAssignments(TENANT_A, ['sub-1']), before);
        assert.deepEqual(await store.history(TENANT_A, 'sub-1'), historyBefore);
        assert.equal((await store.getReference(TENANT_A, 'aad-owner'))?.conversationId, 'conv-1');
        assert.deepEqual(await store.getPendingPrompt('conv-1'), prompt());
        // The idempotency record survives too: a retry after a restart still changes nothing.
        const retry = await store.applyChange(first);
        assert.equal(retry.outcome, 'duplicate');
      });

      it('keeps tenants apart, even with the same subscription id', async () => {
        await applied(change({ tenantId: TENANT_A, subscriptionId: 'same-id', newPartnerId: P1 }));
        await applied(change({ tenantId: TENANT_B, subscriptionId: 'same-id', newPartnerId: P2 }));
        await applied(
          change({
            tenantId: TENANT_B,
            subscriptionId: 'same-id',
            kind: 'change',
            expectedVersion: 1,
            newPartnerId: P3,
          }),
        );

        assert.equal((await store.getAssignments(TENANT_A, ['same-id'])).get('same-id')?.partnerId, P1);
        assert.equal((await store.getAssignments(TENANT_A, ['same-id'])).get('same-id')?.version, 1);
        assert.equal((await store.getAssignments(TENANT_B, ['same-id'])).get('same-id')?.partnerId, P3);
        assert.equal((await store.history(TENANT_A, 'same-id')).length, 1);
        assert.equal((await store.history(TENANT_B, 'same-id')).length, 2);
        assert.equal((await store.lastChanges(TENANT_A)).get('same-id')?.newPartnerId, P1);
      });

      it('applies exactly one of many concurrent changes made from the same version', async () => {
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            store.applyChange(change({ newPartnerId: i % 2 ? P1 : P2, actorName: `tap ${i}` })),
          ),
        );
        const outcomes = results.map((r) => r.outcome);
        assert.equal(outcomes.filter((o) => o === 'applied').length, 1);
        assert.equal(outcomes.filter((o) => o === 'stale').length, 9);
        assert.equal((await store.history(TENANT_A, 'sub-1')).length, 1);
        assert.equal((await store.getAssignments(TENANT_A, ['sub-1'])).get('sub-1')?.version, 1);
      });

      it('reports itself healthy while open', async () => {
        assert.equal(await store.health(), 'open');
      });
    });

    describe('conversations', () => {
      const entry = {
        tenantId: TENANT_A,
        aadObjectId: 'aad-owner',
        conversationId: 'conv-1',
        reference: { serviceUrl: 'https://smba.example/', conversation: { id: 'conv-1' }, user: { id: 'u' } },
        updatedAt: '2025-01-01T10:00:00.000Z',
      };

      it('saves, reads, overwrites and deletes a conversation reference', async () => {
        assert.equal(await store.getReference(TENANT_A, 'aad-owner'), null);
        await store.saveReference(entry);
        assert.deepEqual(await store.getReference(TENANT_A, 'aad-owner'), entry);
        assert.equal(await store.getReference(TENANT_B, 'aad-owner'), null);

        const newer = {
          ...entry,
          conversationId: 'conv-2',
          reference: { conversation: { id: 'conv-2' } },
          updatedAt: '2025-02-01T00:00:00.000Z',
        };
        await store.saveReference(newer);
        assert.deepEqual(await store.getReference(TENANT_A, 'aad-owner'), newer);

        await store.deleteReference(TENANT_A, 'aad-owner');
        assert.equal(await store.getReference(TENANT_A, 'aad-owner'), null);
        await store.deleteReference(TENANT_A, 'aad-owner');
      });

      it('deletes a reference only if it is still the one read, when asked so', async () => {
        await store.saveReference(entry);
        const read = (await store.getReference(TENANT_A, 'aad-owner'))!;
        // The person opened another chat since (or the same one came back with a new serviceUrl): kept.
        const newer = {
          ...entry,
          conversationId: 'conv-2',
          reference: { conversation: { id: 'conv-2' } },
          updatedAt: '2025-02-01T00:00:00.000Z',
        };
        await store.saveReference(newer);
        await store.deleteReference(TENANT_A, 'aad-owner', {
          conversationId: read.conversationId,
          updatedAt: read.updatedAt,
        });
        assert.deepEqual(await store.getReference(TENANT_A, 'aad-owner'), newer);
        const moved = { ...entry, updatedAt: '2025-03-01T00:00:00.000Z' };
        await store.saveReference(moved);
        await store.deleteReference(TENANT_A, 'aad-owner', {
          conversationId: read.conversationId,
          updatedAt: read.updatedAt,
        });
        assert.deepEqual(await store.getReference(TENANT_A, 'aad-owner'), moved);
        // Still the one read: forgotten.
        await store.deleteReference(TENANT_A, 'aad-owner', {
          conversationId: moved.conversationId,
          updatedAt: moved.updatedAt,
        });
        assert.equal(await store.getReference(TENANT_A, 'aad-owner'), null);
      });

      it("saves a chat's language and time zone with its reference, keeping those a save does not say", async () => {
        await store.saveReference(entry);
        assert.deepEqual(await store.getReference(TENANT_A, 'aad-owner'), entry, 'none known: none read');
        const german = { ...entry, language: 'de', timeZone: 'Europe/Berlin', updatedAt: '2025-01-02T00:00:00.000Z' };
        await store.saveReference(german);
        assert.deepEqual(await store.getReference(TENANT_A, 'aad-owner'), german);
        assert.equal(await store.getReference(TENANT_B, 'aad-owner'), null);

        // An install says no time zone (and may say no language): the saved ones stay, the reference moves on.
        const installed = { ...entry, conversationId: 'conv-2', updatedAt: '2025-01-03T00:00:00.000Z' };
        await store.saveReference(installed);
        assert.deepEqual(await store.getReference(TENANT_A, 'aad-owner'), {
          ...installed,
          language: 'de',
          timeZone: 'Europe/Berlin',
        });
        // A zone said as none (UTC, or one the bot cannot use) is none; a new language replaces the old one.
        await store.saveReference({ ...installed, language: 'fr', timeZone: null });
        assert.deepEqual(await store.getReference(TENANT_A, 'aad-owner'), { ...installed, language: 'fr' });
        await store.saveReference({ ...installed, timeZone: 'Asia/Tokyo' });
        store = await harness.reopen();
        assert.deepEqual(await store.getReference(TENANT_A, 'aad-owner'), {
          ...installed,
          language: 'fr',
          timeZone: 'Asia/Tokyo',
        });

        // A chat forgotten and saved again starts from nothing: its old language is not the new chat's.
        await store.deleteReference(TENANT_A, 'aad-owner');
        await store.saveReference(entry);
        assert.deepEqual(await store.getReference(TENANT_A, 'aad-owner'), entry);
      });

      it('refuses a language or time zone that is empty or longer than any name, and writes nothing', async () => {
        await store.saveReference({ ...entry, language: 'de', timeZone: 'Europe/Berlin' });
        for (const bad of [
          { language: '' },
          { language: 'x'.repeat(65) },
          { timeZone: '' },
          { timeZone: 'Z'.repeat(65) },
        ]) {
          await assert.rejects(store.saveReference({ ...entry, conversationId: 'conv-bad', ...bad }), RangeError);
        }
        assert.deepEqual(await store.getReference(TENANT_A, 'aad-owner'), {
          ...entry,
          language: 'de',
          timeZone: 'Europe/Berlin',
        });
      });

      it('lists each tenant with a stored conversation once', async () => {
        assert.deepEqual(await store.listTenantIds(), []);
        await store.saveReference(entry);
        await store.saveReference({ ...entry, aadObjectId: 'aad-other' });
        await store.saveReference({ ...entry, tenantId: TENANT_B });
        assert.deepEqual((await store.listTenantIds()).sort(), [TENANT_A, TENANT_B].sort());
        await store.deleteReference(TENANT_B, 'aad-owner');
        assert.deepEqual(await store.listTenantIds(), [TENANT_A]);
      });

      it("lists every stored chat once, in pages, a tenant's chats adjacent", async () => {
        assert.deepEqual(await store.listChats(null, 10), []);
        const saved: string[] = [];
        for (const tenantId of [TENANT_B, TENANT_A]) {
          for (const person of ['aad-3', 'aad-1', 'aad-2', 'aad-5', 'aad-4']) {
            await store.saveReference({
              ...entry,
              tenantId,
              aadObjectId: person,
              conversationId: `conv-${tenantId}-${person}`,
            });
            saved.push(`${tenantId}/${person}/conv-${tenantId}-${person}`);
          }
        }
        const walk = async (limit: number) => {
          const seen: string[] = [];
          for (let page = await store.listChats(null, limit); page.length > 0; ) {
            assert.ok(page.length <= limit, `a page of ${page.length} for a limit of ${limit}`);
            seen.push(...page.map((c) => `${c.tenantId}/${c.aadObjectId}/${c.conversationId}`));
            const last = page.at(-1)!;
            page = await store.listChats({ tenantId: last.tenantId, aadObjectId: last.aadObjectId }, limit);
          }
          return seen;
        };
        for (const limit of [1, 3, 10, 100]) {
          const seen = await walk(limit);
          assert.deepEqual([...seen].sort(), [...saved].sort(), `limit ${limit}`);
          const tenants = seen.map((s) => s.split('/')[0]);
          assert.deepEqual(tenants.filter((t, i) => t !== tenants[i - 1]).length, 2, "each tenant's chats in one run");
        }
        // The walk carries on after a chat forgotten meanwhile (the bot removed from it), from where it was.
        const firstTwo = await store.listChats(null, 2);
        await store.deleteReference(firstTwo[1]!.tenantId, firstTwo[1]!.aadObjectId);
        const rest = await store.listChats(firstTwo[1]!, 100);
        assert.equal(rest.length, saved.length - 2);
        assert.ok(
          !rest.some(
            (c) => c.conversationId === firstTwo[0]!.conversationId || c.conversationId === firstTwo[1]!.conversationId,
          ),
        );
        assert.equal(await store.listChats(null, 0).then((p) => p.length), 0);
        await assert.rejects(store.listChats(null, -1), RangeError);
      });

      it('sets, reads, replaces and clears a pending prompt', async () => {
        assert.equal(await store.getPendingPrompt('conv-1'), null);
        await store.setPendingPrompt('conv-1', prompt());
        assert.deepEqual(await store.getPendingPrompt('conv-1'), prompt());
        assert.equal(await store.getPendingPrompt('conv-2'), null);

        const changeMode: PendingPrompt = { ...prompt(), mode: 'change', version: 3 };
        await store.setPendingPrompt('conv-1', changeMode);
        assert.deepEqual(await store.getPendingPrompt('conv-1'), changeMode);

        await store.setPendingPrompt('conv-1', null);
        assert.equal(await store.getPendingPrompt('conv-1'), null);
        await store.setPendingPrompt('conv-1', null);
      });
    });

    outboxContract(() => harness);
    partnerAnswersContract(() => harness);
    batchChangesContract(() => harness);
  });
}

function prompt(): PendingPrompt {
  return {
    kind: 'partnerId',
    mode: 'attach',
    subscriptionId: 'sub-1',
    version: 0,
    askedAt: '2025-01-01T10:00:00.000Z',
  };
}
