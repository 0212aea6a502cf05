import assert from 'node:assert/strict';
import { CardRenderer, type CardDataMap } from '../../bot/teams/cardRenderer';
import { COMMAND_WORDS } from '../../bot/teams/commandWords';
import { parseTextCommand } from '../../bot/teams/textCommands';
import { listOf, message } from '../../bot/wording/formatter';
import { aboutTheRecordIn, greetingIn, ownersTextIn, readOnlyReasonIn } from '../../bot/wording/inLanguage';
import { LANGUAGES, type Language } from '../../bot/wording/language';
import { cardFacts, type Card } from '../support/cards';
import { englishLeft, englishPhrases } from '../support/englishLeft';
import {
  MAX_BATCH_CHANGES,
  type AuditEntry,
  type DomainErrorDetail,
  type Outcome,
  type Partner,
  type SubscriptionView,
} from '../../bot/core';
import { NoticeCards } from '../../bot/teams/noticeCards';
import { everyHasPartner, noneHasPartner } from '../../bot/teams/verbs/start';
import { changeDoneMessageIn, changeTitleIn, partnerTextIn } from '../../bot/wording/changesIn';
import { digestSummaryIn } from '../../bot/wording/nudgesIn';
import { SERVICE_NAMES } from '../../bot/wording/services';
import { batchEmailTextIn, selectionDoneMessageIn, subscriptionsTextIn } from '../../bot/wording/severalIn';
import { timeZoneOf } from '../../bot/wording/times';

/**
 * The cards moved to the catalogs (welcome, help, the attach, remove and several-at-once flows, the notices, the
 * nudge and the digest) read wholly in the person's language: no sentence of the English card is left in another
 * language's, and the commands they tell people to type work when typed.
 */

const OTHERS = LANGUAGES.filter((l) => l !== 'en');
/** Names that stay as they are in every language. */
const SAME_IN_EVERY_LANGUAGE = ['Partner of Record', 'Partner ID', '(Partner ID', 'Azure portal'];
const renderer = new CardRenderer();

/** The cards each converted verb draws, as it draws them in a language (data included). */
function cardsIn(language: Language): Record<string, Card> {
  const welcome = (data: Partial<CardDataMap['welcome']>) =>
    renderer.render(
      'welcome',
      {
        greeting: greetingIn(language, 'Ada Owner'),
        tenantName: 'Contoso Ltd',
        aboutRecord: aboutTheRecordIn(language),
        mayChange: true,
        readOnlyReason: '',
        ...data,
      },
      language,
    );
  return {
    'welcome (owner)': welcome({}),
    'welcome (co-admin)': welcome({
      mayChange: false,
      readOnlyReason: readOnlyReasonIn(language, 'coAdmin', ['Ada Owner', 'Bo Owner'], 'groupsAndPimUnseen'),
    }),
    'welcome (unknown person, no mail server)': welcome({
      greeting: greetingIn(language, null),
      tenantName: message(language, 'welcome.yourOrganization'),
      aboutRecord: aboutTheRecordIn(language, 'file'),
      mayChange: false,
      readOnlyReason: message(language, 'readOnly.anonymous'),
    }),
    help: renderer.render(
      'help',
      {
        aboutRecord: aboutTheRecordIn(language),
        ownersText: ownersTextIn(language, ['Ada Owner']),
        azureRule: message(language, 'help.azureRule'),
        supportTechnicalUrl: 'https://admin.microsoft.com/#/support',
        supportBillingUrl: 'https://admin.microsoft.com/#/support/requests',
      },
      language,
    ),
    'help (no owner known)': renderer.render(
      'help',
      {
        aboutRecord: aboutTheRecordIn(language, 'file'),
        ownersText: ownersTextIn(language, []),
        azureRule: '',
        supportTechnicalUrl: 'https://admin.microsoft.com/#/support',
        supportBillingUrl: 'https://admin.microsoft.com/#/support/requests',
      },
      language,
    ),
    ...attachFlowCardsIn(language),
    ...removeCardsIn(language),
    ...severalCardsIn(language),
    ...noticeCardsIn(language),
    ...nudgeCardsIn(language),
  };
}

