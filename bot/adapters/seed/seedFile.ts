import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { LanguageTagSchema, PartnerIdSchema, RoleSchema, ServiceSchema } from '../../core';

/** Names, emails and ids come from a hand-edited file: bound them so a typo cannot become a 1 MB card. */
const MAX_NAME = 200;
const MAX_EMAIL = 254;
const MAX_ID = 128;

const NameSchema = z.string().trim().min(1).max(MAX_NAME);
const EmailFormat = z.email();
const EmailSchema = EmailFormat.max(MAX_EMAIL);
/** Teams reports tenant and user ids in lower case; normalising here keeps lookups exact. */
const GuidFormat = z.guid();
const GuidSchema = GuidFormat.toLowerCase();
const SUBSCRIPTION_ID_PATTERN = /^[\x21-\x7e]+$/;
/** Subscription ids travel through card data and logs, so no whitespace or control characters. */
const SubscriptionIdSchema = z
  .string()
  .min(1)
  .max(MAX_ID)
  .regex(SUBSCRIPTION_ID_PATTERN, 'A subscription id is printable ASCII with no spaces.');
const CreatedAtSchema = z.iso.datetime({ offset: true });

/** The pattern a zod string format checks (its only check), or undefined if this zod keeps it elsewhere. */
function formatPattern(schema: z.ZodType): RegExp | undefined {
  const pattern = (schema as { _zod?: { def?: { pattern?: unknown } } })._zod?.def?.pattern;
  return pattern instanceof RegExp && !pattern.global && !pattern.sticky ? pattern : undefined;
}

/**
 * PartnerIdSchema's pattern, if its checks are still just "trim, then this pattern" (what `seedCheck.ts` does);
 * anything else turns the precompiled check off rather than let it accept what zod would refuse.
 */
function partnerIdPattern(): RegExp | undefined {
  const checks = (
    PartnerIdSchema as unknown as { _zod?: { def?: { checks?: { _zod?: { def?: Record<string, unknown> } }[] } } }
  )._zod?.def?.checks;
  const defs = checks?.map((c) => c._zod?.def);
  if (defs?.length !== 2 || defs[0]?.check !== 'overwrite' || defs[1]?.format !== 'regex') return undefined;
  const tx = defs[0].tx;
  if (typeof tx !== 'function' || tx(' \t1\n ') !== '1') return undefined;
  const pattern = defs[1].pattern;
  return pattern instanceof RegExp && !pattern.global && !pattern.sticky ? pattern : undefined;
}

/**
 * The seed's rules as plain values, for the precompiled check (`seedCheck.ts`) that accepts a valid seed without
 * zod's per-field work. The regular expressions are the very ones zod's formats test, taken from the schemas above,
 * so the two cannot drift apart; if this zod keeps them elsewhere, the check is off and zod validates everything.
 */
export const SEED_RULES = {
  maxName: MAX_NAME,
  maxEmail: MAX_EMAIL,
  maxId: MAX_ID,
  subscriptionIdPattern: SUBSCRIPTION_ID_PATTERN,
  partnerIdPattern: partnerIdPattern(),
  emailPattern: formatPattern(EmailFormat),
  guidPattern: formatPattern(GuidFormat),
  createdAtPattern: formatPattern(CreatedAtSchema),
} as const;

// Strict objects: a misspelt key such as "partnerID" must fail loudly instead of silently meaning "none".
const SeedUserSchema = z.strictObject({
  aadObjectId: GuidSchema,
  name: NameSchema,
  email: EmailSchema,
  role: RoleSchema,
});

const SeedSubscriptionSchema = z.strictObject({
  id: SubscriptionIdSchema,
  service: ServiceSchema,
  name: NameSchema,
  createdAt: CreatedAtSchema,
  partnerId: PartnerIdSchema.optional(),
  /** false: a free, trial or viral subscription, left out of the owner's digest (status still shows it). */
  nudge: z.boolean().optional(),
});

const SeedTenantSchema = z.strictObject({
  id: GuidSchema,
  name: NameSchema,
  users: z.array(SeedUserSchema),
  subscriptions: z.array(SeedSubscriptionSchema),
});

const SeedPartnerSchema = z.strictObject({
  partnerId: PartnerIdSchema,
  name: NameSchema,
  email: EmailSchema,
  /** The language its emails are written in: a BCP 47 tag; one the bot does not write (or none) is English. */
  language: LanguageTagSchema.optional(),
});

/**
 * Cross-field rules run only once every field is well-formed (zod skips refinements on invalid input),
 * so a file with a bad role and a duplicate id reports the role first and the duplicate on the next run.
 */
