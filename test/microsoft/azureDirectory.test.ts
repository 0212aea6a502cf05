import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import {
  createMicrosoftDirectories,
  type MicrosoftDirectories,
} from '../../bot/adapters/microsoft/microsoftDirectories';
import { openSqliteStore, type SqliteStore } from '../../bot/adapters/sqlite/sqliteStore';
import { loadConfig } from '../../bot/config';
import { isDomainError, PartnerOfRecordService, UpstreamUnavailableError, type Actor } from '../../bot/core';
import {
  CONTOSO,
  CONTOSO_AZURE,
  FABRIKAM,
  PARTNERS,
  armError,
  requireOpenssl,
  seedAzureFixtures,
  seedFixtures,
  startMicrosoftCloud,
  type MicrosoftCloud,
  standInDirectorySettings,
  STAND_IN_APP,
} from '../support/microsoftCloud';

const { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET } = STAND_IN_APP;
const PRODUCTION = CONTOSO_AZURE.subscriptions.production.subscriptionId;
const STAGING = CONTOSO_AZURE.subscriptions.staging.subscriptionId;
const U = CONTOSO.users;
const contoso = (aadObjectId: string): Actor => ({ tenantId: CONTOSO.tenantId, aadObjectId });

/**
 * Azure subscriptions from Azure Resource Manager beside Graph's, and who may change an Azure subscription's
 * partner: the production adapters in this process against the HTTPS stand-ins, with the core's service.
 */
