import type { ConversationStore, PendingPrompt } from '../../core';
import { checkChatReader, checkLimit, toChatReader, toJson } from '../sqlRows';
import type { Database } from 'better-sqlite3';
import type { SqliteDatabase } from './database';

interface ConversationRow {
  tenant_id: string;
  aad_object_id: string;
  conversation_id: string;
  reference: string;
  updated_at: string;
  language: string | null;
  time_zone: string | null;
}

type ChatRow = Pick<ConversationRow, 'tenant_id' | 'aad_object_id' | 'conversation_id'>;

function prepareStatements(db: Database) {
  return {
    // A language the turn did not say (NULL) and a zone it did not say (the last parameter 0) keep the saved ones.
    saveReference: db.prepare<[string, string, string, string, string, string | null, string | null, number]>(
      `INSERT INTO conversations (tenant_id, aad_object_id, conversation_id, reference, updated_at, language, time_zone)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (tenant_id, aad_object_id) DO UPDATE SET
         conversation_id = excluded.conversation_id, reference = excluded.reference,
         updated_at = excluded.updated_at, language = coalesce(excluded.language, conversations.language),
         time_zone = CASE WHEN ? THEN excluded.time_zone ELSE conversations.time_zone END`,
    ),
    getReference: db.prepare<[string, string], ConversationRow>(
      'SELECT * FROM conversations WHERE tenant_id = ? AND aad_object_id = ?',
    ),
    deleteReference: db.prepare<[string, string]>(
      'DELETE FROM conversations WHERE tenant_id = ? AND aad_object_id = ?',
    ),
    deleteReferenceIf: db.prepare<[string, string, string, string]>(
      'DELETE FROM conversations WHERE tenant_id = ? AND aad_object_id = ? AND conversation_id = ? AND updated_at = ?',
    ),
    // The primary key (tenant_id, aad_object_id) serves DISTINCT tenant_id as an index scan.
    listTenantIds: db.prepare<[], string>('SELECT DISTINCT tenant_id FROM conversations ORDER BY tenant_id').pluck(),
    // Keyset pages along the primary key: each page is one index range read, however far the walk is.
    firstChats: db.prepare<[number], ChatRow>(
      'SELECT tenant_id, aad_object_id, conversation_id FROM conversations ORDER BY tenant_id, aad_object_id LIMIT ?',
    ),
    chatsAfter: db.prepare<[string, string, number], ChatRow>(
      `SELECT tenant_id, aad_object_id, conversation_id FROM conversations
       WHERE (tenant_id, aad_object_id) > (?, ?) ORDER BY tenant_id, aad_object_id LIMIT ?`,
    ),
    setPrompt: db.prepare<[string, string]>(
      `INSERT INTO pending_prompts (conversation_id, prompt) VALUES (?, ?)
       ON CONFLICT (conversation_id) DO UPDATE SET prompt = excluded.prompt`,
    ),
    getPrompt: db.prepare<[string], string>('SELECT prompt FROM pending_prompts WHERE conversation_id = ?').pluck(),
    clearPrompt: db.prepare<[string]>('DELETE FROM pending_prompts WHERE conversation_id = ?'),
  };
}

/** The chats the bot can reach (conversation references) and the question each chat has open. */
export function createConversations({ db }: SqliteDatabase): ConversationStore {
  const sql = prepareStatements(db);

  return {
    async saveReference(entry) {
      checkChatReader(entry);
      sql.saveReference.run(
        entry.tenantId,
        entry.aadObjectId,
        entry.conversationId,
        toJson(entry.reference, 'A conversation reference'),
        entry.updatedAt,
        entry.language ?? null,
        entry.timeZone ?? null,
        entry.timeZone === undefined ? 0 : 1,
      );
    },

    async getReference(tenantId, aadObjectId) {
      const row = sql.getReference.get(tenantId, aadObjectId);
      if (!row) return null;
      return {
        tenantId: row.tenant_id,
        aadObjectId: row.aad_object_id,
        conversationId: row.conversation_id,
        reference: JSON.parse(row.reference) as unknown,
        updatedAt: row.updated_at,
        ...toChatReader(row),
      };
    },

    async deleteReference(tenantId, aadObjectId, onlyIf) {
      if (onlyIf) sql.deleteReferenceIf.run(tenantId, aadObjectId, onlyIf.conversationId, onlyIf.updatedAt);
      else sql.deleteReference.run(tenantId, aadObjectId);
    },

    async listTenantIds() {
      return sql.listTenantIds.all();
    },

    async listChats(after, limit) {
      checkLimit(limit);
      const rows = after ? sql.chatsAfter.all(after.tenantId, after.aadObjectId, limit) : sql.firstChats.all(limit);
      return rows.map((row) => ({
        tenantId: row.tenant_id,
        aadObjectId: row.aad_object_id,
        conversationId: row.conversation_id,
      }));
    },

    async setPendingPrompt(conversationId, prompt) {
      if (prompt === null) sql.clearPrompt.run(conversationId);
      else sql.setPrompt.run(conversationId, toJson(prompt, 'A pending prompt'));
    },

    async getPendingPrompt(conversationId) {
      const text = sql.getPrompt.get(conversationId);
      // Only this store writes the column, always from a PendingPrompt.
      return text === undefined ? null : (JSON.parse(text) as PendingPrompt);
    },
  };
}
