import type { Language } from './language';

/**
 * How a time is said to the person reading it. Without a time zone (the tab, emails, proactive cards, a chat whose
 * client sent none or an unknown one), in UTC as always; with one, in the reader's language and zone, its offset
 * named, so "08:05 GMT+9" cannot be misread. The CSV keeps ISO 8601 in UTC and is not written here.
 */

/** An IANA time zone name Intl knows (`Europe/Berlin`), as `timeZoneOf` returns it. */
export type TimeZone = string & { readonly __timeZone: unique symbol };

/** Who reads a time: their language, and their time zone when a client said one. */
export interface Reader {
  language: Language;
  timeZone?: TimeZone;
}

/** Longer than any IANA name (the longest is about 32 characters): a value past this is not looked at. */
const MAX_ZONE_LENGTH = 64;

/** An IANA time zone's name as written: "Europe/Berlin", "America/Argentina/Buenos_Aires", "Etc/GMT+9", "UTC". */
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

/**
 * A time zone a client sent (Teams' activity `localTimezone`), as Intl names it; undefined for none, one Intl does
 * not know, or anything that is not a name, so the reader gets UTC rather than an error. UTC itself (`Etc/UTC`,
 * `GMT`..., which Intl names `UTC`) is undefined too: its reader gets the UTC text, not "GMT+0".
 */
export function timeZoneOf(value: unknown): TimeZone | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ZONE_LENGTH) return undefined;
  // Names only: newer Intl (Node 22) also takes offsets such as "+01:00", which Teams does not send.
  if (!ZONE_NAME.test(value)) return undefined;
  let zone: string;
  try {
    zone = new Intl.DateTimeFormat(undefined, { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
  return zone === 'UTC' ? undefined : (zone as TimeZone);
}

/** `2026-12-07 23:05 UTC`: minutes are precise enough for an audit line. */
function utcText(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The locale each language's dates are written in; English as in Britain: day before month, 24 hours. */
export const DATE_LOCALES: Readonly<Record<Language, string>> = { en: 'en-GB', de: 'de', fr: 'fr', es: 'es', ja: 'ja' };

/**
 * A month's name (no day/month order to guess), a 24-hour clock and the zone's offset (`GMT+9`), never an
 * abbreviation such as "EST" that names several zones.
 */
export const DATE_TIME: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'shortOffset',
};
export const DATE_ONLY: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'short', day: 'numeric' };

/** Formats by language, zone and shape; a few hundred zones and five languages at most, but bounded all the same. */
const formats = new Map<string, Intl.DateTimeFormat>();
const MAX_FORMATS = 500;

function formatFor(language: Language, timeZone: TimeZone, shape: 'dateTime' | 'date'): Intl.DateTimeFormat {
  const key = `${language}\u0000${timeZone}\u0000${shape}`;
  let format = formats.get(key);
  if (!format) {
    if (formats.size >= MAX_FORMATS) formats.clear();
    const options = shape === 'dateTime' ? DATE_TIME : DATE_ONLY;
    format = new Intl.DateTimeFormat(DATE_LOCALES[language], { ...options, timeZone });
    formats.set(key, format);
  }
  return format;
}

/**
 * A time as the reader reads it: `2026-12-07 23:05 UTC` without a zone, `8 Dec 2026, 08:05 GMT+9` in Tokyo. Text
 * that is not a time is shown as given.
 */
export function timeText(iso: string, reader?: Reader): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  if (!reader?.timeZone) return utcText(date);
  return formatFor(reader.language, reader.timeZone, 'dateTime').format(date);
}

/**
 * The day of a time, for an answer shown next to the change it answers: `2026-12-09` (UTC) without a zone, the
 * reader's own day (`9 Dec 2026`) with one.
 */
export function dayText(iso: string, reader?: Reader): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  if (!reader?.timeZone) return date.toISOString().slice(0, 10);
  return formatFor(reader.language, reader.timeZone, 'date').format(date);
}
