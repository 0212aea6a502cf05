import assert from 'node:assert/strict';
import {
  type AuditEntry,
  type BatchChangeOutcome,
  type EmailStatus,
  type Partner,
  PartnerIdSchema,
} from '../../bot/core';
import { batchEmailState } from '../../bot/teams/verbs/doneSeveral';

const wingtip: Partner = {
  partnerId: PartnerIdSchema.parse('2345678'),
  name: 'Wingtip Partners',
  email: 'por@wingtip.example',
};
const fabrikam: Partner = {
  partnerId: PartnerIdSchema.parse('1234567'),
  name: 'Fabrikam',
  email: 'csp@fabrikam.example',
};
const litware: Partner = { partnerId: PartnerIdSchema.parse('3456789'), name: 'Litware', email: 'csp@litware.example' };

/** A saved change of `sub`: its audit entry, and the subscription now (its latest change and that change's emails). */
function change(sub: string, oldPartner: Partner | null, emailStatus: EmailStatus | null, overtaken = false) {
  const audit = { id: sub.length, subscriptionId: sub, version: 1, eventId: `e-${sub}` } as AuditEntry;
  const lastChange = overtaken ? { ...audit, id: audit.id + 100 } : audit;
  const view = { lastChange, emailStatus, partner: wingtip } as BatchChangeOutcome['changes'][number]['view'];
  return { audit, oldPartner, view };
}
const saved = (changes: ReturnType<typeof change>[], newPartner = wingtip): BatchChangeOutcome => ({
  firstTime: true,
  newPartner,
  changes,
});

describe('where the partner emails of an action on several subscriptions stand, said once', () => {
  it("is the first subscription's: the email to the partner named is written with it", () => {
    assert.equal(batchEmailState(saved([change('a', null, 'sent'), change('bb', null, null)])), 'sent');
    assert.equal(batchEmailState(saved([change('a', null, 'filed'), change('bb', null, null)])), 'filed');
    assert.equal(batchEmailState(saved([change('a', null, 'pending'), change('bb', null, null)])), 'pending');
  });

  it('says the worst of the emails to the partners replaced, each written with its first subscription', () => {
    const moved = [change('a', fabrikam, 'sent'), change('bb', fabrikam, null), change('ccc', litware, 'failed')];
    assert.equal(batchEmailState(saved(moved)), 'failed');
    const waiting = [change('a', fabrikam, 'filed'), change('bb', litware, 'pending')];
    assert.equal(batchEmailState(saved(waiting)), 'pending');
  });

  it('no longer knows once a change that wrote an email is overtaken; another overtaken one does not matter', () => {
    assert.equal(batchEmailState(saved([change('a', null, null, true), change('bb', null, null)])), 'overtaken');
    assert.equal(batchEmailState(saved([change('a', null, 'sent'), change('bb', null, null, true)])), 'sent');
  });

  it('is "no contact" when the partner named has no address and nothing was written', () => {
    const noAddress = { ...wingtip, email: '' };
    assert.equal(batchEmailState(saved([change('a', null, null)], noAddress)), 'noContact');
    assert.equal(batchEmailState(saved([change('a', null, null)])), null, 'nothing known: nothing said');
  });
});
