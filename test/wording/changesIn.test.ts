import assert from 'node:assert/strict';
import type { AuditEntry, Partner, PartnerAnswer, SubscriptionView } from '../../bot/core';
import { listNotesText } from '../../bot/wording/azure';
import { changeDoneMessageIn, emailSentenceIn, partnerTextIn } from '../../bot/wording/changesIn';
import { whyRoleMayNotActIn } from '../../bot/wording/inLanguage';
import {
  BATCH_EMAIL_LABELS,
  type BatchEmailState,
  changeDoneMessage,
  describeChange,
  EMAIL_STATE_LABELS,
  emailSentence,
  partnerText,
  selectionDoneMessage,
  subscriptionsText,
} from '../../bot/wording/labels';
import { LANGUAGES } from '../../bot/wording/language';
import { answerSentence } from '../../bot/wording/partnerAnswer';
import { whyRoleMayNotAct } from '../../bot/wording/refusals';
import { batchEmailTextIn, selectionDoneMessageIn, subscriptionsTextIn } from '../../bot/wording/severalIn';
import { lastChangeLineIn, listNotesTextIn, statusSummaryIn } from '../../bot/wording/statusIn';

/**
 * The attach flow's and the status card's sentences, now drawn from the catalogs, say in English exactly what
 * labels.ts, partnerAnswer.ts, azure.ts and refusals.ts say (the tab still uses those), and something else in the
 * other languages.
 */

const wingtip = { partnerId: '2345678', name: 'Wingtip Partners', email: 'hello@wingtip.example' } as Partner;
const noContact = { ...wingtip, name: 'Litware Advisory', partnerId: '11223344', email: '' } as Partner;
const entry = { kind: 'change', actorName: 'Ada Owner', at: '2026-12-07T23:05:00.000Z' } as AuditEntry;
const declined = {
  answer: 'declined',
  partnerName: 'Wingtip Partners',
  at: '2026-12-09T10:00:00.000Z',
  reason: 'We do not work on it',
} as PartnerAnswer;
const view = (partner: Partner | null) => ({ partner }) as SubscriptionView;

describe('wording: the attach flow and status sentences from the catalogs', () => {
  it('say in English what labels.ts says', () => {
    for (const mail of ['sent', 'file'] as const) {
      for (const partner of [wingtip, noContact])
        assert.equal(emailSentenceIn('en', partner, mail), emailSentence(partner, mail));
      for (const kind of ['attach', 'change', 'remove'] as const) {
        const change = {
          kind,
          oldPartner: kind === 'attach' ? null : noContact,
          newPartner: kind === 'remove' ? null : wingtip,
        };
        assert.equal(
          changeDoneMessageIn('en', 'Office 365 E3', change, mail),
          changeDoneMessage('Office 365 E3', change, mail),
        );
      }
    }
    assert.equal(partnerTextIn('en', null), partnerText(null));
    assert.equal(partnerTextIn('en', wingtip), partnerText(wingtip));
  });

  it("say the status card's lines in English as the tab's wording does", () => {
    const reader = { language: 'en' as const };
    assert.equal(lastChangeLineIn(reader, entry, null, null), describeChange(entry));
    assert.equal(
      lastChangeLineIn(reader, entry, 'failed', declined),
      `${describeChange(entry)}. ${EMAIL_STATE_LABELS.failed}. ${answerSentence(declined)}`,
    );
    for (const command of [undefined, 'az role assignment create']) {
      const notes = ['azureNoneVisible', 'azureUnreadable', 'microsoft365Unreadable'] as const;
      assert.equal(listNotesTextIn('en', notes, command), listNotesText(notes, command));
    }
    const views = [view(wingtip), view(null), view(null)];
    assert.equal(
      statusSummaryIn('en', views, { from: 1, to: 3, page: 0, pageCount: 1 }),
      'Subscriptions 1-3 of 3. 2 have no partner of record.',
    );
    assert.equal(
      statusSummaryIn('en', views.slice(0, 2), { from: 1, to: 2, page: 1, pageCount: 2 }),
      'Subscriptions 1-2 of 2 (page 2 of 2). 1 has no partner of record.',
    );
    for (const role of ['serviceAdmin', 'coAdmin', 'delegatedAdmin', 'member'] as const) {
      assert.equal(whyRoleMayNotActIn('en', role, 'activateInPim'), whyRoleMayNotAct(role, 'activateInPim'));
    }
  });

  it('say something else in every other language', () => {
    for (const language of LANGUAGES.filter((l) => l !== 'en')) {
      const change = { kind: 'attach' as const, oldPartner: null, newPartner: wingtip };
      assert.notEqual(
        changeDoneMessageIn(language, 'Office 365 E3', change),
        changeDoneMessage('Office 365 E3', change),
      );
      assert.notEqual(
        lastChangeLineIn({ language }, entry, 'sent', declined),
        lastChangeLineIn({ language: 'en' }, entry, 'sent', declined),
      );
    }
  });
});

describe('wording: the several-at-once sentences from the catalogs', () => {
  const fabrikam = { partnerId: '1234567', name: 'Fabrikam Cloud Services', email: 'por@fabrikam.example' } as Partner;
  const STATES = Object.keys(BATCH_EMAIL_LABELS) as BatchEmailState[];

  it('say in English what labels.ts says, for one subscription and for many', () => {
    for (const count of [1, 2, 100]) {
      assert.equal(subscriptionsTextIn('en', count), subscriptionsText(count));
      for (const mail of ['sent', 'file'] as const) {
        for (const oldPartners of [[], [noContact], [noContact, fabrikam]]) {
          for (const kind of ['attach', 'change'] as const) {
            assert.equal(
              selectionDoneMessageIn('en', count, { newPartner: wingtip, oldPartners }, mail),
              selectionDoneMessage(count, { kind, newPartner: wingtip, oldPartners }, mail),
            );
          }
        }
      }
    }
    for (const state of STATES) assert.equal(batchEmailTextIn('en', state), `${BATCH_EMAIL_LABELS[state]}.`);
  });

  it('say something else in every other language, one and many told apart', () => {
    for (const language of LANGUAGES.filter((l) => l !== 'en')) {
      assert.notEqual(subscriptionsTextIn(language, 3), subscriptionsText(3), language);
      assert.notEqual(subscriptionsTextIn(language, 1).replace('1', '3'), subscriptionsTextIn(language, 3), language);
      assert.ok(subscriptionsTextIn(language, 3).includes('3'), language);
      const change = { newPartner: wingtip, oldPartners: [noContact] };
      assert.notEqual(
        selectionDoneMessageIn(language, 3, change),
        selectionDoneMessage(3, { kind: 'change', ...change }),
      );
      for (const state of STATES) assert.notEqual(batchEmailTextIn(language, state), `${BATCH_EMAIL_LABELS[state]}.`);
    }
  });
});
