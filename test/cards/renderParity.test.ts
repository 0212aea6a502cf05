import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import * as ACData from 'adaptivecards-templating';
import { CARD_NAMES, CARDS_DIR, CardRenderer, type CardName } from '../../bot/teams/cardRenderer';
import { CompiledCard } from '../../bot/teams/compiledCard';
import { localizedTemplate, messageKeysOf } from '../../bot/teams/localizedTemplate';
import { LANGUAGES, type Language } from '../../bot/wording/language';

/**
 * The renderer binds compiled templates itself (bot/teams/compiledCard.ts); what it sends must be exactly what
 * adaptivecards-templating makes of the same template and data (minus `$schema`), byte for byte: for every sample
 * in cards/samples/, and for each sample with one value changed at a time (empty, other text, other numbers,
 * booleans flipped, lists emptied or cut to one, a field missing or null, which the library renders itself).
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const readJson = (file: string): Json => JSON.parse(fs.readFileSync(file, 'utf8')) as Json;
const sourceOf = (name: CardName) => readJson(path.join(CARDS_DIR, `${name}.json`)) as object;
/** The template as the renderer compiles it for a language: its `$t(key)` messages put in. */
const templateOf = (name: CardName, language: Language = 'en') => localizedTemplate(sourceOf(name), language) as object;
/** Every language for a template whose words come from the catalogs; English alone for the others. */
const languagesOf = (name: CardName): readonly Language[] =>
  messageKeysOf(sourceOf(name)).size > 0 ? LANGUAGES : ['en'];
const sampleOf = (name: CardName) =>
  readJson(path.join(CARDS_DIR, 'samples', `${name}.json`)) as { [key: string]: Json };

/** adaptivecards-templating on its own, as the renderer used it before binding compiled templates. */
function libraryRender(template: object, data: object): string {
  const card = new ACData.Template(template).expand({ $root: data }) as Record<string, unknown>;
  delete card.$schema;
  return JSON.stringify(card);
}

const OTHER_TEXTS = ['', 'x', 'Ünïcödé — "quoted" \\ back\nslash <b>&amp;</b>', '${title}', 'true', '0', ' '];
const OTHER_NUMBERS = [0, 1, 7, 1.5, -3, 1e21];

/** The sample with the value at `at` replaced (or removed: `undefined`). */
function withValue(sample: Json, at: (string | number)[], value: Json | undefined): Json {
  if (at.length === 0) return value as Json;
  const [key, ...rest] = at;
  if (Array.isArray(sample)) {
    const copy = [...sample];
    copy[key as number] = withValue(copy[key as number]!, rest, value);
    return copy;
  }
  const copy = { ...(sample as { [key: string]: Json }) };
  if (rest.length === 0 && value === undefined) delete copy[key as string];
  else copy[key as string] = withValue(copy[key as string]!, rest, value);
  return copy;
}

/** Every path to a value in the sample, with the values to try there. */
function variations(node: Json, at: (string | number)[] = []): { at: (string | number)[]; value: Json | undefined }[] {
  const here: { at: (string | number)[]; value: Json | undefined }[] = [];
  if (at.length > 0) here.push({ at, value: null });
  if (at.length > 0 && typeof at[at.length - 1] === 'string') here.push({ at, value: undefined });
  if (typeof node === 'string') for (const text of OTHER_TEXTS) here.push({ at, value: text });
  if (typeof node === 'number') for (const n of OTHER_NUMBERS) here.push({ at, value: n });
  if (typeof node === 'boolean') here.push({ at, value: !node }, { at, value: node ? 'yes' : '' });
  if (Array.isArray(node)) {
    here.push({ at, value: [] });
    if (node.length > 1) here.push({ at, value: node.slice(0, 1) });
    for (const [i, item] of node.entries()) here.push(...variations(item, [...at, i]));
  } else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) here.push(...variations(value, [...at, key]));
  }
  return here;
}

describe('card rendering: the same bytes as adaptivecards-templating', () => {
  for (const name of CARD_NAMES)
    for (const language of languagesOf(name)) {
      it(`${name} (${language}): its sample, bound without the library`, () => {
        const card = new CompiledCard(templateOf(name, language));
        const sample = sampleOf(name);
        assert.equal(JSON.stringify(card.render(sample)), libraryRender(templateOf(name, language), sample));
        assert.equal(card.libraryRenders, 0, 'the sample needs nothing only the library renders');
      });

      it(`${name} (${language}): its sample with each value changed, missing or null`, () => {
        const template = templateOf(name, language);
        const card = new CompiledCard(template);
        const sample = sampleOf(name);
        const all = variations(sample);
        assert.ok(all.length > 3);
        for (const { at, value } of all) {
          const data = withValue(sample, at, value) as object;
          let expected: string;
          try {
            expected = libraryRender(template, data);
          } catch (err) {
            assert.throws(
              () => card.render(data),
              Error,
              `${at.join('.')} = ${JSON.stringify(value)}: the library throws (${String(err)})`,
            );
            continue;
          }
          assert.equal(
            JSON.stringify(card.render(data)),
            expected,
            `${name} with ${at.join('.')} = ${JSON.stringify(value)}`,
          );
        }
      });
    }

  it('renders the same card again and again, each a new top object, never one the caller could change for the next', () => {
    const renderer = new CardRenderer();
    for (const name of CARD_NAMES) {
      const first = renderer.render(name, sampleOf(name) as never);
      const second = renderer.render(name, sampleOf(name) as never);
      assert.notEqual(first, second);
      assert.equal(JSON.stringify(first), JSON.stringify(second));
      first.extra = 'added';
      assert.equal(renderer.render(name, sampleOf(name) as never).extra, undefined);
    }
  });

  it('reads every template at start, and refuses a directory without them', () => {
    assert.throws(() => new CardRenderer(path.join(CARDS_DIR, 'samples', 'none')), /ENOENT/);
  });
});
