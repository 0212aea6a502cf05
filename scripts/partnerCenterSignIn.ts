/**
 * `npm run partner-center-sign-in -- --out FILE [--tenant ID] [--force]`: gets the refresh token the bot reads Partner
 * Center with (PARTNER_CENTER_REFRESH_TOKEN), by Microsoft Entra's device code flow: a partner admin opens the
 * page it names in any browser, enters the code and signs in, with MFA, as Partner Center requires for App+User
 * calls. The app is the bot's own registration (GRAPH_CLIENT_ID, else MicrosoftAppId), which must allow public client
 * flows (aad.manifest.json: isFallbackPublicClient) and have Partner Center's user_impersonation permission.
 *
 * The token is written to FILE (mode 600, a new file unless --force), never to the terminal or a log: a terminal's
 * scrollback and a CI log outlive the sign-in, a file is moved to Key Vault and deleted. Only where it went is
 * printed, with where the bot reads it from and how long it lasts.
 */
import 'dotenv/config';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { LogLevel, PublicClientApplication, type NetworkRequestOptions, type NetworkResponse } from '@azure/msal-node';
import { z } from 'zod';
import { authorityOptionsFor, RecordingNetworkClient } from '../bot/adapters/microsoft/entraTokens';
import { HttpsClient } from '../bot/adapters/microsoft/httpsClient';

const SCOPES = ['https://api.partnercenter.microsoft.com/user_impersonation', 'offline_access'];
/** The Bicep's Key Vault secret for the token (deployment/azure/main.bicep, secretNames.partnerCenterRefreshToken). */
const KEY_VAULT_SECRET = 'PartnerCenterRefreshToken';
/** Microsoft's documented default lifetime of a refresh token outside single-page apps. */
const REFRESH_TOKEN_DAYS = 90;
const HTTP_TIMEOUT_MS = 30_000;

const HELP = `Usage: npm run partner-center-sign-in -- --out FILE [--tenant TENANT_ID] [--force]

Signs a partner admin in to Partner Center with a device code (a browser anywhere, with MFA) and writes the
refresh token the bot needs (PARTNER_CENTER_REFRESH_TOKEN) to FILE, created with mode 600.
  --out     the file for the token (refused if it exists, unless --force)
  --tenant  the partner organisation's tenant id (default: PARTNER_CENTER_TENANT_ID)
  --force   replace FILE if it exists
The app is GRAPH_CLIENT_ID, else MicrosoftAppId (.env and the environment); ENTRA_AUTHORITY_HOST as the bot's.
`;

const Guid = z.guid().toLowerCase();
const SettingsSchema = z.object({
  out: z.string().min(1),
  tenant: Guid,
  clientId: Guid,
  authorityHost: z.url({ protocol: /^https$/ }).transform((v) => v.replace(/\/+$/, '')),
  force: z.boolean(),
});

/** Unset and empty mean the same, as for the bot's settings. */
const env = (name: string): string | undefined => process.env[name]?.trim() || undefined;

function settings(argv: string[]): z.infer<typeof SettingsSchema> | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string' },
      tenant: { type: 'string' },
      force: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return 'help';
  const parsed = SettingsSchema.safeParse({
    out: values.out,
    tenant: values.tenant ?? env('PARTNER_CENTER_TENANT_ID'),
    clientId: env('GRAPH_CLIENT_ID') ?? env('MicrosoftAppId'),
    authorityHost: env('ENTRA_AUTHORITY_HOST') ?? 'https://login.microsoftonline.com',
    force: values.force ?? false,
  });
  if (parsed.success) return parsed.data;
  const what: Record<string, string> = {
    out: '--out FILE is required: the file the refresh token is written to',
    tenant: "--tenant (or PARTNER_CENTER_TENANT_ID) must be the partner organisation's tenant id, a GUID",
    clientId: "GRAPH_CLIENT_ID or MicrosoftAppId must be the app registration's Application (client) ID, a GUID",
    authorityHost: 'ENTRA_AUTHORITY_HOST must be an https:// address',
  };
  throw new Error(parsed.error.issues.map((i) => what[String(i.path[0])] ?? i.message).join('\n'));
}

/** What to do about Entra's refusals an operator can meet here, by AADSTS number. */
const HINTS: Record<number, string> = {
  7000218:
    'the app registration does not allow public client flows: set "isFallbackPublicClient": true ' +
    '(aad.manifest.json), or "Allow public client flows" under Authentication',
  65001:
    "no consent for Partner Center's user_impersonation in the partner tenant: " +
    "grant admin consent to the app's API permissions",
  700016: 'the app is not known in that tenant: check --tenant and the app id',
  70019: 'the code expired before the sign-in finished: run this again',
};

/**
 * MSAL's transport, remembering Entra's last refusal: for the device code grant MSAL reports only the OAuth error
 * (`invalid_client`), not the AADSTS number that says what to fix.
 */
