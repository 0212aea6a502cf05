import assert from 'node:assert/strict';
import { escapeHtml, oneLine, renderPartnerEmail } from '../../bot/notifications/partnerEmails';
import type { PartnerEmailPayload } from '../../bot/core';

const SETTINGS = { supportLine: 'For technical and billing support, open https://support.example/contoso.' };

function payload(overrides: Partial<PartnerEmailPayload> = {}): PartnerEmailPayload {
  return {
    template: 'added',
    to: { name: 'Fabrikam Partners', email: 'por@fabrikam.example' },
    partner: { partnerId: '1234567', name: 'Fabrikam Partners' },
    customer: { tenantId: 'tenant-1', name: 'Contoso Ltd' },
    subscription: { id: 'sub-1', service: 'Azure', name: 'Contoso Production' },
    actor: { aadObjectId: 'aad-1', name: 'Ada Owner' },
    at: '2025-03-04T05:06:07.890Z',
    ...overrides,
  };
}

/** The visible text of the HTML version, tags dropped and entities decoded, for comparing wording. */
function visible(html: string): string {
  const body = html.slice(html.indexOf('<body'));
  return body
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

describe('partner emails', () => {
  it('tells a partner it was added, what that means, and where support is', () => {
    const mail = renderPartnerEmail(payload(), SETTINGS);
    assert.equal(mail.subject, 'Contoso Ltd recorded you as partner of record for Contoso Production');
    assert.ok(
      mail.text.includes(
        'Ada Owner of Contoso Ltd recorded Fabrikam Partners (Partner ID 1234567) as the partner of record for the Azure ' +
          'subscription "Contoso Production", on 2025-03-04 05:06 UTC.',
      ),
      mail.text,
    );
    assert.match(mail.text, /helps the customer design, build, deploy or manage the service/);
    assert.match(
      mail.text,
      /the customer\u2019s own record of its partner of record\. It changes nothing at Microsoft/,
    );
    assert.match(
      mail.text,
      /link Partner ID 1234567 to the identity you use in Contoso Ltd\u2019s tenant \(a Partner Admin Link/,
    );
    assert.ok(mail.text.includes(SETTINGS.supportLine));
    assert.ok(mail.text.startsWith('Hello Fabrikam Partners,\n\n'));
  });

  it('tells a partner another partner was attached in its place', () => {
    const mail = renderPartnerEmail(payload({ template: 'replaced' }), SETTINGS);
    assert.equal(
      mail.subject,
      'Contoso Ltd\u2019s record no longer names you as partner of record for Contoso Production',
    );
    assert.ok(
      mail.text.includes(
        'Contoso Ltd\u2019s record no longer names Fabrikam Partners (Partner ID 1234567) as the partner of record for ' +
          'the Azure subscription "Contoso Production" of Contoso Ltd.',
      ),
    );
    assert.ok(mail.text.includes('Another partner was attached by Ada Owner on 2025-03-04 05:06 UTC.'));
    assert.ok(!mail.text.includes('no partner of record now'));
    assert.ok(mail.text.includes(SETTINGS.supportLine));
  });

  it('tells a partner it was removed and that the subscription has none now', () => {
    const mail = renderPartnerEmail(payload({ template: 'removed' }), SETTINGS);
    assert.equal(
      mail.subject,
      'Contoso Ltd\u2019s record no longer names you as partner of record for Contoso Production',
    );
    assert.ok(
      mail.text.includes(
        'The partner of record was removed by Ada Owner on 2025-03-04 05:06 UTC. The subscription has no partner of record now.',
      ),
    );
    assert.ok(!mail.text.includes('Another partner'));
  });

  it('says the same in the HTML version, as an English document with a title', () => {
    for (const template of ['added', 'replaced', 'removed'] as const) {
      const mail = renderPartnerEmail(payload({ template }), SETTINGS);
      assert.match(mail.html, /^<!DOCTYPE html>\n<html lang="en">/);
      assert.match(mail.html, /<meta charset="utf-8">/);
      assert.ok(mail.html.includes(`<title>${escapeHtml(mail.subject)}</title>`));
      assert.match(
        mail.html,
        /<h1[^>]*>You are (now|no longer) in the customer\u2019s record as its partner of record<\/h1>/,
      );
      const words = visible(mail.html);
      for (const paragraph of mail.text.trim().split('\n\n'))
        assert.ok(words.includes(paragraph), `${template}: ${paragraph}`);
    }
  });

  it('escapes every value in the HTML version', () => {
    const hostile = '<script>alert("x")</script> & Co\'s';
    const mail = renderPartnerEmail(
      payload({
        template: 'removed',
        to: { name: hostile, email: 'x@example.com' },
        partner: { partnerId: '<b>1</b>', name: hostile },
        customer: { tenantId: 't', name: hostile },
        subscription: { id: 's', service: '<i>Azure</i>', name: hostile },
        actor: { aadObjectId: 'a', name: hostile },
      }),
      { supportLine: 'Support: <a href="javascript:x">here</a>' },
    );
    assert.ok(!/<script|<b>|<i>|<a /i.test(mail.html), 'no markup from data');
    assert.ok(mail.html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co&#39;s'));
    assert.ok(mail.html.includes('&lt;b&gt;1&lt;/b&gt;'));
    // Every & in the document starts an entity: nothing was left unescaped.
    assert.ok(!/&(?!(amp|lt|gt|quot|#39);)/.test(mail.html));
    // The plain text keeps the names as written.
    assert.ok(mail.text.includes(hostile));
  });

  it('keeps line breaks and control characters in names out of the subject and the sentences', () => {
    const mail = renderPartnerEmail(
      payload({
        partner: { partnerId: '1234567', name: 'Fabrikam\r\nBcc: victim@example.com' },
        customer: { tenantId: 't', name: 'Contoso\nLtd\u2028Inc' },
        subscription: { id: 's', service: 'Azure', name: 'Prod\r\n\r\nX-Injected: yes\u0000\u202e' },
        actor: { aadObjectId: 'a', name: '\tAda\u0085Owner ' },
      }),
      SETTINGS,
    );
    assert.ok(!/[\r\n\u0000-\u001f\u007f-\u009f\u2028\u2029\u202e]/.test(mail.subject), JSON.stringify(mail.subject));
    assert.equal(mail.subject, 'Contoso Ltd Inc recorded you as partner of record for Prod X-Injected: yes');
    assert.ok(
      mail.text.includes(
        'Ada Owner of Contoso Ltd Inc recorded Fabrikam Bcc: victim@example.com (Partner ID 1234567) as the partner of record ' +
          'for the Azure subscription "Prod X-Injected: yes", on 2025-03-04 05:06 UTC.',
      ),
      mail.text,
    );
    // The text's only line breaks are the ones between its paragraphs.
    for (const line of mail.text.split('\n')) assert.ok(!line.includes('\r'));
    assert.ok(!/[\u0000-\u0009\u000b-\u001f]/.test(mail.text));
  });

  it('shows a time it cannot read as given, and leaves out an empty support line', () => {
    const mail = renderPartnerEmail(payload({ at: 'yesterday\nnoon' }), { supportLine: ' \n ' });
    assert.ok(mail.text.includes('on yesterday noon.'));
    assert.ok(mail.text.trimEnd().endsWith('on behalf of Contoso Ltd.'));
    // Greeting, what was recorded, what it means, the partner's own step at Microsoft, footer.
    assert.equal(mail.text.split('\n\n').length, 5);
  });

  it('puts a value on one line, and escapes the five HTML specials', () => {
    assert.equal(oneLine('  a\r\n\tb\u0000c\u0085\u00a0d  '), 'a b c \u00a0d');
    assert.equal(escapeHtml(`&<>"'`), '&amp;&lt;&gt;&quot;&#39;');
  });
});
