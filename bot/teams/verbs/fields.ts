import { z } from 'zod';
import { isVersion, MAX_BATCH_CHANGES, ServiceSchema, SubscriptionIdSchema } from '../../core';

/**
 * The fields card data is made of. Card data comes back from the client and can be replayed, edited or forged:
 * every field is parsed, and the handlers re-check tenant, role and version against the server's own state.
 */
export const Mode = z.enum(['attach', 'change', 'remove']);
export const PartnerIdMode = z.enum(['attach', 'change']);
/** A version as text: decimal digits without a leading zero, as a client echoing card data as strings writes it. */
const VERSION_TEXT = /^(0|[1-9][0-9]{0,9})$/;
/**
 * The version a card showed. Templating binds `${version}` as a JSON number; a client may echo it as its digits.
 * Anything else (null, "", [], false, -1, 1.5, "abc", missing) is null: no state a card of this bot showed, so
 * the verb answers with the subscription's current state and changes nothing (see `attemptAt` in the core's service).
 */
export const Version = z
  .unknown()
  .transform((value): number | null => {
    const number = typeof value === 'string' && VERSION_TEXT.test(value) ? Number(value) : value;
    return isVersion(number) ? number : null;
  })
  .default(null);
export const Page = z.coerce.number().int().min(0).max(100_000).default(0);
/** A service a picker is narrowed to ("add partner intune"); a card's paging button sends '' for none. */
export const ServiceFilter = z
  .union([ServiceSchema, z.literal('')])
  .optional()
  .transform((service) => service || undefined);
/** Kept raw: the domain judges the format, so the person gets the domain's wording. */
export const RawPartnerId = z.string().max(100);
export const ActionId = z.string().uuid();
export const SubscriptionId = SubscriptionIdSchema;
export const NoData = z.object({});

/**
 * The subscriptions of an action on several, as its cards carry them: [subscription id, version shown] pairs, each
 * subscription once, at most MAX_BATCH_CHANGES. Compact, as a card action carries all of them.
 */
export const Selection = z
  .array(z.tuple([SubscriptionIdSchema, z.number().refine(isVersion, 'Not a version.')]))
  .min(1)
  .max(MAX_BATCH_CHANGES)
  .refine((pairs) => new Set(pairs.map(([id]) => id)).size === pairs.length, 'A subscription is listed twice.')
  .transform((pairs) => pairs.map(([subscriptionId, version]) => ({ subscriptionId, version })));
/** A multi-select ChoiceSet's answer: the values ticked, joined by commas (none: absent or ""). */
export const TickedSubscriptions = z
  .string()
  .max(MAX_BATCH_CHANGES * 201)
  .default('')
  .transform((joined) => joined.split(',').filter((id) => id.trim() !== ''))
  .pipe(z.array(SubscriptionIdSchema).max(MAX_BATCH_CHANGES, `Tick at most ${MAX_BATCH_CHANGES} subscriptions.`));
/** An Input.Toggle's answer. */
export const Toggle = z.enum(['true', 'false']).default('false');
