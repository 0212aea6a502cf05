import { z } from 'zod';
import { APP_VERSION, GUID, isHostName } from './formats';

/** The values the manifest template's placeholders are filled with, by placeholder name. */
export interface PackageSettings {
  MicrosoftAppId: string;
  BOT_DOMAIN: string;
  APP_VERSION: string;
}

export class PackageSettingsError extends Error {}

/** Unset and empty mean the same, as for the bot's own settings (bot/config.ts). */
const required = (whenMissing: string, schema: z.ZodType<string, string>) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z.string({ error: (iss) => (iss.input === undefined ? `missing: ${whenMissing}` : 'not a string') }).pipe(schema),
  );

const SettingsSchema = z.object({
  MicrosoftAppId: required(
    "set it to the Azure Bot's Microsoft App ID",
    z
      .string()
      .trim()
      .refine((v) => GUID.test(v), { error: (iss) => `${JSON.stringify(iss.input)} is not a GUID` }),
  ),
  BOT_DOMAIN: required(
    'set it to the host name the bot is reached at, e.g. por-bot.azurewebsites.net',
    z
      .string()
      .trim()
      .toLowerCase()
      .refine((v) => isHostName(v), {
        error: (iss) =>
          `${JSON.stringify(iss.input)} is not a host name (no scheme, no path, no port), e.g. por-bot.azurewebsites.net`,
      }),
  ),
  APP_VERSION: required(
    'package.json has no "version"',
    z.string().refine((v) => APP_VERSION.test(v), {
      error: (iss) => `${JSON.stringify(iss.input)} (package.json "version") is not MAJOR.MINOR.PATCH, e.g. 1.0.0`,
    }),
  ),
});

/**
 * Reads and checks the placeholder values. The app id and the domain come from the environment; the version
 * from package.json, so the Teams app's version moves with the code's.
 */
export function readPackageSettings(env: NodeJS.ProcessEnv, appVersion: unknown): PackageSettings {
  const parsed = SettingsSchema.safeParse({
    MicrosoftAppId: env.MicrosoftAppId,
    BOT_DOMAIN: env.BOT_DOMAIN,
    APP_VERSION: appVersion,
  });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new PackageSettingsError(`Cannot build the Teams app package:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
