import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as ACData from 'adaptivecards-templating';
import { z } from 'zod';
import { CARDS_DIR } from '../../bot/teams/cardRenderer';
import { ACTIONS } from '../../bot/teams/noticeCards';
import { parseTextCommand } from '../../bot/teams/textCommands';
import { VERBS } from '../../bot/teams/verbs';

/**
 * The contract between the cards and the verbs: a card button reaches its handler only through the verb name and
 * data in cards/*.json, which no type checks. Every Action.Execute of every template (a card's refresh, buttons
 * in ActionSets, selectAction, inside `$data` repetitions, behind `$when`) is bound to its card's sample
 * (cards/samples/) and must name a verb in VERBS whose schema accepts its data, with the card's inputs merged in
 * as Teams sends them.
 */

/** Verbs only typing (or installing the app: welcome) reaches, so no card needs a button for them. */
const TYPED_ONLY: Record<string, string> = {
  welcome: 'hi',
  didNotCatch: 'what is this',
  typedPartnerId: '1234567',
};

type Json = Record<string, unknown>;
const isObject = (node: unknown): node is Json => typeof node === 'object' && node !== null && !Array.isArray(node);
const readJson = (file: string): unknown => JSON.parse(fs.readFileSync(file, 'utf8'));

const CARD_FILES = fs
  .readdirSync(CARDS_DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -'.json'.length))
  .sort();
const verbsByName = new Map(VERBS.map((v) => [v.verb, v]));

interface CardButton {
  card: string;
  /** Where the action sits in the template, e.g. `actions[0]` or `refresh.action`. */
  where: string;
  verb: unknown;
  data: Json;
  refresh: boolean;
}

/**
 * Every Action.Execute in a template, each as a skeleton that keeps only the `$data` scopes above it (no `$when`,
 * no siblings), so binding it to the sample yields that action once per sample item, whichever branch it is in.
 */
function executeSkeletons(node: unknown, where = ''): { where: string; skeleton: unknown }[] {
  if (Array.isArray(node)) {
    return node.flatMap((item, i) =>
      executeSkeletons(item, `${where}[${i}]`).map((s) => ({ ...s, skeleton: [s.skeleton] })),
    );
  }
  if (!isObject(node)) return [];
  if (node.type === 'Action.Execute') {
    const { $when: _branch, ...action } = node;
    return [{ where, skeleton: action }];
  }
  const scope = '$data' in node ? { $data: node.$data } : {};
  return Object.entries(node)
    .filter(([key]) => key !== '$data')
    .flatMap(([key, value]) =>
      executeSkeletons(value, where ? `${where}.${key}` : key).map((s) => ({
        ...s,
        skeleton: { ...scope, [key]: s.skeleton },
      })),
    );
}

function objectsIn(node: unknown): Json[] {
  if (Array.isArray(node)) return node.flatMap(objectsIn);
  if (!isObject(node)) return [];
  return [node, ...Object.values(node).flatMap(objectsIn)];
}

const bind = (template: unknown, sample: unknown): unknown => new ACData.Template(template).expand({ $root: sample });

/** The card's inputs as Teams sends them with an action: by id, with the value the sample shows or offers first. */
function inputValues(template: unknown, sample: unknown): Json {
  const inputs = objectsIn(bind(template, sample)).filter(
    (n) => typeof n.type === 'string' && n.type.startsWith('Input.') && typeof n.id === 'string',
  );
  const firstChoice = (n: Json) => (Array.isArray(n.choices) && isObject(n.choices[0]) ? n.choices[0].value : '');
  return Object.fromEntries(inputs.map((n) => [n.id, n.value ?? firstChoice(n)]));
}

