import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { AZURE_OWNERS_RULE } from '../../bot/wording/azure';
import { LocalIdentityProvider } from '../support/identityProvider';
import { CONTOSO, CONTOSO_AZURE, PARTNERS, requireOpenssl, seedAzureFixtures } from '../support/microsoftCloud';
import { CONTOSO_PEOPLE, startMicrosoftTenantBot, type MicrosoftTenantBot } from '../support/microsoftTenantBot';
import { callTabApi, SSO_APP_ID, SSO_AUDIENCE, SSO_BOT_DOMAIN } from '../support/ssoTab';

const PRODUCTION = CONTOSO_AZURE.subscriptions.production.subscriptionId;
const STAGING = CONTOSO_AZURE.subscriptions.staging.subscriptionId;
const AZURE_REFUSAL =
  /Only an Owner of the Azure subscription Contoso Production \(its Owner role in Azure\) may attach, change or remove its partner of record\..*Ask Lee Gu\./;

type Person = (typeof CONTOSO_PEOPLE)[keyof typeof CONTOSO_PEOPLE];

/**
 * The tab with DIRECTORY=graph: the bot in a child process against the HTTPS stand-ins (Graph and Azure Resource
 * Manager), signed in with Teams SSO tokens from the local identity provider. An Azure subscription's rows may be
 * changed by its Owners in Azure only, and the API holds to it whatever the page shows.
 */
describe('tab API: Azure subscriptions and their Owners (stand-ins, bot in a child process)', function () {
  this.timeout(30_000);
  let idp: LocalIdentityProvider;
  let t: MicrosoftTenantBot;

  before(async function () {
    await requireOpenssl(this);
    idp = await new LocalIdentityProvider().start();
    t = await startMicrosoftTenantBot({
      MicrosoftAppId: SSO_APP_ID,
      MicrosoftAppPassword: 'not-a-real-secret',
      MAIL_TRANSPORT: 'file',
      BOT_DOMAIN: SSO_BOT_DOMAIN,
      TAB_SSO_JWKS_URL: idp.jwksUrl,
      TAB_SSO_ISSUERS: `${idp.base}/{tenantid}/v2.0`,
    });
    seedAzureFixtures(t.cloud);
  });
  after(async () => {
    await t?.stop();
    await idp?.close();
  });

  /** A call to the tab's API as this Contoso person, with their Teams SSO token. */
  async function as(person: Person, method: string, path: string, body?: unknown) {
    const [tid, oid] = person;
    return callTabApi(t.bot, method, path, await idp.token({ tid, oid, aud: SSO_AUDIENCE }), body);
  }

  /** Which rows this person may change, by name: what the page shows Attach, Change and Remove on. */
  async function changeableRows(person: Person): Promise<Record<string, boolean>> {
    const res = await as(person, 'GET', '/api/tab/subscriptions');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return Object.fromEntries(res.body.map((s: { name: string; mayChange: boolean }) => [s.name, s.mayChange]));
  }

  it("lists the Azure rows beside Graph's, each saying whether this person may change it", async () => {
    assert.deepEqual(await changeableRows(CONTOSO_PEOPLE.member), {
      'Office 365 E3': false,
      'Microsoft 365 E5': false,
      'Contoso Production': true,
      'Contoso Staging (in grace period)': false,
    });
    // A Global Administrator with no Azure role: the Microsoft 365 rows, no Azure row.
    assert.deepEqual(await changeableRows(CONTOSO_PEOPLE.groupOwner), {
      'Office 365 E3': true,
      'Microsoft 365 E5': true,
      'Contoso Production': false,
      'Contoso Staging (in grace period)': false,
    });
    // A Global Administrator who owns Contoso Staging in Azure: that one too.
    const adele = await changeableRows(CONTOSO_PEOPLE.directOwner);
    assert.equal(adele['Contoso Staging (in grace period)'], true);
    assert.equal(adele['Contoso Production'], false);
  });

  it('refuses a Contributor and a Global Administrator with 403 naming the Owners, and lets the Owner attach', async () => {
    const attachBody = () => ({ partnerId: PARTNERS.adatum.mpnId, version: 0, requestId: randomUUID() });
    for (const person of [CONTOSO_PEOPLE.activatedOwner, CONTOSO_PEOPLE.groupOwner]) {
      for (const step of ['check', 'attach']) {
        const res = await as(person, 'POST', `/api/tab/subscriptions/${PRODUCTION}/${step}`, attachBody());
        assert.equal(res.status, 403, `${person[2]} ${step}: ${JSON.stringify(res.body)}`);
        assert.equal(res.body.error.code, 'notOwner');
        assert.match(res.body.error.message, AZURE_REFUSAL);
        assert.deepEqual(res.body.error.owners, ['Lee Gu']);
      }
    }
    assert.deepEqual(await t.store.history(CONTOSO.tenantId, PRODUCTION), [], 'a refused change was written');

    const checked = await as(CONTOSO_PEOPLE.member, 'POST', `/api/tab/subscriptions/${PRODUCTION}/check`, {
      partnerId: PARTNERS.adatum.mpnId,
      version: 0,
    });
    assert.equal(checked.status, 200, JSON.stringify(checked.body));
    const saved = await as(CONTOSO_PEOPLE.member, 'POST', `/api/tab/subscriptions/${PRODUCTION}/attach`, attachBody());
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.match(saved.body.message, /Adatum Consulting is now the partner of record/);
    const history = await t.store.history(CONTOSO.tenantId, PRODUCTION);
    assert.deepEqual(
      history.map((h) => [h.kind, h.actorName, h.newPartnerId]),
      [['attach', 'Lee Gu', PARTNERS.adatum.mpnId]],
    );

    // Changing it now: still the Owner's alone.
    const change = { partnerId: PARTNERS.treyResearch.mpnId, version: 1, requestId: randomUUID() };
    const refused = await as(CONTOSO_PEOPLE.directOwner, 'POST', `/api/tab/subscriptions/${PRODUCTION}/change`, change);
    assert.equal(refused.status, 403);
    assert.match(refused.body.error.message, AZURE_REFUSAL);
    assert.equal((await t.store.history(CONTOSO.tenantId, PRODUCTION)).length, 1, 'a refused change was written');
    // Adele owns Staging, so she may attach to that one.
    const staging = await as(CONTOSO_PEOPLE.directOwner, 'POST', `/api/tab/subscriptions/${STAGING}/attach`, {
      ...change,
      version: 0,
    });
    assert.equal(staging.status, 200, JSON.stringify(staging.body));
  });

  it("tells someone who may change nothing that an Azure subscription's Owners decide it", async () => {
    const me = await as(CONTOSO_PEOPLE.eligibleOwner, 'GET', '/api/tab/me');
    assert.equal(me.status, 200);
    assert.equal(me.body.mayChange, false);
    assert.ok(me.body.readOnlyReason.includes(AZURE_OWNERS_RULE), me.body.readOnlyReason);
    // An Azure Owner with no directory role may change something: no read-only text.
    const lee = await as(CONTOSO_PEOPLE.member, 'GET', '/api/tab/me');
    assert.equal(lee.body.mayChange, true);
    assert.equal(lee.body.readOnlyReason, '');
    // The history export is the tenant's owner role's: not offered to Lee, and refused if asked for.
    assert.equal(lee.body.mayExport, false);
    assert.equal((await as(CONTOSO_PEOPLE.member, 'GET', '/api/tab/history.csv')).status, 403);
    assert.equal((await as(CONTOSO_PEOPLE.directOwner, 'GET', '/api/tab/me')).body.mayExport, true);
  });
});
