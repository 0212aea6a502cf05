import { compiledMessage } from '../wording/formatter';
import type { Language } from '../wording/language';
import { CATALOGS, type MessageKey } from '../wording/messages';

/**
 * A card template's words come from the catalogs (bot/wording/messages/): a string that is exactly `$t(key)`
 * stands for that message. The template is localized once per language, before it is compiled: a message's text
 * is put in as it is, and its `{argument}`s become the template's `${argument}`, bound to the card data's field of
 * that name. A message needing more (plural, select, a number or date format) is formatted by the verb instead and
 * handed to the card as data.
 */
const MESSAGE_REFERENCE = /^\$t\(([^()\s]+)\)$/;

function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(CATALOGS.en, key);
}

/** The keys a template refers to, each once. */
export function messageKeysOf(node: unknown, found = new Set<string>()): Set<string> {
  if (typeof node === 'string') {
    const key = MESSAGE_REFERENCE.exec(node)?.[1];
    if (key !== undefined) found.add(key);
  } else if (Array.isArray(node)) {
    for (const item of node) messageKeysOf(item, found);
  } else if (typeof node === 'object' && node !== null) {
    for (const value of Object.values(node)) messageKeysOf(value, found);
  }
  return found;
}

/** Throws unless every `$t(key)` of the template names a message: checked when templates are read, at start. */
export function checkMessageKeys(name: string, source: object): void {
  const unknown = [...messageKeysOf(source)].filter((key) => !isMessageKey(key));
  if (unknown.length > 0) throw new Error(`cards/${name}.json names messages that do not exist: ${unknown.join(', ')}`);
}

type Parser = typeof import('@formatjs/icu-messageformat-parser', { with: { 'resolution-mode': 'import' }});
let parser: Parser | undefined;

/** A message as template text: its words, and `${argument}` for each argument. */
function templateText(language: Language, key: MessageKey): string {
  parser ??= require('@formatjs/icu-messageformat-parser') as Parser;
  let text = '';
  for (const element of compiledMessage(language, key).getAst()) {
    if (parser.isLiteralElement(element) && !element.value.includes('${')) text += element.value;
    else if (parser.isArgumentElement(element)) text += `\${${element.value}}`;
    else throw new Error(`${language} ${key}: a card binds only words and {arguments}; the verb must format it`);
  }
  return text;
}

/** The template with each `$t(key)` replaced by the language's message; nothing else is changed. */
export function localizedTemplate(node: unknown, language: Language): unknown {
  if (typeof node === 'string') {
    const key = MESSAGE_REFERENCE.exec(node)?.[1];
    return key !== undefined && isMessageKey(key) ? templateText(language, key) : node;
  }
  if (Array.isArray(node)) return node.map((item) => localizedTemplate(item, language));
  if (typeof node === 'object' && node !== null) {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, localizedTemplate(v, language)]));
  }
  return node;
}
