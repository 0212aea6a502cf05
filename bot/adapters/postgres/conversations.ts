import type { ConversationStore, PendingPrompt } from '../../core';
import { checkLimit, toJson } from '../sqlRows';
import type { Db } from './database';

interface ConversationRow {
  tenant_id: string;
  aad_object_id: string;
  conversation_id: string;
  reference: unknown;
  updated_at: string;
}

type ChatRow = Pick<ConversationRow, 'tenant_id' | 'aad_object_id' | 'conversation_id'>;

/** The chats the bot can reach (conversation references) and the question each chat has open. */
export function createConversations(db: Db): ConversationStore {
  return {
    async saveReference(entry) {
      await db.query(
        `INSERT INTO conversations (tenant_id, aad_object_id, conversation_id, reference, updated_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (tenant_id, aad_object_id) DO UPDATE SET
           conversation_id = excluded.conversation_id, reference = excluded.reference, updated_at = excluded.updated_at`,
        [
          entry.tenantId,
          entry.aadObjectId,
          entry.conversationId,
          toJson(entry.reference, 'A conversation reference'),
          entry.updatedAt,
        ],
      );
    },

    async getReference(tenantId, aadObjectId) {
      const { rows } = await db.query<ConversationRow>(
        'SELECT * FROM conversations WHERE tenant_id = $1 AND aad_object_id = $2',
        [tenantId, aadObjectId],
      );
      const row = rows[0];
      if (!row) return null;
      return {
        tenantId: row.tenant_id,
        aadObjectId: row.aad_object_id,
        conversationId: row.conversation_id,
        reference: row.reference,
        updatedAt: row.updated_at,
      };
    },

    async deleteReference(tenantId, aadObjectId, onlyIf) {
      if (onlyIf) {
        await db.query(
          'DELETE FROM conversations WHERE tenant_id = $1 AND aad_object_id = $2 AND conversation_id = $3 AND updated_at = $4',
          [tenantId, aadObjectId, onlyIf.conversationId, onlyIf.updatedAt],
        );
      } else {
        await db.query('DELETE FROM conversations WHERE tenant_id = $1 AND aad_object_id = $2', [
          tenantId,
          aadObjectId,
        ]);
      }
    },

    async listTenantIds() {
      const { rows } = await db.query<{ tenant_id: string }>(
        'SELECT tenant_id FROM conversations GROUP BY tenant_id ORDER BY tenant_id COLLATE "C"',
      );
      return rows.map((r) => r.tenant_id);
    },

    listChats: (after, limit) => listChats(db, after, limit),

    async setPendingPrompt(conversationId, prompt) {
      if (prompt === null) {
        await db.query('DELETE FROM pending_prompts WHERE conversation_id = $1', [conversationId]);
      } else {
        await db.query(
          `INSERT INTO pending_prompts (conversation_id, prompt) VALUES ($1, $2)
           ON CONFLICT (conversation_id) DO UPDATE SET prompt = excluded.prompt`,
          [conversationId, toJson(prompt, 'A pending prompt')],
        );
      }
    },

    async getPendingPrompt(conversationId) {
      const { rows } = await db.query<{ prompt: unknown }>(
        'SELECT prompt FROM pending_prompts WHERE conversation_id = $1',
        [conversationId],
      );
      // Only this store writes the column, always from a PendingPrompt.
      return rows[0] ? (rows[0].prompt as PendingPrompt) : null;
    },
  };
}

async function listChats(db: Db, ...[after, limit]: Parameters<ConversationStore['listChats']>) {
  checkLimit(limit);
  // Keyset pages along the primary key (in the columns' own collation, which ORDER BY and the row comparison
  // share), so each page is one index range read however far the walk is.
  const { rows } = after
    ? await db.query<ChatRow>(
        `SELECT tenant_id, aad_object_id, conversation_id FROM conversations
         WHERE (tenant_id, aad_object_id) > ($1, $2) ORDER BY tenant_id, aad_object_id LIMIT $3`,
        [after.tenantId, after.aadObjectId, limit],
      )
    : await db.query<ChatRow>(
        'SELECT tenant_id, aad_object_id, conversation_id FROM conversations ORDER BY tenant_id, aad_object_id LIMIT $1',
        [limit],
      );
  return rows.map((row) => ({
    tenantId: row.tenant_id,
    aadObjectId: row.aad_object_id,
    conversationId: row.conversation_id,
  }));
}
