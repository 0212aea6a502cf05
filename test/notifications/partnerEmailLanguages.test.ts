import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { PartnerEmailPayload } from '../../bot/core';
import { type RenderedEmail, renderPartnerEmail } from '../../bot/notifications/partnerEmails';
import { message } from '../../bot/wording/formatter';
import { startBot, tempDir, DEMO, type BotUnderTest } from '../support/botUnderTest';
import { findAction, invokeCard } from '../support/cards';
import { ChannelServer } from '../support/channelServer';
import { englishLeft, englishPhrases } from '../support/englishLeft';
import { FABRIKAM, PARTNERS, requireOpenssl } from '../support/microsoftCloud';
import { FABRIKAM_PEOPLE, startMicrosoftTenantBot, type MicrosoftTenantBot } from '../support/microsoftTenantBot';
import { type ReceivedMail, SmtpTestServer } from '../support/smtpTestServer';
import { TeamsUser } from '../support/teamsUser';

const AT = '2025-03-04T05:06:07.890Z';
const URL_PATTERN = /https?:\/\/\S+/g;

function payload(overrides: Partial<PartnerEmailPayload> = {}): PartnerEmailPayload {
  return {
    template: 'added',
    to: { name: 'Fabrikam Partners', email: 'por@fabrikam.example' },
    partner: { partnerId: '1234567', name: 'Fabrikam Partners' },
    customer: { tenantId: 'tenant-1', name: 'Contoso Ltd' },
    subscription: { id: 'sub-1', service: 'CRM Online', name: 'Contoso Sales' },
    actor: { aadObjectId: 'aad-1', name: 'Ada Owner' },
    at: AT,
    ...overrides,
  };
}

const BATCH = [
  { subscription: { id: 'sub-1', service: 'CRM Online', name: 'Contoso Sales' } },
  { subscription: { id: 'sub-2', service: 'Azure', name: 'Contoso Production' } },
];

/** The names an email carries, which no language changes: left out when looking for English left behind. */
const DATA = [
  'Fabrikam Partners',
  '1234567',
  'Contoso Ltd',
  'Contoso Sales',
  'Contoso Production',
  'Ada Owner',
  'Dynamics 365 (CRM Online)',
  'Dynamics 365 Finance and Operations (AX7)',
  'Power BI',
  'Azure',
  '2025-03-04 05:06 UTC',
];

/** "Partner ID" is Microsoft's own name, which its Spanish and Japanese keep (as the catalogs do). */
const KEEP = ['(Partner ID'];

