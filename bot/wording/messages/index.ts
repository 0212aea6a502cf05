import type { Language } from '../language';
import { de, deAliases } from './de';
import { type Catalog, type CommandAliases, en, enAliases } from './en';
import { es, esAliases } from './es';
import { fr, frAliases } from './fr';
import { ja, jaAliases } from './ja';

export { COMMANDS, type Catalog, type Command, type MessageKey } from './en';

/** Every language's messages, one file per language. */
export const CATALOGS: Readonly<Record<Language, Catalog>> = { en, de, fr, es, ja };

/** The extra words each language types for a command. */
export const COMMAND_ALIASES: Readonly<Record<Language, CommandAliases>> = {
  en: enAliases,
  de: deAliases,
  fr: frAliases,
  es: esAliases,
  ja: jaAliases,
};
