import type { Card } from './cards';

/**
 * Which sentences of an English card are left, in English, in the same card drawn in another language: the check
 * that a card moved to the catalogs reads wholly in the person's language. `data` (names from the directory, which
 * no language changes) is blanked out of both cards first, so only the bot's own words are compared.
 */

/** Every string a card holds (texts, titles, fallback text, facts), keys and URLs left out. */
export function stringsOf(node: unknown, key = ''): string[] {
  if (typeof node === 'string') return ['url', 'verb', 'type', 'mode'].includes(key) ? [] : [node];
  if (Array.isArray(node)) return node.flatMap((item) => stringsOf(item, key));
  if (node && typeof node === 'object') return Object.entries(node).flatMap(([k, v]) => stringsOf(v, k));
  return [];
}

function withoutData(text: string, data: readonly string[]): string {
  return [...data].sort((a, b) => b.length - a.length).reduce((t, d) => t.split(d).join('\u0000'), text);
}

/** The English card's sentences and phrases of two words or more, but for `keep` (names that stay the same). */
export function englishPhrases(card: Card, keep: readonly string[] = [], data: readonly string[] = []): string[] {
  const phrases = stringsOf(card)
    .map((text) => withoutData(text, data))
    .flatMap((text) => text.split(/(?<=[.!?:;])\s+|\u0000/))
    .map((s) => s.trim())
    .filter((s) => s.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length >= 2);
  return [...new Set(phrases)].filter((s) => !keep.includes(s));
}

/** The English card's phrases that the other card still says. */
export function englishLeft(
  english: Card,
  card: Card,
  options: { keep?: readonly string[]; data?: readonly string[] } = {},
): string[] {
  const text = withoutData(stringsOf(card).join('\n'), options.data ?? []);
  return englishPhrases(english, options.keep, options.data).filter((phrase) => text.includes(phrase));
}
