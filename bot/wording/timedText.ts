import { dayText, timeText } from './times';

/**
 * A sentence with times in it, for a reader whose time zone only their own device knows (the tab's page): the text
 * around each time, and each time as an instant the page formats in the browser's zone. Its plain text says the
 * times in UTC, as `timeText` and `dayText` do without a zone.
 */
export type TimedPart = string | { at: string; shape: 'dateTime' | 'date' };
export type TimedText = TimedPart[];

/** Stands for a time while the sentence is formatted; private-use characters no message writes. */
const MARK_START = '\uE000';
const MARK_END = '\uE001';

/**
 * Builds a sentence with `when(iso)` standing for each time in it, then cuts it at those places. The marks carry a
 * nonce, so a name that happens to hold the same characters is not read as a time.
 */
export function timed(build: (when: (iso: string, shape?: 'dateTime' | 'date') => string) => string): TimedText {
  const nonce = Math.random().toString(36).slice(2, 10);
  const times: { at: string; shape: 'dateTime' | 'date' }[] = [];
  const text = build((at, shape = 'dateTime') => {
    times.push({ at, shape });
    return `${MARK_START}${nonce}:${times.length - 1}${MARK_END}`;
  });
  const parts: TimedText = [];
  const marks = new RegExp(`${MARK_START}${nonce}:(\\d+)${MARK_END}`, 'g');
  let from = 0;
  for (const mark of text.matchAll(marks)) {
    if (mark.index > from) parts.push(text.slice(from, mark.index));
    parts.push(times[Number(mark[1])]!);
    from = mark.index + mark[0].length;
  }
  if (from < text.length) parts.push(text.slice(from));
  return parts;
}

/** The sentence as text, its times in UTC: `2026-12-07 23:05 UTC`, a day as `2026-12-09`. */
export function plainText(parts: TimedText): string {
  return parts
    .map((part) => (typeof part === 'string' ? part : part.shape === 'date' ? dayText(part.at) : timeText(part.at)))
    .join('');
}
