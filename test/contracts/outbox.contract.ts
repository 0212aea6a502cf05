import assert from 'node:assert/strict';
import { TENANT_A, TENANT_B, P1, P2, change } from './fixtures';
import { randomUUID } from 'node:crypto';
import type {
  AssignmentChange,
  ChangeEvent,
  NewOutboxMessage,
  OutboxMessage,
  PartnerEmailPayload,
  TeamsPayload,
  TeamsRecipient,
} from '../../bot/core';
import type { ContractStore, StoreHarness } from './assignmentStore.contract';

const OWNER: TeamsRecipient = { tenantId: TENANT_A, aadObjectId: 'aad-owner' };

/** Minutes after a fixed start, in the one shape stores compare. */
const T = (minutes: number): string => new Date(Date.UTC(2025, 0, 1, 10, minutes)).toISOString();

function emailPayload(overrides: Partial<PartnerEmailPayload> = {}): PartnerEmailPayload {
  return {
    template: 'added',
    to: { name: 'Fabrikam Partners', email: 'por@fabrikam.example' },
    partner: { partnerId: P1, name: 'Fabrikam Partners' },
    customer: { tenantId: TENANT_A, name: 'Contoso' },
    subscription: { id: 'sub-1', service: 'Azure', name: 'Contoso Production' },
    actor: { aadObjectId: 'aad-owner', name: 'Ada Owner' },
    at: T(0),
    ...overrides,
  };
}

function email(
  overrides: Partial<PartnerEmailPayload> = {},
  subscriptionId = 'sub-1',
  tenantId = TENANT_A,
): NewOutboxMessage {
  return { channel: 'email', tenantId, subscriptionId, payload: emailPayload(overrides), notifyOwner: OWNER };
}

function teams(
  payload: Partial<Extract<TeamsPayload, { kind: 'partnerNotified' }>> = {},
  subscriptionId = 'sub-1',
): NewOutboxMessage {
  return {
    channel: 'teams',
    tenantId: TENANT_A,
    subscriptionId,
    payload: {
      kind: 'partnerNotified',
      to: OWNER,
      partnerName: 'Fabrikam Partners',
      partnerEmail: 'por@fabrikam.example',
      subscriptionName: 'Contoso Production',
      template: 'added',
      ...payload,
    },
  };
}

function nudgeMessage(subscriptionId: string, to: TeamsRecipient = OWNER): NewOutboxMessage {
  return {
    channel: 'teams',
    tenantId: to.tenantId,
    subscriptionId,
    payload: { kind: 'nudge', to, subscriptionId, service: 'Azure', subscriptionName: `Name of ${subscriptionId}` },
  };
}

/** The parts of a claimed message that came from what was written. */
function written(m: OutboxMessage): NewOutboxMessage {
  if (m.channel === 'email')
    return {
      channel: m.channel,
      tenantId: m.tenantId,
      subscriptionId: m.subscriptionId,
      payload: m.payload,
      notifyOwner: m.notifyOwner,
    };
  if (m.channel === 'webhook')
    return {
      channel: m.channel,
      tenantId: m.tenantId,
      subscriptionId: m.subscriptionId,
      target: m.target,
      payload: m.payload,
    };
  return { channel: m.channel, tenantId: m.tenantId, subscriptionId: m.subscriptionId, payload: m.payload };
}

/**
 * The Outbox and NudgeStore half of the store contract. Called from inside assignmentStoreContract, whose
 * beforeEach builds the fresh store this section reads through `harness()`.
 */
