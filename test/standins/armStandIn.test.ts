import assert from 'node:assert/strict';
import https from 'node:https';
import {
  ARM_RESOURCE,
  AZURE_ROLES,
  CONTOSO,
  CONTOSO_AZURE,
  FABRIKAM,
  GRAPH_DEFAULT_SCOPE,
  armError,
  requireOpenssl,
  seedAzureFixtures,
  seedFixtures,
  startMicrosoftCloud,
  type MicrosoftCloud,
} from '../support/microsoftCloud';

const CLIENT_ID = '0b6f3c1e-5a2d-4e7f-9c8b-1d4a6e2f8b30';
const CLIENT_SECRET = 'stand-in~secret.Q8v~Zr1tYw3pLm5Nn7Bx';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  json: any;
}

let cloud: MicrosoftCloud;

function request(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<Answer>((resolve, reject) => {
    const req = https.request(
      url,
      { method: options.method ?? 'GET', headers: options.headers, ca: cloud.caPem, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, json: text ? JSON.parse(text) : undefined });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

async function token(tenantId: string, scope: string): Promise<string> {
  const answer = await request(`${cloud.authorityHost}/${tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      scope,
    }).toString(),
  });
  assert.equal(answer.status, 200, JSON.stringify(answer.json));
  return answer.json.access_token as string;
}

const armToken = (tenantId: string = CONTOSO.tenantId) => token(tenantId, `${ARM_RESOURCE}/.default`);

function armGet(pathOrUrl: string, bearer: string | undefined): Promise<Answer> {
  const url = pathOrUrl.startsWith('https://') ? pathOrUrl : `${cloud.armBaseUrl}${pathOrUrl}`;
  return request(url, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
}

const SUBSCRIPTIONS = '/subscriptions?api-version=2022-12-01';
const roleAssignments = (subscriptionId: string, filter?: string) =>
  `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleAssignments?api-version=2022-04-01` +
  (filter ? `&$filter=${encodeURIComponent(filter)}` : '');

/** Every page of an ARM list, following nextLink. */
async function allPages(path: string, bearer: string): Promise<{ items: any[]; pages: number }> {
  const items: unknown[] = [];
  let url: string | undefined = path;
  let pages = 0;
  while (url) {
    const answer = await armGet(url, bearer);
    assert.equal(answer.status, 200, JSON.stringify(answer.json));
    items.push(...answer.json.value);
    url = answer.json.nextLink;
    if (url) assert.equal(new URL(url).origin, cloud.armBaseUrl);
    pages++;
  }
  return { items, pages };
}

function assertArmError(answer: Answer, status: number, code: string): void {
  assert.equal(answer.status, status, JSON.stringify(answer.json));
  assert.deepEqual(Object.keys(answer.json), ['error']);
  assert.equal(answer.json.error.code, code);
  assert.equal(typeof answer.json.error.message, 'string');
  assert.match(String(answer.headers['x-ms-request-id']), /^[0-9a-f-]{36}$/);
}

describe('Azure Resource Manager stand-in', () => {
  before(async function () {
    await requireOpenssl(this);
    cloud = await startMicrosoftCloud({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
    seedFixtures(cloud);
    seedAzureFixtures(cloud);
    cloud.arm.pageSize = 1;
  });

  after(async () => {
    await cloud?.close();
  });

  afterEach(() => cloud?.resetFaults());

  it('lists the subscriptions the app holds a role on, a page at a time, in the documented shape', async () => {
    const { items, pages } = await allPages(SUBSCRIPTIONS, await armToken());
    // Research is not visible to the app; Deleted ones are listed as ARM lists them.
    assert.equal(pages, 3);
    assert.deepEqual(
      items.map((s) => [s.displayName, s.state]),
      [
        ['Contoso Production', 'Enabled'],
        ['Contoso Staging', 'Warned'],
        ['Contoso Old', 'Deleted'],
      ],
    );
    const production = items[0];
    assert.equal(production.id, `/subscriptions/${CONTOSO_AZURE.subscriptions.production.subscriptionId}`);
    assert.equal(production.subscriptionId, CONTOSO_AZURE.subscriptions.production.subscriptionId);
    assert.equal(production.tenantId, CONTOSO.tenantId);
    assert.equal(production.authorizationSource, 'RoleBased');
    assert.deepEqual(production.managedByTenants, []);
    assert.deepEqual(Object.keys(production.subscriptionPolicies).sort(), [
      'locationPlacementId',
      'quotaId',
      'spendingLimit',
    ]);
  });

  it('answers an empty list, not an error, to a tenant where the app holds no role', async () => {
    const answer = await armGet(SUBSCRIPTIONS, await armToken(FABRIKAM.tenantId));
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.json, { value: [] });
  });

  it("filters role assignments with assignedTo (the principal's groups included) and atScope()", async () => {
    const bearer = await armToken();
    const production = CONTOSO_AZURE.subscriptions.production.subscriptionId;
    const lee = await allPages(roleAssignments(production, `assignedTo('${CONTOSO.users.member}')`), bearer);
    assert.equal(lee.items.length, 1);
    const owner = lee.items[0];
    assert.equal(owner.type, 'Microsoft.Authorization/roleAssignments');
    assert.match(owner.name, /^[0-9a-f-]{36}$/);
    assert.equal(
      owner.id,
      `/subscriptions/${production}/providers/Microsoft.Authorization/roleAssignments/${owner.name}`,
    );
    assert.equal(
      owner.properties.roleDefinitionId,
      `/subscriptions/${production}/providers/Microsoft.Authorization/roleDefinitions/${AZURE_ROLES.Owner}`,
    );
    assert.equal(owner.properties.principalId, CONTOSO_AZURE.groups.azureOwners);
    assert.equal(owner.properties.principalType, 'Group');
    assert.equal(owner.properties.scope, `/subscriptions/${production}`);

    const atScope = await allPages(roleAssignments(production, 'atScope()'), bearer);
    assert.equal(atScope.pages, 3);
    assert.deepEqual(
      atScope.items.map((a) => a.properties.roleDefinitionId.split('/').pop()).sort(),
      [AZURE_ROLES.Owner, AZURE_ROLES.Reader, AZURE_ROLES.Contributor].sort(),
    );

    // Below the subscription: assignedTo lists it (with its own scope), atScope() does not.
    const staging = CONTOSO_AZURE.subscriptions.staging.subscriptionId;
    const below = await allPages(roleAssignments(staging, `assignedTo('${CONTOSO.users.member}')`), bearer);
    assert.deepEqual(
      below.items.map((a) => a.properties.scope),
      [`/subscriptions/${staging}/resourceGroups/lee-sandbox`],
    );
    const stagingAtScope = await allPages(roleAssignments(staging, 'atScope()'), bearer);
    assert.deepEqual(
      stagingAtScope.items.map((a) => a.properties.principalId),
      [CONTOSO.users.directOwner],
    );
  });

  it('answers 403 AuthorizationFailed on a subscription the app holds no role on', async () => {
    const research = CONTOSO_AZURE.subscriptions.research.subscriptionId;
    const answer = await armGet(roleAssignments(research, 'atScope()'), await armToken());
    assertArmError(answer, 403, 'AuthorizationFailed');
    assert.match(answer.json.error.message, /Microsoft\.Authorization\/roleAssignments\/read/);
  });

  it('refuses a missing token, a Graph token and a missing or wrong api-version', async () => {
    assertArmError(await armGet(SUBSCRIPTIONS, undefined), 401, 'InvalidAuthenticationToken');
    const graph = await token(CONTOSO.tenantId, GRAPH_DEFAULT_SCOPE);
    assertArmError(await armGet(SUBSCRIPTIONS, graph), 401, 'InvalidAuthenticationToken');
    const bearer = await armToken();
    assertArmError(await armGet('/subscriptions', bearer), 400, 'MissingApiVersionParameter');
    assertArmError(await armGet('/subscriptions?api-version=2016-06-01', bearer), 400, 'InvalidApiVersionParameter');
    const production = CONTOSO_AZURE.subscriptions.production.subscriptionId;
    assertArmError(await armGet(roleAssignments(production, "principalId eq 'x'"), bearer), 400, 'BadRequest');
  });

  it('answers 429 with Retry-After and 5xx on demand, then answers again', async () => {
    const bearer = await armToken();
    cloud.arm.failNext(1, armError(429, 'TooManyRequests', 'Throttled', { retryAfterSeconds: 2 }));
    const throttled = await armGet(SUBSCRIPTIONS, bearer);
    assertArmError(throttled, 429, 'TooManyRequests');
    assert.equal(throttled.headers['retry-after'], '2');
    cloud.arm.failNext(1, { status: 500 });
    assertArmError(await armGet(SUBSCRIPTIONS, bearer), 500, 'InternalServerError');
    cloud.arm.setDown(true);
    assertArmError(await armGet(SUBSCRIPTIONS, bearer), 503, 'ServiceUnavailable');
    cloud.arm.setDown(false);
    assert.equal((await armGet(SUBSCRIPTIONS, bearer)).status, 200);
  });
});
