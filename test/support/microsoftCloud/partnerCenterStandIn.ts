/**
 * Stands in for the Partner Center REST API's partner profile lookup, `GET /v1/profiles/mpn?mpnId={id}`.
 * Bearer tokens must be App+User tokens the EntraStandIn issued for Partner Center (refresh-token grant with
 * https://api.partnercenter.microsoft.com/user_impersonation).
 *
 * Shapes follow Microsoft's Partner Center REST documentation:
 * - "Verify a partner's MPN ID" / "Get a partner's profile by MPN ID" (learn.microsoft.com/partner-center/
 *   developer/get-partner-by-mpn-id): 200 with the MpnProfile resource `{partnerName, mpnId, profileType:
 *   'MpnProfile', links: {self: {uri: '/profiles/mpn', method: 'GET', headers: []}}, attributes: {objectType:
 *   'MpnProfile'}}`; an unknown ID: 404 `{code: 3000, description: 'Partner Organization with partner_id N
 *   could not be found', data: [], source: 'PartnerFD'}`. Without `mpnId` the request returns the signed-in
 *   partner's own profile (setOwnProfile).
 * - "Partner Center REST error codes" (partner-center/developer/error-codes): every error body is `{code,
 *   description, data, source}`; 401 code 800001 "Partner Token missing in request context", 400 code 800002
 *   "Invalid request input" (used here for an mpnId that is not a number).
 * - "Partner Center REST headers": answers carry MS-RequestId, MS-CorrelationId (the client's own when it
 *   sent one) and MS-CV; `Content-Type: application/json; charset=utf-8`.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { EntraStandIn } from './entraStandIn';
import { bearerToken, StandInServer, type Fault, type IncomingCall, type Reply } from './standInServer';

export interface PartnerProfile {
  /** The partner's Microsoft partner network ID (PartnerID / MPN ID): digits. */
  mpnId: string;
  partnerName: string;
}

export interface PartnerCenterErrorBody {
  code: number;
  description: string;
  data: unknown[];
  source: string;
}

function partnerCenterErrorBody(code: number, description: string, data: unknown[] = []): PartnerCenterErrorBody {
  return { code, description, data, source: 'PartnerFD' };
}

/** A canned Partner Center error for failNext, e.g. `partnerCenterError(429, 429, 'Too many requests')`. */
export function partnerCenterError(
  status: number,
  code: number,
  description: string,
  options: { retryAfterSeconds?: number; pathPrefix?: string } = {},
): Fault {
  const fault: Fault = { status, body: partnerCenterErrorBody(code, description) };
  if (options.retryAfterSeconds !== undefined) fault.headers = { 'retry-after': String(options.retryAfterSeconds) };
  if (options.pathPrefix !== undefined) fault.pathPrefix = options.pathPrefix;
  return fault;
}

export class PartnerCenterStandIn extends StandInServer {
  protected readonly serviceName = 'Partner Center';
  private readonly partners = new Map<string, PartnerProfile>();
  private readonly ownProfiles = new Map<string, string>();

  constructor(readonly entra: EntraStandIn) {
    super();
  }

  /** Replaces the registered partners. */
  setPartners(partners: PartnerProfile[]): void {
    this.partners.clear();
    for (const p of partners) this.addPartner(p);
  }

  addPartner(partner: PartnerProfile): void {
    this.partners.set(partner.mpnId, { ...partner });
  }

  removePartner(mpnId: string): void {
    this.partners.delete(mpnId);
  }

  /** The profile `GET /v1/profiles/mpn` (no mpnId) answers for tokens of `tenantId`. */
  setOwnProfile(tenantId: string, mpnId: string): void {
    this.ownProfiles.set(tenantId.toLowerCase(), mpnId);
  }

  protected override clientCorrelationId(headers: IncomingHttpHeaders): string | undefined {
    const value = headers['ms-correlationid'];
    return typeof value === 'string' && value.trim() ? value.trim() : undefined;
  }

