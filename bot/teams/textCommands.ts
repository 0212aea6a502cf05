/** What a typed message asks for. Typing is the fallback for every card, so it mirrors the card verbs. */
export type TextCommand =
  | { kind: 'welcome' }
  | { kind: 'help' }
  | { kind: 'status' }
  | { kind: 'start'; mode: 'attach' | 'change' | 'remove' }
  | { kind: 'cancel' }
  | { kind: 'partnerId'; value: string }
  | { kind: 'unknown' };

/** Longer messages are not commands; they are not worth matching. */
const MAX_COMMAND_LENGTH = 200;

const PHRASES: [RegExp, TextCommand][] = [
  [/^(hi|hello|hey|start|menu)$/, { kind: 'welcome' }],
  [/^(help|\?|support)$/, { kind: 'help' }],
  [/^(status|list|show( partners?)?|my subscriptions)$/, { kind: 'status' }],
  [/^(add|attach|assign)( an?)?( partner( of record)?)?$/, { kind: 'start', mode: 'attach' }],
  [/^(change|replace|update)( the)?( partner( of record)?)?$/, { kind: 'start', mode: 'change' }],
  [/^(remove|delete|detach)( the)?( partner( of record)?)?$/, { kind: 'start', mode: 'remove' }],
  [/^(cancel|stop|never ?mind)$/, { kind: 'cancel' }],
];

export function parseTextCommand(raw: string): TextCommand {
  // Teams prefixes @mentions with <at>..</at> and may add punctuation; neither changes the intent.
  const text = raw
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/[.!]+$/, '')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ');
  if (text.length === 0 || text.length > MAX_COMMAND_LENGTH) return { kind: 'unknown' };
  for (const [pattern, command] of PHRASES) {
    if (pattern.test(text)) return command;
  }
  // Something that looks like an attempt at an ID (mostly digits) is answered as one, so the person
  // hears what is wrong with it instead of a generic hint.
  if (/^[\d\s-]{3,30}$/.test(text) || /^\d[\w-]*$/.test(text)) return { kind: 'partnerId', value: text };
  return { kind: 'unknown' };
}
