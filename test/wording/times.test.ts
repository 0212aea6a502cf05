import assert from 'node:assert/strict';
import { dayText, timeText, timeZoneOf, type TimeZone } from '../../bot/wording/times';

const AT = '2026-12-07T23:05:42.123Z';
const zone = (name: string) => timeZoneOf(name) as TimeZone;

describe('times as the reader reads them (bot/wording/times.ts)', () => {
  it('takes a time zone Intl knows, by its canonical name, and nothing else', () => {
    assert.equal(timeZoneOf('Europe/Berlin'), 'Europe/Berlin');
    assert.equal(timeZoneOf('asia/tokyo'), 'Asia/Tokyo');
    // UTC under any of its names is read as UTC, as before.
    for (const utc of ['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT+0']) assert.equal(timeZoneOf(utc), undefined, utc);
    assert.equal(timeZoneOf('Europe/London'), 'Europe/London');
    for (const bad of [
      'Mars/Olympus',
      'x'.repeat(200),
      '',
      ' ',
      'Asia/Tokyo; DROP',
      '+01:00',
      9,
      null,
      undefined,
      {},
    ]) {
      assert.equal(timeZoneOf(bad), undefined, JSON.stringify(bad));
    }
  });

  it('without a zone, says UTC exactly as before, in every language', () => {
    assert.equal(timeText(AT), '2026-12-07 23:05 UTC');
    assert.equal(timeText(AT, { language: 'ja' }), '2026-12-07 23:05 UTC');
    assert.equal(dayText(AT, { language: 'de' }), '2026-12-07');
    assert.equal(timeText('not a time', { language: 'en', timeZone: zone('Asia/Tokyo') }), 'not a time');
  });

  it("with a zone, the language's date, a 24-hour clock and the zone's offset", () => {
    const tokyo = zone('Asia/Tokyo');
    assert.equal(timeText(AT, { language: 'en', timeZone: tokyo }), '8 Dec 2026, 08:05 GMT+9');
    assert.equal(timeText(AT, { language: 'de', timeZone: zone('Europe/Berlin') }), '8. Dez. 2026, 00:05 GMT+1');
    assert.equal(timeText(AT, { language: 'ja', timeZone: tokyo }), '2026年12月8日 08:05 GMT+9');
    assert.equal(timeText(AT, { language: 'en', timeZone: zone('America/New_York') }), '7 Dec 2026, 18:05 GMT-5');
    assert.equal(timeText(AT, { language: 'en', timeZone: zone('Asia/Kolkata') }), '8 Dec 2026, 04:35 GMT+5:30');
    // The reader's own day: already the 8th in Tokyo.
    assert.equal(dayText(AT, { language: 'en', timeZone: tokyo }), '8 Dec 2026');
  });
});
