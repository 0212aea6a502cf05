import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../bot/config';
import { SERVICES, type PartnerEmailPayload } from '../../bot/core';
import { CPOR_DOCS_URL, PAL_DOCS_URL, renderPartnerEmail } from '../../bot/notifications/partnerEmails';
import { CARD_NAMES, CARDS_DIR, CardRenderer } from '../../bot/teams/cardRenderer';
import { message } from '../../bot/wording/formatter';
import { EMAIL_STATE_LABELS } from '../../bot/wording/labels';
import { LANGUAGES, type Language } from '../../bot/wording/language';
import { CATALOGS, type MessageKey } from '../../bot/wording/messages';
import { OWNER_DECLINED_NEXT, ownerConfirmedText, ownerDeclinedTitle } from '../../bot/wording/partnerAnswer';
import { tabWording } from '../../bot/wording/tabWording';
import { cardText } from '../support/cards';

/**
 * No Microsoft API lets a customer set, clear or read the partner of record: the bot keeps the organization's own
 * record and tells the partner. Nothing a person reads may say that it changes anything at Microsoft, or promise a
 * partner usage data or incentives, which Microsoft alone decides.
 */
const FORBIDDEN: RegExp[] = [
  /\bincentive/i,
  /see (the )?(subscription'?s |subscription\u2019s |its )?usage/i,
  /(lets?|allows?) (that |the )?partner (to )?(see|view|access)/i,
  /qualif(y|ies) for/i,
  /(changes?|sets?|updates?|registers?) the (digital )?partner of record (at|in|on|with) Microsoft/i,
  /registered with Microsoft/i,
  /(attach|change|remove|set)[^.]{0,40}partner of record on (the tenant's|your|the organization's)[^.]{0,40}subscriptions/i,
];

/**
 * The same claims and promises in the other languages the partner's email and page are written in: incentives or
 * rewards, usage data, access to the subscription, a partner of record set at Microsoft.
 */
const FORBIDDEN_IN: Readonly<Record<Exclude<Language, 'en'>, RegExp[]>> = {
  de: [
    /Anreiz|Incentive|Prämie|Vergütung/i,
    /Nutzungsdaten/i,
    /(erhalten|bekommen) Sie (den )?Zugriff/i,
    /bei Microsoft (registriert|eingetragen|festgelegt)/i,
  ],
  fr: [
    /incitati|incentive|prime|rémunération/i,
    /données d’utilisation/i,
    /vous (donne|donnera) accès/i,
    /(enregistré|inscrit|défini) (auprès de|chez) Microsoft/i,
  ],
  es: [
    /incentivo|recompensa/i,
    /datos de uso/i,
    /(?<!\b(ni|no) )le (da|dará) acceso/i,
    /(registrado|establecido) (en|ante) Microsoft/i,
  ],
  ja: [/インセンティブ|報奨|報酬/, /使用状況データ/, /アクセス権が与えられます/, /Microsoft に登録されました/],
};

/** How each language says that nothing changes at Microsoft, in the partner's email and page. */
const NOTHING_AT_MICROSOFT_IN: Readonly<Record<Language, RegExp>> = {
  en: /(changes nothing|nothing (is|was) changed|does not change anything|nothing changes) at Microsoft/i,
  de: /ändert (sich |sie )?(dadurch )?nichts bei Microsoft|Bei Microsoft ändert (sich |sie )?(dadurch )?nichts/,
  fr: /ne change rien chez Microsoft|[Rr]ien ne change chez Microsoft/,
  es: /[Nn]o cambia nada en Microsoft|[Ee]n Microsoft no cambia nada/,
  ja: /Microsoft 側では何も変わ/,
};

/** A text in a language claims nothing at Microsoft and promises nothing, by that language's words and English's. */
function assertTruthfulIn(language: Language, where: string, text: string): void {
  assertTruthful(where, text);
  const bare = text.replace(/https?:\/\/\S+/g, '<link>');
  for (const rule of language === 'en' ? [] : FORBIDDEN_IN[language]) {
    const found = rule.exec(bare);
    assert.equal(found, null, `${where} says "${found?.[0]}" (${rule})`);
  }
}

/** The organization's own record, and nothing changed at Microsoft: what the first words about the bot must say. */
const OWN_RECORD = /organization['\u2019]s own record/i;
const NOTHING_AT_MICROSOFT =
  /(changes nothing|nothing (is|was) changed|does not change anything|nothing changes) at Microsoft/i;

const read = (...parts: string[]): string => readFileSync(path.join(REPO_ROOT, ...parts), 'utf8');

/** Every string of a JSON tree, keys left out. */
function stringsOf(node: unknown): string[] {
  if (typeof node === 'string') return [node];
  if (Array.isArray(node)) return node.flatMap(stringsOf);
  if (node && typeof node === 'object') return Object.values(node).flatMap(stringsOf);
  return [];
}

function assertTruthful(where: string, text: string): void {
  // A link's address is not a claim: Microsoft's CPOR page lives under /partner-center/incentives/.
  text = text.replace(/https?:\/\/\S+/g, '<link>');
  for (const rule of FORBIDDEN) {
    const found = rule.exec(text);
    assert.equal(found, null, `${where} says "${found?.[0]}" (${rule})`);
  }
}

const renderer = new CardRenderer();
const sample = (name: string): unknown =>
  JSON.parse(read(path.relative(REPO_ROOT, CARDS_DIR), 'samples', `${name}.json`));
const renderedCard = (name: (typeof CARD_NAMES)[number]) => renderer.render(name, sample(name) as never);

function payload(template: PartnerEmailPayload['template'], service: string, language?: Language): PartnerEmailPayload {
  return {
    ...(language ? { language } : {}),
    template,
    to: { name: 'Fabrikam Partners', email: 'por@fabrikam.example' },
    partner: { partnerId: '1234567', name: 'Fabrikam Partners' },
    customer: { tenantId: 'tenant-1', name: 'Contoso Ltd' },
    subscription: { id: 'sub-1', service, name: 'Contoso Production' },
    actor: { aadObjectId: 'aad-1', name: 'Ada Owner' },
    at: '2025-03-04T05:06:07.890Z',
  };
}

/** The README's first paragraph: the lines after the title, up to the first blank line. */
function readmeFirstParagraph(): string {
  const lines = read('README.md').split('\n');
  const start = lines.findIndex((line, i) => i > 0 && line.trim() !== '');
  const end = lines.findIndex((line, i) => i > start && line.trim() === '');
  return lines.slice(start, end).join(' ');
}

describe('wording: the bot says only what it does (its own record, nothing at Microsoft)', () => {
  for (const name of CARD_NAMES) {
    it(`the ${name} card, rendered with its sample, claims no change at Microsoft and promises nothing`, () => {
      const card = renderedCard(name);
      assertTruthful(`the ${name} card`, stringsOf(card).join('\n'));
    });
  }

  it("the help and welcome cards say it is the organization's own record and changes nothing at Microsoft", () => {
    for (const name of ['help', 'welcome'] as const) {
      const card = renderedCard(name);
      assert.match(cardText(card), OWN_RECORD, `the ${name} card`);
      assert.match(cardText(card), NOTHING_AT_MICROSOFT, `the ${name} card`);
      assert.match(String(card.fallbackText), OWN_RECORD, `the ${name} card's fallback text`);
    }
  });

  it('the confirmation card says nothing changed at Microsoft and where Microsoft shows the subscription', () => {
    const card = renderedCard('done');
    assert.match(cardText(card), NOTHING_AT_MICROSOFT);
    assert.match(cardText(card), /Billing > Your products/);
    const urls = (card.actions as { type: string; url?: string }[])
      .filter((a) => a.type === 'Action.OpenUrl')
      .map((a) => a.url);
    // The sample is an Azure subscription; other services get the admin center alone.
    assert.deepEqual(urls, [
      'https://admin.microsoft.com/#/subscriptions',
      'https://portal.azure.com/#view/Microsoft_Azure_Billing/SubscriptionsBladeV2',
    ]);
    const office = renderer.render('done', {
      ...(sample('done') as object),
      service: 'Office 365 / Microsoft 365',
      azure: false,
    } as never);
    const officeUrls = (office.actions as { type: string; url?: string }[])
      .filter((a) => a.type === 'Action.OpenUrl')
      .map((a) => a.url);
    assert.deepEqual(officeUrls, ['https://admin.microsoft.com/#/subscriptions']);
    assert.doesNotMatch(cardText(office), /Azure portal/);
  });

  for (const template of ['added', 'replaced', 'removed'] as const) {
    for (const service of SERVICES) {
      it(`the "${template}" partner email for ${service} claims no change at Microsoft and promises nothing`, () => {
        const mail = renderPartnerEmail(payload(template, service), {
          supportLine: 'Support: https://support.example',
        });
        for (const [part, text] of Object.entries(mail)) assertTruthful(`the ${template} email's ${part}`, text);
        assert.match(mail.text, /customer\u2019s own record/);
        assert.match(mail.text, /changes nothing at Microsoft and gives you no access/);
      });
    }
  }

  for (const language of LANGUAGES.filter((l) => l !== 'en')) {
    it(`every partner email in ${language} claims no change at Microsoft, and says whose record it is`, () => {
      for (const template of ['added', 'replaced', 'removed'] as const) {
        for (const service of SERVICES) {
          const mail = renderPartnerEmail(payload(template, service, language), { answerUrl: 'https://x.example/a' });
          for (const [part, text] of Object.entries(mail))
            assertTruthfulIn(language, `the ${language} ${template} email's ${part} (${service})`, text);
          assert.ok(mail.text.includes(message(language, 'partnerEmail.ownRecordOnly')), `${language} ${template}`);
          assert.match(mail.text, NOTHING_AT_MICROSOFT_IN[language], `${language} ${template}`);
        }
      }
    });
  }

  it('tells a new partner its own step at Microsoft: a Partner Admin Link for Azure, a CPOR claim otherwise', () => {
    const azure = renderPartnerEmail(payload('added', 'Azure'), { supportLine: '' }).text;
    assert.ok(azure.includes(PAL_DOCS_URL));
    assert.match(azure, /az managementpartner create --partner-id 1234567/);
    assert.ok(!azure.includes(CPOR_DOCS_URL));
    for (const service of SERVICES.filter((s) => s !== 'Azure')) {
      const text = renderPartnerEmail(payload('added', service), { supportLine: '' }).text;
      assert.ok(text.includes(CPOR_DOCS_URL), service);
      assert.match(text, /claim for Contoso Ltd in Partner Center \(claiming partner of record, CPOR\)/, service);
      assert.ok(!text.includes(PAL_DOCS_URL), service);
    }
  });

  it('the tab page, its scripts and its words claim no change at Microsoft, and the page says whose record it is', () => {
    assertTruthful('tab/index.html', read('tab', 'index.html'));
    for (const script of readdirSync(path.join(REPO_ROOT, 'tab')).filter((f) => f.endsWith('.js'))) {
      assertTruthful(`tab/${script}`, read('tab', script));
    }
    assertTruthful('the email labels', Object.values(EMAIL_STATE_LABELS).join('\n'));
    // The page's words come from the catalogs (GET /api/tab/wording); what it says first about itself is there.
    const { messages } = tabWording('en');
    assertTruthful("the tab's words", stringsOf(messages).join('\n'));
    for (const language of LANGUAGES) {
      assertTruthfulIn(language, `the tab's words (${language})`, stringsOf(tabWording(language).messages).join('\n'));
    }
    assert.match(String(messages['tab.about.record']), OWN_RECORD);
    assert.match(String(messages['tab.about.microsoft']), NOTHING_AT_MICROSOFT);
    const page = read('tab', 'index.html');
    assert.ok(page.indexOf('data-text="tab.about.record"') < page.indexOf('<table'), 'said before the table');
  });

  it("the partner's answer page, in every language, and the owner's messages about it promise nothing Microsoft decides", () => {
    const pageKeys = Object.keys(CATALOGS.en).filter((k) => k.startsWith('answerPage.')) as MessageKey[];
    assert.ok(pageKeys.length > 10, 'the page has its words in the catalogs');
    for (const language of LANGUAGES) {
      for (const key of pageKeys)
        assertTruthfulIn(language, `${language} ${key}`, message(language, key, { customer: 'Contoso Ltd' }));
      assert.match(message(language, 'answerPage.meaning'), NOTHING_AT_MICROSOFT_IN[language], language);
    }
    const said = [
      ownerConfirmedText('Wingtip Partners', 'Azure: Prod', '2026-12-09 10:00 UTC'),
      ownerDeclinedTitle('Wingtip Partners', 'Azure: Prod'),
      OWNER_DECLINED_NEXT,
      read('tab', 'partnerAnswer.js'),
    ];
    for (const text of said) assertTruthful('the partner answer wording', text);
    assert.match(ownerConfirmedText('Wingtip Partners', 'Azure: Prod', '2026-12-09 10:00 UTC'), NOTHING_AT_MICROSOFT);
    assert.match(ownerConfirmedText('Wingtip Partners', 'Azure: Prod', '2026-12-09 10:00 UTC'), OWN_RECORD);
  });

  it("the README's first paragraph says it is the organization's own record, and no document claims more", () => {
    const first = readmeFirstParagraph();
    assert.match(first, OWN_RECORD);
    assert.match(first, NOTHING_AT_MICROSOFT);
    for (const doc of [
      'README.md',
      'docs/ARCHITECTURE.md',
      'docs/configuration.md',
      'docs/integrations.md',
      'docs/microsoft-tenant.md',
      'docs/partner-answer.md',
      'docs/testing.md',
      'docs/what-the-server-accepts.md',
      'bench/README.md',
      'deployment/README.md',
      'manifest/README.md',
      'tab/terms.html',
      'tab/privacy.html',
    ]) {
      assertTruthful(doc, read(doc));
    }
  });

  it('the Teams manifest and package.json describe the record, not a change at Microsoft', () => {
    const manifest = JSON.parse(read('manifest', 'manifest.template.json'));
    const strings = stringsOf(manifest).join('\n');
    assertTruthful('manifest/manifest.template.json', strings);
    assert.match(manifest.description.full, OWN_RECORD);
    assert.match(manifest.description.full, NOTHING_AT_MICROSOFT);
    assert.match(manifest.description.short, /record/i);
    assert.doesNotMatch(manifest.description.short, /^(attach|change|remove)/i);
    const description = JSON.parse(read('package.json')).description as string;
    assertTruthful('package.json', description);
    assert.match(description, /own record/i);
  });
});
