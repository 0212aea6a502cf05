import { LRUCache } from 'lru-cache';

/**
 * The languages people are answered in, and how one is picked from what a client says (a BCP-47 tag such as
 * Teams' `locale`, or an HTTP Accept-Language). Anything else is answered in English.
 */
export const LANGUAGES = ['en', 'de', 'fr', 'es', 'ja'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'en';

/** Longer than any real tag: a client's value past this is not looked at. */
const MAX_TAG_LENGTH = 64;

function isLanguage(value: string): value is Language {
  return (LANGUAGES as readonly string[]).includes(value);
}

/**
 * Tags already read, and their language (`none`: none the bot speaks, or not well-formed). Intl's parsing costs more than the rest of
 * reading a message turn's activity, and every turn of a chat carries the same tag; bounded, as clients fill it.
 */
const TAGS_READ = new LRUCache<string, Language | 'none'>({ max: 256 });

/** The language of one tag (`de-DE` -> de, `pt-BR` -> none); undefined for a tag that is not well-formed. */
function languageOfTag(tag: string): Language | undefined {
  const known = TAGS_READ.get(tag);
  if (known !== undefined) return known === 'none' ? undefined : known;
  const language = readTag(tag);
  TAGS_READ.set(tag, language ?? 'none');
  return language;
}

function readTag(tag: string): Language | undefined {
  let canonical: string | undefined;
  try {
    // Intl checks the tag's syntax; Teams sends `en-US`, but the field is the client's to fill.
    canonical = Intl.getCanonicalLocales(tag.trim())[0];
  } catch {
    return undefined;
  }
  const language = canonical ? new Intl.Locale(canonical).language : undefined;
  return language && isLanguage(language) ? language : undefined;
}

/** A BCP-47 tag (Teams' activity `locale`, teams-js's `app.locale`): its language if the bot speaks it, else English. */
export function languageOf(tag: unknown): Language {
  if (typeof tag !== 'string' || tag.length === 0 || tag.length > MAX_TAG_LENGTH) return DEFAULT_LANGUAGE;
  return languageOfTag(tag) ?? DEFAULT_LANGUAGE;
}

/** Longer headers are not read: browsers send a few hundred characters at most. */
const MAX_ACCEPT_LANGUAGE_LENGTH = 1024;

/**
 * An Accept-Language header (RFC 9110: `de-CH, fr;q=0.8, *;q=0.1`): the language of highest weight the bot
 * speaks, the first listed among equals; English when none is, or the header is missing or malformed.
 */
export function languageOfAcceptLanguage(header: unknown): Language {
  if (typeof header !== 'string' || header.length > MAX_ACCEPT_LANGUAGE_LENGTH) return DEFAULT_LANGUAGE;
  let best: { language: Language; weight: number } | undefined;
  for (const range of header.split(',')) {
    const [tag = '', ...params] = range.split(';').map((part) => part.trim());
    const q = params.find((p) => /^q=/i.test(p));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    if (!Number.isFinite(weight) || weight <= 0 || weight > 1 || tag === '*') continue;
    const language = languageOfTag(tag);
    if (language && (!best || weight > best.weight)) best = { language, weight };
  }
  return best?.language ?? DEFAULT_LANGUAGE;
}
