import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { PartnerIdSchema, RoleSchema, ServiceSchema } from '../../domain/types';

/** Names, emails and ids come from a hand-edited file: bound them so a typo cannot become a 1 MB card. */
const MAX_NAME = 200;
const MAX_EMAIL = 254;
const MAX_ID = 128;

const NameSchema = z.string().trim().min(1).max(MAX_NAME);
const EmailSchema = z.email().max(MAX_EMAIL);
/** Teams reports tenant and user ids in lower case; normalising here keeps lookups exact. */
const GuidSchema = z.guid().toLowerCase();
/** Subscription ids travel through card data and logs, so no whitespace or control characters. */
const SubscriptionIdSchema = z
  .string()
  .min(1)
  .max(MAX_ID)
  .regex(/^[\x21-\x7e]+$/, 'A subscription id is printable ASCII with no spaces.');

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
  createdAt: z.iso.datetime({ offset: true }),
  partnerId: PartnerIdSchema.optional(),
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
    // Where each id was first seen is kept as its path and spelt out only for a duplicate: formatting a path
    // for every id of a large seed cost more than the rest of the validation.
    type Path = (string | number)[];
    const firstAt = <K>(seen: Map<K, Path>, key: K, path: Path, what: string): void => {
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        ctx.addIssue({ code: 'custom', path, message: `Duplicate ${what} "${String(key)}" (first used at ${formatPath(earlier)})` });
      } else {
        seen.set(key, path);
      }
    };

    const partnerIds = new Map<string, Path>();
    seed.partners.forEach((p, i) => firstAt(partnerIds, p.partnerId, ['partners', i, 'partnerId'], 'partnerId'));

    const tenantIds = new Map<string, Path>();
    const subscriptionIds = new Map<string, Path>();
    seed.tenants.forEach((tenant, t) => {
      firstAt(tenantIds, tenant.id, ['tenants', t, 'id'], 'tenant id');
      const userIds = new Map<string, Path>();
      tenant.users.forEach((u, i) => firstAt(userIds, u.aadObjectId, ['tenants', t, 'users', i, 'aadObjectId'], 'aadObjectId'));
      tenant.subscriptions.forEach((s, i) => {
        firstAt(subscriptionIds, s.id, ['tenants', t, 'subscriptions', i, 'id'], 'subscription id');
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
    throw new SeedFileError(path, `Seed file ${path} cannot be read: ${(err as Error).message}`);
  }
  let data: unknown;
  try {
    // Editors on Windows often save a byte-order mark, which JSON.parse rejects.
    data = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new SeedFileError(path, `Seed file ${path} is not valid JSON: ${(err as Error).message}`);
  }
  return parseSeed(data, path);
}
