import type { Language } from './language';
import { CATALOGS, type MessageKey } from './messages';

/**
 * Formats the catalogs' ICU messages (bot/wording/messages/) with intl-messageformat. A message is parsed the first
 * time it is used in a language, then kept: there are a few hundred at most. The library is loaded with the first
 * message, so a start that answers nothing yet does not pay for it.
 */
type MessageFormatModule = typeof import('intl-messageformat', { with: { 'resolution-mode': 'import' }});
type IntlMessageFormat = InstanceType<MessageFormatModule['IntlMessageFormat']>;
let MessageFormat: MessageFormatModule['IntlMessageFormat'] | undefined;
const compiled = new Map<string, IntlMessageFormat>();

export type MessageValues = Readonly<Record<string, string | number>>;

/** The parsed message of a key in a language (its AST is what templates and tests read). */
export function compiledMessage(language: Language, key: MessageKey): IntlMessageFormat {
  const cacheKey = `${language}\u0000${key}`;
  let format = compiled.get(cacheKey);
  if (!format) {
    // An ES module, loaded by Node's require(esm) (Node 20.19 and later).
    MessageFormat ??= (require('intl-messageformat') as MessageFormatModule).IntlMessageFormat;
    format = new MessageFormat(CATALOGS[language][key], language);
    compiled.set(cacheKey, format);
  }
  return format;
}

/** A message in a language, its arguments filled in; a missing argument throws (a defect, not a person's input). */
export function message(language: Language, key: MessageKey, values?: MessageValues): string {
  const formatted = compiledMessage(language, key).format(values);
  return Array.isArray(formatted) ? formatted.join('') : String(formatted);
}

/** Two sentences as one text: Japanese joins them without a space. An empty one is left out. */
export function sentences(language: Language, first: string, second: string): string {
  if (!first || !second) return first || second;
  return message(language, 'text.twoSentences', { first, second });
}

/** British English lists as the English wording does: "A, B and C", no comma before "and". */
const LIST_LOCALES: Readonly<Record<Language, string>> = { en: 'en-GB', de: 'de', fr: 'fr', es: 'es', ja: 'ja' };

/** Names as a list in a language: "A, B und C"; `or`: any one of them ("A, B ou C"). */
export function listOf(language: Language, names: readonly string[], conjunction: 'and' | 'or' = 'and'): string {
  const type = conjunction === 'and' ? 'conjunction' : 'disjunction';
  return new Intl.ListFormat(LIST_LOCALES[language], { type }).format(names);
}
