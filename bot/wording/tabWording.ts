import { compiledMessage } from './formatter';
import type { Language } from './language';
import { CATALOGS, type MessageKey } from './messages';
import { DATE_LOCALES, DATE_ONLY, DATE_TIME } from './times';

/**
 * The words of the tab's page, in one language, for GET /api/tab/wording. The page fills `{argument}`s in itself
 * (data it has: names, counts); a message with a plural reaches it as its forms, picked with Intl.PluralRules. ICU's
 * quoting is resolved here, so the page never parses a message.
 */
export type PageMessage = string | { plural: string; forms: Record<string, string> };

/** The page's own keys, and the catalogs' words it shares with the chat's cards (the same words there and here). */
export const TAB_MESSAGE_KEYS: readonly MessageKey[] = [
  ...(Object.keys(CATALOGS.en) as MessageKey[]).filter((key) => key.startsWith('tab.')),
  'partnerId.label',
  'partnerId.placeholder',
  'partnerId.check',
  'confirm.submit',
  'button.cancel',
  'field.subscription',
  'done.partnerOfRecord',
  'done.adminCenter',
  'done.azurePortal',
  'status.change',
  'status.remove',
];

type Parser = typeof import('@formatjs/icu-messageformat-parser', { with: { 'resolution-mode': 'import' }});
type Element = ReturnType<Parser['parse']>[number];
let parser: Parser | undefined;

/** Literal text and `{argument}`s; `#` (a plural's number) as `{name}`. Anything else is not for the page. */
function templateOf(elements: readonly Element[], key: string, pound?: string): string {
  parser ??= require('@formatjs/icu-messageformat-parser') as Parser;
  const p = parser;
  return elements
    .map((element) => {
      if (p.isLiteralElement(element)) return element.value;
      if (p.isArgumentElement(element)) return `{${element.value}}`;
      if (p.isPoundElement(element) && pound) return `{${pound}}`;
      throw new Error(`${key}: the tab's page fills only {arguments} and one plural`);
    })
    .join('');
}

function pageMessage(language: Language, key: MessageKey): PageMessage {
  const elements = compiledMessage(language, key).getAst();
  parser ??= require('@formatjs/icu-messageformat-parser') as Parser;
  const [only] = elements;
  if (elements.length === 1 && only && parser.isPluralElement(only)) {
    const forms = Object.fromEntries(
      Object.entries(only.options).map(([form, option]) => [form, templateOf(option.value, key, only.value)]),
    );
    return { plural: only.value, forms };
  }
  return templateOf(elements, key);
}

/** Everything the page needs to speak a language: its messages, and how it writes dates (times.ts's shapes). */
export function tabWording(language: Language) {
  return {
    language,
    locale: DATE_LOCALES[language],
    dateTime: DATE_TIME,
    date: DATE_ONLY,
    messages: Object.fromEntries(TAB_MESSAGE_KEYS.map((key) => [key, pageMessage(language, key)])),
  };
}
