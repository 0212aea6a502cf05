import assert from 'node:assert/strict';
import { LANGUAGES } from '../../bot/wording/language';
import {
  OWNER_DECLINED_NEXT,
  ownerConfirmedText,
  ownerDeclinedReason,
  ownerDeclinedTitle,
} from '../../bot/wording/partnerAnswer';
import { ownerConfirmedIn, ownerDeclinedIn } from '../../bot/wording/partnerAnswerIn';
import { storedSubscriptionTitle } from '../../bot/wording/services';
import { timeZoneOf } from '../../bot/wording/times';

const AT = '2026-12-09T10:05:00.000Z';

/**
 * What the owner is told once the partner a change named answered it, from the catalogs: in English partnerAnswer.ts's
 * words, in every other language its own, the time of the answer as the reader reads times.
 */
describe("wording: the owner's notices after a partner answered, from the catalogs", () => {
  it('say in English what partnerAnswer.ts says, the time in UTC without a zone', () => {
    const en = { language: 'en' as const };
    assert.equal(
      ownerConfirmedIn(en, 'Wingtip Partners', 'Azure: Prod', AT),
      ownerConfirmedText('Wingtip Partners', 'Azure: Prod', '2026-12-09 10:05 UTC'),
    );
    assert.deepEqual(ownerDeclinedIn(en, 'Wingtip Partners', 'Azure: Prod', 'Not ours'), {
      title: ownerDeclinedTitle('Wingtip Partners', 'Azure: Prod'),
      message: ownerDeclinedReason('Not ours'),
      hint: OWNER_DECLINED_NEXT,
    });
    assert.equal(ownerDeclinedIn(en, 'W', 'S', null).message, ownerDeclinedReason(null));
  });

  it("say the time of the answer in the reader's zone", () => {
    const tokyo = { language: 'en' as const, timeZone: timeZoneOf('Asia/Tokyo')! };
    assert.match(
      ownerConfirmedIn(tokyo, 'Wingtip Partners', 'Azure: Prod', AT),
      /^Wingtip Partners confirmed on 9 Dec 2026, 19:05 GMT\+9 that/,
    );
    const berlin = { language: 'de' as const, timeZone: timeZoneOf('Europe/Berlin')! };
    assert.match(
      ownerConfirmedIn(berlin, 'Wingtip Partners', 'Azure: Prod', AT),
      /^Wingtip Partners hat am 9\. Dez\. 2026, 11:05 GMT\+1 bestätigt/,
    );
  });

  for (const language of LANGUAGES.filter((l) => l !== 'en')) {
    it(`${language}: says them in its own words`, () => {
      const confirmed = ownerConfirmedIn({ language }, 'Wingtip Partners', 'Azure: Prod', AT);
      assert.notEqual(confirmed, ownerConfirmedIn({ language: 'en' }, 'Wingtip Partners', 'Azure: Prod', AT));
      assert.match(confirmed, /Wingtip Partners.*Azure: Prod|Azure: Prod.*Wingtip Partners/);
      assert.match(confirmed, /2026-12-09 10:05 UTC/);
      const declined = ownerDeclinedIn({ language }, 'Wingtip Partners', 'Azure: Prod', null);
      const english = ownerDeclinedIn({ language: 'en' }, 'Wingtip Partners', 'Azure: Prod', null);
      for (const part of ['title', 'message', 'hint'] as const) assert.notEqual(declined[part], english[part], part);
      assert.match(ownerDeclinedIn({ language }, 'W', 'S', 'Nicht unser Kunde').message, /Nicht unser Kunde$/);
    });
  }

  it("names a queued message's subscription by its service's name today, and a service it does not know as it is", () => {
    assert.equal(
      storedSubscriptionTitle({ service: 'AX7', name: 'Contoso F&O' }),
      'Dynamics 365 Finance and Operations (AX7): Contoso F&O',
    );
    assert.equal(storedSubscriptionTitle({ service: 'Exchange', name: 'Mail' }), 'Exchange: Mail');
  });
});
