import assert from 'node:assert/strict';
import type { AuditEntry, Partner, PartnerAnswer, Role } from '../../bot/core';
import {
  CONFIRM_PARTNER_QUESTION,
  describeChange,
  EMAIL_STATE_LABELS,
  type EmailState,
  NO_PARTNER_OF_RECORD,
  partnerText,
  ROLE_LABELS,
  selectionDoneMessage,
} from '../../bot/wording/labels';
import { LANGUAGES } from '../../bot/wording/language';
import { answerSentence, answerSummary } from '../../bot/wording/partnerAnswer';
import {
  answerIn,
  checkQuestionIn,
  emailStateIn,
  historyEntryIn,
  lastChangeIn,
  partnerOfRecordIn,
  roleLabelIn,
} from '../../bot/wording/tabIn';
import { plainText, timed } from '../../bot/wording/timedText';
import { selectionDoneMessageIn } from '../../bot/wording/severalIn';

/**
 * The tab's sentences built from data say in English what labels.ts and partnerAnswer.ts said to it before, and
 * leave each time to the page as an instant.
 */

const wingtip = { partnerId: '2345678', name: 'Wingtip Partners', email: 'hello@wingtip.example' } as Partner;
const litware = { partnerId: '11223344', name: 'Litware Advisory', email: '' } as Partner;
const fabrikam = { partnerId: '1234567', name: 'Fabrikam Cloud Services', email: 'x@fabrikam.example' } as Partner;
const AT = '2026-12-07T23:05:00.000Z';
const entry = (kind: AuditEntry['kind']) => ({ kind, actorName: 'Ada Owner', at: AT }) as AuditEntry;
const answers: PartnerAnswer[] = [
  { answer: 'confirmed', partnerName: 'Wingtip Partners', at: '2026-12-09T10:00:00.000Z', reason: null },
  { answer: 'declined', partnerName: 'Wingtip Partners', at: '2026-12-09T10:00:00.000Z', reason: 'Not ours' },
  { answer: 'declined', partnerName: 'Wingtip Partners', at: '2026-12-09T10:00:00.000Z', reason: 'Not ours!' },
] as PartnerAnswer[];

describe('wording: the tab in a language', () => {
  it('says in English what labels.ts and partnerAnswer.ts say', () => {
    for (const kind of ['attach', 'change', 'remove'] as const) {
      assert.equal(plainText(lastChangeIn('en', entry(kind))), describeChange(entry(kind)));
    }
    for (const answer of answers) assert.equal(plainText(answerIn('en', answer)), answerSummary(answer));
    for (const role of Object.keys(ROLE_LABELS) as Role[]) assert.equal(roleLabelIn('en', role), ROLE_LABELS[role]);
    for (const state of Object.keys(EMAIL_STATE_LABELS) as EmailState[])
      assert.equal(emailStateIn('en', state), EMAIL_STATE_LABELS[state]);
    assert.equal(partnerOfRecordIn('en', null), NO_PARTNER_OF_RECORD);
    assert.equal(partnerOfRecordIn('en', wingtip), partnerText(wingtip));
    assert.equal(
      checkQuestionIn('en', wingtip),
      `Partner ID 2345678 is registered to Wingtip Partners. ${CONFIRM_PARTNER_QUESTION}`,
    );
  });

  it("writes a history entry as the tab did: who and when, from whom to whom, and the partner's answer", () => {
    for (const [old, now] of [
      [null, wingtip],
      [wingtip, litware],
      [litware, null],
    ] as const) {
      for (const answer of [null, ...answers]) {
        const e = entry(old ? (now ? 'change' : 'remove') : 'attach');
        const before =
          `${describeChange(e)}. From ${partnerText(old)} to ${partnerText(now)}.` +
          (answer ? ` ${answerSentence(answer)}` : '');
        assert.equal(plainText(historyEntryIn('en', e, { oldPartner: old, newPartner: now }, answer)), before);
      }
    }
  });

  it('says what an action on several did as labels.ts does, for one and for several', () => {
    for (const mail of ['sent', 'file'] as const) {
      for (const count of [1, 3]) {
        for (const change of [
          { kind: 'attach' as const, newPartner: wingtip, oldPartners: [] },
          { kind: 'change' as const, newPartner: wingtip, oldPartners: [litware, fabrikam] },
        ]) {
          assert.equal(selectionDoneMessageIn('en', count, change, mail), selectionDoneMessage(count, change, mail));
        }
      }
    }
    assert.match(
      selectionDoneMessageIn('de', 3, { newPartner: wingtip, oldPartners: [] }),
      /^Wingtip Partners ist jetzt Partner of Record für diese 3 Abonnements\./,
    );
  });

  it('leaves each time to the page: the text around it, and the instant with the shape it is said in', () => {
    assert.deepEqual(lastChangeIn('de', entry('attach')), [
      'Hinzugefügt von Ada Owner am ',
      { at: AT, shape: 'dateTime' },
    ]);
    assert.deepEqual(lastChangeIn('ja', entry('change')), [{ at: AT, shape: 'dateTime' }, ' に Ada Owner が変更']);
    assert.deepEqual(answerIn('fr', answers[1]!), [
      'Refusé par Wingtip Partners le ',
      { at: '2026-12-09T10:00:00.000Z', shape: 'date' },
      ' : Not ours',
    ]);
  });

  it('takes no mark-like text in a name for a time', () => {
    const name = 'Ada \uE000x:0\uE001 Owner';
    const parts = timed((when) => `By ${name} on ${when(AT)}`);
    assert.deepEqual(parts, [`By ${name} on `, { at: AT, shape: 'dateTime' }]);
    assert.equal(plainText(parts), `By ${name} on 2026-12-07 23:05 UTC`);
  });

  it('says every sentence in the other languages in their own words', () => {
    for (const language of LANGUAGES.filter((l) => l !== 'en')) {
      const said = [
        plainText(lastChangeIn(language, entry('attach'))),
        plainText(historyEntryIn(language, entry('change'), { oldPartner: wingtip, newPartner: litware }, null)),
        checkQuestionIn(language, wingtip),
        partnerOfRecordIn(language, null),
        roleLabelIn(language, 'member'),
        selectionDoneMessageIn(language, 2, { newPartner: wingtip, oldPartners: [] }),
      ];
      const english = [
        plainText(lastChangeIn('en', entry('attach'))),
        plainText(historyEntryIn('en', entry('change'), { oldPartner: wingtip, newPartner: litware }, null)),
        checkQuestionIn('en', wingtip),
        partnerOfRecordIn('en', null),
        roleLabelIn('en', 'member'),
        selectionDoneMessageIn('en', 2, { newPartner: wingtip, oldPartners: [] }),
      ];
      for (const [i, text] of said.entries()) assert.notEqual(text, english[i], `${language}: ${text}`);
    }
  });
});
