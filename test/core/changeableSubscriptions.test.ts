import assert from 'node:assert/strict';
import { changeableSubscriptions, type Subscription, type SubscriptionOwners } from '../../bot/core';

const TENANT = '3f9a6c2e-8b41-4d7a-9e15-6c0b2d8f4a17';
const PERSON = 'a1c4e7f0-2b5d-4e8a-9c3f-6d2b8e1a4f70';

function subscription(id: string, service: Subscription['service']): Subscription {
  return { id, tenantId: TENANT, service, name: id, createdAt: new Date(0).toISOString(), initialPartnerId: null };
}

const office = subscription('office', 'Office 365');
const azureOwned = subscription('azure-owned', 'Azure');
const azureOther = subscription('azure-other', 'Azure');
const azureUnreadable = subscription('azure-unreadable', 'Azure');

/** Azure's rule: the person owns azure-owned only; azure-unreadable cannot be read. */
const AZURE: SubscriptionOwners = {
  governs: (s) => s.service === 'Azure',
  async isOwner(_tenantId, _person, subscriptionId) {
    if (subscriptionId === azureUnreadable.id) throw new Error('ARM is not answering');
    return subscriptionId === azureOwned.id;
  },
  ownerNames: async () => [],
};

const ALL = [office, azureOwned, azureOther, azureUnreadable];
const ids = (subs: readonly Subscription[]) => subs.map((s) => s.id);

describe('changeableSubscriptions: each subscription by its own rule', () => {
  it('gives a tenant owner the tenant-rule subscriptions and only the Azure ones they own', async () => {
    const subs = await changeableSubscriptions(
      AZURE,
      { tenantId: TENANT, aadObjectId: PERSON, tenantOwner: true },
      ALL,
    );
    assert.deepEqual(ids(subs), ['office', 'azure-owned']);
  });

  it('gives anyone else only the Azure subscriptions they own; an unreadable answer is no', async () => {
    const subs = await changeableSubscriptions(
      AZURE,
      { tenantId: TENANT, aadObjectId: PERSON, tenantOwner: false },
      ALL,
    );
    assert.deepEqual(ids(subs), ['azure-owned']);
  });

  it('without an owners port, judges every subscription by the tenant rule', async () => {
    const person = { tenantId: TENANT, aadObjectId: PERSON };
    assert.deepEqual(ids(await changeableSubscriptions(undefined, { ...person, tenantOwner: true }, ALL)), ids(ALL));
    assert.deepEqual(await changeableSubscriptions(undefined, { ...person, tenantOwner: false }, ALL), []);
  });
});