/** The nudge and the digest (sent outside a turn, in the language the person's chat last said). */
function nudgeCardsIn(language: Language): Record<string, Card> {
  const page = (pageCount: number) => {
    const summary = digestSummaryIn(language, 21, { from: 1, to: 20, page: 0, pageCount });
    const fallbackText = message(language, 'digest.fallback', { summary });
    const items = [{ service: 'Office 365 / Microsoft 365', name: 'Office 365 E3', subscriptionId: 's1' }];
    return { summary, fallbackText, page: 0, items, hasPrev: true, prevPage: 0, hasNext: true, nextPage: 1 };
  };
  return {
    nudge: renderer.render(
      'nudge',
      { service: 'Office 365 / Microsoft 365', subscriptionName: 'Office 365 E3', subscriptionId: 's1' },
      language,
    ),
    digest: renderer.render('nudgeDigest', page(2), language),
    'digest (one page)': renderer.render('nudgeDigest', page(1), language),
  };
}

/** Names the attach flow's cards show as data: the same in every language. */
const FLOW_DATA = [
  'Office 365 / Microsoft 365',
  'Contoso Ltd',
  'Ada Owner',
  'Office 365 E3',
  'Wingtip Partners',
  '2345678',
  'Fabrikam Cloud Services',
  '1234567',
  'Azure plan',
  'Contoso Sales',
  ...Object.values(SERVICE_NAMES),
];

/** The attach flow's cards (picker, Partner ID form, confirmation, done, in an Azure subscription's case). */
function attachFlowCardsIn(language: Language): Record<string, Card> {
  const subscription = { service: 'Azure', subscriptionName: 'Azure plan', subscriptionId: 's1', version: 0 };
  const azure = { azure: true };
  const wingtip = { partnerId: '2345678', name: 'Wingtip Partners', email: '' } as Partner;
  const title = changeTitleIn(language, 'attach');
  const none = partnerTextIn(language, null);
  const done = { kind: 'attach' as const, oldPartner: null, newPartner: wingtip };
  return {
    picker: renderer.render(
      'pickSubscription',
      {
        ...{ mode: 'attach', service: '', title, prompt: message(language, 'pick.promptWithout') },
        ...{ choices: [{ title: 'Office 365: Office 365 E3', value: 's1' }], hasPrev: true, prevPage: 0 },
        ...{ pageText: message(language, 'pick.showing', { from: 21, to: 21, total: 21 }), hasNext: true, nextPage: 2 },
      },
      language,
    ),
    form: renderer.render(
      'enterPartnerId',
      { ...subscription, mode: 'attach', title, currentPartnerText: none, partnerIdValue: '', errorText: '' },
      language,
    ),
    confirm: renderer.render(
      'confirmPartner',
      {
        ...{ ...subscription, mode: 'attach', question: message(language, 'confirm.question'), actionId: 'a1' },
        ...{ partnerId: '2345678', partnerName: 'Wingtip Partners', currentPartnerText: none },
      },
      language,
    ),
    done: renderer.render(
      'done',
      {
        ...{ ...subscription, ...azure, kind: 'attach', title: message(language, 'done.title.attach') },
        actorName: 'Ada Owner',
        ...{ message: changeDoneMessageIn(language, 'Azure plan', done), when: '2026-12-07 23:05 UTC' },
        ...{ partnerText: partnerTextIn(language, wingtip), previousPartnerText: none },
      },
      language,
    ),
  };
}

const fabrikam = { partnerId: '1234567', name: 'Fabrikam Cloud Services', email: '' } as Partner;
const wingtip = { partnerId: '2345678', name: 'Wingtip Partners', email: 'hello@wingtip.example' } as Partner;

