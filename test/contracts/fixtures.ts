import { randomUUID } from 'node:crypto';
import { PartnerIdSchema, type AssignmentChange } from '../../bot/core';

/** Shared by the store contract suites: two tenants, three partners, and a change builder. */
export const TENANT_A = '11111111-1111-4111-8111-111111111111';
export const TENANT_B = '22222222-2222-4222-8222-222222222222';
export const P1 = PartnerIdSchema.parse('1234567');
export const P2 = PartnerIdSchema.parse('7654321');
export const P3 = PartnerIdSchema.parse('2345678');

let keys = 0;

/** A first attach of P1 to sub-1 of tenant A by its owner, with a fresh idempotency key; override any part. */
export function change(overrides: Partial<AssignmentChange> = {}): AssignmentChange {
  return {
    tenantId: TENANT_A,
    subscriptionId: 'sub-1',
    kind: 'attach',
    expectedVersion: 0,
    initialPartnerId: null,
    newPartnerId: P1,
    actorId: 'aad-owner',
    actorName: 'Ada Owner',
    at: '2025-01-01T10:00:00.000Z',
    idempotencyKey: `key-${++keys}`,
    outbox: [],
    eventId: randomUUID(),
    ...overrides,
  };
}
