import { z } from 'zod';
import { SubscriptionIdSchema } from '../../domain/types';

/**
 * The fields card data is made of. Card data comes back from the client and can be replayed, edited or forged:
 * every field is parsed, and the handlers re-check tenant, role and version against the server's own state.
 */
export const Mode = z.enum(['attach', 'change', 'remove']);
export const PartnerIdMode = z.enum(['attach', 'change']);
/** Templating gives numbers; a client may echo them as strings. */
export const Version = z.coerce.number().int().min(0).max(2_147_483_647);
export const Page = z.coerce.number().int().min(0).max(100_000).default(0);
/** Kept raw: the domain judges the format, so the person gets the domain's wording. */
export const RawPartnerId = z.string().max(100);
export const ActionId = z.string().uuid();
export const SubscriptionId = SubscriptionIdSchema;
export const NoData = z.object({});
