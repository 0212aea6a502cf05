import type { DirectoryUser, Partner, Subscription, TenantRef } from '../types';
import type { NotedSubscriptions } from './subscriptionOwners';

/** The tenant's subscriptions (Microsoft Graph / Azure in production, the seed file when embedded). */
export interface SubscriptionDirectory {
  listSubscriptions(tenantId: string): Promise<Subscription[]>;
  getSubscription(tenantId: string, subscriptionId: string): Promise<Subscription | null>;
  /** The list with what it could not show (a source unreadable, Azure empty); without it, nothing to say. */
  listNotedSubscriptions?(tenantId: string): Promise<NotedSubscriptions>;
}

/** Who is who in a tenant, and which role each person holds. */
export interface RoleDirectory {
  /** The tenants the bot serves; the seed directory lists only its first 200 (the tab's dev sign-in is the one caller). */
  listTenants(): Promise<TenantRef[]>;
  getTenant(tenantId: string): Promise<TenantRef | null>;
  getUser(tenantId: string, aadObjectId: string): Promise<DirectoryUser | null>;
  listOwners(tenantId: string): Promise<DirectoryUser[]>;
  /** Everyone of the tenant; only the local dev sign-in of the tab uses it. */
  listUsers(tenantId: string): Promise<DirectoryUser[]>;
}

/** Partner ID -> registered partner (Partner Center in production). */
export interface PartnerDirectory {
  findPartner(partnerId: string): Promise<Partner | null>;
}
