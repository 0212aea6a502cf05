import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { openSqliteStore } from '../../bot/adapters/sqlite/sqliteStore';
import { DELIVERIES_AT_ONCE } from '../../bot/notifications/outboxDispatcher';
import type { Mailer, NewOutboxMessage, OutgoingMail } from '../../bot/ports';
import { tempDir } from '../support/botUnderTest';
import { eventually } from '../support/eventually';
import { emailDispatcher, partnerEmail } from '../support/outboxMessages';

/** Subscription `n`'s partner email, to `address` (so that each of one subscription's emails can be told apart). */
function emailTo(n: number, address: string): NewOutboxMessage {
  const message = partnerEmail(n);
  if (message.channel !== 'email') throw new Error('not an email');
  return { ...message, payload: { ...message.payload, to: { name: 'Fabrikam Partners', email: address } } };
}

describe('notifications: sends side by side, each subscription in order', () => {
  it('sends a batch a few at once, never two of one subscription at once, and those in the order written', async () => {
    const dataDir = tempDir();
    const store = openSqliteStore({ dataDir });
    const sent: string[] = [];
    let running = 0;
    let most = 0;
    const runningFor = new Map<string, number>();
    let overlapped = '';
    // A mail server that takes 50 ms per message.
    const mailer: Mailer = {
      async send(mail: OutgoingMail) {
        const subscription = mail.to.email.split('-')[0]!;
        running++;
        most = Math.max(most, running);
        runningFor.set(subscription, (runningFor.get(subscription) ?? 0) + 1);
        if (runningFor.get(subscription)! > 1) overlapped = subscription;
        await new Promise((r) => setTimeout(r, 50));
        runningFor.set(subscription, runningFor.get(subscription)! - 1);
        running--;
        sent.push(mail.to.email);
      },
      async close() {},
    };
    const messages = [
      emailTo(1, 's1-first@fabrikam.example'),
      ...[2, 3, 4].map((n) => emailTo(n, `s${n}-only@fabrikam.example`)),
      emailTo(1, 's1-second@fabrikam.example'),
      ...[5, 6, 7].map((n) => emailTo(n, `s${n}-only@fabrikam.example`)),
      emailTo(1, 's1-third@fabrikam.example'),
    ];
    const dispatcher = emailDispatcher(store, mailer, 60_000);
    try {
      await store.enqueue(messages, new Date().toISOString());
      dispatcher.start();
      await eventually(() => assert.equal(sent.length, messages.length), 10_000);
      assert.ok(most > 1 && most <= DELIVERIES_AT_ONCE, `${most} at once`);
      assert.equal(overlapped, '', `two emails of ${overlapped} were sent at once`);
      assert.deepEqual(
        sent.filter((to) => to.startsWith('s1-')),
        ['s1-first@fabrikam.example', 's1-second@fabrikam.example', 's1-third@fabrikam.example'],
      );
    } finally {
      await dispatcher.stop();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
