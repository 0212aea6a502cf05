import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEMO_SEED_FILE, REPO_ROOT, type AppConfig } from '../../config';
import type { RoleDirectory } from '../../core';

/** The tenant ids of the demo seed the repository ships, lower-cased as the seed directory keeps them. */
export function demoTenantIds(file: string = DEMO_SEED_FILE): string[] {
  const seed = JSON.parse(readFileSync(file, 'utf8')) as { tenants?: { id?: unknown }[] };
  return (seed.tenants ?? []).flatMap((t) => (typeof t.id === 'string' ? [t.id.toLowerCase()] : []));
}

/**
 * Why start-up must stop, when the bot would serve made-up data as if real: with MicrosoftAppId set (production),
 * the seed directory in use is the demo seed, or holds one of its tenants (a copy or an edit of it), and
 * ALLOW_DEMO_SEED is not true. One line naming the settings; null when the bot may start. `seed` is the seed
 * directory, when the configuration uses one (DIRECTORY or PARTNER_DIRECTORY is `seed`).
 */
export async function demoSeedRefusal(
  config: Pick<AppConfig, 'MicrosoftAppId' | 'ALLOW_DEMO_SEED' | 'SEED_FILE'>,
  seed: Pick<RoleDirectory, 'getTenant'> | null,
): Promise<string | null> {
  if (!config.MicrosoftAppId || config.ALLOW_DEMO_SEED || !seed) return null;
  const shown = path.relative(REPO_ROOT, path.resolve(config.SEED_FILE)) || config.SEED_FILE;
  const way =
    'set SEED_FILE to your own seed (or DIRECTORY=graph and PARTNER_DIRECTORY=partnercenter), ' +
    'or ALLOW_DEMO_SEED=true to try the bot on demo data';
  if (path.resolve(config.SEED_FILE) === path.resolve(DEMO_SEED_FILE)) {
    return `SEED_FILE is the demo seed (${shown}), whose people and partners are made up, and MicrosoftAppId is set: ${way}`;
  }
  for (const id of demoTenantIds()) {
    const tenant = await seed.getTenant(id);
    if (tenant) {
      return `SEED_FILE (${shown}) holds the demo seed's tenant ${tenant.name} (${id}), and MicrosoftAppId is set: ${way}`;
    }
  }
  return null;
}
