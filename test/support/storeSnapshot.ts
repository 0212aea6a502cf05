import path from 'node:path';
import Database from 'better-sqlite3';
import { SQLITE_FILE_NAME } from '../../bot/adapters/sqlite/sqliteStore';
import type { AppPorts } from '../../bot/app';

/** Everything the store holds for a tenant, to show a refused request changed nothing. */
export async function storeSnapshot(ports: AppPorts, tenantId: string): Promise<string> {
  const subs = await ports.subscriptions.listSubscriptions(tenantId);
  const ids = subs.map((s) => s.id);
  const assignments = await ports.store.getAssignments(tenantId, ids);
  const histories = await Promise.all(ids.map((id) => ports.store.history(tenantId, id)));
  return JSON.stringify({ assignments: [...assignments.entries()].sort(), histories });
}

/**
 * Every row of every table of a bot's SQLite store in `dataDir`, read through a read-only connection beside the
 * running bot (WAL allows it), leaving out the tables named in `except`.
 */
export function storeRowsOnDisk(dataDir: string, except: string[] = []): string {
  const db = new Database(path.join(dataDir, SQLITE_FILE_NAME), { readonly: true, fileMustExist: true });
  try {
    const tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]
    )
      .map((t) => t.name)
      .filter((name) => !except.includes(name));
    return JSON.stringify(tables.map((name) => [name, db.prepare(`SELECT * FROM "${name}"`).all()]));
  } finally {
    db.close();
  }
}
