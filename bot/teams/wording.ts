import type { AuditEntry, Partner, Role } from '../domain/types';
import type { Upstream } from '../ports';

/**
 * Obsolete: returns the text unchanged. The card templates show names and other outside data in TextRuns,
 * which are plain text (never markdown), so there is nothing to escape; an escape would show as a backslash
 * (Teams mobile prints them as typed). Kept until its callers are gone.
 */
export function md(text: string): string {
  return text;
}

export const ROLE_LABELS: Record<Role, string> = {
  owner: 'Owner (administrator)',
  serviceAdmin: 'Service admin',
  coAdmin: 'Co-admin',
  delegatedAdmin: 'Delegated admin (partner)',
  member: 'User',
};

export function partnerText(partner: Partner | null): string {
  return partner ? `${md(partner.name)} (${partner.partnerId})` : 'None';
}

/** Dates are shown in UTC with minutes: precise enough for an audit line, the same for every reader. */
export function formatWhen(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function describeChange(entry: AuditEntry): string {
  const verb = entry.kind === 'attach' ? 'Attached' : entry.kind === 'change' ? 'Changed' : 'Removed';
  return `${verb} by ${md(entry.actorName)} on ${formatWhen(entry.at)}`;
}

export function listNames(names: string[]): string {
  const escaped = names.map(md);
  if (escaped.length <= 1) return escaped.join('');
  return `${escaped.slice(0, -1).join(', ')} and ${escaped[escaped.length - 1]}`;
}

/**
 * What the owner is told about a partner's email after a change. A partner with no known contact (Partner
 * Center gives no address, and the contacts file has none) is not emailed; the change stands all the same.
 */
export function emailSentence(partner: Partner): string {
  return partner.email
    ? `${md(partner.name)} will be told by email.`
    : `${md(partner.name)} was not emailed: I have no contact address for Partner ID ${partner.partnerId}, so please tell them yourself.`;
}

/** When to try again, in words: "in 1 second", "in 40 seconds", "in about 2 minutes". */
export function waitText(seconds: number): string {
  const s = Math.max(1, Math.ceil(seconds));
  if (s < 90) return `in ${s} second${s === 1 ? '' : 's'}`;
  return `in about ${Math.round(s / 60)} minutes`;
}

/** How a card or the tab names the service that did not answer. */
export const UPSTREAM_NAMES: Record<Upstream, string> = {
  graph: 'Microsoft\'s directory',
  entra: 'Microsoft\'s sign-in service',
  partnerCenter: 'Microsoft\'s partner registry',
  store: 'the bot\'s database',
};

export function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
