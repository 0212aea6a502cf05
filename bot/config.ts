import path from 'node:path';
import { z } from 'zod';
import { isHostName } from './runtime/hostName';
import { isLoopbackHost } from './runtime/loopback';
import { PACKAGE_ROOT } from './runtime/packageRoot';

/**
 * The repository root (the folder with package.json), so default paths work whatever the working directory
 * is, and from the build in dist/ as well as from source.
 */
export const REPO_ROOT = PACKAGE_ROOT;

/** The demo seed the repository ships, and SEED_FILE's default. */
export const DEMO_SEED_FILE = path.join(REPO_ROOT, 'deployment', 'demo-seed.json');

/** Unset and empty mean the same: a `.env` line like `MicrosoftAppId=` leaves the default in place. */
const optional = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema);

/** An https base address, kept without a trailing slash so paths can be appended. */
const HttpsBaseUrl = z
  .url({ protocol: /^https$/, error: 'an https:// address' })
  .transform((v) => v.replace(/\/+$/, ''));

/** Microsoft Entra built-in role template ids the owner rule can be given by name. */
export const DIRECTORY_ROLE_IDS = {
  GlobalAdministrator: '62e90394-69f5-4237-9190-012177145e10',
  BillingAdministrator: 'b0f54661-2d74-4c50-afa3-1ec803f12efe',
} as const;

/** `OWNER_ROLES`: role names from DIRECTORY_ROLE_IDS or role template ids; a message when one is neither. */
export function parseOwnerRoles(value: string): string[] | string {
  const ids: string[] = [];
  for (const item of commaList(value)) {
    const named = (DIRECTORY_ROLE_IDS as Record<string, string>)[item.replace(/\s+/g, '')];
    if (named) ids.push(named);
    else if (z.guid().safeParse(item).success) ids.push(item.toLowerCase());
    else return `"${item}" is not a role: use ${Object.keys(DIRECTORY_ROLE_IDS).join(' or ')}, or a role template id`;
  }
  return ids.length ? ids : 'name at least one role';
}

