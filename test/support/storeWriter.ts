/**
 * A process that changes partners of record in a SQLite store through the store's own API, as the bot does, until
 * its standard input closes: `node --require tsx/cjs test/support/storeWriter.ts DATA_DIR JOURNAL_MODE`.
 * Each change writes its assignment, audit entry, idempotency key and two outbox messages (an email and a change
 * event) in one transaction. It prints how many changes it has made, every ten changes and once more at the end.
 */
import { randomUUID } from 'node:crypto';
import { openSqliteStore, type SqliteJournalMode } from '../../bot/adapters/sqlite/sqliteStore';
import type { PartnerId, AssignmentChange, NewOutboxMessage } from '../../bot/core';
import { P1, P2, P3, TENANT_A, TENANT_B } from '../contracts/fixtures';

export const WRITER_TENANTS = [TENANT_A, TENANT_B];
export const WRITER_SUBSCRIPTIONS = Array.from({ length: 12 }, (_, i) => `sub-${i}`);
export const WRITER_WEBHOOK = 'https://receiver.example.com/events';
const PARTNERS = [P1, P2, P3];
/** A bound on the store's growth if the test that started it never closes its input. */
const MAX_CHANGES = 20_000;

/** What a change owes: an email to the partner and a change event to a webhook receiver. */
function messages(
  tenantId: string,
  subscriptionId: string,
  partnerId: PartnerId | null,
  n: number,
  at: string,
): NewOutboxMessage[] {
  const partner = partnerId ?? P1;
  return [
    {
      channel: 'email',
      tenantId,
      subscriptionId,
      notifyOwner: { tenantId, aadObjectId: 'aad-owner' },
      payload: {
        template: partnerId ? 'added' : 'removed',
        to: { name: `Partner ${partner}`, email: `p${partner}@example.com` },
        partner: { partnerId: partner, name: `Partner ${partner}` },
        customer: { tenantId, name: 'Contoso' },
        subscription: { id: subscriptionId, service: 'Microsoft 365', name: `Subscription ${subscriptionId}` },
        actor: { aadObjectId: 'aad-owner', name: 'Ada Owner' },
        at,
      },
    },
    {
      channel: 'webhook',
      tenantId,
      subscriptionId,
      target: WRITER_WEBHOOK,
      payload: {
        specversion: '1.0',
        id: randomUUID(),
        source: `/tenants/${tenantId}/subscriptions/${subscriptionId}`,
        type: 'com.partnerofrecord.assignment.changed',
        time: at,
        datacontenttype: 'application/json',
        data: {
          tenant: { id: tenantId, name: 'Contoso' },
          subscription: { id: subscriptionId, service: 'Microsoft 365', name: `Subscription ${subscriptionId}` },
          oldPartner: null,
          newPartner: partnerId ? { partnerId, name: `Partner ${partnerId}` } : null,
          actor: { id: 'aad-owner', name: 'Ada Owner' },
          version: n,
        },
      },
    },
  ];
}

async function main(dataDir: string, journalMode: SqliteJournalMode): Promise<void> {
  const store = openSqliteStore({ dataDir, journalMode });
  let closed = false;
  process.stdin.on('end', () => (closed = true)).resume();
  let n = 0;
  while (!closed && n < MAX_CHANGES) {
    const tenantId = WRITER_TENANTS[n % 2]!;
    const subscriptionId = WRITER_SUBSCRIPTIONS[(n * 7) % WRITER_SUBSCRIPTIONS.length]!;
    const current = (await store.getAssignments(tenantId, [subscriptionId])).get(subscriptionId);
    const partnerId = current?.partnerId ?? null;
    const kind: AssignmentChange['kind'] = partnerId === null ? 'attach' : n % 5 === 0 ? 'remove' : 'change';
    const newPartnerId = kind === 'remove' ? null : PARTNERS.filter((p) => p !== partnerId)[n % 2]!;
    const at = new Date(Date.UTC(2025, 0, 1) + n * 1000).toISOString();
    const result = await store.applyChange({
      tenantId,
      subscriptionId,
      kind,
      expectedVersion: current?.version ?? 0,
      initialPartnerId: null,
      newPartnerId,
      actorId: 'aad-owner',
      actorName: 'Ada Owner',
      at,
      eventId: randomUUID(),
      idempotencyKey: `writer-${n}`,
      outbox: messages(tenantId, subscriptionId, newPartnerId, n, at),
    });
    if (result.outcome !== 'applied') throw new Error(`change ${n} was ${result.outcome}`);
    n++;
    if (n % 10 === 0) process.stdout.write(`${n}\n`);
    // A moment between changes, as between a bot's turns (and to notice the end of standard input).
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  await store.close();
  process.stdout.write(`${n}\n`);
}

if (require.main === module) {
  const [dataDir, journalMode] = process.argv.slice(2);
  main(dataDir!, (journalMode ?? 'wal') as SqliteJournalMode).catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  });
}