class RefusalRecordingClient extends RecordingNetworkClient {
  refusal: { error: string; code?: number } | null = null;

  override async sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    const res = await super.sendPostRequestAsync<T>(url, options);
    const body = res.body as { error?: unknown; error_codes?: unknown } | undefined;
    if (res.status >= 400 && typeof body?.error === 'string' && body.error !== 'authorization_pending') {
      const first: unknown = Array.isArray(body.error_codes) ? body.error_codes[0] : undefined;
      this.refusal = { error: body.error, code: typeof first === 'number' ? first : undefined };
    }
    return res;
  }
}

/** The refresh token MSAL keeps in its cache (it is not part of the result it returns). */
function refreshTokenOf(app: PublicClientApplication): string {
  const cache = JSON.parse(app.getTokenCache().serialize()) as { RefreshToken?: Record<string, { secret?: string }> };
  const token = Object.values(cache.RefreshToken ?? {})[0]?.secret;
  if (!token) throw new Error('Entra answered without a refresh token (was offline_access refused?)');
  return token;
}

async function main(argv: string[]): Promise<number> {
  const s = settings(argv);
  if (s === 'help') {
    process.stdout.write(HELP);
    return 0;
  }
  // Before the sign-in, not after it: a refused file would waste the admin's sign-in.
  if (!s.force && existsSync(s.out)) throw Object.assign(new Error(`'${s.out}'`), { code: 'EEXIST' });
  const http = new HttpsClient('entra');
  const network = new RefusalRecordingClient(http, HTTP_TIMEOUT_MS);
  const app = new PublicClientApplication({
    // The authority's metadata is given, so MSAL asks Entra for nothing but the device code and the token.
    auth: { clientId: s.clientId, ...authorityOptionsFor(`${s.authorityHost}/${s.tenant}`) },
    system: {
      networkClient: network,
      loggerOptions: { logLevel: LogLevel.Error, piiLoggingEnabled: false, loggerCallback: () => undefined },
    },
  });
  try {
    const result = await app
      .acquireTokenByDeviceCode({
        scopes: SCOPES,
        // Entra's own words: the page to open and the code to enter there.
        deviceCodeCallback: (r) => {
          const minutes = Math.round(r.expiresIn / 60);
          process.stdout.write(`${r.message}\nWaiting for the sign-in (the code expires in ${minutes} minutes)...\n`);
        },
      })
      .catch((err: unknown) => {
        const refusal = network.refusal;
        if (!refusal) throw err;
        const code = refusal.code ? ` (AADSTS${refusal.code})` : '';
        const hint = refusal.code ? HINTS[refusal.code] : undefined;
        throw new Error(`Entra refused the sign-in: ${refusal.error}${code}${hint ? `: ${hint}` : ''}`);
      });
    if (!result) throw new Error('no answer from Entra');
    const token = refreshTokenOf(app);
    writeFileSync(s.out, token, { mode: 0o600, flag: s.force ? 'w' : 'wx' });
    chmodSync(s.out, 0o600); // a replaced file keeps its old mode otherwise
    const renewBy = new Date(Date.now() + REFRESH_TOKEN_DAYS * 86_400_000).toISOString().slice(0, 10);
    process.stdout.write(
      [
        `Signed in as ${result.account?.username ?? 'the partner admin'} in tenant ${s.tenant}.`,
        `The refresh token is in ${s.out} (mode 600). The bot reads it from PARTNER_CENTER_REFRESH_TOKEN:`,
        `  - Azure: the Bicep parameter partnerCenterRefreshToken, kept as the Key Vault secret ${KEY_VAULT_SECRET};`,
        `  - elsewhere: PARTNER_CENTER_REFRESH_TOKEN in the bot's environment or .env.`,
        `Then delete ${s.out}, and run \`npm run check-config\` where the bot runs.`,
        `Renew it by ${renewBy}: Entra refresh tokens last ${REFRESH_TOKEN_DAYS} days by default and the bot does not`,
        'store the newer ones it is given; a password reset, a revoked session or tenant policy ends it sooner.',
        '',
      ].join('\n'),
    );
    return 0;
  } finally {
    http.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // MSAL's errors carry Entra's code and description, never a token.
    const e = err as { errorCode?: unknown; errorMessage?: unknown; code?: unknown; message?: unknown };
    let message = typeof e.errorMessage === 'string' && e.errorMessage ? e.errorMessage : String(e.message ?? err);
    if (e.code === 'EEXIST') {
      message = `${/'([^']+)'/.exec(String(message))?.[1] ?? 'the --out file'} exists; give another --out, or --force`;
    }
    process.stderr.write(`partner-center-sign-in: ${message.split('\n')[0]}\n`);
    process.exitCode = 1;
  },
);
