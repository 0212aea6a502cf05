import pino from 'pino';
import { InMemoryTeamsPacer } from '../../bot/adapters/rateLimit/teamsPacer';
import { OutboxDispatcher } from '../../bot/notifications/outboxDispatcher';
import { systemClock, type Mailer, type NewOutboxMessage, type Outbox } from '../../bot/ports';
import { P1, TENANT_A } from '../contracts/fixtures';

/** A partner email about subscription `sub-<n>` of TENANT_A, to be told to no owner (no follow-ups). */
export function partnerEmail(n: number): NewOutboxMessage {
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

/** A dispatcher of `outbox` that sends emails through `mailer` (Teams always answers sent), with a lease of `leaseMs`. */
export function emailDispatcher(outbox: Outbox, mailer: Mailer, leaseMs: number): OutboxDispatcher {
  return new OutboxDispatcher({
    outbox,
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
      leaseMs,
      batchSize: 20,
    },
  });
}
