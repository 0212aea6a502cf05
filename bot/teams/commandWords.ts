import { LANGUAGES } from '../wording/language';
import { CATALOGS, COMMAND_ALIASES, COMMANDS, type Command } from '../wording/messages';
import type { VerbRequest } from './conversationFlow';

/** What each typed command asks for: the same verb requests as the cards' buttons. */
export const COMMAND_REQUESTS: Readonly<Record<Command, VerbRequest>> = {
  welcome: { verb: 'welcome', data: {} },
  help: { verb: 'help', data: {} },
  status: { verb: 'status', data: { page: 0 } },
  attach: { verb: 'start', data: { mode: 'attach' } },
  change: { verb: 'start', data: { mode: 'change' } },
  remove: { verb: 'start', data: { mode: 'remove' } },
  cancel: { verb: 'cancel', data: {} },
};

/** A typed message as commands are compared: full-width forms folded (NFKC), lower case, single spaces. */
export function normalizedCommandText(text: string): string {
  return text.normalize('NFKC').toLowerCase().trim().replace(/\s+/g, ' ');
}

/**
 * Every language's command words (the word its cards show, and its aliases), whatever the person's language:
 * someone whose Teams is in English may still type "hilfe". A word two commands claimed would be a mistake in the
 * catalogs, so it stops the bot at start.
 */
function commandWords(): ReadonlyMap<string, Command> {
  const words = new Map<string, Command>();
  for (const language of LANGUAGES) {
    for (const command of COMMANDS) {
      const shown = command === 'welcome' || command === 'cancel' ? [] : [CATALOGS[language][`command.${command}`]];
      for (const word of [...shown, ...COMMAND_ALIASES[language][command]]) {
        const key = normalizedCommandText(word);
        const earlier = words.get(key);
        if (earlier && earlier !== command)
          throw new Error(`"${word}" (${language}) is both ${earlier} and ${command}`);
        words.set(key, command);
      }
    }
  }
  return words;
}

export const COMMAND_WORDS = commandWords();
