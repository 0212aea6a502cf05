import { ARM_SUBSCRIPTIONS_PATH } from '../../bot/adapters/arm/armSubscriptions';
import { HttpsClient, TransientUpstreamError } from '../../bot/adapters/microsoft/httpsClient';
import { graphClientCredentials, type AppConfig } from '../../bot/config';
import { azureReaderCommand } from '../../bot/wording/azure';
import { failed, messageOf, ok, report, warning } from './report';

/** Pages followed at most: a check only counts, and a tenant this large is counted as "at least". */
const MAX_PAGES = 20;

interface ArmPage {
  value?: { state?: unknown }[];
  nextLink?: unknown;
  error?: { code?: unknown };
}

/**
 * DIRECTORY=graph: the Azure subscriptions Azure Resource Manager shows the app in the bot's own tenant, as the bot
 * lists them (deleted ones left out). ARM lists only those the app holds a role on: none is a warning with the
 * Reader command, a refusal or an outage a failure.
 */
export async function checkAzureSubscriptions(config: AppConfig, tenantId: string, token: string): Promise<void> {
  const name = `Azure subscriptions ${config.ARM_BASE_URL}`;
  const http = new HttpsClient('arm');
  let visible = 0;
  let url: string | undefined = `${config.ARM_BASE_URL}${ARM_SUBSCRIPTIONS_PATH}`;
  try {
    for (let page = 0; url && page < MAX_PAGES; page++) {
      const headers = { authorization: `Bearer ${token}` };
      const res = await http.call({ method: 'GET', url, timeoutMs: config.UPSTREAM_TIMEOUT_MS, headers });
      const body = (res.json ?? {}) as ArmPage;
      if (res.status !== 200) return report(name, failed(refusal(res.status, body)));
      if (!Array.isArray(body.value)) return report(name, failed('an answer without a list of subscriptions'));
      visible += body.value.filter((s) => s?.state !== 'Deleted').length;
      // The next page carries the token: followed only on ARM itself.
      url =
        typeof body.nextLink === 'string' && sameOrigin(body.nextLink, config.ARM_BASE_URL) ? body.nextLink : undefined;
    }
  } catch (err) {
    // 429 and 5xx come as thrown errors (they are worth another try), as do connections that fail.
    if (err instanceof TransientUpstreamError)
      return report(name, failed(`not answering (${err.status ? `HTTP ${err.status}` : err.reason}): try again later`));
    return report(name, failed(messageOf(err)));
  } finally {
    http.close();
  }
  if (visible > 0) return report(name, ok(`${visible} visible to the app`));
  const command = azureReaderCommand(graphClientCredentials(config).clientId, tenantId);
  report(
    name,
    warning(`none visible: give the app Reader on them (an Owner or User Access Administrator runs: ${command})`),
  );
}

function refusal(status: number, body: ArmPage): string {
  const code = typeof body.error?.code === 'string' ? ` ${body.error.code}` : '';
  if (status === 401 || status === 403)
    return `refused (HTTP ${status}${code}): Azure Resource Manager does not accept the app's token for this tenant`;
  return `HTTP ${status}${code}`;
}

function sameOrigin(url: string, base: string): boolean {
  try {
    return new URL(url).origin === new URL(base).origin;
  } catch {
    return false;
  }
}
