import assert from 'node:assert/strict';
import { LANGUAGES } from '../../bot/wording/language';
import {
  digestDismissedIn,
  digestDoneIn,
  digestSummaryIn,
  notRemindedIn,
  nudgeDismissedIn,
} from '../../bot/wording/nudgesIn';
import { storedServiceName } from '../../bot/wording/services';

const ONE_PAGE = { from: 1, to: 1, page: 0, pageCount: 1 };
const SECOND_PAGE = { from: 21, to: 21, page: 1, pageCount: 2 };

/**
 * The nudge's and the digest's sentences, now drawn from the catalogs: English keeps the exact words it said before,
 * and every other language says something else.
 */
describe('wording: the nudge and the digest from the catalogs', () => {
  it('say in English the very words they said before', () => {
    assert.equal(
      digestSummaryIn('en', 1, ONE_PAGE),
      "1 subscription has no partner of record in your organization's record.",
    );
    assert.equal(
      digestSummaryIn('en', 21, SECOND_PAGE),
      "21 subscriptions have no partner of record in your organization's record (21-21, page 2 of 2).",
    );
    const anyTime = 'You can attach a partner any time with "add partner".';
    assert.equal(
      digestDismissedIn('en', 1),
      `I won't bring up this subscription again; I will tell you only about subscriptions that appear later. ${anyTime}`,
    );
    assert.equal(
      digestDismissedIn('en', 1200),
      `I won't bring up these 1200 subscriptions again; I will tell you only about subscriptions that appear later. ${anyTime}`,
    );
    assert.equal(
      digestDoneIn('en'),
      `Every subscription this card listed has a partner of record now, or you chose not to be reminded about it. ${anyTime}`,
    );
    assert.equal(
      nudgeDismissedIn('en', 'Power BI: Power BI Pro'),
      `I won't bring up Power BI: Power BI Pro again. ${anyTime}`,
    );
    assert.equal(notRemindedIn('en'), `You chose not to be reminded about it. ${anyTime}`);
  });

  for (const language of LANGUAGES.filter((l) => l !== 'en')) {
    it(`${language}: says each of them in its own words, one subscription and several alike`, () => {
      const said = (fn: (l: typeof language | 'en') => string) => [fn('en'), fn(language)];
      for (const [english, translated] of [
        said((l) => digestSummaryIn(l, 1, ONE_PAGE)),
        said((l) => digestSummaryIn(l, 21, SECOND_PAGE)),
        said((l) => digestDismissedIn(l, 1)),
        said((l) => digestDismissedIn(l, 5)),
        said(digestDoneIn),
        said((l) => nudgeDismissedIn(l, 'Power BI: Power BI Pro')),
        said(notRemindedIn),
      ]) {
        assert.notEqual(translated, english);
      }
      assert.notEqual(digestDismissedIn(language, 1), digestDismissedIn(language, 5).replace('5', '1'));
      assert.match(digestSummaryIn(language, 21, SECOND_PAGE), /21/);
    });
  }

  it("names a queued message's service by today's name, and text that names none as it is", () => {
    assert.equal(storedServiceName('CRM Online'), 'Dynamics 365 (CRM Online)');
    assert.equal(storedServiceName('Dynamics 365'), 'Dynamics 365');
  });
});
