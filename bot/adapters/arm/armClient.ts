import type { Logger } from 'pino';
import { z } from 'zod';
import { UpstreamUnavailableError } from '../../core';
import type { ClientCredentialTokens } from '../microsoft/entraTokens';
import type { HttpsClient } from '../microsoft/httpsClient';
import type { UpstreamPolicy } from '../microsoft/upstreamPolicy';
import { getWithAppToken, parseAnswer, stripQuery } from '../microsoft/appTokenRequests';

/** ARM's error body: `{ error: { code, message } }`. Only the code is ever read. */
const ArmErrorBody = z.object({ error: z.object({ code: z.string().max(200) }) });

const PageSchema = z.object({ value: z.array(z.unknown()), nextLink: z.string().nullable().optional() });

/** Azure Resource Manager's app-only token scope (client credentials), whatever ARM_BASE_URL points at. */
export const ARM_SCOPE = 'https://management.azure.com/.default';

/** A tenant that has outgrown this many pages is not read to the end (a guard against a paging loop). */
const MAX_PAGES = 100;

/**
 * Azure Resource Manager for one app, in any customer tenant that consented: app-only tokens per tenant for
 * https://management.azure.com/.default, the upstream policy around every request, and `nextLink` followed to the
 * last page, only back to ARM itself. Any refusal (403 AuthorizationFailed included) is "ARM could not be read".
 */
export class ArmClient {
  private readonly origin: string;

  constructor(
    private readonly baseUrl: string,
    private readonly tokens: ClientCredentialTokens,
    private readonly http: HttpsClient,
    private readonly policy: UpstreamPolicy,
    private readonly timeoutMs: number,
    private readonly log: Logger,
  ) {
    this.origin = new URL(baseUrl).origin;
  }

  /** GET a list, every page. */
  async getAll<T>(tenantId: string, path: string, itemSchema: z.ZodType<T>): Promise<T[]> {
    const items: T[] = [];
    let url: string | null | undefined = `${this.baseUrl}${path}`;
    for (let page = 0; url; page++) {
      if (page >= MAX_PAGES) {
        this.log.warn({ upstream: 'arm', tenantId, path: stripQuery(path) }, `stopped after ${MAX_PAGES} pages`);
        break;
      }
      const parsed: z.infer<typeof PageSchema> = this.parse(PageSchema, await this.get(tenantId, url, path), path);
      for (const value of parsed.value) items.push(this.parse(itemSchema, value, path));
      url = parsed.nextLink;
      // The next link would carry the tenant's token: it may only point back at ARM itself.
      if (url && !sameOrigin(url, this.origin)) {
        this.log.error({ upstream: 'arm', tenantId, path: stripQuery(path) }, 'nextLink points away from ARM');
        throw new UpstreamUnavailableError('arm', 'nextLink to another origin');
      }
    }
    return items;
  }

  private async get(tenantId: string, url: string, path: string): Promise<unknown> {
    return this.policy.execute(`GET ${stripQuery(path)}`, async () => {
      const res = await getWithAppToken(this.http, this.tokens, { tenantId, url, timeoutMs: this.timeoutMs });
      if (res.status >= 200 && res.status < 300) return res.json;
      const code = ArmErrorBody.safeParse(res.json).data?.error.code ?? '';
      this.log.warn(
        { upstream: 'arm', tenantId, path: stripQuery(path), status: res.status, code },
        'Azure Resource Manager refused the request',
      );
      throw new UpstreamUnavailableError('arm', `HTTP ${res.status} ${code}`.trim());
    });
  }

  private parse<T>(schema: z.ZodType<T>, value: unknown, path: string): T {
    return parseAnswer({ id: 'arm', name: 'Azure Resource Manager', log: this.log }, schema, value, path);
  }
}

function sameOrigin(url: string, origin: string): boolean {
  try {
    return new URL(url).origin === origin;
  } catch {
    return false;
  }
}
