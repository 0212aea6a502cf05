/**
 * The shapes of values the app package depends on, shared by the settings check (before filling the
 * template) and the manifest validator (after), so both refuse the same things.
 */

import { GUID_PATTERN } from '../../bot/core';
import { isHostName } from '../../bot/runtime/hostName';

export { isHostName };

/** Teams' own pattern for app and bot ids. */
export { GUID_PATTERN as GUID };

/** MAJOR.MINOR.PATCH only: the schema merely says "semver", but Teams refuses pre-release and build tags. */
export const APP_VERSION = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

/**
 * A validDomains entry as Teams reads it: a host, optionally behind a `*.` wildcard and followed by a port
 * (as in `localhost:3978`), and nothing else: no scheme, no path.
 */
export function isValidDomainEntry(value: string): boolean {
  const match = /^(\*\.)?([^:]+)(:\d{1,5})?$/.exec(value);
  return match !== null && isHostName(match[2]!, 1);
}

/** Whether a URL's host (with its port, if any) is one validDomains allows. */
export function hostAllowed(host: string, validDomains: readonly string[]): boolean {
  const h = host.toLowerCase();
  return validDomains.some((entry) => {
    const e = entry.toLowerCase();
    if (!e.startsWith('*.')) return h === e;
    // Teams' wildcard stands for exactly one label: `*.example.com` covers a.example.com only.
    const suffix = e.slice(1);
    const label = h.slice(0, h.length - suffix.length);
    return h.endsWith(suffix) && label.length > 0 && !label.includes('.');
  });
}
