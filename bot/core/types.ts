import { z } from 'zod';

/** The services a partner of record can be attached to (the official FAQ's list). */
export const SERVICES = [
  'Office 365',
  'CRM Online',
  'AX7',
  'Intune',
  'Enterprise Mobility Suite',
  'Power BI',
  'Azure',
] as const;
export const ServiceSchema = z.enum(SERVICES);
export type Service = z.infer<typeof ServiceSchema>;

/**
 * Directory roles. Only `owner` (the tenant's administrator role) may attach, change or remove a partner
 * of record; the others exist so a refusal can say precisely why.
 */
export const ROLES = ['owner', 'serviceAdmin', 'coAdmin', 'delegatedAdmin', 'member'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;

/** What a Partner ID looks like, as the domain refuses one and the Partner ID card checks it before sending. */
export const PARTNER_ID_RULE = 'A Partner ID is a number of 6 to 10 digits.';

/** A Microsoft partner network ID: 6 to 10 digits. Surrounding spaces are forgiven, nothing else is. */
export const PartnerIdSchema = z
  .string()
  .trim()
  .regex(/^\d{6,10}$/, PARTNER_ID_RULE)
  .brand<'PartnerId'>();
export type PartnerId = z.infer<typeof PartnerIdSchema>;

/** Longer than any language tag a person would write (RFC 5646 advises 35 characters at most). */
const MAX_LANGUAGE_TAG = 35;

/**
 * A BCP 47 language tag as Intl writes it (`de-de` -> `de-DE`); undefined for text that is not one, and for a
 * language's name ("German", "japanese"), which BCP 47's syntax would take as an unregistered 5-to-8-letter
 * subtag. Which language a partner is written to in is the wording's choice (`languageOf`: one the bot speaks, else
 * English).
 */
export function canonicalLanguageTag(value: string): string | undefined {
  if (value.length === 0 || value.length > MAX_LANGUAGE_TAG) return undefined;
  try {
    const tag = Intl.getCanonicalLocales(value)[0];
    return tag && new Intl.Locale(tag).language.length <= 3 ? tag : undefined;
  } catch {
    return undefined;
  }
}

/** A contact's language in a hand-edited file: a well-formed BCP 47 tag ("de", "fr-CA", "ja"), kept as Intl writes it. */
export const LanguageTagSchema = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const tag = canonicalLanguageTag(value);
    if (tag !== undefined) return tag;
    ctx.addIssue({ code: 'custom', message: 'A language is a BCP 47 tag, for example en, de, fr, es or ja.' });
    return z.NEVER;
  });

/** Tenant ids and Entra object ids, as Teams and Entra ID spell them (any case). */
export const GUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
export const GuidSchema = z.string().regex(GUID_PATTERN);

/**
 * A subscription id as it may come back from a card or the tab: GUIDs (Azure) or short product ids,
 * letters, digits and a few separators, bounded. Never a path.
 */
export const SubscriptionIdSchema = z
  .string()
  .trim()
  .min(1, 'Choose a subscription.')
  .max(200)
  .regex(/^[\w.:@-]+$/, 'That is not a subscription id.');

export interface TenantRef {
  id: string;
  name: string;
}

/**
 * Why someone who is not the owner may be one after all: eligible for an owner role in Privileged Identity
 * Management but not activated, or roles through groups and PIM that the directory could not read.
 */
export type RoleNote = 'activateInPim' | 'groupsAndPimUnseen';

export interface DirectoryUser {
  tenantId: string;
  aadObjectId: string;
  name: string;
  email: string;
  role: Role;
  /** Only for someone who is not the owner. */
  roleNote?: RoleNote;
}

export interface Subscription {
  id: string;
  tenantId: string;
  service: Service;
  name: string;
  createdAt: string;
  /** Partner of record the directory reports before this product ever changed it. */
  initialPartnerId: PartnerId | null;
  /**
   * False for free, trial and viral subscriptions, and for Azure subscriptions read from Azure Resource Manager
   * (their own Owners decide, not the digest's owners): left out of the owner's digest of subscriptions without a
   * partner, still shown by status and open to attach. Absent means nudged.
   */
  nudge?: boolean;
}

export interface Partner {
  partnerId: PartnerId;
  /** The partner's registered name (what Check ID shows). */
  name: string;
  /** Where the partner is emailed; empty when no contact is known, and then no email is sent. */
  email: string;
  /** The person at that address, when known; emails greet them instead of the company. */
  contactName?: string;
  /** The BCP 47 tag of the language to write to that contact in, when known (`canonicalLanguageTag`). */
  language?: string;
}

/** Who is asking: taken from the Teams activity (or the tab's token), never from card data. */
export interface Actor {
  tenantId: string;
  aadObjectId: string;
}

/**
 * The current partner of record of one subscription. `version` counts changes made through this product;
 * 0 means the product never changed it (the directory's initial state applies).
 */
export interface Assignment {
  tenantId: string;
  subscriptionId: string;
  partnerId: PartnerId | null;
  version: number;
  updatedAt: string | null;
  updatedBy: string | null;
}

/** The largest version the stores keep (PostgreSQL's integer column). */
export const MAX_VERSION = 2_147_483_647;

/**
 * Whether a value is a version a card or the tab's page could have shown: a JSON number that is an integer from
 * 0 to MAX_VERSION. Nothing else (null, "", [], false, -1, 1.5) may stand for one, least of all for 0.
 */
export function isVersion(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= MAX_VERSION;
}

export type ChangeKind = 'attach' | 'change' | 'remove';
/** The kinds of change that name a partner, so ask for a Partner ID. */
export type PartnerIdKind = Exclude<ChangeKind, 'remove'>;

export interface AuditEntry {
  id: number;
  tenantId: string;
  subscriptionId: string;
  kind: ChangeKind;
  oldPartnerId: PartnerId | null;
  newPartnerId: PartnerId | null;
  actorId: string;
  actorName: string;
  at: string;
  version: number;
  /**
   * The id of the change event this entry is (CloudEvents `id`): a UUID written with the entry, so it is unique
   * across stores and deployments and is copied with the entry by `npm run migrate-store`.
   */
  eventId: string;
}

/** A subscription as shown to a person: with its current partner of record resolved to a name. */
export interface SubscriptionView {
  subscription: Subscription;
  assignment: Assignment;
  partner: Partner | null;
  lastChange: AuditEntry | null;
  /** Whether the partner emails of the last change went out; null when it queued none (or none is known). */
  emailStatus: EmailStatus | null;
  /** What the partner the last change named answered (from its email's link); null while it has not. */
  answer?: PartnerAnswer | null;
}

/** `filed`: accepted, but only written to the bot's mail folder (no mail server), so not sent. */
export type EmailStatus = 'pending' | 'sent' | 'filed' | 'failed';

export type PartnerAnswerKind = 'confirmed' | 'declined';

/**
 * A partner's answer to the change that named it (attach or change), kept once per change: the partner's word to
 * this organization's record, nothing at Microsoft.
 */
export interface PartnerAnswer {
  /** The change answered: its audit entry's event id and the version it made. */
  changeEventId: string;
  tenantId: string;
  subscriptionId: string;
  version: number;
  partnerId: PartnerId;
  partnerName: string;
  answer: PartnerAnswerKind;
  /** A decline's reason, plain text, bounded; null when none was given (always for a confirmation). */
  reason: string | null;
  at: string;
  /** The answer's own change event id (CloudEvents `id`), a UUID. */
  eventId: string;
}
