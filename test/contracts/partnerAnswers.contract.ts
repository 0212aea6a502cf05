import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { TENANT_A, TENANT_B, P1, P2, change } from './fixtures';
import type { AssignmentChange, NewOutboxMessage, PartnerAnswerRequest } from '../../bot/core';
import type { ContractStore, StoreHarness } from './assignmentStore.contract';

const AT = '2025-01-02T09:00:00.000Z';
const LATER = '2025-01-03T09:00:00.000Z';

function ownerMessage(text: string): NewOutboxMessage {
  return {
    channel: 'teams',
    tenantId: TENANT_A,
    subscriptionId: 'sub-1',
    payload: {
      kind: 'partnerNotified',
      to: { tenantId: TENANT_A, aadObjectId: 'aad-owner' },
      partnerName: text,
      partnerEmail: 'x@example.com',
      subscriptionName: 'Sub',
      template: 'added',
    },
  };
}

/** What a partner's answer must do in every store: once, only to the latest change, with its messages. */
export function partnerAnswersContract(harness: () => StoreHarness): void {
  describe('partner answers', () => {
    let store: ContractStore;
    let attached: AssignmentChange;

    beforeEach(async () => {
      store = harness().store;
      attached = change({ newPartnerId: P1 });
      const result = await store.applyChange(attached);
      assert.equal(result.outcome, 'applied');
    });

    function request(overrides: Partial<PartnerAnswerRequest> = {}): PartnerAnswerRequest {
      return {
        changeEventId: attached.eventId,
        tenantId: TENANT_A,
        subscriptionId: 'sub-1',
        version: 1,
        partnerId: P1,
        partnerName: 'Fabrikam Partners',
        answer: 'confirmed',
        reason: null,
        at: AT,
        eventId: randomUUID(),
        outbox: [ownerMessage('first')],
        ...overrides,
      };
    }

    async function pendingTeams(): Promise<string[]> {
      const claimed = await store.claimDue('2030-01-01T00:00:00.000Z', '2030-01-01T00:01:00.000Z', 100);
      return claimed.flatMap((m) =>
        m.channel === 'teams' && m.payload.kind === 'partnerNotified' ? [m.payload.partnerName] : [],
      );
    }

    it('finds a change by its event id, in any tenant', async () => {
      const found = await store.changeByEventId(attached.eventId);
      assert.equal(found?.tenantId, TENANT_A);
      assert.equal(found?.version, 1);
      assert.equal(await store.changeByEventId(randomUUID()), null);
    });

    it('records an answer once, with its messages linked to the change', async () => {
      const first = request({ answer: 'declined', reason: 'We do not manage this subscription.' });
      const result = await store.recordPartnerAnswer(first);
      assert.equal(result.outcome, 'recorded');
      const { outbox: _o, ...expected } = first;
      const answers = await store.partnerAnswers(TENANT_A, [attached.eventId]);
      assert.deepEqual(answers.get(attached.eventId), expected);
      const claimed = await store.claimDue('2030-01-01T00:00:00.000Z', '2030-01-01T00:01:00.000Z', 100);
      const change = await store.changeByEventId(attached.eventId);
      assert.equal(claimed.length, 1);
      assert.equal(claimed[0]!.auditId, change!.id);
      // Another tenant never sees it.
      assert.equal((await store.partnerAnswers(TENANT_B, [attached.eventId])).size, 0);
    });

    it('answers a second answer with the first, writing nothing', async () => {
      const first = await store.recordPartnerAnswer(request());
      assert.equal(first.outcome, 'recorded');
      const second = await store.recordPartnerAnswer(
        request({ answer: 'declined', reason: 'changed our mind', at: LATER, outbox: [ownerMessage('second')] }),
      );
      assert.equal(second.outcome, 'answered');
      if (second.outcome !== 'answered') return;
      assert.equal(second.answer.answer, 'confirmed');
      assert.equal(second.answer.at, AT);
      assert.deepEqual(await pendingTeams(), ['first']);
    });

    it('refuses an answer to a change a later one superseded, or that named another partner', async () => {
      assert.equal((await store.recordPartnerAnswer(request({ partnerId: P2 }))).outcome, 'superseded');
      assert.equal((await store.recordPartnerAnswer(request({ changeEventId: randomUUID() }))).outcome, 'superseded');
      const later = await store.applyChange(
        change({ kind: 'change', expectedVersion: 1, newPartnerId: P2, at: LATER }),
      );
      assert.equal(later.outcome, 'applied');
      assert.equal((await store.recordPartnerAnswer(request())).outcome, 'superseded');
      assert.equal((await store.partnerAnswers(TENANT_A, [attached.eventId])).size, 0);
      assert.deepEqual(await pendingTeams(), []);
    });

    it('writes the answer and its messages together, or neither', async () => {
      const broken = {
        ...ownerMessage('broken'),
        payload: { kind: 'partnerNotified', big: 1n },
      } as unknown as NewOutboxMessage;
      await assert.rejects(store.recordPartnerAnswer(request({ outbox: [ownerMessage('before'), broken] })));
      assert.equal((await store.partnerAnswers(TENANT_A, [attached.eventId])).size, 0);
      assert.deepEqual(await pendingTeams(), []);
      assert.equal((await store.recordPartnerAnswer(request())).outcome, 'recorded');
    });

    it('refuses a reason on a confirmation, or one too long', async () => {
      await assert.rejects(store.recordPartnerAnswer(request({ reason: 'why' })), RangeError);
      await assert.rejects(
        store.recordPartnerAnswer(request({ answer: 'declined', reason: 'x'.repeat(501) })),
        RangeError,
      );
      assert.equal((await store.partnerAnswers(TENANT_A, [attached.eventId])).size, 0);
    });
  });

  describe('signing keys', () => {
    it('keeps one key per purpose, made once: the same when asked again and after a restart', async () => {
      const key = await harness().store.signingKey('partner-answer-link');
      assert.equal(key.length, 32);
      assert.deepEqual(await harness().store.signingKey('partner-answer-link'), key);
      assert.notDeepEqual(await harness().store.signingKey('another purpose'), key);
      const reopened = await harness().reopen();
      assert.deepEqual(await reopened.signingKey('partner-answer-link'), key);
    });

    it('gives every caller the same key when they ask at once', async () => {
      const keys = await Promise.all(Array.from({ length: 5 }, () => harness().store.signingKey('made together')));
      for (const key of keys) assert.deepEqual(key, keys[0]);
    });
  });
}
