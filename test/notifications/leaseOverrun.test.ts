import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import pino from 'pino';
import { InMemoryTeamsPacer } from '../../bot/adapters/rateLimit/teamsPacer';
import { openSqliteStore } from '../../bot/adapters/sqlite/sqliteStore';
import { OutboxDispatcher } from '../../bot/notifications/outboxDispatcher';
import { systemClock, type Mailer, type NewOutboxMessage, type OutgoingMail } from '../../bot/core';
import { tempDir } from '../support/botUnderTest';
import { P1, TENANT_A } from '../contracts/fixtures';

/** A partner email for subscription `n`, to be told to no owner (no follow-ups). */
function email(n: number): NewOutboxMessage {
  return {
    channel: 'email',
    tenantId: TENANT_A,
    subscriptionId: `sub-${n}`,
    notifyOwner: null,
    payload: {
      template: 'added',
      to: { name: 'Fabrikam Partners', email: `por${n}@fabrikam.example` },
      partner: { partnerId: P1, name: 'Fabrikam Partners' },
      customer: { tenantId: TENANT_A, name: 'Contoso' },
      subscription: { id: `sub-${n}`, service: 'Azure', name: `Subscription ${n}` },
      actor: { aadObjectId: 'aad-owner', name: 'Ada Owner' },
      at: new Date().toISOString(),
    },
  };
}

describe('notifications: a batch that outlasts its lease', () => {
  it('sends each message once when sending a claimed batch takes longer than the lease and another dispatcher claims meanwhile', async () => {
    const dataDir = tempDir();
    const store = openSqliteStore({ dataDir });
    const sent: string[] = [];
    // A slow mail server: each send takes 300 ms, so a batch of six outlasts a 500 ms lease three times over.
    const mailer: Mailer = {
      async send(mail: OutgoingMail) {
        await new Promise((r) => setTimeout(r, 300));
        sent.push(JSON.stringify(mail.to));
        return { delivered: 'sent' };
      },
      async close() {},
    };
    const dispatcher = () =>
      new OutboxDispatcher({
        outbox: store,
        mailer,
        teams: { send: async () => 'sent' },
        pacer: new InMemoryTeamsPacer(),
        clock: systemClock,
        log: pino({ level: 'silent' }),
        nudgeStillWanted: async () => true,
        nudgeUndelivered: async () => undefined,
        settings: {
          from: 'bot@example.test',
          replyTo: null,
          supportLine: '',
          maxAttempts: 5,
          retryBaseMs: 100,
          retryMaxMs: 200,
          pollMs: 50,
          leaseMs: 500,
          batchSize: 20,
        },
      });
    try {
      await store.enqueue([1, 2, 3, 4, 5, 6].map(email), new Date().toISOString());
      const a = dispatcher();
      const b = dispatcher();
      // The second starts while the first is still on its batch, as another instance's poll would.
      a.start();
      await new Promise((r) => setTimeout(r, 650));
      b.start();
      const deadline = Date.now() + 15_000;
      while (sent.length < 6 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      // Time for a second copy of anything still claimed twice to arrive.
      await new Promise((r) => setTimeout(r, 800));
      await Promise.all([a.stop(), b.stop()]);
      assert.equal(sent.length, 6, `sent: ${sent.join(', ')}`);
      assert.equal(new Set(sent).size, 6, `a message was sent twice: ${sent.join(', ')}`);
    } finally {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
