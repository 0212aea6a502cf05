import type { TeamsDelivery, TeamsPacer, TeamsRecipient } from '../../core';
import {
  CHAT_LIMITS,
  CHAT_SPACING_MS,
  TENANT_LIMITS,
  TENANT_SPACING_MS,
  type SendLimit,
} from '../rateLimit/teamsPacer';
import type { Db } from './database';

export interface PostgresTeamsPacerOptions {
  chatLimits?: readonly SendLimit[];
  tenantLimits?: readonly SendLimit[];
}

/**
 * Paces the Teams messages of every instance on one PostgreSQL schema together, by the rules InMemoryTeamsPacer
 * documents: Teams' per-chat and per-tenant limits count all instances' sends, turns are handed out in one queue
 * per chat, and a 429 one instance saw holds the chat (its tenant, or every chat) for all. State lives in schema
 * version 6's pacer tables; each call is one statement (`pacer_turn`, `pacer_throttled`, `pacer_settled`), and a
 * send Teams accepted asks nothing more. An unreachable database throws UpstreamUnavailableError; the dispatcher
 * then holds the message back a little without counting an attempt (the outbox is in that database too).
 */
export class PostgresTeamsPacer implements TeamsPacer {
  private readonly chatLimits: readonly SendLimit[];
  private readonly tenantLimits: readonly SendLimit[];
  private readonly memoryMs: number;

  constructor(
    private readonly db: Db,
    options: PostgresTeamsPacerOptions = {},
  ) {
    this.chatLimits = options.chatLimits ?? CHAT_LIMITS;
    this.tenantLimits = options.tenantLimits ?? TENANT_LIMITS;
    this.memoryMs = Math.max(...this.chatLimits.map((l) => l.windowMs), ...this.tenantLimits.map((l) => l.windowMs));
  }

  async turn(id: number, to: TeamsRecipient, now: number): Promise<'now' | number> {
    const { rows } = await this.db.query<{ turn: string }>(
      'SELECT pacer_turn($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)::text AS turn',
      [
        id,
        chatLane(to),
        tenantLane(to),
        now,
        this.chatLimits.map((l) => l.count),
        this.chatLimits.map((l) => l.windowMs),
        this.tenantLimits.map((l) => l.count),
        this.tenantLimits.map((l) => l.windowMs),
        CHAT_SPACING_MS,
        TENANT_SPACING_MS,
        this.memoryMs,
      ],
    );
    const turn = Number(rows[0]?.turn ?? 0);
    return turn === 0 ? 'now' : turn;
  }

  async throttled(id: number, to: TeamsRecipient, until: number, now: number): Promise<void> {
    await this.db.query('SELECT pacer_throttled($1, $2, $3, $4, $5)', [id, chatLane(to), tenantLane(to), until, now]);
  }

  async settled(to: TeamsRecipient, at: number, delivery: TeamsDelivery): Promise<void> {
    if (delivery === 'sent') return;
    await this.db.query('SELECT pacer_settled($1, $2, $3, $4)', [
      chatLane(to),
      tenantLane(to),
      at,
      delivery === 'gone',
    ]);
  }
}

// Tenant and object ids are GUIDs: case carries no meaning.
const tenantLane = (to: TeamsRecipient) => `t:${to.tenantId.toLowerCase()}`;
const chatLane = (to: TeamsRecipient) => `c:${to.tenantId.toLowerCase()}:${to.aadObjectId.toLowerCase()}`;