export function outboxContract(harness: () => StoreHarness): void {
  let store: ContractStore;

  beforeEach(() => {
    store = harness().store;
    later = 0;
  });

  async function applied(c: AssignmentChange): Promise<number> {
    const result = await store.applyChange(c);
    if (result.outcome !== 'applied') assert.fail(`expected 'applied', got '${result.outcome}'`);
    return result.audit.id;
  }

  /**
   * Everything pending, whatever its due time or lease: claims far in the future, when every lease has run
   * out, each call later than the leases the one before it took.
   */
  let later: number;
  async function allPending(): Promise<OutboxMessage[]> {
    later += 1;
    return store.claimDue(T(1_000_000 * later), T(1_000_000 * later + 1), 1000);
  }

  describe('outbox', () => {
    it("writes a change's messages with it, linked to its audit entry, pending and due at once", async () => {
      const messages = [email(), teams()];
      const auditId = await applied(change({ at: T(5), outbox: messages }));

      assert.deepEqual(await store.claimDue(T(4), T(30), 10), [], 'not due before the change');
      const claimed = await store.claimDue(T(5), T(30), 10);
      assert.deepEqual(claimed.map(written), messages);
      for (const m of claimed) {
        assert.equal(m.auditId, auditId);
        assert.equal(m.status, 'pending');
        assert.equal(m.attempts, 0);
        assert.equal(m.nextAttemptAt, T(5));
        assert.equal(m.createdAt, T(5));
        assert.equal(m.lastError, null);
        assert.equal(m.sentAt, null);
        assert.match(m.messageId, /^<[^<>\s@]+@[^<>\s@]+>$/);
      }
      assert.ok(!('notifyOwner' in claimed[1]!), 'a Teams message has no notifyOwner');
      assert.notEqual(claimed[0]!.messageId, claimed[1]!.messageId);
      assert.ok(claimed[0]!.id < claimed[1]!.id);
    });

    it('keeps an email whose owner is not to be told', async () => {
      const quiet: NewOutboxMessage = { ...email(), notifyOwner: null } as NewOutboxMessage;
      await applied(change({ outbox: [quiet] }));
      assert.deepEqual((await allPending()).map(written), [quiet]);
    });

    it('writes no messages for a repeated or a stale change', async () => {
      const first = change({ idempotencyKey: 'repeat-me', outbox: [email()] });
      await applied(first);
      assert.equal((await store.applyChange({ ...first, outbox: [email(), teams()] })).outcome, 'duplicate');
      assert.equal(
        (await store.applyChange(change({ kind: 'change', expectedVersion: 0, outbox: [email()] }))).outcome,
        'stale',
      );
      assert.equal(
        (await store.applyChange(change({ subscriptionId: 'sub-2', expectedVersion: 4, outbox: [email({}, 'sub-2')] })))
          .outcome,
        'stale',
      );
      assert.equal((await allPending()).length, 1);
    });

    it('writes nothing at all when the change cannot be written whole', async () => {
      // A BigInt cannot be turned into JSON: the failure comes after the assignment and audit rows.
      const unserialisable = email({ at: 10n as unknown as string });
      const c = change({ idempotencyKey: 'fails-once', outbox: [email(), unserialisable] });
      await assert.rejects(store.applyChange(c));

      assert.equal((await store.getAssignments(TENANT_A, ['sub-1'])).size, 0);
      assert.deepEqual(await store.history(TENANT_A, 'sub-1'), []);
      assert.equal((await store.lastChanges(TENANT_A)).size, 0);
      assert.deepEqual(await allPending(), []);
      assert.equal((await store.emailDeliveries(TENANT_A)).size, 0);

      // Not even the idempotency key was kept: the corrected request applies.
      const retry = await store.applyChange({ ...c, outbox: [email()] });
      assert.equal(retry.outcome, 'applied');
      assert.equal((await allPending()).length, 1);
    });

    it('refuses a message for another subscription written with a change', async () => {
      await assert.rejects(store.applyChange(change({ outbox: [email({}, 'sub-2')] })));
      await assert.rejects(store.applyChange(change({ outbox: [email({}, 'sub-1', TENANT_B)] })));
      assert.equal((await store.getAssignments(TENANT_A, ['sub-1'])).size, 0);
      assert.deepEqual(await allPending(), []);
    });

    it('enqueues messages not tied to a change', async () => {
      const messages = [nudgeMessage('sub-7'), email({}, 'sub-8')];
      await store.enqueue(messages, T(3));
      await store.enqueue([], T(3));
      const claimed = await store.claimDue(T(3), T(10), 10);
      assert.deepEqual(claimed.map(written), messages);
      assert.deepEqual(
        claimed.map((m) => [m.auditId, m.createdAt, m.nextAttemptAt, m.status]),
        [
          [null, T(3), T(3), 'pending'],
          [null, T(3), T(3), 'pending'],
        ],
      );
    });

    it('claims due messages oldest first, up to the limit, each leased until it runs out', async () => {
      await store.enqueue([nudgeMessage('s-1'), nudgeMessage('s-2'), nudgeMessage('s-3')], T(0));
      await store.enqueue([nudgeMessage('s-later')], T(20));
      const subs = (ms: OutboxMessage[]) => ms.map((m) => m.subscriptionId);

      assert.deepEqual(await store.claimDue(T(1), T(10), 0), []);
      assert.deepEqual(subs(await store.claimDue(T(1), T(10), 2)), ['s-1', 's-2']);
      // Leased: another pass before the lease runs out gets only what is left.
      assert.deepEqual(subs(await store.claimDue(T(2), T(15), 10)), ['s-3']);
      assert.deepEqual(await store.claimDue(T(9), T(30), 10), []);
      // s-1 and s-2's lease ran out at T(10) (a dispatcher died mid-send): claimable again, s-3 not yet.
      assert.deepEqual(subs(await store.claimDue(T(10), T(30), 10)), ['s-1', 's-2']);
      assert.deepEqual(subs(await store.claimDue(T(20), T(40), 10)), ['s-3', 's-later']);
    });

    it('marks a message sent and adds its follow-ups in the same step, once', async () => {
      await applied(change({ outbox: [email()] }));
      const [sent] = await store.claimDue(T(0), T(10), 10);
      const followUp = teams({}, 'sub-1');
      await store.markSent(sent!.id, T(2), [followUp]);

      const left = await allPending();
      assert.deepEqual(left.map(written), [followUp]);
      assert.deepEqual([left[0]!.auditId, left[0]!.createdAt, left[0]!.nextAttemptAt], [null, T(2), T(2)]);

      // A second dispatcher reporting the same message: nothing changes, and the owner is not told twice.
      await store.markSent(sent!.id, T(3), [teams()]);
      await store.markFailed(sent!.id, 'late', T(3), [teams()]);
      await store.markRetry(sent!.id, 'late', T(4));
      assert.equal((await allPending()).length, 1);
      assert.deepEqual(
        await store.emailDeliveries(TENANT_A),
        new Map([['sub-1', { subscriptionId: 'sub-1', auditId: sent!.auditId, status: 'sent', at: T(2) }]]),
      );
    });

    it('counts a failed attempt, keeps the error short, and schedules the next one', async () => {
      await store.enqueue([email()], T(0));
      const [first] = await store.claimDue(T(0), T(60), 10);
      await store.markRetry(first!.id, `421 try later ${'x'.repeat(5000)}`, T(5));

      assert.deepEqual(await store.claimDue(T(4), T(60), 10), []);
      // The lease was given back with the retry: due at T(5), not only when the T(60) lease would end.
      const [again] = await store.claimDue(T(5), T(70), 10);
      assert.equal(again?.id, first!.id);
      assert.equal(again?.attempts, 1);
      assert.equal(again?.nextAttemptAt, T(5));
      assert.equal(again?.status, 'pending');
      assert.equal(again?.lastError?.length, 1000);
      assert.ok(again?.lastError?.startsWith('421 try later'));
      assert.equal(again?.messageId, first!.messageId);

      await store.markRetry(first!.id, 'short', T(8));
      const [third] = await store.claimDue(T(8), T(70), 10);
      assert.deepEqual([third?.attempts, third?.lastError], [2, 'short']);
    });

    it('postpones a message without counting an attempt, and gives its lease back', async () => {
      await store.enqueue([nudgeMessage('s-1'), nudgeMessage('s-2')], T(0));
      const [first] = await store.claimDue(T(0), T(60), 1);
      await store.postpone(first!.id, T(5));

      // Not due before T(5), though its lease would have run to T(60); s-2, due earlier, comes first.
      assert.deepEqual(
        (await store.claimDue(T(4), T(60), 10)).map((m) => m.subscriptionId),
        ['s-2'],
      );
      const [again] = await store.claimDue(T(5), T(70), 10);
      assert.equal(again?.id, first!.id);
      assert.deepEqual(
        [again?.attempts, again?.lastError, again?.nextAttemptAt, again?.status],
        [0, null, T(5), 'pending'],
      );
      assert.equal(again?.messageId, first!.messageId);

      // A message already settled stays as it is; an id that does not exist, or a malformed time, is refused.
      await store.markSent(first!.id, T(6), []);
      await store.postpone(first!.id, T(7));
      assert.deepEqual(
        (await store.claimDue(T(100), T(200), 10)).map((m) => m.subscriptionId),
        ['s-2'],
      );
      await assert.rejects(store.postpone(424242, T(8)));
      await assert.rejects(store.postpone(first!.id, 'later'), RangeError);
    });

    it('gives up on a message and adds its follow-ups in the same step', async () => {
      await applied(change({ outbox: [email()] }));
      const [doomed] = await store.claimDue(T(0), T(10), 10);
      const notice: NewOutboxMessage = {
        channel: 'teams',
        tenantId: TENANT_A,
        subscriptionId: 'sub-1',
        payload: {
          kind: 'partnerNotNotified',
          to: OWNER,
          partnerName: 'Fabrikam Partners',
          partnerEmail: 'por@fabrikam.example',
          subscriptionName: 'Contoso Production',
          template: 'added',
          reason: '550 mailbox unavailable',
        },
      };
      await store.markFailed(doomed!.id, '550 mailbox unavailable', T(1), [notice]);

      const left = await allPending();
      assert.deepEqual(left.map(written), [notice]);
      assert.equal((await store.emailDeliveries(TENANT_A)).get('sub-1')?.status, 'failed');
    });

    it('refuses to settle a message that does not exist', async () => {
      await assert.rejects(store.markSent(424242, T(0), []));
      await assert.rejects(store.markRetry(424242, 'x', T(1)));
      await assert.rejects(store.markFailed(424242, 'x', T(0), []));
    });

    it("reports how the partner emails of each subscription's newest change fared", async () => {
      const deliveries = async () => store.emailDeliveries(TENANT_A);
      assert.equal((await deliveries()).size, 0);

      // First change: two partners told (the old one and the new one).
      const first = await applied(
        change({ kind: 'change', initialPartnerId: P2, outbox: [email({ template: 'replaced' }), email(), teams()] }),
      );
      assert.deepEqual((await deliveries()).get('sub-1'), {
        subscriptionId: 'sub-1',
        auditId: first,
        status: 'pending',
        at: null,
      });

      const claimed = await store.claimDue(T(0), T(10), 10);
      const [toOld, toNew] = claimed.filter((m) => m.channel === 'email');
      await store.markSent(toOld!.id, T(1), []);
      assert.equal((await deliveries()).get('sub-1')?.status, 'pending', 'one of two still pending');
      await store.markSent(toNew!.id, T(2), []);
      assert.deepEqual((await deliveries()).get('sub-1'), {
        subscriptionId: 'sub-1',
        auditId: first,
        status: 'sent',
        at: T(2),
      });

      // A newer change: its emails are what counts now.
      const second = await applied(
        change({
          kind: 'change',
          expectedVersion: 1,
          newPartnerId: P2,
          at: T(3),
          outbox: [email({ template: 'replaced' }), email()],
        }),
      );
      assert.deepEqual((await deliveries()).get('sub-1'), {
        subscriptionId: 'sub-1',
        auditId: second,
        status: 'pending',
        at: null,
      });
      const [a, b] = (await store.claimDue(T(3), T(10), 10)).filter((m) => m.auditId === second);
      await store.markSent(a!.id, T(4), []);
      await store.markFailed(b!.id, '550 no such user', T(4), []);
      assert.deepEqual((await deliveries()).get('sub-1'), {
        subscriptionId: 'sub-1',
        auditId: second,
        status: 'failed',
        at: null,
      });

      // A change that queued no email leaves the newest change that did as the one reported.
      await applied(change({ kind: 'remove', expectedVersion: 2, newPartnerId: null, at: T(5), outbox: [teams()] }));
      assert.equal((await deliveries()).get('sub-1')?.auditId, second);

      // Emails not tied to a change, and other tenants' changes, are not reported here.
      await store.enqueue([email({}, 'sub-9')], T(5));
      await applied(change({ tenantId: TENANT_B, subscriptionId: 'sub-b', outbox: [email({}, 'sub-b', TENANT_B)] }));
      assert.deepEqual([...(await deliveries()).keys()], ['sub-1']);
      assert.deepEqual([...(await store.emailDeliveries(TENANT_B)).keys()], ['sub-b']);
    });

    it('reports an email only written to the mail folder as filed, not sent, and keeps it across a restart', async () => {
      const deliveries = async () => store.emailDeliveries(TENANT_A);
      const first = await applied(
        change({ kind: 'change', initialPartnerId: P2, outbox: [email({ template: 'replaced' }), email()] }),
      );
      const [toOld, toNew] = await store.claimDue(T(0), T(10), 10);
      await store.markSent(toOld!.id, T(1), [], 'sent');
      await store.markSent(toNew!.id, T(2), [], 'file');
      // One of the change's emails reached nobody: the change's emails are not all sent.
      assert.deepEqual((await deliveries()).get('sub-1'), {
        subscriptionId: 'sub-1',
        auditId: first,
        status: 'filed',
        at: T(2),
      });
      store = await harness().reopen();
      assert.equal((await store.emailDeliveries(TENANT_A)).get('sub-1')?.status, 'filed');

      // A newer change whose emails a mail server took is sent again.
      await applied(change({ kind: 'change', expectedVersion: 1, newPartnerId: P2, at: T(3), outbox: [email()] }));
      const [next] = (await store.claimDue(T(3), T(10), 10)).filter((m) => m.channel === 'email');
      await store.markSent(next!.id, T(4), [], 'sent');
      assert.equal((await store.emailDeliveries(TENANT_A)).get('sub-1')?.status, 'sent');
      await assert.rejects(store.markSent(next!.id, T(5), [], 'carrier pigeon' as never), TypeError);
    });

    it('keeps messages, their ids and their state across a restart', async () => {
      await applied(change({ outbox: [email(), teams()] }));
      const before = await store.claimDue(T(0), T(10), 10);
      await store.markRetry(before[0]!.id, 'timeout', T(1));
      await store.markSent(before[1]!.id, T(1), []);

      store = await harness().reopen();
      const after = await store.claimDue(T(1), T(10), 10);
      assert.equal(after.length, 1);
      assert.equal(after[0]!.messageId, before[0]!.messageId);
      assert.deepEqual([after[0]!.attempts, after[0]!.lastError], [1, 'timeout']);
      // Still leased after the restart: a second process started beside it would not take it.
      store = await harness().reopen();
      assert.deepEqual(await store.claimDue(T(2), T(10), 10), []);
    });

    describe('change events to webhook receivers', () => {
      const HOOK_A = 'https://hooks.example/a?token=1';
      const HOOK_B = 'https://hooks.example/b';

      function event(id: string, subscriptionId = 'sub-1', version = 1): ChangeEvent {
        return {
          specversion: '1.0',
          id,
          source: `/tenants/${TENANT_A}/subscriptions/${subscriptionId}`,
          type: 'com.partnerofrecord.assignment.attached',
          time: T(0),
          datacontenttype: 'application/json',
          data: {
            tenant: { id: TENANT_A, name: 'Contoso' },
            subscription: { id: subscriptionId, service: 'Azure', name: 'Contoso Production' },
            oldPartner: null,
            newPartner: { partnerId: P1, name: 'Fabrikam Partners' },
            actor: { id: 'aad-owner', name: 'Ada Owner' },
            version,
          },
        };
      }

      function hook(target: string, e: ChangeEvent, subscriptionId = 'sub-1'): NewOutboxMessage {
        return { channel: 'webhook', tenantId: TENANT_A, subscriptionId, target, payload: e };
      }

      /** Applies changes 1..n to sub, each with one event to each target; returns the event ids in order. */
      async function changes(n: number, subscriptionId: string, targets: string[], at = 0): Promise<string[]> {
        const ids: string[] = [];
        for (let v = 1; v <= n; v += 1) {
          const c = change({
            subscriptionId,
            kind: v === 1 ? 'attach' : 'change',
            expectedVersion: v - 1,
            newPartnerId: v % 2 ? P1 : P2,
            at: T(at),
          });
          const e = event(c.eventId, subscriptionId, v);
          await applied({ ...c, outbox: targets.map((t) => hook(t, e, subscriptionId)) });
          ids.push(c.eventId);
        }
        return ids;
      }

      it('writes one message per receiver with the change, the event id kept with its audit entry', async () => {
        const c = change({ at: T(0) });
        const e = event(c.eventId);
        const result = await store.applyChange({ ...c, outbox: [email(), hook(HOOK_A, e), hook(HOOK_B, e)] });
        assert.equal(result.outcome, 'applied');
        if (result.outcome !== 'applied') return;
        assert.equal(result.audit.eventId, c.eventId);
        assert.deepEqual(
          (await store.history(TENANT_A, 'sub-1')).map((a) => a.eventId),
          [c.eventId],
        );
        const claimed = await store.claimDue(T(0), T(10), 10);
        assert.deepEqual(claimed.map(written), [email(), hook(HOOK_A, e), hook(HOOK_B, e)]);
        assert.ok(claimed.every((m) => m.auditId === result.audit.id));

        // A repeat writes no second event, and answers with the first one's id.
        const again = await store.applyChange({
          ...c,
          eventId: randomUUID(),
          outbox: [hook(HOOK_A, event(randomUUID()))],
        });
        assert.equal(again.outcome, 'duplicate');
        if (again.outcome === 'duplicate') assert.equal(again.audit.eventId, c.eventId);
        assert.equal((await allPending()).length, 3);
      });

      it('refuses a webhook message without its receiver, an event id that is not a UUID, and an event id used before', async () => {
        const c = change();
        const noTarget = { ...hook(HOOK_A, event(c.eventId)), target: '' } as NewOutboxMessage;
        await assert.rejects(store.applyChange({ ...c, outbox: [noTarget] }));
        await assert.rejects(store.applyChange(change({ eventId: 'not-a-uuid' })), RangeError);
        await applied(c);
        await assert.rejects(store.applyChange(change({ subscriptionId: 'sub-2', eventId: c.eventId })));
        assert.equal((await store.getAssignments(TENANT_A, ['sub-2'])).size, 0);
      });

      it("claims a subscription's events to one receiver one at a time, in order, each only after the one before it was sent", async () => {
        const ids = await changes(3, 'sub-1', [HOOK_A]);
        const first = await store.claimDue(T(0), T(10), 10);
        assert.deepEqual(
          first.map((m) => m.channel === 'webhook' && m.payload.id),
          [ids[0]],
        );
        // Leased, still pending: the next event waits, even when the lease ran out and it is claimed again.
        assert.deepEqual(await store.claimDue(T(1), T(10), 10), []);
        assert.deepEqual(
          (await store.claimDue(T(10), T(20), 10)).map((m) => m.id),
          [first[0]!.id],
        );
        // A failed attempt keeps it first: the next event is not sent before it, even while it waits for its retry.
        await store.markRetry(first[0]!.id, 'the receiver answered 500', T(30));
        assert.deepEqual(await store.claimDue(T(20), T(25), 10), []);
        const retried = await store.claimDue(T(30), T(40), 10);
        assert.deepEqual(
          retried.map((m) => m.id),
          [first[0]!.id],
        );
        await store.markSent(first[0]!.id, T(31), []);
        const second = await store.claimDue(T(31), T(40), 10);
        assert.deepEqual(
          second.map((m) => m.channel === 'webhook' && m.payload.id),
          [ids[1]],
        );
        await store.markSent(second[0]!.id, T(32), []);
        assert.deepEqual(
          (await store.claimDue(T(32), T(40), 10)).map((m) => m.channel === 'webhook' && m.payload.id),
          [ids[2]],
        );
      });

      it('keeps each receiver and each subscription in its own order, and never holds back emails or Teams messages', async () => {
        await changes(2, 'sub-1', [HOOK_A, HOOK_B]);
        await changes(2, 'sub-2', [HOOK_A]);
        await store.enqueue([nudgeMessage('sub-9')], T(0));
        const claimed = await store.claimDue(T(0), T(10), 10);
        const key = (m: OutboxMessage) =>
          m.channel === 'webhook'
            ? `${m.subscriptionId} ${m.target} v${'version' in m.payload.data ? m.payload.data.version : '?'}`
            : m.channel;
        assert.deepEqual(claimed.map(key), [`sub-1 ${HOOK_A} v1`, `sub-1 ${HOOK_B} v1`, `sub-2 ${HOOK_A} v1`, 'teams']);
        // B failing does not hold A back.
        const [a1, b1, s2] = claimed;
        await store.markRetry(b1!.id, 'no connection to the receiver (ECONNREFUSED)', T(50));
        await store.markSent(a1!.id, T(1), []);
        await store.markSent(s2!.id, T(1), []);
        assert.deepEqual((await store.claimDue(T(1), T(10), 10)).map(key), [
          `sub-1 ${HOOK_A} v2`,
          `sub-2 ${HOOK_A} v2`,
        ]);
      });

      it("reports each receiver's backlog: pending events, the oldest, the most failed attempts and that one's error", async () => {
        assert.deepEqual(await store.webhookBacklog(), []);
        await changes(1, 'sub-1', [HOOK_A, HOOK_B], 0);
        await changes(2, 'sub-2', [HOOK_A], 5);
        const claimed = await store.claimDue(T(5), T(10), 10);
        const toA = claimed.filter((m) => m.channel === 'webhook' && m.target === HOOK_A);
        const toB = claimed.find((m) => m.channel === 'webhook' && m.target === HOOK_B)!;
        await store.markRetry(toA[0]!.id, 'the receiver answered 500', T(11));
        await store.markSent(toB.id, T(6), []);
        await store.claimDue(T(11), T(12), 10);
        await store.markRetry(toA[0]!.id, 'the receiver answered 503', T(13));
        assert.deepEqual(await store.webhookBacklog(), [
          { target: HOOK_A, pending: 3, oldestCreatedAt: T(0), maxAttempts: 2, lastError: 'the receiver answered 503' },
        ]);
      });
    });
  });

  describe('nudges', () => {
    const OTHER_OWNER: TeamsRecipient = { tenantId: TENANT_A, aadObjectId: 'aad-other-owner' };
    const nudge = (subscriptionId: string, recipient: TeamsRecipient = OWNER) => ({
      recipient,
      subscriptionId,
      message: nudgeMessage(subscriptionId, recipient),
    });

    it('records each nudge once and enqueues its message only the first time', async () => {
      assert.equal(await store.recordNudges([nudge('s-1'), nudge('s-2')], T(0)), 2);
      assert.equal(await store.recordNudges([nudge('s-1'), nudge('s-3'), nudge('s-3')], T(1)), 1);
      // The same subscription, but another owner: that owner has not been nudged.
      assert.equal(await store.recordNudges([nudge('s-1', OTHER_OWNER)], T(2)), 1);
      assert.equal(await store.recordNudges([], T(2)), 0);

      const queued = await allPending();
      assert.deepEqual(
        queued.map((m) => [
          m.subscriptionId,
          m.channel === 'teams' && m.payload.kind === 'nudge' ? m.payload.to.aadObjectId : null,
          m.auditId,
          m.createdAt,
        ]),
        [
          ['s-1', 'aad-owner', null, T(0)],
          ['s-2', 'aad-owner', null, T(0)],
          ['s-3', 'aad-owner', null, T(1)],
          ['s-1', 'aad-other-owner', null, T(2)],
        ],
      );
    });

    it('never nudges about a dismissed subscription, and remembers dismissal', async () => {
      assert.equal(await store.isDismissed(OWNER, 's-1'), false);

      // Dismissed before any nudge went out.
      await store.dismissNudge(OWNER, 's-1', T(0));
      assert.equal(await store.isDismissed(OWNER, 's-1'), true);
      assert.equal(await store.recordNudges([nudge('s-1')], T(1)), 0);
      assert.deepEqual(await allPending(), []);

      // Dismissed after the nudge; dismissing twice is harmless.
      assert.equal(await store.recordNudges([nudge('s-2')], T(1)), 1);
      assert.equal(await store.isDismissed(OWNER, 's-2'), false);
      await store.dismissNudge(OWNER, 's-2', T(2));
      await store.dismissNudge(OWNER, 's-2', T(3));
      assert.equal(await store.isDismissed(OWNER, 's-2'), true);

      // Dismissal is one owner's, in one tenant.
      assert.equal(await store.isDismissed(OTHER_OWNER, 's-1'), false);
      assert.equal(await store.isDismissed({ tenantId: TENANT_B, aadObjectId: 'aad-owner' }, 's-1'), false);

      store = await harness().reopen();
      assert.equal(await store.isDismissed(OWNER, 's-1'), true);
      assert.equal(await store.isDismissed(OWNER, 's-2'), true);
      assert.equal(await store.recordNudges([nudge('s-1'), nudge('s-2')], T(4)), 0);
    });

    /** The nudges queued since the last call, as [subscription, recipient, created]; each is then marked sent. */
    async function queuedNudges() {
      const pending = await allPending();
      for (const m of pending) await store.markSent(m.id, T(0), []);
      return pending.map((m) => [
        m.subscriptionId,
        m.channel === 'teams' && m.payload.kind === 'nudge' ? m.payload.to.aadObjectId : null,
        m.createdAt,
      ]);
    }

    it('offers an undelivered nudge once more after a re-install, and never a third time', async () => {
      assert.equal(await store.recordNudges([nudge('s-1'), nudge('s-2')], T(0)), 2);
      assert.equal((await queuedNudges()).length, 2);

      // s-1 found nobody (the bot had been removed); s-2 was delivered.
      await store.nudgeUndelivered(OWNER, 's-1', T(1));
      // Not due again until the person installs the bot again.
      assert.equal(await store.recordNudges([nudge('s-1'), nudge('s-2')], T(2)), 0);

      assert.equal(await store.reofferUndelivered(OWNER, ['s-1', 's-2'], T(3)), 1);
      // Asked again before the pass: it is due already, nothing more.
      assert.equal(await store.reofferUndelivered(OWNER, ['s-1', 's-2'], T(3)), 0);
      assert.equal(await store.recordNudges([nudge('s-1'), nudge('s-2')], T(4)), 1);
      assert.deepEqual(await queuedNudges(), [['s-1', 'aad-owner', T(4)]]);
      // Queued once: a second pass queues nothing.
      assert.equal(await store.recordNudges([nudge('s-1'), nudge('s-2')], T(5)), 0);

      // Undelivered again: no third offer, whatever installs follow.
      await store.nudgeUndelivered(OWNER, 's-1', T(6));
      assert.equal(await store.reofferUndelivered(OWNER, ['s-1', 's-2'], T(7)), 0);
      assert.equal(await store.recordNudges([nudge('s-1'), nudge('s-2')], T(8)), 0);
      assert.deepEqual(await queuedNudges(), []);
    });

    it('never offers again a nudge that was dismissed, delivered, or whose subscription was not given (it has a partner)', async () => {
      assert.equal(await store.recordNudges([nudge('s-1'), nudge('s-2'), nudge('s-3'), nudge('s-4')], T(0)), 4);
      await queuedNudges();
      for (const sub of ['s-1', 's-2', 's-3']) await store.nudgeUndelivered(OWNER, sub, T(1));
      // "Not now" on s-1 (from an older card, say) before the re-install.
      await store.dismissNudge(OWNER, 's-1', T(2));
      // s-3 got a partner meanwhile: the caller leaves it out. s-4 was delivered.
      assert.equal(await store.reofferUndelivered(OWNER, ['s-1', 's-2', 's-4'], T(3)), 1);
      // s-2 dismissed after it became due, before the pass.
      await store.dismissNudge(OWNER, 's-2', T(4));
      assert.equal(await store.recordNudges([nudge('s-1'), nudge('s-2'), nudge('s-3'), nudge('s-4')], T(5)), 0);
      assert.deepEqual(await queuedNudges(), []);
      assert.equal(await store.isDismissed(OWNER, 's-2'), true);
      // s-3 lost its partner again later: still offered only when a re-install makes it due.
      assert.equal(await store.recordNudges([nudge('s-3')], T(6)), 0);
      assert.equal(await store.reofferUndelivered(OWNER, ['s-3'], T(7)), 1);
      assert.equal(await store.recordNudges([nudge('s-3')], T(8)), 1);
    });

    it("keeps one person's undelivered nudges apart from another's, and ignores a nudge never recorded", async () => {
      const OTHER_TENANT: TeamsRecipient = { tenantId: TENANT_B, aadObjectId: 'aad-owner' };
      assert.equal(
        await store.recordNudges([nudge('s-1'), nudge('s-1', OTHER_OWNER), nudge('s-1', OTHER_TENANT)], T(0)),
        3,
      );
      await queuedNudges();
      for (const who of [OWNER, OTHER_OWNER, OTHER_TENANT]) await store.nudgeUndelivered(who, 's-1', T(1));
      // Undelivered, but never recorded as offered: nothing to offer again, and it is still new.
      await store.nudgeUndelivered(OWNER, 's-never', T(1));

      assert.equal(await store.reofferUndelivered(OWNER, ['s-1', 's-1', 's-never'], T(2)), 1);
      assert.equal(await store.reofferUndelivered(OWNER, [], T(2)), 0);
      assert.equal(
        await store.recordNudges(
          [nudge('s-1'), nudge('s-1', OTHER_OWNER), nudge('s-1', OTHER_TENANT), nudge('s-never')],
          T(3),
        ),
        2,
      );
      assert.deepEqual(await queuedNudges(), [
        ['s-1', 'aad-owner', T(3)],
        ['s-never', 'aad-owner', T(3)],
      ]);
      // The others' re-installs are theirs.
      assert.equal(await store.reofferUndelivered(OTHER_TENANT, ['s-1'], T(4)), 1);
      assert.equal(await store.recordNudges([nudge('s-1', OTHER_OWNER), nudge('s-1', OTHER_TENANT)], T(5)), 1);
      assert.deepEqual(await queuedNudges(), [['s-1', 'aad-owner', T(5)]]);
    });

    it('keeps undelivered and due-again nudges across a restart, and refuses malformed times', async () => {
      assert.equal(await store.recordNudges([nudge('s-1'), nudge('s-2')], T(0)), 2);
      await store.nudgeUndelivered(OWNER, 's-1', T(1));
      await store.nudgeUndelivered(OWNER, 's-2', T(1));
      assert.equal(await store.reofferUndelivered(OWNER, ['s-2'], T(2)), 1);

      store = await harness().reopen();
      assert.equal(await store.recordNudges([nudge('s-1'), nudge('s-2')], T(3)), 1, 's-2 is due again');
      assert.equal(await store.reofferUndelivered(OWNER, ['s-1', 's-2'], T(4)), 1, 's-1 is still undelivered');

      await assert.rejects(store.nudgeUndelivered(OWNER, 's-1', '2025-01-01'), RangeError);
      await assert.rejects(store.reofferUndelivered(OWNER, ['s-1'], 'soon'), RangeError);
    });

    const digest = (subscriptionIds: string[], recipient: TeamsRecipient = OWNER) => ({
      recipient,
      subscriptionIds,
      message: {
        channel: 'teams' as const,
        tenantId: recipient.tenantId,
        subscriptionId: subscriptionIds[0] ?? '',
        payload: { kind: 'nudgeDigest' as const, to: recipient, conversationId: `chat-${recipient.aadObjectId}` },
      },
    });
    /** The digests queued since the last call, as their recipients; each is then marked sent. */
    async function queuedDigests() {
      const pending = await allPending();
      for (const m of pending) await store.markSent(m.id, T(0), []);
      return pending.map((m) =>
        m.channel === 'teams' && m.payload.kind === 'nudgeDigest' ? m.payload.to.aadObjectId : 'other',
      );
    }

    it('queues a digest once per owner, and again only when it covers a subscription not covered before', async () => {
      assert.equal(
        await store.recordDigests(
          [digest(['s-1', 's-2']), digest(['s-1'], OTHER_OWNER), digest([], OTHER_OWNER)],
          T(0),
        ),
        2,
      );
      assert.deepEqual(await queuedDigests(), ['aad-owner', 'aad-other-owner']);
      // The same subscriptions, in another order, or fewer of them (one got a partner): nothing new.
      assert.equal(await store.recordDigests([digest(['s-2', 's-1']), digest(['s-2'])], T(1)), 0);
      assert.deepEqual(await queuedDigests(), []);
      // A new one: one digest (which lists every open one when it is drawn).
      assert.equal(await store.recordDigests([digest(['s-1', 's-2', 's-3', 's-3'])], T(2)), 1);
      assert.deepEqual(await queuedDigests(), ['aad-owner']);
      assert.equal(await store.recordDigests([], T(3)), 0);
      await assert.rejects(store.recordDigests([digest(['s-9'])], 'now'), RangeError);
      assert.equal(await store.recordDigests([digest(['s-9'])], T(4)), 1, 'a refused call wrote nothing');
    });

    it("dismisses a digest's subscriptions together, and covers a dismissed one without queueing", async () => {
      assert.equal(await store.recordDigests([digest(['s-1', 's-2'])], T(0)), 1);
      await queuedDigests();
      await store.dismissNudges(OWNER, ['s-1', 's-2', 's-3', 's-1'], T(1));
      await store.dismissNudges(OWNER, [], T(1));
      assert.deepEqual((await store.dismissedSubscriptions(OWNER)).sort(), ['s-1', 's-2', 's-3']);
      assert.deepEqual(await store.dismissedSubscriptions(OTHER_OWNER), []);
      assert.equal(await store.recordDigests([digest(['s-1', 's-2', 's-3'])], T(2)), 0, 'dismissed: nothing new');
      assert.equal(await store.recordDigests([digest(['s-1', 's-4'])], T(3)), 1, 's-4 appeared');
      store = await harness().reopen();
      assert.deepEqual((await store.dismissedSubscriptions(OWNER)).sort(), ['s-1', 's-2', 's-3']);
    });

    it('offers an undelivered digest once more after a re-install, and never a third time', async () => {
      assert.equal(await store.recordDigests([digest(['s-1', 's-2']), digest(['s-1'], OTHER_OWNER)], T(0)), 2);
      await queuedDigests();
      await store.dismissNudge(OWNER, 's-2', T(1));
      await store.digestUndelivered(OWNER, T(1));
      assert.equal(await store.recordDigests([digest(['s-1', 's-2'])], T(2)), 0, 'not due before a re-install');
      // Only the undelivered one that is not dismissed becomes due; the other owner's is untouched.
      assert.equal(await store.reofferUndelivered(OWNER, ['s-1', 's-2'], T(3)), 1);
      assert.equal(await store.reofferUndelivered(OTHER_OWNER, ['s-1'], T(3)), 0);
      assert.equal(await store.recordDigests([digest(['s-1', 's-2'])], T(4)), 1);
      assert.deepEqual(await queuedDigests(), ['aad-owner']);
      await store.digestUndelivered(OWNER, T(5));
      assert.equal(await store.reofferUndelivered(OWNER, ['s-1', 's-2'], T(6)), 0, 'no third offer');
      assert.equal(await store.recordDigests([digest(['s-1', 's-2'])], T(7)), 0);
      await assert.rejects(store.digestUndelivered(OWNER, 'later'), RangeError);
    });
  });
}