  protected standardHeaders(call: IncomingCall): Record<string, string> {
    return {
      'content-type': 'application/json; charset=utf-8',
      'ms-requestid': call.ctx.requestId,
      'ms-correlationid': call.ctx.clientRequestId,
      'ms-cv': `${randomBytes(12).toString('base64')}.0`,
      'ms-serverid': '000000SI',
    };
  }

  protected defaultErrorReply(status: number): Reply {
    switch (status) {
      case 400:
        return { status, body: partnerCenterErrorBody(800002, 'Invalid request input') };
      case 401:
        return {
          status,
          headers: this.challenge(),
          body: partnerCenterErrorBody(800001, 'Partner Token missing in request context'),
        };
      case 403:
        return { status, body: partnerCenterErrorBody(2032, 'Access denied') };
      case 404:
        return { status, body: partnerCenterErrorBody(1000, 'Not found') };
      case 429:
        return {
          status,
          headers: { 'retry-after': '1' },
          body: partnerCenterErrorBody(429, 'Too many requests. Try again later.'),
        };
      case 503:
        return {
          status,
          body: partnerCenterErrorBody(503, 'The service is temporarily unavailable. Try again later.'),
        };
      default:
        return {
          status,
          body: partnerCenterErrorBody(
            status >= 500 ? 800003 : 800002,
            status >= 500 ? 'Unexpected service error' : 'Invalid request input',
          ),
        };
    }
  }

  private challenge(): Record<string, string> {
    return { 'www-authenticate': 'OAuth realm=urn:cpsvc:cpid:stand-in' };
  }

  protected route(call: IncomingCall): Reply {
    const { scheme, token } = bearerToken(call.headers);
    if (scheme !== 'bearer' || !token) {
      return {
        status: 401,
        headers: this.challenge(),
        body: partnerCenterErrorBody(800001, 'Partner Token missing in request context'),
      };
    }
    const tenantId = this.entra.verify(token, 'partnerCenter');
    if (!tenantId)
      return { status: 401, headers: this.challenge(), body: partnerCenterErrorBody(400, 'Access denied') };

    if (call.path.replace(/\/+$/, '').toLowerCase() !== '/v1/profiles/mpn') {
      return { status: 404, body: partnerCenterErrorBody(1000, `Not found: ${call.path}`) };
    }
    if (call.method !== 'GET')
      return {
        status: 405,
        body: partnerCenterErrorBody(405, `The requested resource does not support http method '${call.method}'.`),
      };

    const requested = queryValue(call.query, 'mpnId');
    let mpnId: string;
    if (requested === undefined) {
      const own = this.ownProfiles.get(tenantId);
      if (!own)
        return {
          status: 404,
          body: partnerCenterErrorBody(3000, `Partner Organization for tenant ${tenantId} could not be found`),
        };
      mpnId = own;
    } else {
      if (!/^\d+$/.test(requested))
        return {
          status: 400,
          body: partnerCenterErrorBody(800002, `Invalid request input: mpnId '${requested}' is not a valid MPN ID.`),
        };
      mpnId = requested;
    }
    const partner = this.partners.get(mpnId);
    if (!partner)
      return {
        status: 404,
        body: partnerCenterErrorBody(3000, `Partner Organization with partner_id ${mpnId} could not be found`),
      };
    return {
      status: 200,
      body: {
        partnerName: partner.partnerName,
        mpnId: partner.mpnId,
        profileType: 'MpnProfile',
        links: { self: { uri: '/profiles/mpn', method: 'GET', headers: [] } },
        attributes: { objectType: 'MpnProfile' },
      },
    };
  }
}

/** A query parameter by name, ignoring case (Partner Center's routing is case-insensitive). */
function queryValue(query: URLSearchParams, name: string): string | undefined {
  for (const [k, v] of query) if (k.toLowerCase() === name.toLowerCase()) return v;
  return undefined;
}
