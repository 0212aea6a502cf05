import assert from 'node:assert/strict';
import { LANGUAGES } from '../../bot/wording/language';
import { type PageMessage, TAB_MESSAGE_KEYS, tabWording } from '../../bot/wording/tabWording';

/** The names a page message asks the page to fill in, in every form it has. */
function placeholders(message: PageMessage): string[] {
  const texts = typeof message === 'string' ? [message] : Object.values(message.forms);
  return [...new Set(texts.flatMap((t) => [...t.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)))].sort();
}

describe('wording: what the tab page is given to say', () => {
  it("delivers every tab key and the shared words in every language, filled from the same names as English's", () => {
    const english = tabWording('en').messages;
    assert.ok(TAB_MESSAGE_KEYS.length >= 3);
    for (const language of LANGUAGES) {
      const { messages } = tabWording(language);
      assert.deepEqual(Object.keys(messages).sort(), [...TAB_MESSAGE_KEYS].sort(), language);
      for (const key of TAB_MESSAGE_KEYS) {
        assert.deepEqual(placeholders(messages[key]!), placeholders(english[key]!), `${language} ${key}`);
      }
    }
  });

  it('gives a plural as its forms, the number as a name to fill, and ICU quoting resolved', () => {
    const { messages } = tabWording('en');
    assert.deepEqual(messages['tab.dialog.attachSeveral'], {
      plural: 'count',
      forms: {
        one: 'Attach a partner of record to {count} subscription',
        other: 'Attach a partner of record to {count} subscriptions',
      },
    });
    assert.equal(messages['partnerId.placeholder'], '6 to 10 digits, for example 1234567');
    assert.deepEqual(Object.keys((tabWording('ja').messages['tab.dialog.attachSeveral'] as { forms: object }).forms), [
      'other',
    ]);
  });

  it("names the locale and the shapes the page writes dates in, as the chat's times.ts does", () => {
    const de = tabWording('de');
    assert.equal(de.language, 'de');
    assert.equal(de.locale, 'de');
    assert.equal(tabWording('en').locale, 'en-GB');
    assert.equal(de.dateTime.timeZoneName, 'shortOffset');
    assert.equal(de.dateTime.timeZone, undefined, 'the zone is the browser’s');
  });
});
