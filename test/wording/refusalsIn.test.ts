import assert from 'node:assert/strict';
import {
  type AuditEntry,
  type ChangeKind,
  type DomainErrorDetail,
  type Partner,
  PartnerIdSchema,
  type Role,
  type RoleNote,
  type SubscriptionView,
  type Upstream,
} from '../../bot/core';
import { azureReaderStep } from '../../bot/wording/azure';
import { describeChange, waitText } from '../../bot/wording/labels';
import { LANGUAGES } from '../../bot/wording/language';
import {
  CONSENT_REQUIRED,
  noneYouMayChange,
  notAnswering,
  outcomeUnknown,
  partnerIdProblem,
  refusalFor,
  SOMETHING_WENT_WRONG,
  selectionChanged,
  stateChanged,
  TOO_LARGE_TO_SHOW,
  UNIDENTIFIED,
} from '../../bot/wording/refusals';
import {
  azureReaderStepIn,
  consentRequiredIn,
  describeChangeIn,
  fixedNoticeIn,
  noneYouMayChangeIn,
  notAnsweringIn,
  outcomeUnknownIn,
  partnerIdProblemIn,
  refusalForIn,
  selectionChangedIn,
  stateChangedIn,
  waitTextIn,
} from '../../bot/wording/refusalsIn';
import { serviceName } from '../../bot/wording/services';
import { timeZoneOf } from '../../bot/wording/times';

/**
 * The refusals and notices, now drawn from the catalogs, say in English exactly what refusals.ts and labels.ts say
 * (the tab still uses those), but for a service's name, which the chat gives by today's name; and something else in
 * every other language.
 */

const UPSTREAMS: Upstream[] = ['graph', 'arm', 'entra', 'partnerCenter', 'store'];
const KINDS: ChangeKind[] = ['attach', 'change', 'remove'];
const ROLES: Role[] = ['serviceAdmin', 'coAdmin', 'delegatedAdmin', 'member'];
const NOTES: (RoleNote | undefined)[] = [undefined, 'activateInPim', 'groupsAndPimUnseen'];
const OWNERS = [[], ['Ada Owner'], ['Ada Owner', 'Bo Owner', 'Cy Owner']];
const TOKYO = { language: 'en' as const, timeZone: timeZoneOf('Asia/Tokyo')! };

/** The domain's own refusal of a malformed Partner ID, as the service builds it. */
const invalidId = PartnerIdSchema.safeParse('12ab').error!.issues[0]!.message;

const wingtip = { partnerId: '2345678', name: 'Wingtip Partners', email: 'hello@wingtip.example' } as Partner;
const entry = { kind: 'change', actorName: 'Ada Owner', at: '2026-12-07T23:05:00.000Z' } as AuditEntry;

function view(service: 'CRM Online' | 'Azure', partner: Partner | null, lastChange: AuditEntry | null) {
  return { subscription: { id: 's1', service, name: 'Contoso Sales' }, partner, lastChange } as SubscriptionView;
}
const VIEWS = [
  view('CRM Online', wingtip, entry),
  view('Azure', null, { ...entry, kind: 'remove' }),
  view('CRM Online', null, null),
];

/** The same view with its service as the chat names it: what refusals.ts would say given today's name. */
const named = (v: SubscriptionView) =>
  ({ ...v, subscription: { ...v.subscription, service: serviceName(v.subscription.service) } }) as SubscriptionView;

/** Every refusal the domain gives, each case that words it differently. */
function details(): DomainErrorDetail[] {
  const notOwner = ROLES.flatMap((role) =>
    NOTES.flatMap((note) =>
      OWNERS.flatMap((owners) => [
        { code: 'notOwner' as const, role, owners, ...(note ? { note } : {}) },
        { code: 'notOwner' as const, role, owners, azureOwners: true },
      ]),
    ),
  );
  const azure = OWNERS.map((owners) => ({
    code: 'notOwner' as const,
    role: 'owner' as const,
    owners,
    azureSubscription: 'Contoso Production',
  }));
  const slowDown = [0.2, 1, 40, 89.5, 90, 150, 3600].map((s) => ({ code: 'slowDown' as const, retryAfterSeconds: s }));
  return [
    { code: 'unknownUser' },
    ...notOwner,
    ...azure,
    { code: 'unknownSubscription', subscriptionId: 's1' },
    { code: 'stale', current: {} as never },
    { code: 'alreadyHasPartner', subscriptionId: 's1' },
    { code: 'noPartnerToChange', subscriptionId: 's1' },
    ...slowDown,
    { code: 'invalidPartnerId', message: invalidId },
    { code: 'unknownPartner', partnerId: '99999999' },
    { code: 'samePartner', partnerId: '2345678' },
  ];
}

