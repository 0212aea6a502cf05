import type { Subscription } from '../types';

/**
 * Who may change the partner of record of a subscription that has owners of its own: an Azure subscription's are
 * whoever holds Azure RBAC's Owner role on it (directly or through a group), whatever their directory role. A
 * directory without such a port keeps the tenant's owner rule for every subscription (the seed directory).
 */
export interface SubscriptionOwners {
  /** Whether this subscription's own owners decide, rather than the tenant's owner role. */
  governs(subscription: Subscription): boolean;
  /** Whether the person holds the Owner role on the subscription itself or above it. */
  isOwner(tenantId: string, aadObjectId: string, subscriptionId: string): Promise<boolean>;
  /** Names of the people who hold the Owner role on it, for "ask ...": a few, possibly none known. */
  ownerNames(tenantId: string, subscriptionId: string): Promise<string[]>;
}

/** What the subscription list could not show, for the status to say rather than list nothing in silence. */
export type SubscriptionListNote =
  /** Azure Resource Manager answered an empty list: the app holds no role on any Azure subscription. */
  | 'azureNoneVisible'
  /** Azure Resource Manager could not be read (refused, or not answering). */
  | 'azureUnreadable'
  /** Microsoft Graph's subscriptions could not be read; the Azure ones are shown. */
  | 'microsoft365Unreadable';

export interface NotedSubscriptions {
  subscriptions: Subscription[];
  notes: SubscriptionListNote[];
}
