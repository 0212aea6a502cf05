import assert from 'node:assert/strict';
import { languageOf, languageOfAcceptLanguage } from '../../bot/wording/language';

describe('wording: the language a person is answered in', () => {
  it("takes a BCP-47 tag's language when the bot speaks it, else English", () => {
    const cases: [unknown, string][] = [
      ['de-DE', 'de'],
      ['de-CH', 'de'],
      ['DE-de', 'de'],
      ['fr-CA', 'fr'],
      ['es-419', 'es'],
      ['ja-JP', 'ja'],
      ['ja', 'ja'],
      ['en-US', 'en'],
      ['pt-BR', 'en'],
      ['zh-Hans-CN', 'en'],
    ];
    for (const [tag, language] of cases) assert.equal(languageOf(tag), language, String(tag));
  });

  it('answers a missing, malformed or oversized tag in English', () => {
    for (const tag of [
      undefined,
      null,
      42,
      '',
      ' ',
      'de_DE',
      'deutsch-de-x',
      '<script>',
      '--',
      `de-${'x'.repeat(70)}`,
    ]) {
      assert.equal(languageOf(tag), 'en', JSON.stringify(tag));
    }
  });

  it('answers a tag the same each time it comes back, after many other tags (tags are kept once read)', () => {
    const tags: [string, string][] = [
      ['de-DE', 'de'],
      ['fr-CA', 'fr'],
      ['pt-BR', 'en'],
      ['de_DE', 'en'],
      ['ja-JP', 'ja'],
      ['en-US', 'en'],
    ];
    for (let pass = 0; pass < 2; pass++) {
      for (const [tag, language] of tags) assert.equal(languageOf(tag), language, `${tag}, pass ${pass + 1}`);
      // More tags than are kept: the first ones are read afresh on the next pass.
      for (let i = 0; i < 600; i++) assert.equal(languageOf(`x-${i}`), 'en');
      for (let i = 0; i < 600; i++) assert.equal(languageOf(i % 2 ? `de-x-${i}` : `es-x-${i}`), i % 2 ? 'de' : 'es');
    }
  });

  it('takes the Accept-Language the bot speaks with the highest weight, the first among equals', () => {
    const cases: [unknown, string][] = [
      ['de-DE,de;q=0.9,en;q=0.8', 'de'],
      ['pt-BR, fr;q=0.7, ja;q=0.6', 'fr'],
      ['en;q=0.5, ja;q=0.9', 'ja'],
      ['es, de', 'es'],
      ['fr;q=0, de;q=0.1', 'de'],
      ['pt-BR, *;q=0.5', 'en'],
      ['ja;q=abc, de;q=2', 'en'],
      ['', 'en'],
      [undefined, 'en'],
      [`de, ${'x'.repeat(2000)}`, 'en'],
    ];
    for (const [header, language] of cases) assert.equal(languageOfAcceptLanguage(header), language, String(header));
  });
});
