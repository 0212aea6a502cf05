import type { Logger } from 'pino';
import type { z } from 'zod';
import { type Upstream, UpstreamUnavailableError } from '../../core';
import type { ClientCredentialTokens } from './entraTokens';
import type { HttpsClient, HttpsResponse } from './httpsClient';

/**
 * A GET with the tenant's app token. A token the upstream no longer takes (revoked, or a clock out of step) is
 * renewed once, not kept.
 */
export async function getWithAppToken(
  http: HttpsClient,
  tokens: ClientCredentialTokens,
  request: { tenantId: string; url: string; timeoutMs: number },
): Promise<HttpsResponse> {
  const send = async (renew: boolean) => {
    const token = await tokens.token(request.tenantId, { renew });
    return http.call({
      method: 'GET',
      url: request.url,
      timeoutMs: request.timeoutMs,
      headers: { authorization: `Bearer ${token}` },
    });
  };
  const res = await send(false);
  return res.status === 401 ? send(true) : res;
}

/** An answer checked against its schema: an unexpected shape is logged and counts as the upstream unavailable. */
export function parseAnswer<T>(
  upstream: { id: Upstream; name: string; log: Logger },
  schema: z.ZodType<T>,
  value: unknown,
  path: string,
): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  upstream.log.error(
    { upstream: upstream.id, path: stripQuery(path), issue: parsed.error.issues[0]?.path.join('.') },
    `${upstream.name} answered in an unexpected shape`,
  );
  throw new UpstreamUnavailableError(upstream.id, 'unexpected answer');
}

/** A path as logged: without its query, which may name people. */
export function stripQuery(path: string): string {
  return path.split('?')[0]!;
}
