import type { PoolClient } from 'pg';
import type { PartnerAnswerLog, PartnerAnswerRequest, PartnerAnswerResult } from '../../core';
import {
  type AssignmentRow,
  type AuditRow,
  checkPartnerAnswer,
  type PartnerAnswerRow,
  toPartnerAnswer,
} from '../sqlRows';
import type { Db } from './database';
import { insertOutbox } from './outbox';

/** Partners' answers to changes, each written once with the messages it owes. */
export function createPartnerAnswers(db: Db): PartnerAnswerLog {
  return {
    async recordPartnerAnswer(request) {
      checkPartnerAnswer(request);
      return db.transaction((client) => answerInTransaction(client, request));
    },

    async partnerAnswers(tenantId, changeEventIds) {
      const wanted = [...new Set(changeEventIds)];
      if (wanted.length === 0) return new Map();
      const { rows } = await db.query<PartnerAnswerRow>(
        'SELECT * FROM partner_answers WHERE tenant_id = $1 AND change_event_id = ANY($2::text[])',
        [tenantId, wanted],
      );
      return new Map(rows.map((row) => [row.change_event_id, toPartnerAnswer(row)]));
    },
  };
}

/**
 * Locks the subscription's assignment row first, as a change does, so a change and an answer to the change
 * before it are taken one after the other; the answer's primary key makes a second answer insert nothing.
 */
async function answerInTransaction(client: PoolClient, request: PartnerAnswerRequest): Promise<PartnerAnswerResult> {
  const current = await client.query<AssignmentRow>(
    'SELECT * FROM assignments WHERE tenant_id = $1 AND subscription_id = $2 FOR UPDATE',
    [request.tenantId, request.subscriptionId],
  );
  const { rows } = await client.query<AuditRow>('SELECT * FROM audit_log WHERE event_id = $1', [request.changeEventId]);
  const change = rows[0];
  if (
    !change ||
    change.tenant_id !== request.tenantId ||
    change.subscription_id !== request.subscriptionId ||
    change.version !== request.version ||
    change.new_partner_id !== request.partnerId
  ) {
    return { outcome: 'superseded' };
  }
  const earlier = await client.query<PartnerAnswerRow>('SELECT * FROM partner_answers WHERE change_event_id = $1', [
    request.changeEventId,
  ]);
  if (earlier.rows[0]) return { outcome: 'answered', answer: toPartnerAnswer(earlier.rows[0]) };
  if (current.rows[0]?.version !== request.version) return { outcome: 'superseded' };
  const inserted = await client.query(
    `INSERT INTO partner_answers
       (change_event_id, audit_id, tenant_id, subscription_id, version, partner_id, partner_name, answer, reason,
        answered_at, event_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (change_event_id) DO NOTHING`,
    [
      request.changeEventId,
      change.id,
      request.tenantId,
      request.subscriptionId,
      request.version,
      request.partnerId,
      request.partnerName,
      request.answer,
      request.reason,
      request.at,
      request.eventId,
    ],
  );
  if (inserted.rowCount === 0) {
    // Unreachable while the row lock above is held; kept so that a second answer can never write messages.
    const first = await client.query<PartnerAnswerRow>('SELECT * FROM partner_answers WHERE change_event_id = $1', [
      request.changeEventId,
    ]);
    return { outcome: 'answered', answer: toPartnerAnswer(first.rows[0]!) };
  }
  await insertOutbox(client, request.outbox, Number(change.id), request.at);
  const { outbox: _written, ...answered } = request;
  return { outcome: 'recorded', answer: answered };
}
