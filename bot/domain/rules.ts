import type { Role } from './types';

/** The FAQ's rule: only the administrator role, also called the owner, may change a partner of record. */
export function mayChangePartnerOfRecord(role: Role): boolean {
  return role === 'owner';
}

/** Why a role may not act, in words an administrator recognises. */
export function whyRoleMayNotAct(role: Role): string {
  switch (role) {
    case 'owner':
      return '';
    case 'serviceAdmin':
      return 'Service admins can manage services, but only the owner (administrator) role may attach, change or remove a partner of record.';
    case 'coAdmin':
      return 'Co-admins cannot attach, change or remove a partner of record; only the owner (administrator) role can.';
    case 'delegatedAdmin':
      return 'Partners acting as delegated admins cannot set the partner of record; the customer\'s owner (administrator) must do it.';
    case 'member':
      return 'Only the owner (administrator) role of your organization may attach, change or remove a partner of record.';
  }
}