describe('wording: the refusals and notices from the catalogs', () => {
  it('give every refusal of the domain in English as refusals.ts does', () => {
    for (const d of details()) assert.deepEqual(refusalForIn('en', d), refusalFor(d), JSON.stringify(d));
    for (const d of details()) assert.equal(partnerIdProblemIn('en', d), partnerIdProblem(d), JSON.stringify(d));
    for (const kind of KINDS) assert.deepEqual(noneYouMayChangeIn('en', kind), noneYouMayChange(kind));
  });

  it('say outages, unknown outcomes, consent and the fixed notices in English as refusals.ts does', () => {
    for (const upstream of UPSTREAMS) {
      assert.deepEqual(notAnsweringIn('en', upstream), notAnswering(upstream));
      assert.deepEqual(outcomeUnknownIn('en', upstream), outcomeUnknown(upstream));
    }
    assert.deepEqual(consentRequiredIn('en'), CONSENT_REQUIRED);
    assert.deepEqual(fixedNoticeIn('en', 'unidentified'), UNIDENTIFIED);
    assert.deepEqual(fixedNoticeIn('en', 'wentWrong'), SOMETHING_WENT_WRONG);
    assert.deepEqual(fixedNoticeIn('en', 'tooLarge'), TOO_LARGE_TO_SHOW);
    assert.equal(azureReaderStepIn('en', 'app-1', 'tenant-1'), azureReaderStep('app-1', 'tenant-1'));
    for (const seconds of [0, 0.2, 1, 1.5, 40, 89, 89.5, 90, 150, 3600]) {
      assert.equal(waitTextIn('en', seconds), waitText(seconds), `${seconds} s`);
    }
  });

  it('say a stale state in English as refusals.ts does, on a card and on a page, in UTC or a zone', () => {
    for (const v of VIEWS) {
      for (const shownOn of ['card', 'page'] as const) {
        assert.deepEqual(stateChangedIn(v, shownOn, { language: 'en' }), stateChanged(named(v), shownOn));
        assert.deepEqual(stateChangedIn(v, shownOn, TOKYO), stateChanged(named(v), shownOn, TOKYO));
        for (const changed of [VIEWS.slice(0, 1), VIEWS]) {
          assert.deepEqual(
            selectionChangedIn(changed, shownOn, TOKYO),
            selectionChanged(changed.map(named), shownOn, TOKYO),
          );
        }
      }
    }
    assert.equal(describeChangeIn(TOKYO, entry), describeChange(entry, TOKYO));
    assert.match(stateChangedIn(VIEWS[0]!, 'page', { language: 'en' }).message, /Dynamics 365 \(CRM Online\): Contoso/);
  });

  for (const language of LANGUAGES.filter((l) => l !== 'en')) {
    it(`${language}: says each of them in its own words, every argument filled in`, () => {
      const reader = { language, timeZone: TOKYO.timeZone };
      const said = [
        ...details().flatMap((d) => Object.values(refusalForIn(language, d))),
        ...UPSTREAMS.flatMap((u) => [notAnsweringIn(language, u), outcomeUnknownIn(language, u)]),
        ...KINDS.map((kind) => noneYouMayChangeIn(language, kind)),
        consentRequiredIn(language),
        stateChangedIn(VIEWS[0]!, 'page', reader),
        selectionChangedIn(VIEWS, 'page', reader),
      ].flatMap((value) => (typeof value === 'string' ? [value] : Object.values(value).map(String)));
      const english = new Set([
        ...details().flatMap((d) => Object.values(refusalForIn('en', d))),
        ...UPSTREAMS.flatMap((u) => [
          ...Object.values(notAnsweringIn('en', u)),
          ...Object.values(outcomeUnknownIn('en', u)),
        ]),
      ]);
      for (const text of said) {
        assert.ok(!english.has(text), `${language} says, in English: ${text}`);
        assert.doesNotMatch(text, /[{}]|'<'/, `${language}: ${text}`);
      }
      assert.match(azureReaderStepIn(language, 'app-1', 'tenant-1'), /--assignee app-1 .*\/subscriptions\/<[^'>]+>/);
    });
  }

  it('starts an outage notice with the name of what did not answer, capitalized where the language has capitals', () => {
    assert.equal(notAnsweringIn('de', 'store').title, 'Die Datenbank des Bots antwortet nicht');
    assert.equal(notAnsweringIn('fr', 'graph').title, 'L’annuaire de Microsoft ne répond pas');
    assert.match(notAnsweringIn('es', 'entra').message, /con el servicio de inicio de sesión de Microsoft,/);
    assert.match(outcomeUnknownIn('es', 'partnerCenter').message, /^El registro de partners de Microsoft dejó/);
    assert.equal(waitTextIn('de', 1), 'in 1 Sekunde');
    assert.equal(waitTextIn('ja', 150), '約 3 分後');
  });
});
