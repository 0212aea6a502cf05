import { randomBytes } from 'node:crypto';
import type { SigningKeys } from '../../core';
import type { SqliteDatabase } from './database';

/** The keys the bot signs its links with when it has no app secret. */
export function createSigningKeys({ db }: SqliteDatabase): SigningKeys {
  const sql = {
    insert: db.prepare<[string, string]>(
      'INSERT INTO signing_keys (purpose, key) VALUES (?, ?) ON CONFLICT DO NOTHING',
    ),
    key: db.prepare<[string], string>('SELECT key FROM signing_keys WHERE purpose = ?').pluck(),
  };
  return {
    async signingKey(purpose) {
      // A key another process made first is kept: whoever inserts first decides it for every process.
      sql.insert.run(purpose, randomBytes(32).toString('base64'));
      return Buffer.from(sql.key.get(purpose)!, 'base64');
    },
  };
}
