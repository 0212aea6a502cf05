import type { Role } from './types';

/** The FAQ's rule: only the administrator role, also called the owner, may change a partner of record. */
export function mayChangePartnerOfRecord(role: Role): boolean {
  return role === 'owner';
}
