import { COMMAND_REQUESTS, COMMAND_WORDS, normalizedCommandText } from './commandWords';
import type { VerbRequest } from './conversationFlow';

/**
 * What a typed message asks for, as a verb request: typing is the fallback for every card, so commands are
 * the card verbs. A Partner ID typed on its own answers the chat's open question.
 */

/** Longer messages are not commands; they are not worth matching. */
const MAX_COMMAND_LENGTH = 200;

const PHRASES: [RegExp, VerbRequest][] = [
  [/^(hi|hello|hey|start|menu)$/, { verb: 'welcome', data: {} }],
  [/^(help|\?|support)$/, { verb: 'help', data: {} }],
  [/^(status|list|show( partners?)?|my subscriptions)$/, { verb: 'status', data: { page: 0 } }],
  [/^(add|attach|assign)( an?)?( partner( of record)?)?$/, { verb: 'start', data: { mode: 'attach' } }],
  [/^(change|replace|update)( the)?( partner( of record)?)?$/, { verb: 'start', data: { mode: 'change' } }],
  [/^(remove|delete|detach)( the)?( partner( of record)?)?$/, { verb: 'start', data: { mode: 'remove' } }],
  [/^(cancel|stop|never ?mind)$/, { verb: 'cancel', data: {} }],
];

const NOT_A_COMMAND: VerbRequest = { verb: 'didNotCatch', data: {} };

export function parseTextCommand(raw: string): VerbRequest {
  // Teams prefixes @mentions with <at>..</at> and may add punctuation; neither changes the intent.
  const text = normalizedCommandText(raw.replace(/<at>[^<]*<\/at>/gi, ' ')).replace(/\s*[.!。]+$/, '');
  if (text.length === 0 || text.length > MAX_COMMAND_LENGTH) return NOT_A_COMMAND;
  for (const [pattern, command] of PHRASES) {
    if (pattern.test(text)) return command;
  }
  // Each language's own words (bot/wording/messages/), in any chat.
  const typed = COMMAND_WORDS.get(text);
  if (typed) return COMMAND_REQUESTS[typed];
  // Something that looks like an attempt at an ID (mostly digits) is answered as one, so the person
  // hears what is wrong with it instead of a generic hint.
  if (/^[\d\s-]{3,30}$/.test(text) || /^\d[\w-]*$/.test(text)) return { verb: 'typedPartnerId', data: { value: text } };
  return NOT_A_COMMAND;
}
