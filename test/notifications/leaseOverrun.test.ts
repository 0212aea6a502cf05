import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { openSqliteStore } from '../../bot/adapters/sqlite/sqliteStore';
import type { Mailer, OutgoingMail } from '../../bot/ports';
import { tempDir } from '../support/botUnderTest';
import { emailDispatcher, partnerEmail as email } from '../support/outboxMessages';

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
      },
      async close() {},
    };
    const dispatcher = () => emailDispatcher(store, mailer, 500);
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