/** Removing a partner: the confirmation and the done card, and the pickers' answers when nothing fits. */
function removeCardsIn(language: Language): Record<string, Card> {
  const done = { kind: 'remove' as const, oldPartner: fabrikam, newPartner: null };
  return {
    'remove confirmation': renderer.render(
      'confirmRemove',
      {
        ...{ subscriptionId: 's1', service: SERVICE_NAMES['Office 365'], subscriptionName: 'Office 365 E3' },
        ...{ partnerId: '1234567', partnerName: 'Fabrikam Cloud Services', version: 2, actionId: 'a1' },
      },
      language,
    ),
    'remove done': renderer.render(
      'done',
      {
        ...{ kind: 'remove', title: message(language, 'done.title.remove'), actorName: 'Ada Owner', version: 3 },
        ...{ message: changeDoneMessageIn(language, 'Office 365 E3', done, 'file'), when: '2026-12-07 23:05 UTC' },
        ...{ service: SERVICE_NAMES['Office 365'], azure: false, subscriptionName: 'Office 365 E3' },
        ...{ subscriptionId: 's1', partnerText: partnerTextIn(language, null) },
        previousPartnerText: partnerTextIn(language, fabrikam),
      },
      language,
    ),
  };
}

/** An action on several subscriptions: both pickers, the one Partner ID form, its confirmation, the done card. */
function severalCardsIn(language: Language): Record<string, Card> {
  const sales = { title: `${SERVICE_NAMES['CRM Online']}: Contoso Sales`, value: 's2' };
  const line = (partner: Partner | null) =>
    message(language, 'several.form.line', { subscription: sales.title, partner: partnerTextIn(language, partner) });
  const selection: [string, number][] = [
    ['s1', 0],
    ['s2', 1],
  ];
  const reference = '5f0c6a1e-7b7e-4c39-9a44-1c2b3d4e5f60';
  return {
    'several picker': renderer.render(
      'pickSeveral',
      {
        title: message(language, 'several.pick.title'),
        prompt: message(language, 'several.pick.prompt', { max: MAX_BATCH_CHANGES, count: 21 }),
        ...{ choices: [sales], tickedHere: 's2', tickedElsewhere: [sales], tickedElsewhereValue: 's2' },
        pageText: message(language, 'pick.showing', { from: 21, to: 21, total: 21 }),
        tickedText: message(language, 'several.pick.ticked', { count: 2 }),
        ...{ offerAll: true, hasPrev: true, prevPage: 0, hasNext: true, nextPage: 2 },
      },
      language,
    ),
    'move picker': renderer.render(
      'pickMove',
      {
        title: message(language, 'several.move.title'),
        prompt: message(language, 'several.move.prompt'),
        choices: [
          {
            title: message(language, 'several.move.choice', { partnerName: 'Fabrikam Cloud Services', count: 3 }),
            value: '1234567',
          },
        ],
      },
      language,
    ),
    'several form': renderer.render(
      'enterPartnerIdForSeveral',
      {
        ...{ mode: 'change', title: changeTitleIn(language, 'change'), countText: subscriptionsTextIn(language, 2) },
        ...{ items: [{ text: line(fabrikam) }, { text: line(null) }], selection, partnerIdValue: '', errorText: '' },
      },
      language,
    ),
    'several confirmation': renderer.render(
      'confirmSeveral',
      {
        ...{ question: message(language, 'confirm.question'), mode: 'attach', partnerId: '2345678' },
        ...{ partnerName: 'Wingtip Partners', countText: subscriptionsTextIn(language, 1), selection, actionId: 'a1' },
        currentText: listOf(language, [partnerTextIn(language, fabrikam), partnerTextIn(language, null)]),
        items: [{ text: sales.title }],
      },
      language,
    ),
    'several done': renderer.render(
      'doneSeveral',
      {
        title: message(language, 'several.done.title.change', { count: 2 }),
        message: selectionDoneMessageIn(language, 2, { newPartner: wingtip, oldPartners: [fabrikam] }),
        emailText: batchEmailTextIn(language, 'overtaken'),
        items: [
          {
            text: message(language, 'several.done.before', { partner: partnerTextIn(language, fabrikam) }),
            weight: 'Bolder',
          },
          { text: message(language, 'several.done.row', { subscription: sales.title, reference }), weight: 'Default' },
          {
            text: message(language, 'several.done.rowChangedSince', {
              subscription: sales.title,
              reference,
              partner: partnerTextIn(language, null),
            }),
            weight: 'Default',
          },
        ],
        ...{ changeIds: [reference], actorName: 'Ada Owner', when: '2026-12-07 23:05 UTC' },
        nothingAtMicrosoft: message(language, 'record.nothingAtMicrosoft'),
      },
      language,
    ),
  };
}

