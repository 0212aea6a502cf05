import { startBot, type BotUnderTest } from './botUnderTest';
import type { LocalIdentityProvider } from './identityProvider';

/** The app registration the tab's SSO tests sign in to. */
export const SSO_APP_ID = '11111111-2222-4333-8444-555555555555';
export const SSO_BOT_DOMAIN = 'por-bot.example.net';
/** The audience Teams SSO tokens carry: the app's Application ID URI. */
export const SSO_AUDIENCE = `api://${SSO_BOT_DOMAIN}/${SSO_APP_ID}`;

/**
 * The bot with an app id, so the tab accepts only SSO tokens, signed by the local identity provider (its keys at
 * `TAB_SSO_JWKS_URL` unless `env` names others).
 */
export function startSsoBot(idp: LocalIdentityProvider, env: Record<string, string> = {}): Promise<BotUnderTest> {
  return startBot({
    env: {
      MicrosoftAppId: SSO_APP_ID,
      MicrosoftAppPassword: 'not-a-real-secret',
      // No mail server here: the mail folder is meant, as production requires saying.
      MAIL_TRANSPORT: 'file',
      BOT_DOMAIN: SSO_BOT_DOMAIN,
      TAB_SSO_JWKS_URL: idp.jwksUrl,
      TAB_SSO_ISSUERS: `${idp.base}/{tenantid}/v2.0`,
      ...env,
    },
  });
}

/** A call to the tab's JSON API with a bearer token. */
export async function callTabApi(
  bot: Pick<BotUnderTest, 'url'>,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
) {
  const res = await fetch(`${bot.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json()) as any };
}
