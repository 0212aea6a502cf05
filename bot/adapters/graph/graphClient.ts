import type { Logger } from 'pino';
import { z } from 'zod';
import { ConsentRequiredError, UpstreamUnavailableError } from '../../core';
import type { ClientCredentialTokens } from '../microsoft/entraTokens';
import type { HttpsClient } from '../microsoft/httpsClient';
import type { UpstreamPolicy } from '../microsoft/upstreamPolicy';
import { getWithAppToken, parseAnswer, stripQuery } from '../microsoft/appTokenRequests';

/** Graph's error body: `{ error: { code, message, innerError } }`. Only the code is ever read. */
const GraphErrorBody = z.object({ error: z.object({ code: z.string().max(200) }) });

const PageSchema = z.object({
  value: z.array(z.unknown()),
  '@odata.nextLink': z.string().optional(),
});

/** A tenant that has outgrown this many pages is not read to the end (a guard against a paging loop). */
const MAX_PAGES = 200;

/**
 * Microsoft Graph v1.0 for one app, in any customer tenant that consented: app-only tokens per tenant, the
 * upstream policy around every request, Graph's errors sorted, and paging followed to the end.
 */
export class GraphClient {
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

  /** GET one resource; null when Graph answers 404. */
  async getOne<T>(tenantId: string, path: string, schema: z.ZodType<T>): Promise<T | null> {
    const res = await this.get(tenantId, `${this.baseUrl}${path}`, path);
    if (res === null) return null;
    return this.parse(schema, res, path);
  }

  /** GET a collection, following `@odata.nextLink` to the last page. */
  async getAll<T>(tenantId: string, path: string, itemSchema: z.ZodType<T>): Promise<T[]> {
    const items: T[] = [];
    let url: string | undefined = `${this.baseUrl}${path}`;
    for (let page = 0; url; page++) {
      if (page >= MAX_PAGES) {
        this.log.warn({ upstream: 'graph', tenantId, path }, `stopped after ${MAX_PAGES} pages`);
        break;
      }
      const body = await this.get(tenantId, url, path);
      if (body === null) throw new UpstreamUnavailableError('graph', `404 on ${path}`);
      const parsed = this.parse(PageSchema, body, path);
      for (const value of parsed.value) items.push(this.parse(itemSchema, value, path));
      url = parsed['@odata.nextLink'];
      // The next link carries the tenant's token: it may only point back at Graph itself.
      if (url !== undefined && new URL(url).origin !== this.origin) {
        this.log.error({ upstream: 'graph', tenantId, path }, 'nextLink points away from Graph; not followed');
        throw new UpstreamUnavailableError('graph', 'nextLink to another origin');
      }
    }
    return items;
  }

  private async get(tenantId: string, url: string, path: string): Promise<unknown | null> {
    return this.policy.execute(`GET ${stripQuery(path)}`, async () => {
      const res = await getWithAppToken(this.http, this.tokens, { tenantId, url, timeoutMs: this.timeoutMs });
      if (res.status >= 200 && res.status < 300) return res.json ?? null;
      const code = GraphErrorBody.safeParse(res.json).data?.error.code ?? '';
      if (res.status === 404) return null;
      // A permission the tenant has not granted (consent given before the app asked for it, or withdrawn).
      if (res.status === 403 && code === 'Authorization_RequestDenied') throw new ConsentRequiredError(tenantId, code);
      this.log.error(
        { upstream: 'graph', tenantId, path: stripQuery(path), status: res.status, code },
        'Graph refused the request',
      );
      throw new UpstreamUnavailableError('graph', `HTTP ${res.status} ${code}`.trim());
    });
  }

  private parse<T>(schema: z.ZodType<T>, value: unknown, path: string): T {
    return parseAnswer({ id: 'graph', name: 'Graph', log: this.log }, schema, value, path);
  }
}
