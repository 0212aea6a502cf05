import assert from 'node:assert/strict';
import type { Role, RoleNote } from '../../bot/core';
import { compiledMessage, listOf } from '../../bot/wording/formatter';
import { aboutTheRecordIn, anonymousReadOnlyIn, ownersTextIn, readOnlyReasonIn } from '../../bot/wording/inLanguage';
import { listNames } from '../../bot/wording/labels';
import { LANGUAGES } from '../../bot/wording/language';
import { CATALOGS, type MessageKey } from '../../bot/wording/messages';
import { aboutTheRecord } from '../../bot/wording/record';
import { anonymousReadOnly, readOnlyReason } from '../../bot/wording/refusals';

type Parser = typeof import('@formatjs/icu-messageformat-parser', { with: { 'resolution-mode': 'import' }});
type Element = ReturnType<Parser['parse']>[number];
const parser = require('@formatjs/icu-messageformat-parser') as Parser;

/** The arguments a message uses, with their kind ("name", "count:plural"), found in its parsed form at any depth. */
function argumentsOf(elements: readonly Element[], found = new Set<string>()): Set<string> {
  for (const element of elements) {
    if (parser.isLiteralElement(element) || parser.isPoundElement(element)) continue;
    if (parser.isArgumentElement(element)) found.add(element.value);
    else if (parser.isTagElement(element)) {
      found.add(`<${element.value}>`);
      argumentsOf(element.children, found);
    } else {
      const kind = parser.isPluralElement(element) ? 'plural' : parser.isSelectElement(element) ? 'select' : 'format';
      found.add(`${element.value}:${kind}`);
      if (parser.isPluralElement(element) || parser.isSelectElement(element)) {
        for (const option of Object.values(element.options)) argumentsOf(option.value, found);
      }
    }
  }
  return found;
}

const sorted = (set: Set<string>) => [...set].sort();
const KEYS = Object.keys(CATALOGS.en) as MessageKey[];

describe('wording: the catalogs of every language say the same things', () => {
  it('reads arguments with the ICU parser, not by pattern (quotes, plurals and tags included)', () => {
    const args = (text: string) => sorted(argumentsOf(parser.parse(text)));
    assert.deepEqual(args("Hi {name}, it's '{'literal'}'"), ['name']);
    assert.deepEqual(args('{n, plural, one {# item of {owner}} other {# items}}'), ['n:plural', 'owner']);
    assert.deepEqual(args('<b>{who}</b> {when, date, short}'), ['<b>', 'when:format', 'who']);
    assert.notDeepEqual(args('Hallo {userName}!'), args('Hallo!'));
  });

  for (const language of LANGUAGES) {
    it(`${language}: has every English key and no other`, () => {
      assert.deepEqual(Object.keys(CATALOGS[language]).sort(), [...KEYS].sort());
    });

    it(`${language}: each message parses and uses the same arguments as the English one`, () => {
      const differing = KEYS.filter((key) => {
        const mine = sorted(argumentsOf(compiledMessage(language, key).getAst()));
        return JSON.stringify(mine) !== JSON.stringify(sorted(argumentsOf(compiledMessage('en', key).getAst())));
      });
      assert.deepEqual(differing, [], `${language} messages whose arguments differ from English`);
    });
  }

  it('no translation is left in English (a key copied untranslated), but for names that stay English', () => {
    const sameEverywhere = new Set<MessageKey>([
      'text.twoSentences',
      'text.sentence',
      'welcome.title',
      'welcome.intro',
      'card.titleAndMessage',
      'status.declinedBecause',
      // Microsoft's own names, which its Spanish and Japanese keep.
      'partnerId.label',
      // The answer page's label, which German and Spanish say as English does.
      'answerPage.partner',
      'done.azurePortal',
      'upstream.arm',
      // Names and punctuation only (French adds its space before the colon, Japanese its commas).
      'tab.who',
      'tab.action.label',
    ]);
    for (const language of LANGUAGES.filter((l) => l !== 'en')) {
      const copied = KEYS.filter((key) => !sameEverywhere.has(key) && CATALOGS[language][key] === CATALOGS.en[key]);
      // German says "Status" and "Support" too; French "Service" and "Actions".
      const SAME_WORDS: Partial<Record<(typeof LANGUAGES)[number], MessageKey[]>> = {
        de: ['button.status', 'help.supportTitle'],
        fr: ['tab.column.service', 'tab.column.actions'],
      };
      const expected = SAME_WORDS[language] ?? [];
      assert.deepEqual(copied, expected, language);
    }
  });
});

describe('wording: the English the catalogs build is the English the bot said before', () => {
  const ROLES: Exclude<Role, 'owner'>[] = ['serviceAdmin', 'coAdmin', 'delegatedAdmin', 'member'];
  const NOTES: (RoleNote | undefined)[] = [undefined, 'activateInPim', 'groupsAndPimUnseen'];
  const OWNERS = [[], ['Ada Owner'], ['Ada Owner', 'Bo Owner', 'Cy Owner']];

  it('says what the bot is as record.ts does, with and without a mail server', () => {
    assert.equal(aboutTheRecordIn('en'), aboutTheRecord());
    assert.equal(aboutTheRecordIn('en', 'file'), aboutTheRecord('file'));
  });

  it('gives the read-only reason as refusals.ts does, for every role, note and list of owners', () => {
    for (const role of ROLES)
      for (const note of NOTES)
        for (const owners of OWNERS) {
          for (const azure of [false, true]) {
            assert.equal(readOnlyReasonIn('en', role, owners, note, azure), readOnlyReason(role, owners, note, azure));
          }
        }
    assert.equal(CATALOGS.en['readOnly.anonymous'], anonymousReadOnly());
    assert.equal(anonymousReadOnlyIn('en', true), anonymousReadOnly(true));
  });

  it('lists names as labels.ts does, and each language in its own way', () => {
    for (const owners of OWNERS) {
      assert.equal(listOf('en', owners), listNames(owners));
      assert.equal(listOf('en', owners, 'or'), listNames(owners, 'or'));
    }
    assert.equal(ownersTextIn('en', ['Ada', 'Bo']), 'In your organization that is Ada and Bo.');
    assert.equal(ownersTextIn('de', ['Ada', 'Bo', 'Cy']), 'Zuständig in Ihrer Organisation: Ada, Bo und Cy.');
    assert.equal(readOnlyReasonIn('fr', 'member', ['Ada', 'Bo']).includes('Adressez-vous à Ada ou Bo.'), true);
  });

  it('joins Japanese sentences without a space, the others with one', () => {
    assert.doesNotMatch(readOnlyReasonIn('ja', 'coAdmin', []), /。 /);
    assert.match(readOnlyReasonIn('es', 'coAdmin', []), /\(administrador\)\. Pídaselo/);
  });
});
