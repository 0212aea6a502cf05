import assert from 'node:assert/strict';
import type { PartnerEmailPayload } from '../../bot/core';
import { renderPartnerEmail } from '../../bot/notifications/partnerEmails';

const entry = (id: string, name: string, service = 'Dynamics 365') => ({
  subscription: { id, service, name },
  change: { eventId: `event-${id}`, version: 1 },
});

function payload(overrides: Partial<PartnerEmailPayload> = {}): PartnerEmailPayload {
  const batch = [entry('s1', 'Sales'), entry('s2', 'Finance <ops>'), entry('s3', 'Plan', 'Azure')];
  return {
    template: 'added',
    to: { name: 'Wingtip', email: 'por@wingtip.example' },
    partner: { partnerId: '2345678', name: 'Wingtip Partners' },
    customer: { tenantId: 't', name: 'Contoso' },
    subscription: batch[0]!.subscription,
    actor: { aadObjectId: 'a', name: 'Ada Owner' },
    at: '2026-11-25T14:05:00.000Z',
    change: batch[0]!.change,
    batch,
    ...overrides,
  };
}

describe('partner emails about several subscriptions', () => {
  it('lists every subscription once, each with its own link, and says the record is the customer’s own', () => {
    const urls = ['https://bot.example/a?t=1', 'https://bot.example/a?t=2', null];
    const email = renderPartnerEmail(payload(), { supportLine: '', batchAnswerUrls: urls });
    assert.equal(email.subject, 'Contoso recorded you as partner of record for 3 subscriptions');
    assert.match(email.text, /- Dynamics 365: Sales \(confirm or decline: https:\/\/bot\.example\/a\?t=1\)/);
    assert.match(email.text, /- Dynamics 365: Finance <ops> \(confirm or decline: https:\/\/bot\.example\/a\?t=2\)/);
    assert.match(email.text, /- Azure: Plan\n/);
    assert.match(email.text, /changes nothing at Microsoft/);
    assert.match(email.text, /Partner Admin Link/, 'the Azure step, as for one Azure subscription');
    assert.match(email.text, /Partner Center/, 'the CPOR step for the others');
    assert.match(email.html, /Finance &lt;ops&gt;/);
    assert.doesNotMatch(email.html, /<ops>/);
  });

  it('tells a replaced partner which subscriptions no longer name it', () => {
    const email = renderPartnerEmail(payload({ template: 'replaced' }), { supportLine: 'Support: x' });
    assert.equal(email.subject, 'Contoso\u2019s record no longer names you as partner of record for 3 subscriptions');
    assert.match(email.text, /for these 3 subscriptions:\n- Dynamics 365: Sales\n/);
    assert.doesNotMatch(email.text, /confirm or decline/);
  });
});