const ConfigSchema = z.object({
  PORT: optional(z.coerce.number().int().min(0).max(65535).default(3978)),
  // The address to listen on. Default: 127.0.0.1 in local anonymous mode (no MicrosoftAppId), so nothing
  // but this machine can reach an unauthenticated bot; every interface once an app id is set.
  HOST: optional(z.string().trim().max(255).optional()),
  MicrosoftAppId: optional(z.string().trim().default('')),
  MicrosoftAppPassword: optional(z.string().default('')),
  MicrosoftAppType: optional(z.enum(['MultiTenant', 'SingleTenant', 'UserAssignedMSI']).default('MultiTenant')),
  MicrosoftAppTenantId: optional(z.string().trim().default('')),
  DATA_DIR: optional(z.string().default('./.data')),
  // The SQLite store's journal: wal (default) for a local disk; delete or truncate (a rollback journal) where
  // DATA_DIR is a network share, such as App Service's /home, on which WAL is unsafe.
  // Either way SQLite serves one instance.
  SQLITE_JOURNAL_MODE: optional(z.enum(['wal', 'delete', 'truncate']).default('wal')),
  SEED_FILE: optional(z.string().default(DEMO_SEED_FILE)),
  // With MicrosoftAppId set, start-up refuses the demo seed (or any seed holding its tenants) unless this is true:
  // its people and partners are made up, and the bot would email them as if real.
  ALLOW_DEMO_SEED: optional(
    z
      .enum(['true', 'false'], { error: 'true or false' })
      .default('false')
      .transform((v) => v === 'true'),
  ),
  LOG_LEVEL: optional(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
  SUPPORT_TECHNICAL_URL: optional(z.url({ protocol: /^https?$/ }).default('https://admin.microsoft.com/#/support')),
  SUPPORT_BILLING_URL: optional(z.url({ protocol: /^https?$/ }).default('https://admin.microsoft.com/#/billoverview')),
  // 20 subscriptions with the longest names a seed allows stay near 20 KB, under Teams' 28 KB limit.
  STATUS_PAGE_SIZE: optional(z.coerce.number().int().min(1).max(20).default(20)),
  // Mail: with SMTP_URL, partner emails go to that server; without it, to .eml files in DATA_DIR/mail.
  SMTP_URL: optional(z.url({ protocol: /^smtps?$/ }).optional()),
  // To a mail server that is not this machine, TLS is required (smtps://, or STARTTLS the server offers): mail that
  // cannot be secured fails and is retried, and no password goes out in clear. `false` allows plain SMTP there.
  SMTP_REQUIRE_TLS: optional(
    z
      .enum(['true', 'false'])
      .default('true')
      .transform((v) => v === 'true'),
  ),
  // smtp: through SMTP_URL. file: written to DATA_DIR/mail and not sent, which with MicrosoftAppId set must be said
  // here. Unset: smtp when SMTP_URL is set, else file (refused with MicrosoftAppId set).
  MAIL_TRANSPORT: optional(z.enum(['smtp', 'file']).optional()),
  MAIL_FROM: optional(z.string().trim().min(3).max(320).default('Partner of Record <partner-of-record@localhost>')),
  MAIL_REPLY_TO: optional(z.string().trim().max(320).optional()),
  // Unset: the bot's own support line, in each email's language (messages/*.ts, partnerEmail.support).
  MAIL_SUPPORT_LINE: optional(z.string().trim().max(500).optional()),
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
  TAB_SSO_JWKS_URL: optional(
    z.url({ protocol: /^https?$/ }).default('https://login.microsoftonline.com/common/discovery/v2.0/keys'),
  ),
  TAB_SSO_ISSUERS: optional(
    z.string().default('https://login.microsoftonline.com/{tenantid}/v2.0,https://sts.windows.net/{tenantid}/'),
  ),
  TAB_SSO_AUDIENCES: optional(z.string().optional()),
  SYNC_INTERVAL_MINUTES: optional(z.coerce.number().min(0.01).max(10_080).default(60)),

  // Where facts come from. `seed` (the default) answers from SEED_FILE; `graph` asks each customer tenant's
  // Microsoft Graph, and `partnercenter` resolves Partner IDs with Partner Center.
  DIRECTORY: optional(z.enum(['seed', 'graph']).default('seed')),
  PARTNER_DIRECTORY: optional(z.enum(['seed', 'partnercenter']).default('seed')),
  GRAPH_BASE_URL: optional(HttpsBaseUrl.default('https://graph.microsoft.com')),
  // Azure Resource Manager, where DIRECTORY=graph reads the Azure subscriptions and who owns each.
  ARM_BASE_URL: optional(HttpsBaseUrl.default('https://management.azure.com')),
  ENTRA_AUTHORITY_HOST: optional(HttpsBaseUrl.default('https://login.microsoftonline.com')),
  PARTNER_CENTER_BASE_URL: optional(HttpsBaseUrl.default('https://api.partnercenter.microsoft.com')),
  // The partner organisation that operates the bot: its tenant, and a refresh token of its App+User sign-in.
  PARTNER_CENTER_TENANT_ID: optional(z.guid().toLowerCase().optional()),
  PARTNER_CENTER_REFRESH_TOKEN: optional(z.string().trim().min(20).optional()),
  // Directory roles that count as the owner, by name or role template id (default: Global Administrator).
  OWNER_ROLES: optional(
    z
      .string()
      .default('GlobalAdministrator')
      .transform((v, ctx) => {
        const ids = parseOwnerRoles(v);
        if (typeof ids === 'string') {
          ctx.addIssue({ code: 'custom', message: ids });
          return z.NEVER;
        }
        return ids;
      }),
  ),
  // Partner ID -> contact email and name, for the partner emails (Partner Center's profile has no contact).
  PARTNER_CONTACTS_FILE: optional(z.string().optional()),
  // The app registration the bot reads Graph and Partner Center with; defaults to the bot's own.
  GRAPH_CLIENT_ID: optional(z.guid().toLowerCase().optional()),
  GRAPH_CLIENT_SECRET: optional(z.string().optional()),
  // Every call to Microsoft: how long one attempt may take, how many attempts, and how long a tripped
  // circuit (five failures in a row) waits before it lets one call through to test the upstream.
  UPSTREAM_TIMEOUT_MS: optional(z.coerce.number().int().min(100).max(60_000).default(5_000)),
  UPSTREAM_MAX_ATTEMPTS: optional(z.coerce.number().int().min(1).max(6).default(3)),
  UPSTREAM_BREAKER_HALF_OPEN_MS: optional(z.coerce.number().int().min(100).max(600_000).default(30_000)),
  // How long a person's roles are trusted before Graph is asked again (at most 5 minutes).
  ROLE_CACHE_SECONDS: optional(z.coerce.number().int().min(0).max(300).default(300)),
  // Connections held open at once; at the cap a new one takes the place of the one idle longest, and is closed
  // when every one is busy (bot/server/connectionLimits.ts).
  MAX_CONNECTIONS: optional(z.coerce.number().int().min(1).max(100_000).default(256)),
  // A request must arrive whole (headers within half this time) or it is answered 408 and closed.
  REQUEST_TIMEOUT_MS: optional(z.coerce.number().int().min(1_000).max(300_000).default(20_000)),
  // Attach, change, remove and Check ID allowed per person in any 60 seconds; more get "slow down".
  RATE_LIMIT_PER_USER_PER_MINUTE: optional(z.coerce.number().int().min(1).max(10_000).default(30)),
  // The same, for everyone of one organization together.
  RATE_LIMIT_PER_TENANT_PER_MINUTE: optional(z.coerce.number().int().min(1).max(100_000).default(300)),

  // Where the bot keeps its state. `sqlite` (the default): a file in DATA_DIR, for one process. `postgres`: the
  // database at DATABASE_URL, shared by any number of bot processes.
  STORE: optional(z.enum(['sqlite', 'postgres']).default('sqlite')),
  // postgres://user:password@host:5432/database?sslmode=require; required with STORE=postgres. A credential:
  // keep it in a secret store. Logs show the user, host and database, never the password.
  DATABASE_URL: optional(z.url({ protocol: /^postgres(ql)?$/, error: 'a postgres:// address' }).optional()),
  // The schema holding the bot's tables, created at start if missing (lower-case letters, digits, underscores).
  DATABASE_SCHEMA: optional(
    z
      .string()
      .trim()
      .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'a schema name: lower-case letters, digits and _')
      .default('public'),
  ),
  // Connections one bot process holds open to PostgreSQL at most.
  DATABASE_POOL_SIZE: optional(z.coerce.number().int().min(1).max(100).default(10)),
  // The longest one SQL statement may run before the server cancels it (the turn then answers "try again").
  DATABASE_STATEMENT_TIMEOUT_MS: optional(z.coerce.number().int().min(100).max(600_000).default(5_000)),
  // How long start-up waits for an unreachable database, retrying with backoff, before exiting with status 1.
  DATABASE_CONNECT_TIMEOUT_MS: optional(z.coerce.number().int().min(0).max(600_000).default(30_000)),

  // Change events (CloudEvents) are posted, signed with WEBHOOK_SECRET, to each of these comma-separated URLs:
  // https, or http to this machine only (localhost, 127.x.x.x, ::1). None: no webhooks.
  WEBHOOK_URLS: optional(
    z
      .string()
      .default('')
      .transform((v, ctx) => parseWebhookUrls(v, ctx)),
  ),
  // The shared secret receivers check signatures with (HMAC-SHA256); required with WEBHOOK_URLS. A credential.
  WEBHOOK_SECRET: optional(z.string().min(16, 'at least 16 characters').optional()),
});