/** Names and ids the notices show as data: the same in every language. */
const NOTICE_DATA = [
  'Dynamics 365 (CRM Online)',
  'Contoso Sales',
  'Contoso Production',
  'Ada Owner',
  'Bo Owner',
  'Wingtip Partners',
  '2345678',
  '99999999',
];

/** Every refusal the domain gives, as the chat answers it. */
const REFUSALS: DomainErrorDetail[] = [
  { code: 'unknownUser' },
  { code: 'notOwner', role: 'coAdmin', owners: ['Ada Owner'], note: 'activateInPim', azureOwners: true },
  { code: 'notOwner', role: 'owner', owners: [], azureSubscription: 'Contoso Production' },
  { code: 'notOwner', role: 'member', owners: ['Ada Owner', 'Bo Owner'], azureSubscription: 'Contoso Production' },
  { code: 'unknownSubscription', subscriptionId: 's1' },
  { code: 'stale', current: {} as never },
  { code: 'alreadyHasPartner', subscriptionId: 's1' },
  { code: 'noPartnerToChange', subscriptionId: 's1' },
  { code: 'slowDown', retryAfterSeconds: 40 },
  { code: 'invalidPartnerId', message: 'A Partner ID is a number of 6 to 10 digits.' },
  { code: 'unknownPartner', partnerId: '99999999' },
  { code: 'samePartner', partnerId: '2345678' },
];

/** The notices (notice.json) and the Grant access card (grantAccess.json), as NoticeCards draws them for a reader. */
function noticeCardsIn(language: Language): Record<string, Card> {
  const notices = new NoticeCards(renderer, (tenant) => `https://login.example/${tenant}/adminconsent`, 'app-1').for({
    language,
    timeZone: timeZoneOf('Europe/Berlin')!,
  });
  const wingtip = { partnerId: '2345678', name: 'Wingtip Partners', email: '' } as Partner;
  const change = { kind: 'attach', actorName: 'Ada Owner', at: '2026-12-07T23:05:00.000Z' } as AuditEntry;
  const sales = {
    subscription: { id: 's1', service: 'CRM Online', name: 'Contoso Sales' },
    partner: wingtip,
    lastChange: change,
  } as SubscriptionView;
  const production = {
    ...sales,
    subscription: { ...sales.subscription, service: 'Azure' as const, name: 'Contoso Production' },
  };
  const answer = (outcome: Outcome<never>) =>
    notices.forOutcome(outcome, () => ({}) as never, { verb: 'submit', data: {} });
  return {
    ...Object.fromEntries(
      REFUSALS.map((reason, i) => [`refused ${i} (${reason.code})`, answer({ kind: 'refused', reason })]),
    ),
    'state changed': notices.stateChanged(sales),
    'selection changed': answer({ kind: 'staleSelection', changed: [sales, production] }),
    'not answering': notices.notAnswering('partnerCenter'),
    'outcome unknown': answer({ kind: 'unconfirmed', upstream: 'store' }),
    'grant access': notices.grantAccess('https://login.example/t1/adminconsent', 'tenant-1'),
    unreadable: notices.unreadableAction('unknownCard'),
    'went wrong': notices.somethingWentWrong(),
    'too large': notices.tooLargeToShow(),
    unidentified: notices.unidentified(),
    'none yours': notices.noneYouMayChange('remove'),
    'every has a partner': everyHasPartner(notices),
    'none has a partner': noneHasPartner(notices, 'change'),
  };
}

/** The English card's phrases, but for names and data that stay the same. */
function englishPhrasesOf(card: Card): string[] {
  return englishPhrases(card, SAME_IN_EVERY_LANGUAGE).filter((s) => !/^(Ada Owner|Bo Owner|Contoso Ltd)\.?$/.test(s));
}

