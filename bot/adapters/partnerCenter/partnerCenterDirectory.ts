import type { Logger } from 'pino';
import { z } from 'zod';
import { PartnerIdSchema, type Partner, UpstreamUnavailableError, type PartnerDirectory } from '../../core';
import { TtlCache } from '../microsoft/ttlCache';
import type { RefreshTokenTokens } from '../microsoft/entraTokens';
import type { HttpsClient } from '../microsoft/httpsClient';
import type { UpstreamPolicy } from '../microsoft/upstreamPolicy';
import type { PartnerContact } from './partnerContacts';

/** `GET /v1/profiles/mpn?mpnId=` answers an MpnProfile; the bot reads the registered name. */
const MpnProfileSchema = z.object({
  partnerName: z.string().trim().min(1).max(256),
  mpnId: z.string().max(20).optional(),
});

/** Partner Center's error body; code 3000 on a 404 means no partner has that ID. */
const PartnerCenterErrorSchema = z.object({ code: z.coerce.number().optional() });

const FOUND_TTL_MS = 60 * 60_000;
/** An unknown ID may be registered tomorrow: a "not found" is remembered briefly. */
const NOT_FOUND_TTL_MS = 60_000;

/**
 * Partner IDs resolved by Microsoft's partner registry (Partner Center, App+User credentials of the partner
 * organisation that runs the bot). The contact to email comes from the operator's contacts file.
 */
export class PartnerCenterDirectory implements PartnerDirectory {
  private readonly names = new TtlCache<string | null>(20_000, FOUND_TTL_MS, (name) =>
    name === null ? NOT_FOUND_TTL_MS : FOUND_TTL_MS,
  );

  constructor(
    private readonly baseUrl: string,
    private readonly tokens: RefreshTokenTokens,
    private readonly http: HttpsClient,
    private readonly policy: UpstreamPolicy,
    private readonly contacts: Map<string, PartnerContact>,
    private readonly timeoutMs: number,
    private readonly log: Logger,
  ) {}

  async findPartner(rawPartnerId: string): Promise<Partner | null> {
    const parsed = PartnerIdSchema.safeParse(rawPartnerId);
    if (!parsed.success) return null;
    const partnerId = parsed.data;
    const name = await this.names.get(partnerId, () => this.lookUp(partnerId));
    if (name === null) return null;
    const contact = this.contacts.get(partnerId);
    return {
      partnerId,
      name,
      email: contact?.email ?? '',
      ...(contact?.name ? { contactName: contact.name } : {}),
      ...(contact?.language ? { language: contact.language } : {}),
    };
  }

  private async lookUp(partnerId: string): Promise<string | null> {
    const profile = await this.policy.execute('GET /v1/profiles/mpn', async () => {
      const token = await this.tokens.token();
      const res = await this.http.call({
        method: 'GET',
        url: `${this.baseUrl}/v1/profiles/mpn?mpnId=${encodeURIComponent(partnerId)}`,
        timeoutMs: this.timeoutMs,
        headers: { authorization: `Bearer ${token}` },
      });
      if (res.status === 200) return res.json;
      const code = PartnerCenterErrorSchema.safeParse(res.json).data?.code;
      // 404 (code 3000): no such partner. 400: Partner Center does not take the ID as one.
      if (res.status === 404 || res.status === 400) return null;
      this.log.error({ upstream: 'partnerCenter', status: res.status, code }, 'Partner Center refused the request');
      throw new UpstreamUnavailableError('partnerCenter', `HTTP ${res.status}`);
    });
    if (profile === null) return null;
    const parsed = MpnProfileSchema.safeParse(profile);
    if (!parsed.success) {
      this.log.error({ upstream: 'partnerCenter' }, 'Partner Center answered in an unexpected shape');
      throw new UpstreamUnavailableError('partnerCenter', 'unexpected answer');
    }
    return parsed.data.partnerName;
  }
}
