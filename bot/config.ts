import path from 'node:path';
import { z } from 'zod';
import { isHostName } from './hostName';
import { PACKAGE_ROOT } from './packageRoot';

/**
 * The repository root (the folder with package.json), so default paths work whatever the working directory
 * is, and from the build in dist/ as well as from source.
 */
export const REPO_ROOT = PACKAGE_ROOT;

/** Unset and empty mean the same: a `.env` line like `MicrosoftAppId=` leaves the default in place. */
const optional = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema);

const ConfigSchema = z.object({
  PORT: optional(z.coerce.number().int().min(0).max(65535).default(3978)),
  MicrosoftAppId: optional(z.string().trim().default('')),
  MicrosoftAppPassword: optional(z.string().default('')),
  MicrosoftAppType: optional(z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant')),
  MicrosoftAppTenantId: optional(z.string().trim().default('')),
  DATA_DIR: optional(z.string().default('./.data')),
  SEED_FILE: optional(z.string().default(path.join(REPO_ROOT, 'deployment', 'demo-seed.json'))),
  LOG_LEVEL: optional(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
  SUPPORT_TECHNICAL_URL: optional(z.url({ protocol: /^https?$/ }).default('https://admin.microsoft.com/#/support')),
  SUPPORT_BILLING_URL: optional(z.url({ protocol: /^https?$/ }).default('https://admin.microsoft.com/#/billoverview')),
    // 20 subscriptions with the longest names a seed allows stay near 20 KB, under Teams' 28 KB limit.
  STATUS_PAGE_SIZE: optional(z.coerce.number().int().min(1).max(20).default(20)),
  // Mail: with SMTP_URL, partner emails go to that server; without it, to .eml files in DATA_DIR/mail.
  SMTP_URL: optional(z.url({ protocol: /^smtps?$/ }).optional()),
  MAIL_FROM: optional(z.string().trim().min(3).max(320).default('Partner of Record <partner-of-record@localhost>')),
  MAIL_REPLY_TO: optional(z.string().trim().max(320).optional()),
  MAIL_SUPPORT_LINE: optional(
    z
      .string()
      .trim()
      .max(500)
      .default('Questions about this change? Reply to this email, or contact the customer who made it.'),
  ),
  OUTBOX_MAX_ATTEMPTS: optional(z.coerce.number().int().min(1).max(100).default(8)),
  OUTBOX_RETRY_BASE_MS: optional(z.coerce.number().int().min(10).max(3_600_000).default(30_000)),
  OUTBOX_RETRY_MAX_MS: optional(z.coerce.number().int().min(10).max(86_400_000).default(3_600_000)),
  // A claimed message is reserved this long; after a crash mid-send it waits this long to be retried.
  OUTBOX_LEASE_MS: optional(z.coerce.number().int().min(100).max(3_600_000).default(60_000)),
  OUTBOX_POLL_MS: optional(z.coerce.number().int().min(10).max(3_600_000).default(5_000)),
  // The public host of the bot and its tab (no scheme): the tab's SSO audience and the app package use it.
  BOT_DOMAIN: optional(
    z
      .string()
      .trim()
      .toLowerCase()
      .refine((v) => isHostName(v), 'a host name, without scheme, path or port')
      .optional(),
  ),
  // Teams SSO for the tab (used when MicrosoftAppId is set). Defaults: Microsoft Entra ID's public keys and
  // issuers; audiences default to api://BOT_DOMAIN/MicrosoftAppId and the app id itself.
  TAB_SSO_JWKS_URL: optional(z.url({ protocol: /^https?$/ }).default('https://login.microsoftonline.com/common/discovery/v2.0/keys')),
  TAB_SSO_ISSUERS: optional(z.string().default('https://login.microsoftonline.com/{tenantid}/v2.0,https://sts.windows.net/{tenantid}/')),
  TAB_SSO_AUDIENCES: optional(z.string().optional()),
  SYNC_INTERVAL_MINUTES: optional(z.coerce.number().min(0.01).max(10_080).default(60)),
});

/** Every environment variable the schema reads (the deployment files are checked against this list). */
export const CONFIG_KEYS = Object.keys(ConfigSchema.shape) as (keyof typeof ConfigSchema.shape)[];

export type AppConfig = z.infer<typeof ConfigSchema> & {
  /** botbuilder's own settings, passed through as they are (token endpoints, channel service...). */
  botFrameworkSettings: Record<string, string>;
};

/** The settings botbuilder's ConfigurationBotFrameworkAuthentication reads, by their botbuilder names. */
export const BOT_FRAMEWORK_SETTINGS = [
  'MicrosoftAppId',
  'MicrosoftAppPassword',
  'MicrosoftAppType',
  'MicrosoftAppTenantId',
  'ChannelService',
  'OAuthUrl',
  'ToChannelFromBotLoginUrl',
  'ToChannelFromBotOAuthScope',
  'ToBotFromChannelTokenIssuer',
  'ToBotFromChannelOpenIdMetadataUrl',
  'ToBotFromEmulatorOpenIdMetadataUrl',
  'CallerId',
  'ValidateAuthority',
] as const;

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const botFrameworkSettings: Record<string, string> = {};
  for (const key of BOT_FRAMEWORK_SETTINGS) {
    const value = env[key];
    if (typeof value === 'string' && value.trim() !== '') botFrameworkSettings[key] = value.trim();
  }
  return { ...parsed.data, botFrameworkSettings };
}

export function commaList(value: string): string[] {
  return value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

/** Who a tab SSO token must be for: the app's Application ID URI, or the app id. */
export function tabSsoAudiences(config: AppConfig): string[] {
  if (config.TAB_SSO_AUDIENCES) return commaList(config.TAB_SSO_AUDIENCES);
  const audiences = [config.MicrosoftAppId];
  if (config.BOT_DOMAIN) audiences.unshift(`api://${config.BOT_DOMAIN}/${config.MicrosoftAppId}`);
  return audiences;
}

/** For process entry points: a bad setting ends the process with a message naming it, not a stack trace. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
}

export function isAnonymousMode(config: AppConfig): boolean {
  return config.MicrosoftAppId === '';
}
