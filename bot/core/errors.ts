import type { Assignment, Role, RoleNote } from './types';

/**
 * Everything a person can cause ends in one of these; the conversation turns each into a kind message.
 * Anything else that is thrown is a bug or an outage, and is reported as such.
 */
export type DomainErrorDetail =
  | { code: 'unknownUser' }
  /**
   * `azureSubscription`: the refusal is an Azure subscription's own rule (its Owners in Azure RBAC), named so, and
   * `owners` are that subscription's Owners.
   */
  /** `azureOwners`: the tenant has Azure subscriptions, whose own Owners decide them (said with the refusal). */
  | {
      code: 'notOwner';
      role: Role;
      owners: string[];
      note?: RoleNote;
      azureSubscription?: string;
      azureOwners?: boolean;
    }
  | { code: 'unknownSubscription'; subscriptionId: string }
  | { code: 'invalidPartnerId'; message: string }
  | { code: 'unknownPartner'; partnerId: string }
  | { code: 'samePartner'; partnerId: string }
  | { code: 'alreadyHasPartner'; subscriptionId: string }
  | { code: 'noPartnerToChange'; subscriptionId: string }
  | { code: 'stale'; current: Assignment }
  /** Too many changes or Partner ID checks in the last minute, by this person or their organization; nothing was done. */
  | { code: 'slowDown'; retryAfterSeconds: number };

export class DomainError extends Error {
  constructor(readonly detail: DomainErrorDetail) {
    super(`domain error: ${detail.code}`);
    this.name = 'DomainError';
  }
}

export function isDomainError(err: unknown, code?: DomainErrorDetail['code']): err is DomainError {
  return err instanceof DomainError && (code === undefined || err.detail.code === code);
}
