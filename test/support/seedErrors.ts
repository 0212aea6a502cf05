import assert from 'node:assert/strict';
import { SeedFileError } from '../../bot/adapters/seed/seedFile';

/** Runs `fn`, which must throw a SeedFileError, and returns it. */
export function seedError(fn: () => unknown): SeedFileError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof SeedFileError, `expected SeedFileError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a SeedFileError');
}