export const SeedSchema = z
  .strictObject({
    tenants: z.array(SeedTenantSchema).min(1),
    partners: z.array(SeedPartnerSchema),
  })
  .superRefine((seed, ctx) => {
    // Ids are remembered in sets, and where a duplicate was first used is looked up again only for a duplicate:
    // a path (or its text) per id of a large seed cost more than the rest of the validation.
    const duplicate = (path: Path, what: string, key: string, firstAt: Path): void => {
      ctx.addIssue({
        code: 'custom',
        path,
        message: `Duplicate ${what} "${key}" (first used at ${formatPath(firstAt)})`,
      });
    };

    const partnerIds = new Set<string>();
    seed.partners.forEach((p, i) => {
      if (!partnerIds.has(p.partnerId)) {
        partnerIds.add(p.partnerId);
        return;
      }
      const first = seed.partners.findIndex((q) => q.partnerId === p.partnerId);
      duplicate(['partners', i, 'partnerId'], 'partnerId', p.partnerId, ['partners', first, 'partnerId']);
    });

    const tenantIds = new Set<string>();
    const subscriptionIds = new Set<string>();
    const userIds = new Set<string>();
    seed.tenants.forEach((tenant, t) => {
      if (tenantIds.has(tenant.id)) {
        duplicate(['tenants', t, 'id'], 'tenant id', tenant.id, [
          'tenants',
          seed.tenants.findIndex((u) => u.id === tenant.id),
          'id',
        ]);
      } else {
        tenantIds.add(tenant.id);
      }
      userIds.clear();
      tenant.users.forEach((u, i) => {
        if (!userIds.has(u.aadObjectId)) {
          userIds.add(u.aadObjectId);
          return;
        }
        const first = tenant.users.findIndex((v) => v.aadObjectId === u.aadObjectId);
        duplicate(['tenants', t, 'users', i, 'aadObjectId'], 'aadObjectId', u.aadObjectId, [
          'tenants',
          t,
          'users',
          first,
          'aadObjectId',
        ]);
      });
      tenant.subscriptions.forEach((s, i) => {
        if (subscriptionIds.has(s.id)) {
          duplicate(
            ['tenants', t, 'subscriptions', i, 'id'],
            'subscription id',
            s.id,
            firstSubscription(seed.tenants, s.id),
          );
        } else {
          subscriptionIds.add(s.id);
        }
        if (s.partnerId !== undefined && !partnerIds.has(s.partnerId)) {
          ctx.addIssue({
            code: 'custom',
            path: ['tenants', t, 'subscriptions', i, 'partnerId'],
            message: `Partner ID ${s.partnerId} is not listed in partners`,
          });
        }
      });
    });
  });

type Path = (string | number)[];

/** Where a subscription id is first used: only asked for a duplicate, so a second walk is fine. */
function firstSubscription(tenants: readonly { subscriptions: readonly { id: string }[] }[], id: string): Path {
  for (let t = 0; t < tenants.length; t++) {
    const i = tenants[t]!.subscriptions.findIndex((s) => s.id === id);
    if (i >= 0) return ['tenants', t, 'subscriptions', i, 'id'];
  }
  return ['tenants'];
}

export type Seed = z.infer<typeof SeedSchema>;
export type SeedTenant = Seed['tenants'][number];

/** Start-up stops on this; the message alone must let an operator fix the file. */
export class SeedFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
    readonly issues: readonly string[] = [],
  ) {
    super(message);
    this.name = 'SeedFileError';
  }
}

/** `tenants[0].users[2].role`: the way a person would point at the spot in the JSON. */
function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`))
    .join('');
}

/** Validates already-parsed JSON; `file` only labels the error. */
export function parseSeed(data: unknown, file: string): Seed {
  const result = SeedSchema.safeParse(data);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
  throw new SeedFileError(file, `Seed file ${file} is invalid: ${issues.join('\n')}`, issues);
}

export function loadSeedFile(path: string): Seed {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw seedUnreadable(path, err);
  }
  return parseSeed(parseSeedJson(text, path), path);
}

/** The seed file could not be read (missing, a folder, no permission). */
export function seedUnreadable(path: string, err: unknown): SeedFileError {
  return new SeedFileError(path, `Seed file ${path} cannot be read: ${(err as Error).message}`);
}

/** The seed file's text as JSON, not yet validated. */
export function parseSeedJson(text: string, path: string): unknown {
  try {
    // Editors on Windows often save a byte-order mark, which JSON.parse rejects.
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new SeedFileError(path, `Seed file ${path} is not valid JSON: ${(err as Error).message}`);
  }
}
