import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pino from 'pino';
import { InMemoryTeamsPacer } from '../../bot/adapters/rateLimit/teamsPacer';
import { openSqliteStore, SQLITE_FILE_NAME } from '../../bot/adapters/sqlite/sqliteStore';
import { OutboxDispatcher } from '../../bot/notifications/outboxDispatcher';
import { systemClock, UpstreamUnavailableError, type NewOutboxMessage, type TeamsPacer } from '../../bot/core';
import { tempDir } from '../support/botUnderTest';
import { TENANT_A } from '../contracts/fixtures';

const OWNER = { tenantId: TENANT_A, aadObjectId: 'aad-owner' };

const notice: NewOutboxMessage = {
  channel: 'teams',
  tenantId: TENANT_A,
  subscriptionId: 'sub-1',
  payload: {
    kind: 'partnerNotified',
    to: OWNER,
    partnerName: 'Fabrikam Partners',
    partnerEmail: 'por@fabrikam.example',
    subscriptionName: 'Contoso Production',
    template: 'added',
  },
};

/** The in-memory pacer behind a database that fails: the first `turnFailures` turns, and every report of a send. */
function failingPacer(turnFailures: number): TeamsPacer {
  const inner = new InMemoryTeamsPacer();
  let failures = turnFailures;
  const outage = () => new UpstreamUnavailableError('store', 'ECONNREFUSED');
  return {
    turn: async (...args) => {
      if (failures-- > 0) throw outage();
      return inner.turn(...args);
    },
    throttled: async () => {
      throw outage();
    },
    settled: async () => {
      throw outage();
    },
  };
}

describe('notifications: a Teams pacer that does not answer', () => {
  it('sends the message once when the pacer answers again, counting no attempt, and never again for a lost report', async () => {
    const dataDir = tempDir();
    const store = openSqliteStore({ dataDir });
    let sends = 0;
    const dispatcher = new OutboxDispatcher({
      outbox: store,
      mailer: { send: async () => ({ delivered: 'sent' as const }), close: async () => undefined },
      teams: {
        send: async () => {
          sends += 1;
          return 'sent';
        },
      },
      pacer: failingPacer(2),
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
        leaseMs: 2_000,
        batchSize: 20,
      },
    });
    try {
      await store.enqueue([notice], new Date().toISOString());
      dispatcher.start();
      const deadline = Date.now() + 10_000;
      while (sends < 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      // Time for polls that would send it again had the pacer's lost report failed the message.
      await new Promise((r) => setTimeout(r, 800));
      await dispatcher.stop();
      assert.equal(sends, 1);
      const db = new BetterSqlite3(path.join(dataDir, SQLITE_FILE_NAME), { readonly: true });
      try {
        assert.deepEqual(db.prepare('SELECT status, attempts FROM outbox').all(), [{ status: 'sent', attempts: 0 }]);
      } finally {
        db.close();
      }
    } finally {
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