/** `WEBHOOK_URLS`: each an https URL (http only to a loopback host), without credentials, named once. */
function parseWebhookUrls(value: string, ctx: z.RefinementCtx): string[] {
  const urls: string[] = [];
  for (const item of commaList(value)) {
    let url: URL;
    try {
      url = new URL(item);
    } catch {
      ctx.addIssue({ code: 'custom', message: `"${item}" is not a URL` });
      continue;
    }
    const shown = `${url.protocol}//${url.host}${url.pathname}`;
    if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
      ctx.addIssue({
        code: 'custom',
        message: `${shown} must use https: (http is allowed only to this machine: localhost, 127.0.0.1, ::1)`,
      });
    } else if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      ctx.addIssue({ code: 'custom', message: `${shown} must be an https:// address` });
    } else if (url.username || url.password) {
      ctx.addIssue({
        code: 'custom',
        message: `${shown}: put no credentials in the URL; receivers check the signature made with WEBHOOK_SECRET`,
      });
    } else if (urls.includes(url.href)) {
      ctx.addIssue({ code: 'custom', message: `${shown} is named twice` });
    } else {
      urls.push(url.href);
    }
  }
  return urls;
}

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

/** Settings that are each valid alone but not together; every problem names the setting to fix. */
function combinationProblems(config: z.infer<typeof ConfigSchema>): { key: string; message: string }[] {
  const problems: { key: string; message: string }[] = [];
  const usesMicrosoft = config.DIRECTORY === 'graph' || config.PARTNER_DIRECTORY === 'partnercenter';
  const needs = `DIRECTORY=${config.DIRECTORY} with PARTNER_DIRECTORY=${config.PARTNER_DIRECTORY}`;
  if (usesMicrosoft) {
    if (!(config.GRAPH_CLIENT_ID ?? config.MicrosoftAppId)) {
      problems.push({
        key: 'GRAPH_CLIENT_ID',
        message: `${needs} needs an app registration: set GRAPH_CLIENT_ID or MicrosoftAppId`,
      });
    }
    if (!(config.GRAPH_CLIENT_SECRET ?? config.MicrosoftAppPassword)) {
      problems.push({
        key: 'GRAPH_CLIENT_SECRET',
        message: `${needs} needs the app's secret: set GRAPH_CLIENT_SECRET or MicrosoftAppPassword`,
      });
    }
  }
  if (config.DIRECTORY === 'graph' && !config.BOT_DOMAIN) {
    problems.push({
      key: 'BOT_DOMAIN',
      message: 'DIRECTORY=graph needs BOT_DOMAIN: admin consent returns to https://BOT_DOMAIN/consent/callback',
    });
  }
  if (config.PARTNER_DIRECTORY === 'partnercenter') {
    if (!config.PARTNER_CENTER_TENANT_ID) {
      problems.push({
        key: 'PARTNER_CENTER_TENANT_ID',
        message:
          'PARTNER_DIRECTORY=partnercenter needs the tenant id of the partner organisation that operates the bot',
      });
    }
    if (!config.PARTNER_CENTER_REFRESH_TOKEN) {
      problems.push({
        key: 'PARTNER_CENTER_REFRESH_TOKEN',
        message: "PARTNER_DIRECTORY=partnercenter needs a refresh token of the partner's App+User sign-in",
      });
    }
  }
  if (config.WEBHOOK_URLS.length > 0 && !config.WEBHOOK_SECRET) {
    problems.push({
      key: 'WEBHOOK_SECRET',
      message:
        'WEBHOOK_URLS needs WEBHOOK_SECRET, the shared secret change events are signed with (at least 16 characters)',
    });
  }
  if (config.MAIL_TRANSPORT === 'smtp' && !config.SMTP_URL) {
    problems.push({
      key: 'SMTP_URL',
      message: 'MAIL_TRANSPORT=smtp needs SMTP_URL, the mail server partner emails go through',
    });
  }
  if (config.MAIL_TRANSPORT === 'file' && config.SMTP_URL) {
    problems.push({
      key: 'MAIL_TRANSPORT',
      message: 'MAIL_TRANSPORT=file writes emails to DATA_DIR/mail and never uses SMTP_URL: unset one of them',
    });
  }
  if (config.MicrosoftAppId && !config.SMTP_URL && config.MAIL_TRANSPORT !== 'file') {
    problems.push({
      key: 'SMTP_URL',
      message:
        'with MicrosoftAppId set, partner emails need a mail server: set SMTP_URL, or MAIL_TRANSPORT=file to have ' +
        'them written to DATA_DIR/mail and not sent',
    });
  }
  if (config.STORE === 'postgres' && !config.DATABASE_URL) {
    problems.push({
      key: 'DATABASE_URL',
      message:
        'STORE=postgres needs DATABASE_URL, the database every bot process shares (postgres://user:password@host:5432/database)',
    });
  }
  return problems;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const problems = combinationProblems(parsed.data);
  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n${problems.map((p) => `  ${p.key}: ${p.message}`).join('\n')}`);
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

/** The app registration that reads Graph and Partner Center: its own settings, else the bot's. */
export function graphClientCredentials(config: AppConfig): { clientId: string; clientSecret: string } {
  return {
    clientId: config.GRAPH_CLIENT_ID ?? config.MicrosoftAppId,
    clientSecret: config.GRAPH_CLIENT_SECRET ?? config.MicrosoftAppPassword,
  };
}

/** Partner emails are written to the mail folder (DATA_DIR/mail) and not sent. */
export function mailGoesToFolder(config: Pick<AppConfig, 'SMTP_URL' | 'MAIL_TRANSPORT'>): boolean {
  return config.MAIL_TRANSPORT === 'file' || !config.SMTP_URL;
}

export function isAnonymousMode(config: AppConfig): boolean {
  return config.MicrosoftAppId === '';
}

/** Where to listen: HOST, else loopback in local anonymous mode, else every interface (undefined). */
export function listenHost(config: AppConfig): string | undefined {
  return config.HOST ?? (isAnonymousMode(config) ? '127.0.0.1' : undefined);
}