/** What a person reads of an email: subject, text and the HTML's visible words, links left out. */
function readable(mail: Pick<RenderedEmail, 'subject' | 'text' | 'html'>): Record<string, string> {
  const visible = mail.html
    .slice(mail.html.indexOf('<body'))
    .replace(/<[^>]*>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
  const cut = (text: string) => text.replace(URL_PATTERN, ' ');
  return { subject: mail.subject, text: cut(mail.text), html: cut(visible) };
}

/** Every kind of partner email: one subscription added (CPOR and Azure's PAL), replaced, removed, and several. */
const KINDS: [string, PartnerEmailPayload, { answerUrl?: string; batchAnswerUrls?: string[] }][] = [
  ['added, with its answer link', payload(), { answerUrl: 'https://bot.example/partner-answer?t=a.b' }],
  [
    'added to an Azure subscription',
    payload({ subscription: { id: 's', service: 'Azure', name: 'Contoso Sales' } }),
    {},
  ],
  ['replaced', payload({ template: 'replaced', subscription: { id: 's', service: 'AX7', name: 'Contoso Sales' } }), {}],
  [
    'removed',
    payload({ template: 'removed', subscription: { id: 's', service: 'Power BI', name: 'Contoso Sales' } }),
    {},
  ],
  ['added to several', payload({ batch: BATCH }), { batchAnswerUrls: ['https://x.example/1', 'https://x.example/2'] }],
  ['replaced on several', payload({ template: 'replaced', batch: BATCH }), {}],
];

describe("partner emails in the partner's language", () => {
  for (const language of ['de', 'fr', 'es', 'ja'] as const) {
    it(`${language}: every kind of email, subject, text and HTML, has no English sentence left`, () => {
      for (const [kind, english, settings] of KINDS) {
        const inEnglish = renderPartnerEmail(english, settings);
        const translated = renderPartnerEmail({ ...english, language }, settings);
        assert.ok(englishPhrases(readable(inEnglish), [], DATA).length >= 5, `${kind}: the check sees sentences`);
        assert.deepEqual(englishLeft(readable(inEnglish), readable(translated), { data: DATA, keep: KEEP }), [], kind);
        assert.match(translated.html, new RegExp(`^<!DOCTYPE html>\\n<html lang="${language}">`), kind);
        // The partner's time zone is not known: the time is UTC, and says so.
        assert.ok(translated.text.includes('2025-03-04 05:06 UTC'), kind);
        assert.ok(translated.text.includes(message(language, 'partnerEmail.support')), kind);
      }
    });
  }

  it('writes German and Japanese as a native speaker would address a partner', () => {
    const de = renderPartnerEmail(payload({ language: 'de' }), {});
    assert.equal(de.subject, 'Contoso Ltd hat Sie als Partner of Record für Contoso Sales eingetragen');
    assert.ok(de.text.startsWith('Guten Tag Fabrikam Partners,\n\n'), de.text);
    assert.ok(
      de.text.includes(
        'Ada Owner von Contoso Ltd hat Fabrikam Partners (Partner-ID 1234567) am 2025-03-04 05:06 UTC als Partner of ' +
          'Record für das Abonnement „Contoso Sales“ (Dynamics 365 (CRM Online)) eingetragen.',
      ),
      de.text,
    );
    assert.match(
      de.text,
      /stellen Sie im Partner Center einen Antrag für Contoso Ltd \(Claiming Partner of Record, CPOR\)/,
    );
    const ja = renderPartnerEmail(payload({ language: 'ja', template: 'removed' }), {});
    assert.equal(ja.subject, 'Contoso Ltd の記録で、貴社は Contoso Sales のパートナー オブ レコードではなくなりました');
    assert.ok(ja.text.startsWith('Fabrikam Partners 様\n\n'), ja.text);
    // Japanese sentences follow each other without a space.
    assert.ok(ja.text.includes('削除しました。このサブスクリプションには'), ja.text);
  });

  it('reads a regional tag as its language, and anything else, or none, as English', () => {
    const english = renderPartnerEmail(payload(), {});
    for (const language of [undefined, 'en-US', 'pt-BR', 'not a tag', '']) {
      assert.deepEqual(renderPartnerEmail(payload(language === undefined ? {} : { language }), {}), english, language);
    }
    const austrian = renderPartnerEmail(payload({ language: 'de-AT' }), {});
    assert.deepEqual(austrian, renderPartnerEmail(payload({ language: 'de' }), {}));
    assert.match(austrian.html, /<html lang="de">/);
    assert.match(english.html, /<html lang="en">/);
  });

  it("names services by today's names, and keeps the operator's support line as written in every language", () => {
    const english = renderPartnerEmail(payload(), { supportLine: 'Support: +1 555 0100' });
    assert.ok(english.text.includes('the Dynamics 365 (CRM Online) subscription "Contoso Sales"'), english.text);
    assert.ok(english.text.includes('Support: +1 555 0100'));
    assert.ok(!english.text.includes(message('en', 'partnerEmail.support')));
    const batch = renderPartnerEmail(payload({ batch: BATCH, language: 'fr' }), {
      supportLine: 'Support: +1 555 0100',
    });
    assert.ok(batch.text.includes('- Dynamics 365 (CRM Online): Contoso Sales\n- Azure: Contoso Production'));
    assert.ok(batch.text.includes('Support: +1 555 0100'));
    assert.equal(renderPartnerEmail(payload({ language: 'ja' }), { supportLine: '' }).text.split('\n\n').length, 5);
  });
});

/** The owner attaches a partner to a subscription, by card presses, up to Submit. */
async function attach(owner: TeamsUser, subscriptionId: string, partnerId: string): Promise<void> {
  const enter = invokeCard(await owner.press('choose', { mode: 'attach', subscriptionId }));
  const confirm = invokeCard(await owner.press('check', { ...findAction(enter, 'Check ID').data, partnerId }));
  invokeCard(await owner.press('submit', findAction(confirm, 'Submit').data));
}

/** The one email the SMTP server received for this address, waiting for it to come. */
async function mailTo(smtp: SmtpTestServer, address: string): Promise<ReceivedMail> {
  while (smtp.to(address).length === 0) await smtp.waitForCount(smtp.received.length + 1);
  const mails = smtp.to(address);
  assert.equal(mails.length, 1, address);
  return mails[0]!;
}

/** A received email as its reader sees it: the decoded subject, the text part and the HTML part. */
function asRendered(mail: ReceivedMail): Pick<RenderedEmail, 'subject' | 'text' | 'html'> {
  return { subject: mail.parsed.subject ?? '', text: mail.parsed.text ?? '', html: String(mail.parsed.html) };
}

describe("partner emails in the partner's language, through a real SMTP server (the demo seed's languages)", () => {
  let smtp: SmtpTestServer;
  let channel: ChannelServer;
  let bot: BotUnderTest;

  beforeEach(async () => {
    smtp = await (await SmtpTestServer.onFreePort()).start();
    channel = await new ChannelServer().start();
    bot = await startBot({ background: true, env: { SMTP_URL: smtp.url, OUTBOX_POLL_MS: '50' } });
  });
  afterEach(async () => {
    await bot.stop();
    await channel.close();
    await smtp.stop();
  });

  it('emails Alpenblick in German, Sakura in Japanese and Wingtip, which has no language, in English', async () => {
    const owner = new TeamsUser(bot.url, channel.url, DEMO.contoso, DEMO.users.owner, 'Ada Owner');
    await attach(owner, DEMO.subscriptions.crm, DEMO.partners.alpenblick);
    await attach(owner, DEMO.subscriptions.ax7, DEMO.partners.sakura);
    await attach(owner, DEMO.subscriptions.intune, DEMO.partners.wingtip);
    const german = await mailTo(smtp, 'por@alpenblick.example');
    const japanese = await mailTo(smtp, 'por@sakura.example');
    const english = await mailTo(smtp, 'por@wingtip.example');

    assert.equal(
      german.parsed.subject,
      'Contoso Ltd hat Sie als Partner of Record für Dynamics 365 Customer Engagement eingetragen',
    );
    assert.match(german.parsed.text ?? '', /^Guten Tag Alpenblick Cloud GmbH,/);
    assert.match(german.parsed.text ?? '', /am \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC als Partner of Record/);
    assert.match(
      german.parsed.text ?? '',
      /Bitte teilen Sie Contoso Ltd mit, ob das stimmt: .* http:\/\/127\.0\.0\.1:\d+\/partner-answer\?t=/,
    );
    assert.match(String(german.parsed.html), /<html lang="de">/);
    assert.equal(
      japanese.parsed.subject,
      'Contoso Ltd が Dynamics 365 Finance and Operations のパートナー オブ レコードとして貴社を記録しました',
    );
    assert.match(japanese.parsed.text ?? '', /^Sakura Cloud Partners 様/);
    assert.match(String(japanese.parsed.html), /<html lang="ja">/);
    assert.equal(english.parsed.subject, 'Contoso Ltd recorded you as partner of record for Microsoft Intune Plan 1');
    assert.match(String(english.parsed.html), /<html lang="en">/);

    const data = [
      'Contoso Ltd',
      'Ada Owner',
      ...['Alpenblick Cloud GmbH', 'Sakura Cloud Partners', 'Wingtip Partners'],
      ...[DEMO.partners.alpenblick, DEMO.partners.sakura, DEMO.partners.wingtip],
      ...['Dynamics 365 Customer Engagement', 'Dynamics 365 Finance and Operations', 'Microsoft Intune Plan 1'],
      ...['Dynamics 365 (CRM Online)', 'Dynamics 365 Finance and Operations (AX7)', 'Microsoft Intune'],
    ];
    const cutTimes = (mail: Record<string, string>) =>
      Object.fromEntries(
        Object.entries(mail).map(([k, v]) => [k, v.replace(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/g, ' ')]),
      );
    const reference = cutTimes(readable(asRendered(english)));
    assert.ok(englishPhrases(reference, [], data).length >= 5, 'the check sees the English sentences');
    for (const mail of [german, japanese]) {
      assert.deepEqual(
        englishLeft(reference, cutTimes(readable(asRendered(mail))), { data, keep: KEEP }),
        [],
        mail.to.join(),
      );
    }
  });
});

describe("partner emails in the contact's language, from the contacts file (Partner Center stand-ins, child process)", function () {
  this.timeout(60_000);
  let t: MicrosoftTenantBot;
  let smtp: SmtpTestServer;
  let dir = '';

  before(async function () {
    await requireOpenssl(this);
    smtp = await (await SmtpTestServer.onFreePort()).start();
    dir = tempDir('por-contacts-');
    const contactsFile = path.join(dir, 'partner-contacts.json');
    writeFileSync(
      contactsFile,
      JSON.stringify({
        contacts: [
          { partnerId: PARTNERS.adatum.mpnId, email: 'alliances@adatum.example', name: 'Pat Adatum', language: 'de' },
          { partnerId: PARTNERS.proseware.mpnId, email: 'partners@proseware.example', name: 'Sam Proseware' },
        ],
      }),
    );
    t = await startMicrosoftTenantBot({ SMTP_URL: smtp.url, PARTNER_CONTACTS_FILE: contactsFile });
  });
  after(async () => {
    await t?.stop();
    await smtp?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('emails the contact with "language": "de" in German, and the one without a language in English', async () => {
    const owner = t.person(...FABRIKAM_PEOPLE.owner);
    await attach(owner, FABRIKAM.subscriptions.intune, PARTNERS.adatum.mpnId);
    await attach(owner, FABRIKAM.subscriptions.ems, PARTNERS.proseware.mpnId);
    const german = await mailTo(smtp, 'alliances@adatum.example');
    const english = await mailTo(smtp, 'partners@proseware.example');
    assert.match(german.parsed.subject ?? '', /^Fabrikam, Inc\. hat Sie als Partner of Record für .+ eingetragen$/);
    assert.match(german.parsed.text ?? '', /^Guten Tag Pat Adatum,/);
    assert.match(german.parsed.text ?? '', /\(Microsoft Intune\) eingetragen\./);
    assert.match(String(german.parsed.html), /<html lang="de">/);
    assert.match(english.parsed.subject ?? '', /^Fabrikam, Inc\. recorded you as partner of record for /);
    assert.match(english.parsed.text ?? '', /^Hello Sam Proseware,/);
    assert.match(english.parsed.text ?? '', /for the Enterprise Mobility \+ Security subscription "/);
    assert.match(String(english.parsed.html), /<html lang="en">/);
  });
});
