import { z } from 'zod';
import { SubscriptionIdSchema } from '../domain/types';

/**
 * Card data comes back from the client and can be replayed, edited or forged: every field is parsed
 * here, and the flow re-checks tenant, role and version against the server's own state.
 */

/** Anything larger than this is not something our cards produce. */
export const MAX_ACTION_PAYLOAD_BYTES = 8 * 1024;

const Mode = z.enum(['attach', 'change', 'remove']);
const IdMode = z.enum(['attach', 'change']);
/** Templating gives numbers; a client may echo them as strings. */
const Version = z.coerce.number().int().min(0).max(2_147_483_647);
const Page = z.coerce.number().int().min(0).max(100_000).default(0);
/** Kept raw: the domain judges the format, so the person gets the domain's wording. */
const RawPartnerId = z.string().max(100);
const ActionId = z.string().uuid();

const schemas = {
  start: z.object({ mode: Mode, page: Page }),
  choose: z.object({ mode: Mode, subscriptionId: SubscriptionIdSchema }),
  check: z.object({ mode: IdMode, subscriptionId: SubscriptionIdSchema, version: Version, partnerId: RawPartnerId.default('') }),
  editId: z.object({ mode: IdMode, subscriptionId: SubscriptionIdSchema, version: Version, partnerId: RawPartnerId.default('') }),
  submit: z.object({ mode: IdMode, subscriptionId: SubscriptionIdSchema, version: Version, partnerId: RawPartnerId, actionId: ActionId }),
  remove: z.object({ subscriptionId: SubscriptionIdSchema, version: Version, actionId: ActionId }),
  dismissNudge: z.object({ subscriptionId: SubscriptionIdSchema }),
  cancel: z.object({}),
  status: z.object({ page: Page }),
  help: z.object({}),
  welcome: z.object({}),
} as const;

export type Verb = keyof typeof schemas;
export type CardActionOf<V extends Verb> = { verb: V; data: z.infer<(typeof schemas)[V]> };
export type ParsedCardAction = { [V in Verb]: CardActionOf<V> }[Verb];

const Envelope = z.object({
  action: z.object({
    type: z.literal('Action.Execute'),
    verb: z.string().max(50),
    data: z.record(z.string(), z.unknown()).optional().default({}),
  }),
});

export type ParseFailure = { ok: false; reason: 'tooLarge' | 'malformed' | 'unknownVerb' | 'invalidData'; message: string };

export function parseCardAction(value: unknown): { ok: true; action: ParsedCardAction } | ParseFailure {
  let size: number;
  try {
    size = Buffer.byteLength(JSON.stringify(value ?? null), 'utf8');
  } catch {
    return { ok: false, reason: 'malformed', message: 'The action could not be read.' };
  }
  if (size > MAX_ACTION_PAYLOAD_BYTES) {
    return { ok: false, reason: 'tooLarge', message: 'That action carried more data than any of my cards sends.' };
  }
  const envelope = Envelope.safeParse(value);
  if (!envelope.success) return { ok: false, reason: 'malformed', message: 'The action could not be read.' };
  const { verb, data } = envelope.data.action;
  if (!Object.prototype.hasOwnProperty.call(schemas, verb)) {
    return { ok: false, reason: 'unknownVerb', message: 'That button belongs to a card I no longer understand.' };
  }
  const parsed = schemas[verb as Verb].safeParse(data);
  if (!parsed.success) {
    return { ok: false, reason: 'invalidData', message: parsed.error.issues[0]?.message ?? 'The action data is not valid.' };
  }
  return { ok: true, action: { verb, data: parsed.data } as ParsedCardAction };
}