describe('Azure subscriptions and their Owners (ARM stand-in, in process)', () => {
  let cloud: MicrosoftCloud;
  let directories: MicrosoftDirectories;
  let dataDir: string;
  let store: SqliteStore;
  let service: PartnerOfRecordService;

  before(async function () {
    await requireOpenssl(this);
  });
  beforeEach(async () => {
    cloud = await startMicrosoftCloud({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, pageSize: 10 });
    seedFixtures(cloud);
    seedAzureFixtures(cloud);
    cloud.arm.pageSize = 1;
    const config = loadConfig({
      ...standInDirectorySettings(cloud),
      UPSTREAM_BREAKER_HALF_OPEN_MS: '500',
    });
    directories = createMicrosoftDirectories(config, { listTenantIds: async () => [] }, pino({ level: 'silent' }), {
      ca: cloud.caPem,
    });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'por-azure-'));
    store = openSqliteStore({ dataDir });
    service = new PartnerOfRecordService({
      subscriptions: directories.subscriptions!,
      roles: directories.graph!,
      subscriptionOwners: directories.subscriptionOwners!,
      partners: directories.partnerCenter!,
      store,
      clock: { now: () => new Date() },
    });
  });
  afterEach(async () => {
    directories.close();
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    await cloud.close();
  });

  it("lists Graph's subscriptions and ARM's together, every ARM page, Deleted and invisible ones left out", async () => {
    const noted = await directories.subscriptions!.listNotedSubscriptions!(CONTOSO.tenantId);
    assert.deepEqual(noted.notes, []);
    assert.equal(cloud.arm.requestCount('/subscriptions'), 3, 'three pages of one');
    const azure = noted.subscriptions.filter((s) => s.service === 'Azure');
    assert.deepEqual(
      azure.map((s) => [s.id, s.name]),
      [
        [PRODUCTION, 'Contoso Production'],
        [STAGING, 'Contoso Staging (in grace period)'],
      ],
    );
    assert.equal(noted.subscriptions.length - azure.length, 2, "Graph's two");
    assert.equal(azure[0]!.tenantId, CONTOSO.tenantId);
    assert.equal(azure[0]!.initialPartnerId, null);
    assert.equal(azure[0]!.nudge, undefined, "paid: in its Owners' digests");
  });

  it('says so when ARM lists no Azure subscription (the app holds no role)', async () => {
    const noted = await directories.subscriptions!.listNotedSubscriptions!(FABRIKAM.tenantId);
    assert.deepEqual(noted.notes, ['azureNoneVisible']);
    assert.ok(noted.subscriptions.length > 0, "Graph's are listed");
  });

  it('an ARM outage does not hide Graph, a Graph outage does not hide Azure; failures are not kept', async () => {
    cloud.arm.setDown(true);
    let noted = await directories.subscriptions!.listNotedSubscriptions!(CONTOSO.tenantId);
    assert.deepEqual(noted.notes, ['azureUnreadable']);
    assert.equal(noted.subscriptions.length, 2);
    cloud.arm.setDown(false);
    cloud.graph.setDown(true);
    noted = await directories.subscriptions!.listNotedSubscriptions!(CONTOSO.tenantId);
    // Graph's list was read and kept a minute; ARM's failure was not kept, so Azure is read again now.
    assert.deepEqual(noted.notes, []);
    assert.equal(noted.subscriptions.filter((s) => s.service === 'Azure').length, 2);
  });

  it('with Graph unreadable, Azure is still listed and a Graph subscription is an outage, not unknown', async () => {
    cloud.graph.setDown(true);
    const noted = await directories.subscriptions!.listNotedSubscriptions!(CONTOSO.tenantId);
    assert.deepEqual(noted.notes, ['microsoft365Unreadable']);
    assert.deepEqual(
      noted.subscriptions.map((s) => s.id),
      [PRODUCTION, STAGING],
    );
    await assert.rejects(
      directories.subscriptions!.getSubscription(CONTOSO.tenantId, CONTOSO.subscriptions.officeE3),
      (err) => err instanceof UpstreamUnavailableError && err.upstream === 'graph',
    );
    assert.equal((await directories.subscriptions!.getSubscription(CONTOSO.tenantId, PRODUCTION))?.service, 'Azure');
  });

  it('retries a 429 after its Retry-After, and refuses a nextLink to another origin', async () => {
    cloud.arm.failNext(
      1,
      armError(429, 'TooManyRequests', 'Throttled', { retryAfterSeconds: 1, pathPrefix: '/subscriptions' }),
    );
    const started = Date.now();
    assert.equal(await directories.subscriptionOwners!.isOwner(CONTOSO.tenantId, U.member, PRODUCTION), true);
    assert.ok(Date.now() - started >= 900, 'waited out Retry-After');

    cloud.arm.failNext(1, {
      status: 200,
      pathPrefix: '/subscriptions',
      body: { value: [], nextLink: 'https://elsewhere.example/subscriptions?api-version=2022-12-01' },
    });
    const noted = await directories.subscriptions!.listNotedSubscriptions!(FABRIKAM.tenantId);
    assert.deepEqual(noted.notes, ['azureUnreadable']);
  });

  it('an Owner through a group owns the subscription; an Owner of a resource group below it does not', async () => {
    const owners = directories.subscriptionOwners!;
    assert.equal(await owners.isOwner(CONTOSO.tenantId, U.member, PRODUCTION), true);
    assert.equal(await owners.isOwner(CONTOSO.tenantId, U.member, STAGING), false);
    assert.equal(await owners.isOwner(CONTOSO.tenantId, U.directOwner, STAGING), true);
    // A Global Administrator, a Contributor and a Reader are not Owners.
    assert.equal(await owners.isOwner(CONTOSO.tenantId, U.directOwner, PRODUCTION), false);
    assert.equal(await owners.isOwner(CONTOSO.tenantId, U.activatedOwner, PRODUCTION), false);
    assert.equal(await owners.isOwner(CONTOSO.tenantId, U.eligibleOwner, PRODUCTION), false);
    assert.equal(await owners.isOwner(CONTOSO.tenantId, 'not-a-guid', PRODUCTION), false);
    assert.deepEqual(await owners.ownerNames(CONTOSO.tenantId, PRODUCTION), ['Lee Gu']);
    assert.deepEqual(await owners.ownerNames(CONTOSO.tenantId, STAGING), ['Adele Vance']);
  });

  it('the service: an Azure Owner attaches, a Global Administrator is refused and told who can', async () => {
    const lee = contoso(U.member);
    assert.equal((await service.whoIs(lee)).mayChange, true);
    await service.requireOwner(lee);
    const done = await service.attach(lee, {
      subscriptionId: PRODUCTION,
      expectedVersion: 0,
      idempotencyKey: randomUUID(),
      partnerId: PARTNERS.adatum.mpnId,
    });
    assert.equal(done.view.partner?.name, PARTNERS.adatum.partnerName);

    const refusal = async (actor: Actor, subscriptionId: string) => {
      try {
        await service.prepare(actor, 'attach', subscriptionId);
      } catch (err) {
        if (isDomainError(err, 'notOwner')) return err.detail;
        throw err;
      }
      assert.fail('not refused');
    };
    const adele = await refusal(contoso(U.directOwner), PRODUCTION);
    assert.equal(adele.code === 'notOwner' && adele.azureSubscription, 'Contoso Production');
    assert.deepEqual(adele.code === 'notOwner' && adele.owners, ['Lee Gu']);
    const grady = await refusal(contoso(U.activatedOwner), PRODUCTION);
    assert.equal(grady.code === 'notOwner' && grady.azureSubscription, 'Contoso Production');
    // The Global Administrator keeps the tenant's rule for Graph's subscriptions; Lee Gu does not gain it.
    await service.prepare(contoso(U.directOwner), 'attach', CONTOSO.subscriptions.officeE3);
    const leeOnOffice = await refusal(lee, CONTOSO.subscriptions.officeE3);
    assert.equal(leeOnOffice.code === 'notOwner' && leeOnOffice.azureSubscription, undefined);
    assert.equal((await service.whoIs(contoso(U.eligibleOwner))).mayChange, false);
  });

  it('the service: a selection is judged subscription by subscription, each by its own rule', async () => {
    const lee = contoso(U.member);
    const adele = contoso(U.directOwner);
    const selectionOf = (...ids: string[]) => ids.map((subscriptionId) => ({ subscriptionId, version: 0 }));
    const apply = (actor: Actor, ...ids: string[]) =>
      service.applySelection(actor, {
        kind: 'attach',
        selection: selectionOf(...ids),
        partnerId: PARTNERS.adatum.mpnId,
        actionId: randomUUID(),
      });
    const refused = async (work: Promise<unknown>) => {
      try {
        await work;
      } catch (err) {
        if (isDomainError(err, 'notOwner')) return err.detail;
        throw err;
      }
      assert.fail('not refused');
    };
    // The Global Administrator may not take an Azure subscription along with a Microsoft 365 one; nothing is saved.
    const adeleMixed = await refused(apply(adele, CONTOSO.subscriptions.officeE3, PRODUCTION));
    assert.equal(adeleMixed.code === 'notOwner' && adeleMixed.azureSubscription, 'Contoso Production');
    await refused(service.prepareSelection(adele, 'attach', selectionOf(PRODUCTION)));
    const stored = await store.getAssignments(CONTOSO.tenantId, [CONTOSO.subscriptions.officeE3, PRODUCTION]);
    assert.equal(stored.size, 0);
    // The Azure Owner may not take a Microsoft 365 subscription along; alone, the Azure one is theirs.
    await refused(apply(lee, PRODUCTION, CONTOSO.subscriptions.officeE3));
    const done = await apply(lee, PRODUCTION);
    assert.deepEqual(
      done.changes.map((c) => c.view.partner?.name),
      [PARTNERS.adatum.partnerName],
    );
  });
});
