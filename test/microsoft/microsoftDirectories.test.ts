import assert from 'node:assert/strict';
import pino from 'pino';
import {
  createMicrosoftDirectories,
  type MicrosoftDirectories,
} from '../../bot/adapters/microsoft/microsoftDirectories';
import { loadConfig } from '../../bot/config';
import { ConsentRequiredError, UpstreamUnavailableError } from '../../bot/core';
import {
  CONTOSO,
  FABRIKAM,
  NORTHWIND,
  PARTNER_ORG,
  PARTNERS,
  graphError,
  requireOpenssl,
  seedFixtures,
  startMicrosoftCloud,
  type MicrosoftCloud,
  standInDirectorySettings,
  STAND_IN_APP,
} from '../support/microsoftCloud';

const { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET } = STAND_IN_APP;

/**
 * The production directories, in this process, against local HTTPS stand-ins for Entra ID, Graph and
 * Partner Center that answer in Microsoft's documented shapes.
 */
describe('Microsoft directories against the stand-ins (in process)', () => {
  let cloud: MicrosoftCloud;
  let directories: MicrosoftDirectories;
  const open: MicrosoftDirectories[] = [];

  function connect(env: Record<string, string> = {}): MicrosoftDirectories {
    const config = loadConfig({
      ...standInDirectorySettings(cloud),
      UPSTREAM_BREAKER_HALF_OPEN_MS: '500',
      ...env,
    });
    const made = createMicrosoftDirectories(
      config,
      { listTenantIds: async () => [FABRIKAM.tenantId, NORTHWIND.tenantId] },
      pino({ level: 'silent' }),
      { ca: cloud.caPem },
    );
    open.push(made);
    return made;
  }

  before(async function () {
    await requireOpenssl(this);
  });
  beforeEach(async () => {
    cloud = await startMicrosoftCloud({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, pageSize: 10 });
    seedFixtures(cloud);
    directories = connect();
  });
  afterEach(async () => {
    for (const d of open.splice(0)) d.close();
    await cloud.close();
  });

  it("lists the tenant's subscriptions across Graph's pages, named after their products, without the deleted one", async () => {
    const subs = await directories.graph!.listSubscriptions(FABRIKAM.tenantId);
    assert.equal(cloud.graph.requestCount('/v1.0/directory/subscriptions'), 3, 'three pages of 10');
    const ids = subs.map((s) => s.id);
    assert.equal(ids.length, Object.keys(FABRIKAM.subscriptions).length - 1);
    assert.ok(!ids.includes(FABRIKAM.subscriptions.customerServiceDeleted));
    const byId = new Map(subs.map((s) => [s.id, s]));
    const name = (id: string) => byId.get(id)?.name;
    assert.equal(name(FABRIKAM.subscriptions.officeE3), 'Office 365 E3 (since 2021-03-15)');
    assert.equal(name(FABRIKAM.subscriptions.officeE3Later), 'Office 365 E3 (since 2023-06-01)');
    assert.match(name(FABRIKAM.subscriptions.powerBiPro) ?? '', /^Power BI Pro \(since 2022-09-01, id …4c51\)$/);
    assert.match(name(FABRIKAM.subscriptions.powerBiProTwin) ?? '', /^Power BI Pro \(since 2022-09-01, id …409c\)$/);
    assert.match(name(FABRIKAM.subscriptions.visioSuspended) ?? '', /\(suspended\)$/);
    assert.match(name(FABRIKAM.subscriptions.officeE5Trial) ?? '', /\(trial\)$/);
    assert.equal(name(FABRIKAM.subscriptions.customSku), 'CONTOSO_CUSTOM_SKU');
    assert.equal(byId.get(FABRIKAM.subscriptions.intune)?.service, 'Intune');
    assert.equal(byId.get(FABRIKAM.subscriptions.finance)?.service, 'AX7');
    assert.equal(byId.get(FABRIKAM.subscriptions.sales)?.service, 'CRM Online');
    assert.equal(byId.get(FABRIKAM.subscriptions.ems)?.service, 'Enterprise Mobility Suite');
    assert.ok(subs.every((s) => s.tenantId === FABRIKAM.tenantId && s.initialPartnerId === null));
  });

  it("gives each person the role Entra's facts make them, and the tenant's name", async () => {
    const roles = directories.graph!;
    const role = async (id: string) => (await roles.getUser(FABRIKAM.tenantId, id))?.role;
    assert.equal(await role(FABRIKAM.users.globalAdmin), 'owner');
    assert.equal(await role(FABRIKAM.users.billingAdmin), 'serviceAdmin');
    assert.equal(await role(FABRIKAM.users.intuneAdmin), 'serviceAdmin');
    assert.equal(await role(FABRIKAM.users.guestGlobalAdmin), 'delegatedAdmin');
    assert.equal(await role(FABRIKAM.users.member), 'member');
    assert.equal(
      await roles.getUser(FABRIKAM.tenantId, 'f0000000-0000-4000-8000-000000000000'),
      null,
      'not in the directory',
    );
    assert.deepEqual(await roles.getUser(FABRIKAM.tenantId, FABRIKAM.users.globalAdmin.toUpperCase()), {
      tenantId: FABRIKAM.tenantId,
      aadObjectId: FABRIKAM.users.globalAdmin,
      name: 'Megan Bowen',
      email: 'megan.bowen@fabrikam.example',
      role: 'owner',
    });
    assert.deepEqual(await roles.getTenant(FABRIKAM.tenantId.toUpperCase()), {
      id: FABRIKAM.tenantId,
      name: 'Fabrikam, Inc.',
    });
    assert.deepEqual(
      (await roles.listOwners(FABRIKAM.tenantId)).map((o) => o.name),
      ['Megan Bowen'],
      'the guest Global Administrator is not an owner',
    );
    assert.deepEqual(
      (await roles.listTenants()).map((t) => t.id),
      [FABRIKAM.tenantId],
      'Northwind cannot be read, so this pass leaves it out',
    );

    const withBilling = connect({ OWNER_ROLES: 'GlobalAdministrator,BillingAdministrator' }).graph!;
    assert.equal((await withBilling.getUser(FABRIKAM.tenantId, FABRIKAM.users.billingAdmin))?.role, 'owner');
    assert.deepEqual(
      (await withBilling.listOwners(FABRIKAM.tenantId)).map((o) => o.name),
      ['Megan Bowen', 'Nestor Wilke'],
    );
  });

  it('asks for a token once per tenant, and reuses roles and subscriptions for a while', async () => {
    const roles = directories.graph!;
    await Promise.all([
      roles.getUser(FABRIKAM.tenantId, FABRIKAM.users.globalAdmin),
      roles.getTenant(FABRIKAM.tenantId),
      roles.listSubscriptions(FABRIKAM.tenantId),
    ]);
    const graphCalls = cloud.graph.requestCount();
    await roles.getUser(FABRIKAM.tenantId, FABRIKAM.users.globalAdmin);
    await roles.getSubscription(FABRIKAM.tenantId, FABRIKAM.subscriptions.ems);
    assert.equal(cloud.graph.requestCount(), graphCalls, 'answered from the cache');
    assert.equal(cloud.entra.tokenRequestCount({ tenantId: FABRIKAM.tenantId, grantType: 'client_credentials' }), 1);
    assert.equal(cloud.entra.requestCount('/common/discovery'), 0, 'no instance discovery');
    assert.equal(cloud.entra.requestCount(`/${FABRIKAM.tenantId}/v2.0/.well-known`), 0, 'no metadata call');
  });

  it('renews a token Graph refuses with 401, once', async () => {
    const roles = directories.graph!;
    await roles.getTenant(FABRIKAM.tenantId);
    cloud.entra.expireAccessTokens();
    const before = cloud.graph.requestCount('/v1.0/directory/subscriptions');
    assert.equal((await roles.listSubscriptions(FABRIKAM.tenantId)).length, 24);
    assert.equal(cloud.entra.tokenRequestCount({ tenantId: FABRIKAM.tenantId, grantType: 'client_credentials' }), 2);
    // The first page was asked twice (refused, then with the new token); the other two once.
    assert.equal(cloud.graph.requestCount('/v1.0/directory/subscriptions') - before, 4);
  });

  it('resolves a Partner ID with Partner Center, and the contact from the contacts file', async () => {
    const partners = directories.partnerCenter!;
    assert.deepEqual(await partners.findPartner(` ${PARTNERS.adatum.mpnId} `), {
      partnerId: PARTNERS.adatum.mpnId,
      name: 'Adatum Consulting',
      email: '',
    });
    assert.equal(await partners.findPartner(PARTNERS.unknownMpnId), null, '404 code 3000');
    assert.equal(await partners.findPartner('12ab'), null, 'not an ID: not even asked');
    assert.equal(cloud.entra.tokenRequestCount({ tenantId: PARTNER_ORG.tenantId, grantType: 'refresh_token' }), 1);
    await partners.findPartner(PARTNERS.proseware.mpnId);
    assert.equal(cloud.entra.tokenRequestCount({ tenantId: PARTNER_ORG.tenantId }), 1, 'the access token is reused');
  });

  it('reports a tenant that has not consented, and one whose consent lacks a permission, as consent required', async () => {
    await assert.rejects(
      directories.graph!.getUser(NORTHWIND.tenantId, NORTHWIND.users.globalAdmin),
      (err: unknown) =>
        err instanceof ConsentRequiredError && err.tenantId === NORTHWIND.tenantId && err.reason === 'AADSTS700016',
    );
    cloud.entra.revokeConsent(NORTHWIND.tenantId, 'AADSTS65001');
    await assert.rejects(
      directories.graph!.listSubscriptions(NORTHWIND.tenantId),
      (err: unknown) => err instanceof ConsentRequiredError && err.reason === 'AADSTS65001',
    );
    cloud.graph.setPermissions(FABRIKAM.tenantId, ['Organization.Read.All', 'User.Read.All']);
    await assert.rejects(
      directories.graph!.getUser(FABRIKAM.tenantId, FABRIKAM.users.member),
      (err: unknown) => err instanceof ConsentRequiredError && err.reason === 'Authorization_RequestDenied',
    );
    // Consent granted: the very next call works (failures are never cached).
    cloud.entra.grantConsent(NORTHWIND.tenantId);
    assert.equal((await directories.graph!.getUser(NORTHWIND.tenantId, NORTHWIND.users.globalAdmin))?.role, 'owner');
  });

  it('finds owners through role-assignable groups and activated PIM, notes eligibility, and caches roles', async () => {
    const roles = directories.graph!;
    const user = async (id: string) => roles.getUser(CONTOSO.tenantId, id);
    assert.equal((await user(CONTOSO.users.directOwner))?.role, 'owner');
    assert.deepEqual(await user(CONTOSO.users.groupOwner), {
      tenantId: CONTOSO.tenantId,
      aadObjectId: CONTOSO.users.groupOwner,
      name: 'Diego Siciliani',
      email: 'diego.siciliani@contoso.example',
      role: 'owner',
    });
    assert.equal((await user(CONTOSO.users.nestedGroupOwner))?.role, 'owner', 'a group nested in the owner group');
    assert.equal((await user(CONTOSO.users.activatedOwner))?.role, 'owner');
    const eligible = await user(CONTOSO.users.eligibleOwner);
    assert.deepEqual([eligible?.role, eligible?.roleNote], ['member', 'activateInPim']);
    const member = await user(CONTOSO.users.member);
    assert.deepEqual([member?.role, member?.roleNote], ['member', undefined]);
    assert.deepEqual(
      (await roles.listOwners(CONTOSO.tenantId)).map((o) => o.name),
      ['Adele Vance', 'Diego Siciliani', 'Emily Braun', 'Grady Archie'],
    );

    const calls = cloud.graph.requestCount();
    await user(CONTOSO.users.eligibleOwner);
    await roles.listOwners(CONTOSO.tenantId);
    assert.equal(cloud.graph.requestCount(), calls, 'answered from the cache');
    assert.equal(
      cloud.graph.requestCount(`/v1.0/users/${CONTOSO.users.directOwner}/transitiveMemberOf`),
      0,
      'a direct owner needs no more reads',
    );
  });

  it('names at most 5 owners beyond the direct ones', async () => {
    const tenant = cloud.graph.tenant(CONTOSO.tenantId);
    for (let i = 0; i < 8; i++) {
      const id = `0000000${i}-1111-4222-8333-444444444444`;
      tenant.users.push({
        id,
        displayName: `Zed Owner ${i}`,
        mail: null,
        userPrincipalName: `zed${i}@contoso.example`,
        userType: 'Member',
      });
      tenant.groups![0]!.members.push(id);
    }
    const names = (await directories.graph!.listOwners(CONTOSO.tenantId)).map((o) => o.name);
    assert.equal(names.length, 6, names.join(', '));
    assert.ok(names.includes('Adele Vance'));
  });

  it('without the group and PIM permissions: direct owners still, a note for the others, never an outage', async () => {
    cloud.graph.setPermissions(CONTOSO.tenantId, ['Organization.Read.All', 'User.Read.All', 'Directory.Read.All']);
    const roles = directories.graph!;
    assert.equal((await roles.getUser(CONTOSO.tenantId, CONTOSO.users.directOwner))?.role, 'owner');
    const diego = await roles.getUser(CONTOSO.tenantId, CONTOSO.users.groupOwner);
    assert.deepEqual([diego?.role, diego?.roleNote], ['member', 'groupsAndPimUnseen']);
    // Group members are still read (Directory.Read.All), PIM's activations are not.
    assert.deepEqual(
      (await roles.listOwners(CONTOSO.tenantId)).map((o) => o.name),
      ['Adele Vance', 'Diego Siciliani', 'Emily Braun'],
    );
  });

  it('waits out a 429 on the PIM reads and answers', async () => {
    cloud.graph.failNext(
      1,
      graphError(429, 'TooManyRequests', 'Too many requests.', {
        retryAfterSeconds: 1,
        pathPrefix: '/v1.0/roleManagement/directory/roleAssignmentScheduleInstances',
      }),
    );
    const started = Date.now();
    assert.equal((await directories.graph!.getUser(CONTOSO.tenantId, CONTOSO.users.activatedOwner))?.role, 'owner');
    assert.ok(Date.now() - started >= 950, `answered after ${Date.now() - started} ms, before Retry-After`);
  });

  it('waits out 429 Retry-After: 1 and then answers', async () => {
    cloud.graph.failNext(
      1,
      graphError(429, 'TooManyRequests', 'Too many requests.', {
        retryAfterSeconds: 1,
        pathPrefix: '/v1.0/directory/subscriptions',
      }),
    );
    const started = Date.now();
    const subs = await directories.graph!.listSubscriptions(FABRIKAM.tenantId);
    assert.ok(Date.now() - started >= 950, `answered after ${Date.now() - started} ms, before Retry-After`);
    assert.equal(subs.length, 24);
  });

  it('gives up on 503s with UpstreamUnavailableError, opens the circuit, and recovers once Graph is healthy', async () => {
    // A half-open delay well beyond a busy machine's pauses: the circuit must still be open at the third call.
    directories = connect({ UPSTREAM_BREAKER_HALF_OPEN_MS: '3000' });
    cloud.graph.setDown(true);
    const started = Date.now();
    await assert.rejects(
      directories.graph!.listSubscriptions(FABRIKAM.tenantId),
      (err: unknown) => err instanceof UpstreamUnavailableError && err.upstream === 'graph',
    );
    assert.ok(Date.now() - started < 10_000);
    await assert.rejects(directories.graph!.getTenant(FABRIKAM.tenantId), UpstreamUnavailableError);
    const calls = cloud.graph.requestCount();
    await assert.rejects(
      directories.graph!.getTenant(FABRIKAM.tenantId),
      (err: unknown) => err instanceof UpstreamUnavailableError && err.reason === 'circuit open',
    );
    assert.equal(cloud.graph.requestCount(), calls, 'an open circuit makes no call');
    cloud.graph.setDown(false);
    await new Promise((r) => setTimeout(r, 3100));
    assert.equal((await directories.graph!.getTenant(FABRIKAM.tenantId))?.name, 'Fabrikam, Inc.');
  });

  it('gives up on a Graph that does not answer in time', async () => {
    const slow = connect({ UPSTREAM_TIMEOUT_MS: '200', UPSTREAM_MAX_ATTEMPTS: '2' });
    cloud.graph.setDelayMs(1000);
    const started = Date.now();
    await assert.rejects(
      slow.graph!.getTenant(FABRIKAM.tenantId),
      (err: unknown) => err instanceof UpstreamUnavailableError && /no answer within 200 ms/.test(err.reason),
    );
    assert.ok(Date.now() - started < 1500, `took ${Date.now() - started} ms`);
  });
});
