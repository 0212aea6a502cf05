/**
 * The one rule for putting text from elsewhere (directory names, Partner Center names, settings) on one line,
 * in an email's body and in its headers alike.
 *
 * Replaced by a space: control characters (C0 with tab, DEL, C1), line and paragraph separators, and
 * bidirectional embeddings, overrides and isolates. Removed: zero-width characters and invisible bidi marks.
 * A CR/LF in a name could inject a mail header through the subject or a display name, and a bidi override
 * could make a sentence read differently from what it says.
 */
const BREAKING = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]+/g;
const INVISIBLE = /[\u061c\u200b-\u200f\u2060-\u2064\ufeff]+/g;

/** A value made safe to put on one line: unsafe characters become one space or go, surrounding spaces go. */
export function oneLine(value: string): string {
  return value.replace(INVISIBLE, '').replace(BREAKING, ' ').replace(/ {2,}/g, ' ').trim();
}
