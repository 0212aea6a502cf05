import type { ConversationStore, ConversationToSave, PendingPrompt } from '../../core';
import { checkChatReader, checkLimit, toChatReader, toJson } from '../sqlRows';
import type { Db } from './database';

interface ConversationRow {
  tenant_id: string;
  aad_object_id: string;
  conversation_id: string;
  reference: unknown;
  updated_at: string;
  language: string | null;
  time_zone: string | null;
}

type ChatRow = Pick<ConversationRow, 'tenant_id' | 'aad_object_id' | 'conversation_id'>;

/** The chats the bot can reach (conversation references) and the question each chat has open. */
export function createConversations(db: Db): ConversationStore {
  return {
    saveReference: (entry) => saveReference(db, entry),

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
        ...toChatReader(row),
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

async function saveReference(db: Db, entry: ConversationToSave): Promise<void> {
  checkChatReader(entry);
  // A language the turn did not say (NULL) and a zone it did not say ($8 false) keep the saved ones.
  await db.query(
    `INSERT INTO conversations (tenant_id, aad_object_id, conversation_id, reference, updated_at, language, time_zone)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (tenant_id, aad_object_id) DO UPDATE SET
       conversation_id = excluded.conversation_id, reference = excluded.reference, updated_at = excluded.updated_at,
       language = coalesce(excluded.language, conversations.language),
       time_zone = CASE WHEN $8::boolean THEN excluded.time_zone ELSE conversations.time_zone END`,
    [
      entry.tenantId,
      entry.aadObjectId,
      entry.conversationId,
      toJson(entry.reference, 'A conversation reference'),
      entry.updatedAt,
      entry.language ?? null,
      entry.timeZone ?? null,
      entry.timeZone !== undefined,
    ],
  );
}
