const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * A DNS host name: labels of letters, digits and hyphens (not at either end), at least `minLabels` of them.
 * Lower case only: callers lower-case what a person typed before asking. The bot's BOT_DOMAIN setting and
 * the app package's checks use this one rule, so both refuse the same values.
 */
export function isHostName(value: string, minLabels = 2): boolean {
  if (value.length > 253) return false;
  const labels = value.split('.');
  return labels.length >= minLabels && labels.every((label) => LABEL.test(label));
}

/** The host (and port) of a URL for a log line, without its path or query; never throws. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '(not a URL)';
  }
}
