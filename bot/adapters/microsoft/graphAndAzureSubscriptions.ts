import {
  isConsentRequired,
  type NotedSubscriptions,
  type Subscription,
  type SubscriptionDirectory,
  type SubscriptionListNote,
} from '../../core';

/**
 * A tenant's subscriptions from both of Microsoft's sources: Graph's (Microsoft 365 and the like) and Azure
 * Resource Manager's. One source failing does not hide the other: the list says what it could not read. Only
 * when both fail (or Graph says the tenant has not consented) does the read fail.
 */
export class GraphAndAzureSubscriptions implements SubscriptionDirectory {
  constructor(
    private readonly graph: SubscriptionDirectory,
    private readonly azure: SubscriptionDirectory,
  ) {}

  async listSubscriptions(tenantId: string): Promise<Subscription[]> {
    return (await this.listNotedSubscriptions(tenantId)).subscriptions;
  }

  async listNotedSubscriptions(tenantId: string): Promise<NotedSubscriptions> {
    const [m365, azure] = await Promise.allSettled([
      this.graph.listSubscriptions(tenantId),
      this.azure.listSubscriptions(tenantId),
    ]);
    if (m365.status === 'rejected' && (azure.status === 'rejected' || isConsentRequired(m365.reason))) {
      throw m365.reason;
    }
    const notes: SubscriptionListNote[] = [];
    if (m365.status === 'rejected') notes.push('microsoft365Unreadable');
    if (azure.status === 'rejected') notes.push('azureUnreadable');
    else if (azure.value.length === 0) notes.push('azureNoneVisible');
    return {
      subscriptions: [
        ...(m365.status === 'fulfilled' ? m365.value : []),
        ...(azure.status === 'fulfilled' ? azure.value : []),
      ],
      notes,
    };
  }

  /** Found in a source that answered; not found while a source could not be read is that source's failure. */
  async getSubscription(tenantId: string, subscriptionId: string): Promise<Subscription | null> {
    const answers = await Promise.allSettled([
      this.graph.getSubscription(tenantId, subscriptionId),
      this.azure.getSubscription(tenantId, subscriptionId),
    ]);
    for (const a of answers) if (a.status === 'fulfilled' && a.value) return a.value;
    for (const a of answers) if (a.status === 'rejected') throw a.reason;
    return null;
  }
}