function buttonsOf(card: string): CardButton[] {
  const template = readJson(path.join(CARDS_DIR, `${card}.json`));
  const sample = readJson(path.join(CARDS_DIR, 'samples', `${card}.json`));
  const inputs = inputValues(template, sample);
  return executeSkeletons(template).flatMap(({ where, skeleton }) => {
    const bound = objectsIn(bind(skeleton, sample)).filter((n) => n.type === 'Action.Execute');
    assert.ok(bound.length > 0, `${card}.json ${where}: its sample has no item to bind this action to`);
    return bound.map((action) => {
      const data = isObject(action.data) ? action.data : {};
      return {
        card,
        where,
        verb: action.verb,
        data: action.associatedInputs === 'none' ? data : { ...data, ...inputs },
        refresh: where.startsWith('refresh'),
      };
    });
  });
}

/** Why a button would not reach its handler with data it accepts; null when it does. */
function brokenContract(button: { verb: unknown; data: Json; refresh?: boolean }): string | null {
  const unbound = JSON.stringify(button.data).match(/\$\{[^}]*\}/);
  if (unbound) return `its data keeps ${unbound[0]}: the sample binds no value to it`;
  const verb = typeof button.verb === 'string' ? verbsByName.get(button.verb) : undefined;
  if (!verb) return `verb ${JSON.stringify(button.verb)} has no handler in VERBS`;
  if (button.refresh && !verb.refresh) return `verb ${verb.verb} refreshes a card but is not a read-only refresh verb`;
  // A field the schema does not know is dropped unread: a renamed field would silently fall back to its default.
  const known = verb.data instanceof z.ZodObject ? Object.keys(verb.data.shape) : null;
  const unknown = known && Object.keys(button.data).filter((key) => !known.includes(key));
  if (unknown?.length) return `verb ${verb.verb} takes no field ${unknown.join(', ')}`;
  const parsed = verb.parse(button.data);
  if (!parsed.ok) return `verb ${verb.verb} refuses its data ${JSON.stringify(button.data)}: ${parsed.message}`;
  return null;
}

describe('card-verb contract', () => {
  const buttons = CARD_FILES.flatMap(buttonsOf);

  for (const card of CARD_FILES) {
    it(`${card}.json: every Action.Execute names a verb with a handler that accepts its data`, () => {
      const problems = buttons
        .filter((b) => b.card === card)
        .map((b) => ({ where: b.where, problem: brokenContract(b) }))
        .filter((p) => p.problem !== null)
        .map((p) => `${card}.json ${p.where}: ${p.problem}`);
      assert.deepEqual(problems, []);
    });
  }

  it('finds the buttons nested in repetitions and refreshes', () => {
    const where = (card: string, verb: string) =>
      buttons.filter((b) => b.card === card && b.verb === verb).map((b) => b.where);
    assert.ok(where('nudgeDigest', 'choose').some((w) => w.includes('actions')));
    assert.deepEqual(where('done', 'showChange'), ['refresh.action']);
    assert.ok(where('notice', 'status').length > 0, 'the notice card binds its buttons from the sample');
  });

  it("the notices' buttons built in code name verbs that accept their data", () => {
    const built = [ACTIONS.status, ACTIONS.help, ACTIONS.start('attach'), ACTIONS.start('change')];
    const problems = [...built, ACTIONS.start('remove')]
      .map((a) => ({ title: a.title, problem: brokenContract(a) }))
      .filter((p) => p.problem !== null);
    assert.deepEqual(problems, []);
  });

  it('every verb but those only typing reaches has a button in some card', () => {
    const withButton = new Set(buttons.map((b) => b.verb));
    const missing = VERBS.map((v) => v.verb).filter((verb) => !(verb in TYPED_ONLY) && !withButton.has(verb));
    assert.deepEqual(missing, [], 'verbs no card has a button for');
  });

  it('the verbs only typing reaches are what typing gives, and have a handler', () => {
    for (const [verb, typed] of Object.entries(TYPED_ONLY)) {
      assert.equal(parseTextCommand(typed).verb, verb, `typing "${typed}"`);
      assert.ok(verbsByName.has(verb), `${verb} has a handler`);
    }
  });
});
