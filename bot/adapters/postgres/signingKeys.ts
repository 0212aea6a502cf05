import { randomBytes } from 'node:crypto';
import type { SigningKeys } from '../../core';
import type { Db } from './database';

/** The keys the bot signs its links with when it has no app secret. */
export function createSigningKeys(db: Db): SigningKeys {
  return {
    async signingKey(purpose) {
      // A key another instance made first is kept: whoever inserts first decides it for every instance.
      await db.query('INSERT INTO signing_keys (purpose, key) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
        purpose,
        randomBytes(32).toString('base64'),
      ]);
      const { rows } = await db.query<{ key: string }>('SELECT key FROM signing_keys WHERE purpose = $1', [purpose]);
      return Buffer.from(rows[0]!.key, 'base64');
    },
  };
}
