import { canonicalLanguageTag, ROLES, SERVICES } from '../../core';
import { SEED_RULES } from './seedFile';

/**
 * Receives a seed's values, normalised as `SeedSchema` outputs them (names trimmed, GUIDs and nothing else lower-cased,
 * Partner IDs trimmed), in seed order: partners first, then each tenant followed by its users and subscriptions.
 */
export interface SeedSink {
  partner(partnerId: string, name: string, email: string, language: string | null): void;
  tenant(tenant: number, id: string, name: string): void;
  user(tenant: number, user: number, aadObjectId: string, name: string, email: string, role: string): void;
  subscription(
    tenant: number,
    subscription: number,
    id: string,
    service: string,
    name: string,
    createdAt: string,
    partnerId: string | null,
    nudge: boolean,
  ): void;
}

const SERVICE_SET: ReadonlySet<string> = new Set(SERVICES);
const ROLE_SET: ReadonlySet<string> = new Set(ROLES);
const {
  maxName,
  maxEmail,
  maxId,
  subscriptionIdPattern,
  partnerIdPattern,
  emailPattern,
  guidPattern,
  createdAtPattern,
} = SEED_RULES;

/** Whether this zod exposed every pattern the check needs; if not, `checkSeed` always answers "ask zod". */
export const SEED_CHECK_AVAILABLE =
  emailPattern !== undefined &&
  guidPattern !== undefined &&
  createdAtPattern !== undefined &&
  partnerIdPattern !== undefined;

/** Thrown inside the walk at the first value the check is not sure of; caught by `checkSeed`. */
class Doubt extends Error {}
const DOUBT = new Doubt();

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;

/** A strict object's keys: every own key is one of `allowed` (zod's strictObject refuses any other). */
function onlyKeys(o: Record<string, unknown>, allowed: ReadonlySet<string>): void {
  for (const k in o) if (!allowed.has(k)) throw DOUBT;
}

function name(value: unknown): string {
  if (typeof value !== 'string') throw DOUBT;
  const trimmed = value.trim();
  if (trimmed.length < 1 || trimmed.length > maxName) throw DOUBT;
  return trimmed;
}

function email(value: unknown): string {
  if (typeof value !== 'string' || value.length > maxEmail || !emailPattern!.test(value)) throw DOUBT;
  return value;
}

function guid(value: unknown): string {
  if (typeof value !== 'string' || !guidPattern!.test(value)) throw DOUBT;
  return value.toLowerCase();
}

/** An optional language tag, as `LanguageTagSchema` writes it; null when absent. */
function language(value: unknown): string | null {
  if (value === undefined) return null;
  if (typeof value !== 'string') throw DOUBT;
  return canonicalLanguageTag(value.trim()) ?? doubt();
}

function doubt(): never {
  throw DOUBT;
}

function partnerId(value: unknown): string {
  if (typeof value !== 'string') throw DOUBT;
  const trimmed = value.trim();
  if (!partnerIdPattern!.test(trimmed)) throw DOUBT;
  return trimmed;
}

const SEED_KEYS = new Set(['tenants', 'partners']);
const PARTNER_KEYS = new Set(['partnerId', 'name', 'email', 'language']);
const TENANT_KEYS = new Set(['id', 'name', 'users', 'subscriptions']);
const USER_KEYS = new Set(['aadObjectId', 'name', 'email', 'role']);
const SUBSCRIPTION_KEYS = new Set(['id', 'service', 'name', 'createdAt', 'partnerId', 'nudge']);

/**
 * The precompiled check of a parsed seed: the same rules as `SeedSchema` (the same regular expressions, lengths,
 * enums, strict keys and cross-field rules), run as plain loops that build no path and copy nothing, handing each
 * normalised value to `sink` as it goes. It only ever accepts what zod accepts, and it gives no reasons: `true` means
 * the seed is valid and `sink` received all of it; `false` means it doubted something (and `sink` received part of
 * the seed, to be thrown away), and zod must validate the seed to accept it or word what is wrong.
 * At 10,000 tenants x 20 subscriptions this is a tenth of what zod takes, because zod allocates an issue list, a
 * context and an output object per value.
 */
export function checkSeed(data: unknown, sink: SeedSink): boolean {
  if (!SEED_CHECK_AVAILABLE) return false;
  try {
    walk(data, sink);
    return true;
  } catch (err) {
    if (err === DOUBT) return false;
    throw err;
  }
}

function walk(data: unknown, sink: SeedSink): void {
  if (!isRecord(data)) throw DOUBT;
  onlyKeys(data, SEED_KEYS);
  const { tenants, partners } = data;
  if (!Array.isArray(partners) || !Array.isArray(tenants) || tenants.length < 1) throw DOUBT;

  const partnerIds = new Set<string>();
  for (let i = 0; i < partners.length; i++) {
    const p: unknown = partners[i];
    if (!isRecord(p)) throw DOUBT;
    onlyKeys(p, PARTNER_KEYS);
    const id = partnerId(p.partnerId);
    if (partnerIds.has(id)) throw DOUBT;
    partnerIds.add(id);
    sink.partner(id, name(p.name), email(p.email), language(p.language));
  }

  const tenantIds = new Set<string>();
  const subscriptionIds = new Set<string>();
  const userIds = new Set<string>();
  for (let t = 0; t < tenants.length; t++) {
    const tenant: unknown = tenants[t];
    if (!isRecord(tenant)) throw DOUBT;
    onlyKeys(tenant, TENANT_KEYS);
    const id = guid(tenant.id);
    if (tenantIds.has(id)) throw DOUBT;
    tenantIds.add(id);
    const { users, subscriptions } = tenant;
    if (!Array.isArray(users) || !Array.isArray(subscriptions)) throw DOUBT;
    sink.tenant(t, id, name(tenant.name));

    userIds.clear();
    for (let i = 0; i < users.length; i++) {
      const u: unknown = users[i];
      if (!isRecord(u)) throw DOUBT;
      onlyKeys(u, USER_KEYS);
      const userId = guid(u.aadObjectId);
      if (userIds.has(userId)) throw DOUBT;
      userIds.add(userId);
      const role = u.role;
      if (typeof role !== 'string' || !ROLE_SET.has(role)) throw DOUBT;
      sink.user(t, i, userId, name(u.name), email(u.email), role);
    }

    for (let i = 0; i < subscriptions.length; i++) {
      const s: unknown = subscriptions[i];
      if (!isRecord(s)) throw DOUBT;
      onlyKeys(s, SUBSCRIPTION_KEYS);
      const subscriptionId = s.id;
      if (
        typeof subscriptionId !== 'string' ||
        subscriptionId.length > maxId ||
        !subscriptionIdPattern.test(subscriptionId)
      )
        throw DOUBT;
      if (subscriptionIds.has(subscriptionId)) throw DOUBT;
      subscriptionIds.add(subscriptionId);
      const service = s.service;
      if (typeof service !== 'string' || !SERVICE_SET.has(service)) throw DOUBT;
      const createdAt = s.createdAt;
      if (typeof createdAt !== 'string' || !createdAtPattern!.test(createdAt)) throw DOUBT;
      // An absent key and one set to undefined are the same to zod's optional().
      let partner: string | null = null;
      if (s.partnerId !== undefined) {
        partner = partnerId(s.partnerId);
        if (!partnerIds.has(partner)) throw DOUBT;
      }
      if (s.nudge !== undefined && typeof s.nudge !== 'boolean') throw DOUBT;
      sink.subscription(t, i, subscriptionId, service, name(s.name), createdAt, partner, s.nudge !== false);
    }
  }
}
