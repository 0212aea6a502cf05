import type { PartnerAnswer, PartnerAnswerLog, PartnerAnswerRequest, PartnerAnswerResult } from '../../core';
import {
  type AssignmentRow,
  type AuditRow,
  checkPartnerAnswer,
  type PartnerAnswerRow,
  toPartnerAnswer,
} from '../sqlRows';
import type { SqliteDatabase } from './database';
import type { OutboxWriter } from './outbox';

/** Partners' answers to changes, each written once with the messages it owes. */
export function createPartnerAnswers(
  { db, writeTransaction }: SqliteDatabase,
  insertOutbox: OutboxWriter,
): PartnerAnswerLog {
  const sql = {
    assignment: db.prepare<[string, string], AssignmentRow>(
      'SELECT * FROM assignments WHERE tenant_id = ? AND subscription_id = ?',
    ),
    auditByEventId: db.prepare<[string], AuditRow>('SELECT * FROM audit_log WHERE event_id = ?'),
    answer: db.prepare<[string], PartnerAnswerRow>('SELECT * FROM partner_answers WHERE change_event_id = ?'),
    insertAnswer: db.prepare<
      [string, number, string, string, number, string, string, string, string | null, string, string]
    >(
      `INSERT INTO partner_answers
         (change_event_id, audit_id, tenant_id, subscription_id, version, partner_id, partner_name, answer, reason,
          answered_at, event_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
  };

  /**
   * The answer is taken only while the change is the subscription's latest: the write lock (IMMEDIATE) keeps a
   * change from slipping in between the version read here and the answer's row.
   */
  const answer = writeTransaction((request: PartnerAnswerRequest): PartnerAnswerResult => {
    const change = sql.auditByEventId.get(request.changeEventId);
    if (
      !change ||
      change.tenant_id !== request.tenantId ||
      change.subscription_id !== request.subscriptionId ||
      change.version !== request.version ||
      change.new_partner_id !== request.partnerId
    ) {
      return { outcome: 'superseded' };
    }
    const earlier = sql.answer.get(request.changeEventId);
    if (earlier) return { outcome: 'answered', answer: toPartnerAnswer(earlier) };
    const current = sql.assignment.get(request.tenantId, request.subscriptionId);
    if (!current || current.version !== request.version) return { outcome: 'superseded' };
    sql.insertAnswer.run(
      request.changeEventId,
      Number(change.id),
      request.tenantId,
      request.subscriptionId,
      request.version,
      request.partnerId,
      request.partnerName,
      request.answer,
      request.reason,
      request.at,
      request.eventId,
    );
    insertOutbox(request.outbox, Number(change.id), request.at);
    const { outbox: _written, ...answered } = request;
    return { outcome: 'recorded', answer: answered };
  });

  return {
    async recordPartnerAnswer(request) {
      checkPartnerAnswer(request);
      return answer(request);
    },

    async partnerAnswers(tenantId, changeEventIds) {
      const found = new Map<string, PartnerAnswer>();
      for (const id of new Set(changeEventIds)) {
        const row = sql.answer.get(id);
        if (row && row.tenant_id === tenantId) found.set(id, toPartnerAnswer(row));
      }
      return found;
    },
  };
}