describe("cards in the person's language", () => {
  const english = cardsIn('en');

  it('finds the English sentences it looks for (the check can see them)', () => {
    const phrases = englishPhrasesOf(english.help!);
    assert.ok(phrases.includes('What I can do'));
    assert.ok(phrases.includes('Technical support'));
    assert.ok(englishPhrasesOf(english['welcome (owner)']!).includes('Hi Ada Owner.'));
    assert.ok(englishPhrasesOf(english['remove confirmation']!).includes('Remove the partner of record?'));
    assert.ok(englishPhrasesOf(english['several done']!).includes('Partner of record changed for 2 subscriptions'));
    assert.ok(englishPhrasesOf(english['several picker']!).includes('2 ticked so far.'));
    assert.ok(englishPhrasesOf(english.digest!).includes('Subscriptions without a partner of record'));
    assert.ok(englishPhrasesOf(english.nudge!).includes('Not now'));
  });

  for (const language of OTHERS) {
    it(`${language}: no sentence of the English cards is left in them`, () => {
      const cards = cardsIn(language);
      for (const [name, card] of Object.entries(cards)) {
        const data = [...FLOW_DATA, ...NOTICE_DATA];
        const left = englishLeft(english[name]!, card, { keep: SAME_IN_EVERY_LANGUAGE, data });
        assert.deepEqual(left, [], `${language} ${name} still says, in English`);
      }
    });

    it(`${language}: the commands the welcome and help cards name work when typed`, () => {
      const cards = cardsIn(language);
      const bold = [...JSON.stringify(cards['welcome (owner)']).matchAll(/\*\*([^*]+)\*\*/g)].map((m) => m[1]!);
      const facts = cardFacts(cards.help!).map((f) => f.title);
      assert.equal(bold.length, 5);
      assert.deepEqual(
        bold.map((word) => parseTextCommand(word)),
        facts.map((word) => parseTextCommand(word)),
        'the welcome card names the commands the help card explains, in the same order',
      );
      for (const word of [...bold, ...facts]) assert.notEqual(parseTextCommand(word).verb, 'didNotCatch', word);
      // The nudge's and the digest's text for clients without cards name the command that attaches a partner.
      const attach = message(language, 'command.attach');
      assert.deepEqual(parseTextCommand(attach), { verb: 'start', data: { mode: 'attach' } });
      for (const name of ['nudge', 'digest']) assert.ok(String(cards[name]!.fallbackText).includes(attach), name);
    });
  }
});

describe('typed commands in every language', () => {
  it("keeps English everywhere and understands each language's own words", () => {
    const cases: [string, string, unknown][] = [
      ['help', 'help', {}],
      ['status', 'status', { page: 0 }],
      ['add partner', 'start', { mode: 'attach' }],
      ['hilfe', 'help', {}],
      ['Partner entfernen', 'start', { mode: 'remove' }],
      ['Abbrechen!', 'cancel', {}],
      ['aide', 'help', {}],
      ['état', 'status', { page: 0 }],
      ['Changer de partenaire', 'start', { mode: 'change' }],
      ['ayuda', 'help', {}],
      ['Agregar partner', 'start', { mode: 'attach' }],
      ['ヘルプ', 'help', {}],
      ['ヘルプ。', 'help', {}],
      ['ｈｅｌｐ', 'help', {}],
      ['？', 'help', {}],
      ['状態', 'status', { page: 0 }],
      ['パートナーを変更', 'start', { mode: 'change' }],
      ['キャンセル', 'cancel', {}],
      ['こんにちは', 'welcome', {}],
    ];
    for (const [typed, verb, data] of cases) {
      assert.deepEqual(parseTextCommand(typed), { verb, data }, typed);
    }
  });

  it('gives every word one meaning across the languages', () => {
    assert.ok(COMMAND_WORDS.size > 60, `${COMMAND_WORDS.size} words`);
    assert.equal(COMMAND_WORDS.get('hilfe'), 'help');
    assert.equal(parseTextCommand('hilfe bitte').verb, 'didNotCatch');
  });
});
