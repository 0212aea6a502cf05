import { serviceOfWords } from '../wording/services';
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

/** The English phrases, then each language's own words (bot/wording/messages/), in any chat. */
function commandOf(text: string): VerbRequest | undefined {
  for (const [pattern, command] of PHRASES) {
    if (pattern.test(text)) return command;
  }
  const typed = COMMAND_WORDS.get(text);
  return typed ? COMMAND_REQUESTS[typed] : undefined;
}

/**
 * "add partner intune", "partner ändern dynamics 365": a change command followed by a service's name, old or new
 * (services.ts), starts that change among the service's subscriptions only.
 */
function startForService(text: string): VerbRequest | undefined {
  const words = text.split(' ');
  for (let cut = words.length - 1; cut > 0; cut--) {
    const service = serviceOfWords(words.slice(cut).join(' '));
    const command = service && commandOf(words.slice(0, cut).join(' '));
    if (command?.verb === 'start') return { verb: 'start', data: { ...(command.data as object), service } };
  }
  return undefined;
}

export function parseTextCommand(raw: string): VerbRequest {
  // Teams prefixes @mentions with <at>..</at> and may add punctuation; neither changes the intent.
  const text = normalizedCommandText(raw.replace(/<at>[^<]*<\/at>/gi, ' ')).replace(/\s*[.!。]+$/, '');
  if (text.length === 0 || text.length > MAX_COMMAND_LENGTH) return NOT_A_COMMAND;
  const command = commandOf(text) ?? startForService(text);
  if (command) return command;
  // Something that looks like an attempt at an ID (mostly digits) is answered as one, so the person
  // hears what is wrong with it instead of a generic hint.
  if (/^[\d\s-]{3,30}$/.test(text) || /^\d[\w-]*$/.test(text)) return { verb: 'typedPartnerId', data: { value: text } };
  return NOT_A_COMMAND;
}
