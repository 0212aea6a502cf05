import assert from 'node:assert/strict';
import https from 'node:https';
import { decodeJwt } from 'jose';
import {
  CONTOSO,
  DIRECT_ROLE_PERMISSIONS,
  FABRIKAM,
  GRAPH_DEFAULT_SCOPE,
  NORTHWIND,
  PARTNER_CENTER_SCOPE,
  PARTNER_ORG,
  PARTNERS,
  ROLE_TEMPLATES,
  contosoTenant as contosoTenantCopy,
  graphError,
  requireOpenssl,
  roleAssignmentId,
  seedFixtures,
  startMicrosoftCloud,
  type MicrosoftCloud,
} from '../support/microsoftCloud';

const CLIENT_ID = '0b6f3c1e-5a2d-4e7f-9c8b-1d4a6e2f8b30';
const CLIENT_SECRET = 'stand-in~secret.Q8v~Zr1tYw3pLm5Nn7Bx';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

let cloud: MicrosoftCloud;

/** One HTTPS request that trusts the stand-ins' CA and nothing else. */
function request(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      { method: options.method ?? 'GET', headers: options.headers, ca: cloud.caPem, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on('error', reject);
    if (options.timeoutMs) req.setTimeout(options.timeoutMs, () => req.destroy(new Error('client timeout')));
    req.end(options.body);
  });
}

function tokenRequest(
  tenant: string,
  form: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Answer> {
  return request(`${cloud.authorityHost}/${tenant}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
}

async function graphToken(tenantId: string = FABRIKAM.tenantId): Promise<string> {
  const answer = await tokenRequest(tenantId, {
    grant_type: 'client_credentials',
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
    scope: GRAPH_DEFAULT_SCOPE,
  });
  assert.equal(answer.status, 200, answer.text);
  return answer.json.access_token as string;
}

async function partnerCenterToken(): Promise<string> {
  const answer = await tokenRequest(PARTNER_ORG.tenantId, {
    grant_type: 'refresh_token',
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
    refresh_token: PARTNER_ORG.refreshToken,
    scope: `${PARTNER_CENTER_SCOPE} openid profile offline_access`,
  });
  assert.equal(answer.status, 200, answer.text);
  return answer.json.access_token as string;
}

function graphGet(path: string, token: string | undefined, headers: Record<string, string> = {}): Promise<Answer> {
  return request(path.startsWith('https://') ? path : `${cloud.graphBaseUrl}${path}`, {
    headers: { ...(token === undefined ? {} : { authorization: `Bearer ${token}` }), ...headers },
  });
}

/** A Graph error body as graph/errors documents it. */
function assertGraphError(answer: Answer, status: number, code: string): void {
  assert.equal(answer.status, status, answer.text);
  assert.deepEqual(Object.keys(answer.json), ['error']);
  assert.equal(answer.json.error.code, code);
  assert.equal(typeof answer.json.error.message, 'string');
  const inner = answer.json.error.innerError;
  assert.match(inner.date, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
  assert.equal(inner['request-id'], answer.headers['request-id']);
  assert.equal(inner['client-request-id'], answer.headers['client-request-id']);
}

/** An Entra token-endpoint error body as reference-error-codes documents it. */
function assertEntraError(answer: Answer, status: number, error: string, aadsts: number): void {
  assert.equal(answer.status, status, answer.text);
  assert.equal(answer.json.error, error);
  assert.deepEqual(answer.json.error_codes, [aadsts]);
  assert.match(
    answer.json.error_description,
    new RegExp(
      `^AADSTS${aadsts}: .+\\r\\nTrace ID: [0-9a-f-]{36}\\r\\nCorrelation ID: .+\\r\\nTimestamp: \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ$`,
      's',
    ),
  );
  assert.match(answer.json.timestamp, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/);
  assert.equal(answer.json.trace_id, answer.headers['x-ms-request-id']);
  assert.equal(answer.json.error_uri, `https://login.microsoftonline.com/error?code=${aadsts}`);
}

describe('Microsoft cloud stand-ins (Entra ID, Graph, Partner Center over HTTPS)', () => {
  before(async function () {
    await requireOpenssl(this);
    cloud = await startMicrosoftCloud({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, pageSize: 10 });
    seedFixtures(cloud);
  });

  after(async () => {
    await cloud?.close();
  });

  afterEach(() => {
    cloud?.resetFaults();
  });

  describe('Entra ID token endpoint', () => {
    it('issues an app-only Graph token to a consented tenant, in the documented shape', async () => {
      const answer = await tokenRequest(FABRIKAM.tenantId, {
        grant_type: 'client_credentials',
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        scope: GRAPH_DEFAULT_SCOPE,
      });
      assert.equal(answer.status, 200, answer.text);
      assert.match(String(answer.headers['content-type']), /^application\/json; charset=utf-8/);
      assert.deepEqual(Object.keys(answer.json).sort(), ['access_token', 'expires_in', 'ext_expires_in', 'token_type']);
      assert.equal(answer.json.token_type, 'Bearer');
      assert.equal(answer.json.expires_in, 3599);
      assert.match(answer.json.access_token, /^[A-Za-z0-9_-]{64}$/);
      assert.equal(cloud.entra.verify(answer.json.access_token, 'graph'), FABRIKAM.tenantId);
      assert.equal(cloud.entra.verify(answer.json.access_token, 'partnerCenter'), null);
      assert.ok(cloud.entra.issuedTokens().includes(answer.json.access_token));
    });

    it('takes the client secret as HTTP Basic too, and a tenant by its domain', async () => {
      const basic = Buffer.from(`${CLIENT_ID}:${encodeURIComponent(CLIENT_SECRET)}`).toString('base64');
      const answer = await tokenRequest(
        FABRIKAM.initialDomain,
        { grant_type: 'client_credentials', scope: GRAPH_DEFAULT_SCOPE },
        { authorization: `Basic ${basic}` },
      );
      assert.equal(answer.status, 200, answer.text);
      assert.equal(cloud.entra.verify(answer.json.access_token, 'graph'), FABRIKAM.tenantId);
    });

    it('refuses a wrong secret with 401 invalid_client AADSTS7000215, echoing the correlation id', async () => {
      const answer = await tokenRequest(
        FABRIKAM.tenantId,
        {
          grant_type: 'client_credentials',
          client_id: CLIENT_ID,
          client_secret: 'not-the-secret',
          scope: GRAPH_DEFAULT_SCOPE,
        },
        { 'client-request-id': '11111111-2222-4333-8444-555555555555' },
      );
      assertEntraError(answer, 401, 'invalid_client', 7000215);
      assert.equal(answer.json.correlation_id, '11111111-2222-4333-8444-555555555555');
      assert.equal(answer.headers['client-request-id'], '11111111-2222-4333-8444-555555555555');
    });

    it('refuses a tenant without consent: AADSTS700016 by default, AADSTS65001 consent_required when chosen', async () => {
      const form = {
        grant_type: 'client_credentials',
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        scope: GRAPH_DEFAULT_SCOPE,
      };
      const noServicePrincipal = await tokenRequest(NORTHWIND.tenantId, form);
      assertEntraError(noServicePrincipal, 400, 'unauthorized_client', 700016);
      assert.match(
        noServicePrincipal.json.error_description,
        /Application with identifier '.+' was not found in the directory 'Northwind Traders'/,
      );

      cloud.entra.revokeConsent(NORTHWIND.tenantId, 'AADSTS65001');
      try {
        const noGrant = await tokenRequest(NORTHWIND.tenantId, form);
        assertEntraError(noGrant, 400, 'invalid_grant', 65001);
        assert.equal(noGrant.json.suberror, 'consent_required');
      } finally {
        cloud.entra.revokeConsent(NORTHWIND.tenantId, 'AADSTS700016');
      }
      assert.equal(cloud.entra.tokenRequestCount({ tenantId: NORTHWIND.tenantId, outcome: 'refused' }), 2);
    });

    it('refuses an unknown tenant (AADSTS90002) and a client-credentials scope without /.default (AADSTS1002012)', async () => {
      assertEntraError(
        await tokenRequest('00000000-1111-4222-8333-444444444444', {
          grant_type: 'client_credentials',
          client_id: CLIENT_ID,
          client_secret: CLIENT_SECRET,
          scope: GRAPH_DEFAULT_SCOPE,
        }),
        400,
        'invalid_request',
        90002,
      );
      assertEntraError(
        await tokenRequest(FABRIKAM.tenantId, {
          grant_type: 'client_credentials',
          client_id: CLIENT_ID,
          client_secret: CLIENT_SECRET,
          scope: 'https://graph.microsoft.com/User.Read.All',
        }),
        400,
        'invalid_scope',
        1002012,
      );
    });

    it('redeems the partner refresh token for a Partner Center token with refresh_token, id_token and client_info', async () => {
      const answer = await tokenRequest(PARTNER_ORG.tenantId, {
        grant_type: 'refresh_token',
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        refresh_token: PARTNER_ORG.refreshToken,
        scope: `${PARTNER_CENTER_SCOPE} openid profile offline_access`,
        client_info: '1',
      });
      assert.equal(answer.status, 200, answer.text);
      assert.equal(answer.json.token_type, 'Bearer');
      assert.equal(answer.json.scope, PARTNER_CENTER_SCOPE);
      assert.equal(typeof answer.json.refresh_token, 'string');
      assert.equal(cloud.entra.verify(answer.json.access_token, 'partnerCenter'), PARTNER_ORG.tenantId);
      const claims = decodeJwt(answer.json.id_token);
      assert.equal(claims.tid, PARTNER_ORG.tenantId);
      assert.equal(claims.oid, PARTNER_ORG.user.oid);
      assert.equal(claims.aud, CLIENT_ID);
      assert.deepEqual(JSON.parse(Buffer.from(answer.json.client_info, 'base64url').toString('utf8')), {
        uid: PARTNER_ORG.user.oid,
        utid: PARTNER_ORG.tenantId,
      });

      const rotated = await tokenRequest(PARTNER_ORG.tenantId, {
        grant_type: 'refresh_token',
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        refresh_token: answer.json.refresh_token,
        scope: PARTNER_CENTER_SCOPE,
      });
      assert.equal(rotated.status, 200, rotated.text);
      assert.equal(rotated.json.id_token, undefined);
    });

    it('refuses a refresh token it never issued (AADSTS9002313) and logs requests without secrets', async () => {
      const answer = await tokenRequest(PARTNER_ORG.tenantId, {
        grant_type: 'refresh_token',
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        refresh_token: 'not-a-refresh-token-we-know',
        scope: PARTNER_CENTER_SCOPE,
      });
      assertEntraError(answer, 400, 'invalid_grant', 9002313);
      const log = JSON.stringify(cloud.entra.tokenRequests) + JSON.stringify(cloud.entra.requests);
      for (const secret of cloud.entra.sensitiveValues())
        assert.ok(!log.includes(secret), 'the token request log holds a secret');
      assert.ok(cloud.entra.tokenRequestCount({ grantType: 'refresh_token', outcome: 'issued' }) >= 1);
    });

    it('publishes openid-configuration and instance discovery pointing at itself', async () => {
      const config = await request(`${cloud.authorityHost}/${FABRIKAM.tenantId}/v2.0/.well-known/openid-configuration`);
      assert.equal(config.status, 200);
      assert.equal(config.json.token_endpoint, `${cloud.authorityHost}/${FABRIKAM.tenantId}/oauth2/v2.0/token`);
      assert.equal(config.json.issuer, `${cloud.authorityHost}/${FABRIKAM.tenantId}/v2.0`);
      const keys = await request(config.json.jwks_uri);
      assert.equal(keys.json.keys[0].kty, 'RSA');

      const authorize = `${cloud.authorityHost}/${FABRIKAM.tenantId}/oauth2/v2.0/authorize`;
      const discovery = await request(
        `${cloud.authorityHost}/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(authorize)}`,
      );
      assert.equal(discovery.status, 200);
      assert.equal(
        discovery.json.tenant_discovery_endpoint,
        `${cloud.authorityHost}/${FABRIKAM.tenantId}/v2.0/.well-known/openid-configuration`,
      );
      assert.deepEqual(discovery.json.metadata[0].aliases, [new URL(cloud.authorityHost).host]);
    });
  });

  describe('Microsoft Graph', () => {
    let token: string;
    before(async () => {
      token = await graphToken();
    });

    it('pages the subscriptions with absolute nextLinks carrying $skiptoken, to the end', async () => {
      const ids: string[] = [];
      let url: string | undefined = '/v1.0/directory/subscriptions';
      let pages = 0;
      while (url) {
        const page: Answer = await graphGet(url, token);
        assert.equal(page.status, 200, page.text);
        assert.match(String(page.headers['content-type']), /^application\/json;odata\.metadata=minimal/);
        assert.match(String(page.headers['request-id']), /^[0-9a-f-]{36}$/);
        assert.equal(page.json['@odata.context'], `${cloud.graphBaseUrl}/v1.0/$metadata#directory/subscriptions`);
        ids.push(...page.json.value.map((s: { id: string }) => s.id));
        url = page.json['@odata.nextLink'];
        if (url) {
          assert.ok(url.startsWith(`${cloud.graphBaseUrl}/v1.0/directory/subscriptions?`), url);
          assert.match(url, /\$skiptoken=X%27[0-9A-F]+%27$/);
        }
        pages += 1;
      }
      assert.equal(pages, 3);
      assert.equal(ids.length, 25);
      assert.deepEqual(new Set(ids), new Set(Object.values(FABRIKAM.subscriptions)));
      assert.equal(cloud.graph.requestCount('/v1.0/directory/subscriptions') >= 3, true);
    });

    it('keeps $top and $select in nextLinks and returns documented companySubscription properties', async () => {
      const first = await graphGet('/v1.0/directory/subscriptions?$top=20&$select=id,skuPartNumber,status', token);
      assert.equal(first.json.value.length, 20);
      assert.deepEqual(Object.keys(first.json.value[0]), ['id', 'skuPartNumber', 'status']);
      const second = await graphGet(first.json['@odata.nextLink'], token);
      assert.equal(second.json.value.length, 5);
      assert.equal(second.json['@odata.nextLink'], undefined);

      const one = await graphGet(`/v1.0/directory/subscriptions/${FABRIKAM.subscriptions.officeE5Trial}`, token);
      assert.equal(one.status, 200);
      assert.deepEqual(
        Object.keys(one.json)
          .filter((k) => !k.startsWith('@'))
          .sort(),
        [
          'commerceSubscriptionId',
          'createdDateTime',
          'id',
          'isTrial',
          'nextLifecycleDateTime',
          'ownerId',
          'ownerTenantId',
          'ownerType',
          'serviceStatus',
          'skuId',
          'skuPartNumber',
          'status',
          'totalLicenses',
        ],
      );
      assert.equal(one.json.isTrial, true);
      const byCommerceId = await graphGet(
        `/v1.0/directory/subscriptions(commerceSubscriptionId='${one.json.commerceSubscriptionId}')`,
        token,
      );
      assert.equal(byCommerceId.json.id, FABRIKAM.subscriptions.officeE5Trial);

      assertGraphError(
        await graphGet('/v1.0/directory/subscriptions/7d1e2a3b-0000-4000-8000-000000000000', token),
        404,
        'Request_ResourceNotFound',
      );
    });

    it('answers the organization and users, honouring $select', async () => {
      const org = await graphGet('/v1.0/organization', token);
      assert.equal(org.json.value.length, 1);
      assert.equal(org.json.value[0].id, FABRIKAM.tenantId);
      assert.equal(org.json.value[0].displayName, FABRIKAM.displayName);

      const plain = await graphGet(`/v1.0/users/${FABRIKAM.users.globalAdmin}`, token);
      assert.equal(plain.json.displayName, 'Megan Bowen');
      assert.equal(plain.json.userType, undefined, 'userType is not a default property');

      const selected = await graphGet(
        `/v1.0/users/${FABRIKAM.users.guestGlobalAdmin}?$select=id,displayName,mail,userType`,
        token,
      );
      assert.deepEqual(Object.keys(selected.json), ['@odata.context', 'id', 'displayName', 'mail', 'userType']);
      assert.equal(selected.json.userType, 'Guest');
      assert.equal(
        selected.json['@odata.context'],
        `${cloud.graphBaseUrl}/v1.0/$metadata#users(id,displayName,mail,userType)/$entity`,
      );

      const byUpn = await graphGet(
        `/v1.0/users/${encodeURIComponent('alex_partner.example#EXT#@fabrikam.onmicrosoft.com')}?$select=id`,
        token,
      );
      assert.equal(byUpn.json.id, FABRIKAM.users.guestGlobalAdmin);

      assertGraphError(
        await graphGet(`/v1.0/users/${FABRIKAM.users.member}?$select=id,shoeSize`, token),
        400,
        'BadRequest',
      );
      const missing = await graphGet('/v1.0/users/0f0f0f0f-0000-4000-8000-000000000000', token);
      assertGraphError(missing, 404, 'Request_ResourceNotFound');
      assert.equal(
        missing.json.error.message,
        "Resource '0f0f0f0f-0000-4000-8000-000000000000' does not exist or one of its queried reference-property objects are not present.",
      );
    });

    it('filters role assignments by principalId, and by roleDefinitionId with the principal expanded', async () => {
      assert.equal(
        roleAssignmentId('62e90394-69f5-4237-9190-012177145e10', 'ace08ec9-aa11-4ada-9145-addf0398233e'),
        'lAPpYvVpN0KRkAEhdxReEMmO4KwRqtpKkUWt3wOYIz4-1',
      );

      const mine = await graphGet(
        `/v1.0/roleManagement/directory/roleAssignments?$filter=principalId eq '${FABRIKAM.users.billingAdmin}'`,
        token,
      );
      assert.equal(mine.status, 200, mine.text);
      assert.deepEqual(mine.json.value, [
        {
          id: roleAssignmentId(ROLE_TEMPLATES.billingAdministrator, FABRIKAM.users.billingAdmin),
          principalId: FABRIKAM.users.billingAdmin,
          resourceScope: '/',
          directoryScopeId: '/',
          roleDefinitionId: ROLE_TEMPLATES.billingAdministrator,
        },
      ]);
      const none = await graphGet(
        `/v1.0/roleManagement/directory/roleAssignments?$filter=principalId eq '${FABRIKAM.users.member}'`,
        token,
      );
      assert.deepEqual(none.json.value, []);

      const admins = await graphGet(
        `/v1.0/roleManagement/directory/roleAssignments?$filter=roleDefinitionId eq '${ROLE_TEMPLATES.globalAdministrator}'&$expand=principal`,
        token,
      );
      assert.equal(admins.status, 200, admins.text);
      assert.equal(
        admins.json['@odata.context'],
        `${cloud.graphBaseUrl}/v1.0/$metadata#roleManagement/directory/roleAssignments(principal())`,
      );
      assert.deepEqual(
        admins.json.value.map((a: { principal: { '@odata.type': string; id: string; userType: string } }) => [
          a.principal['@odata.type'],
          a.principal.id,
          a.principal.userType,
        ]),
        [
          ['#microsoft.graph.user', FABRIKAM.users.globalAdmin, 'Member'],
          ['#microsoft.graph.user', FABRIKAM.users.guestGlobalAdmin, 'Guest'],
        ],
      );

      assertGraphError(
        await graphGet(`/v1.0/roleManagement/directory/roleAssignments?$filter=startswith(principalId,'a')`, token),
        400,
        'BadRequest',
      );
      assertGraphError(
        await graphGet(`/v1.0/roleManagement/directory/roleAssignments?$filter=principalId eq 'not-a-guid'`, token),
        400,
        'BadRequest',
      );
    });

    describe('groups and Privileged Identity Management (Contoso)', () => {
      let contoso: string;
      before(async () => {
        contoso = await graphToken(CONTOSO.tenantId);
      });
      const ga = ROLE_TEMPLATES.globalAdministrator;
      const u = CONTOSO.users;
      const g = CONTOSO.groups;

      it('lists active assignments per principal: direct ones Assigned, PIM activations Activated, in the documented shape', async () => {
        const direct = await graphGet(
          `/v1.0/roleManagement/directory/roleAssignmentScheduleInstances?$filter=principalId eq '${u.directOwner}'`,
          contoso,
        );
        assert.equal(direct.status, 200, direct.text);
        assert.equal(
          direct.json['@odata.context'],
          `${cloud.graphBaseUrl}/v1.0/$metadata#roleManagement/directory/roleAssignmentScheduleInstances`,
        );
        assert.equal(direct.json.value.length, 1);
        const row = direct.json.value[0];
        assert.deepEqual(Object.keys(row).sort(), [
          'appScopeId',
          'assignmentType',
          'directoryScopeId',
          'endDateTime',
          'id',
          'memberType',
          'principalId',
          'roleAssignmentOriginId',
          'roleAssignmentScheduleId',
          'roleDefinitionId',
          'startDateTime',
        ]);
        assert.equal(row.assignmentType, 'Assigned');
        assert.equal(row.memberType, 'Direct');
        assert.equal(row.directoryScopeId, '/');
        assert.equal(row.roleDefinitionId, ga);
        assert.equal(row.roleAssignmentOriginId, roleAssignmentId(ga, u.directOwner));

        const activated = await graphGet(
          `/v1.0/roleManagement/directory/roleAssignmentScheduleInstances?$filter=principalId eq '${u.activatedOwner}'`,
          contoso,
        );
        assert.deepEqual(
          activated.json.value.map((i: { assignmentType: string; endDateTime: string }) => [
            i.assignmentType,
            i.endDateTime,
          ]),
          [['Activated', '2099-12-07T16:00:00Z']],
        );
        const group = await graphGet(
          `/v1.0/roleManagement/directory/roleAssignmentScheduleInstances?$filter=principalId eq '${g.globalAdmins}'`,
          contoso,
        );
        assert.deepEqual(
          group.json.value.map((i: { memberType: string; principalId: string }) => [i.memberType, i.principalId]),
          [['Group', g.globalAdmins]],
        );
        const eligibleOnly = await graphGet(
          `/v1.0/roleManagement/directory/roleAssignmentScheduleInstances?$filter=principalId eq '${u.eligibleOwner}'`,
          contoso,
        );
        assert.deepEqual(eligibleOnly.json.value, []);
        assertGraphError(
          await graphGet(
            `/v1.0/roleManagement/directory/roleAssignmentScheduleInstances?$filter=principalId eq 'x'`,
            contoso,
          ),
          400,
          'BadRequest',
        );
      });

      it('lists eligible assignments, without assignmentType, and pages every list with nextLinks', async () => {
        const eligible = await graphGet(
          `/v1.0/roleManagement/directory/roleEligibilityScheduleInstances?$filter=principalId eq '${u.eligibleOwner}'`,
          contoso,
        );
        assert.equal(eligible.status, 200, eligible.text);
        assert.equal(
          eligible.json['@odata.context'],
          `${cloud.graphBaseUrl}/v1.0/$metadata#roleManagement/directory/roleEligibilityScheduleInstances`,
        );
        assert.equal(eligible.json.value.length, 1);
        assert.equal(eligible.json.value[0].assignmentType, undefined);
        assert.equal(eligible.json.value[0].roleDefinitionId, ga);
        assert.match(eligible.json.value[0].roleEligibilityScheduleId, /\S/);

        const ids: string[] = [];
        let url: string | undefined =
          `/v1.0/roleManagement/directory/roleAssignmentScheduleInstances?$filter=roleDefinitionId eq '${ga}'&$top=1`;
        while (url) {
          const page: Answer = await graphGet(url, contoso);
          assert.equal(page.status, 200, page.text);
          ids.push(...page.json.value.map((i: { principalId: string }) => i.principalId));
          url = page.json['@odata.nextLink'];
          if (url) assert.ok(url.startsWith(cloud.graphBaseUrl) && url.includes('$skiptoken='), url);
        }
        assert.deepEqual(ids, [u.directOwner, g.globalAdmins, u.activatedOwner]);
      });

      it("answers a user's transitive groups with isAssignableToRole, and a group's transitive user members", async () => {
        const groups = await graphGet(
          `/v1.0/users/${u.nestedGroupOwner}/transitiveMemberOf/microsoft.graph.group?$select=id,isAssignableToRole`,
          contoso,
        );
        assert.equal(groups.status, 200, groups.text);
        assert.equal(
          groups.json['@odata.context'],
          `${cloud.graphBaseUrl}/v1.0/$metadata#groups(id,isAssignableToRole)`,
        );
        assert.deepEqual(
          groups.json.value.map((x: Record<string, unknown>) => [x['@odata.type'], x.id, x.isAssignableToRole]).sort(),
          [
            ['#microsoft.graph.group', g.allStaff, false],
            ['#microsoft.graph.group', g.globalAdmins, true],
            ['#microsoft.graph.group', g.tenantOperators, false],
          ].sort(),
        );
        const paged = await graphGet(
          `/v1.0/users/${u.nestedGroupOwner}/transitiveMemberOf/microsoft.graph.group?$select=id&$top=2`,
          contoso,
        );
        assert.equal(paged.json.value.length, 2);
        assert.ok(paged.json['@odata.nextLink']);

        const members = await graphGet(
          `/v1.0/groups/${g.globalAdmins}/transitiveMembers/microsoft.graph.user?$select=id,displayName,userType`,
          contoso,
        );
        assert.equal(members.status, 200, members.text);
        assert.deepEqual(members.json.value.map((m: { displayName: string }) => m.displayName).sort(), [
          'Diego Siciliani',
          'Emily Braun',
        ]);
        assert.equal(members.json.value[0]['@odata.type'], '#microsoft.graph.user');
        assertGraphError(
          await graphGet(`/v1.0/groups/${u.member}/transitiveMembers/microsoft.graph.user`, contoso),
          404,
          'Request_ResourceNotFound',
        );

        const expanded = await graphGet(
          `/v1.0/roleManagement/directory/roleAssignments?$filter=roleDefinitionId eq '${ga}'&$expand=principal`,
          contoso,
        );
        assert.deepEqual(
          expanded.json.value.map((a: { principal: { '@odata.type': string; isAssignableToRole?: boolean } }) => [
            a.principal['@odata.type'],
            a.principal.isAssignableToRole,
          ]),
          [
            ['#microsoft.graph.user', undefined],
            ['#microsoft.graph.group', true],
          ],
        );
      });

      it('answers 403 Authorization_RequestDenied without the permissions, and 429 with Retry-After on demand', async () => {
        cloud.graph.setPermissions(CONTOSO.tenantId, ['Organization.Read.All', 'User.Read.All', 'Directory.Read.All']);
        try {
          assertGraphError(
            await graphGet(
              `/v1.0/roleManagement/directory/roleAssignmentScheduleInstances?$filter=principalId eq '${u.directOwner}'`,
              contoso,
            ),
            403,
            'Authorization_RequestDenied',
          );
          assertGraphError(
            await graphGet(
              `/v1.0/roleManagement/directory/roleEligibilityScheduleInstances?$filter=principalId eq '${u.directOwner}'`,
              contoso,
            ),
            403,
            'Authorization_RequestDenied',
          );
          cloud.graph.setPermissions(CONTOSO.tenantId, DIRECT_ROLE_PERMISSIONS);
          assertGraphError(
            await graphGet(`/v1.0/groups/${g.globalAdmins}/transitiveMembers/microsoft.graph.user`, contoso),
            403,
            'Authorization_RequestDenied',
          );
        } finally {
          cloud.graph.setTenant(contosoTenantCopy());
        }
        cloud.graph.failNext(
          1,
          graphError(429, 'TooManyRequests', 'Too many requests.', {
            retryAfterSeconds: 1,
            pathPrefix: '/v1.0/roleManagement/directory/roleAssignmentScheduleInstances',
          }),
        );
        const throttled = await graphGet(
          `/v1.0/roleManagement/directory/roleAssignmentScheduleInstances?$filter=principalId eq '${u.directOwner}'`,
          contoso,
        );
        assertGraphError(throttled, 429, 'TooManyRequests');
        assert.equal(throttled.headers['retry-after'], '1');
        assert.equal(
          (
            await graphGet(
              `/v1.0/roleManagement/directory/roleAssignmentScheduleInstances?$filter=principalId eq '${u.directOwner}'`,
              contoso,
            )
          ).status,
          200,
        );
      });
    });

    it('answers 401 InvalidAuthenticationToken without a token, with a foreign token and with an expired one', async () => {
      const none = await graphGet('/v1.0/organization', undefined);
      assertGraphError(none, 401, 'InvalidAuthenticationToken');
      assert.equal(none.json.error.message, 'Access token is empty.');
      assert.match(String(none.headers['www-authenticate']), /^Bearer realm=""/);

      const foreign = await graphGet('/v1.0/organization', await partnerCenterToken());
      assertGraphError(foreign, 401, 'InvalidAuthenticationToken');
      assert.match(foreign.json.error.message, /Invalid audience/);

      assertGraphError(await graphGet('/v1.0/organization', 'made-up-token'), 401, 'InvalidAuthenticationToken');

      const soon = await graphToken();
      cloud.entra.expireAccessTokens();
      const expired = await graphGet('/v1.0/organization', soon);
      assertGraphError(expired, 401, 'InvalidAuthenticationToken');
      assert.match(expired.json.error.message, /expired/);
      token = await graphToken();
    });

    it('answers 403 Authorization_RequestDenied when the permission is not granted', async () => {
      cloud.graph.setPermissions(FABRIKAM.tenantId, ['User.Read.All']);
      try {
        const denied = await graphGet('/v1.0/directory/subscriptions', token);
        assertGraphError(denied, 403, 'Authorization_RequestDenied');
        assert.equal(denied.json.error.message, 'Insufficient privileges to complete the operation.');
        assertGraphError(
          await graphGet(
            `/v1.0/roleManagement/directory/roleAssignments?$filter=principalId eq '${FABRIKAM.users.globalAdmin}'`,
            token,
          ),
          403,
          'Authorization_RequestDenied',
        );
        assert.equal((await graphGet(`/v1.0/users/${FABRIKAM.users.member}`, token)).status, 200);
      } finally {
        cloud.graph.setPermissions(FABRIKAM.tenantId, [
          'Organization.Read.All',
          'RoleManagement.Read.Directory',
          'User.Read.All',
        ]);
      }
    });

    it('fails the next requests on demand: 429 with Retry-After, then answers again', async () => {
      cloud.graph.failNext(
        2,
        graphError(429, 'TooManyRequests', 'Too many requests.', {
          retryAfterSeconds: 1,
          pathPrefix: '/v1.0/organization',
        }),
      );
      assert.equal(
        (await graphGet(`/v1.0/users/${FABRIKAM.users.member}`, token)).status,
        200,
        'other paths are not affected',
      );
      for (let i = 0; i < 2; i++) {
        const throttled = await graphGet('/v1.0/organization', token, { 'client-request-id': 'abc-123' });
        assertGraphError(throttled, 429, 'TooManyRequests');
        assert.equal(throttled.headers['retry-after'], '1');
        assert.equal(throttled.json.error.innerError['client-request-id'], 'abc-123');
      }
      assert.equal((await graphGet('/v1.0/organization', token)).status, 200);
    });

    it('answers 503 to everything while down, delays answers, and can reset a connection', async () => {
      cloud.graph.setDown(true);
      assertGraphError(await graphGet('/v1.0/organization', token), 503, 'serviceNotAvailable');
      assertGraphError(await graphGet('/v1.0/directory/subscriptions', undefined), 503, 'serviceNotAvailable');
      cloud.graph.setDown(false);
      assert.equal((await graphGet('/v1.0/organization', token)).status, 200);

      cloud.graph.setDelayMs(400);
      await assert.rejects(
        request(`${cloud.graphBaseUrl}/v1.0/organization`, {
          headers: { authorization: `Bearer ${token}` },
          timeoutMs: 100,
        }),
        /client timeout/,
      );
      cloud.graph.setDelayMs(0);

      cloud.graph.failNext(1, { status: 0, resetConnection: true });
      await assert.rejects(
        graphGet('/v1.0/organization', token),
        (err: NodeJS.ErrnoException) => err.code === 'ECONNRESET' || /socket hang up/.test(err.message),
      );
    });
  });

  describe('Partner Center', () => {
    let token: string;
    before(async () => {
      token = await partnerCenterToken();
    });

    const mpn = (query: string, bearer: string | null = token) =>
      request(`${cloud.partnerCenterBaseUrl}/v1/profiles/mpn${query}`, {
        headers: {
          accept: 'application/json',
          'ms-correlationid': 'e937630b-8341-4d70-8f73-450d32ee0189',
          ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        },
      });

    it('returns a registered partner profile', async () => {
      const answer = await mpn(`?mpnId=${PARTNERS.adatum.mpnId}`);
      assert.equal(answer.status, 200, answer.text);
      assert.deepEqual(answer.json, {
        partnerName: 'Adatum Consulting',
        mpnId: PARTNERS.adatum.mpnId,
        profileType: 'MpnProfile',
        links: { self: { uri: '/profiles/mpn', method: 'GET', headers: [] } },
        attributes: { objectType: 'MpnProfile' },
      });
      assert.equal(answer.headers['ms-correlationid'], 'e937630b-8341-4d70-8f73-450d32ee0189');
      assert.match(String(answer.headers['ms-requestid']), /^[0-9a-f-]{36}$/);
      const own = await mpn('');
      assert.equal(own.json.mpnId, PARTNER_ORG.mpnId);
    });

    it('answers 404 code 3000 for an unknown ID and 400 for one that is not a number', async () => {
      const unknown = await mpn(`?mpnId=${PARTNERS.unknownMpnId}`);
      assert.equal(unknown.status, 404);
      assert.deepEqual(unknown.json, {
        code: 3000,
        description: `Partner Organization with partner_id ${PARTNERS.unknownMpnId} could not be found`,
        data: [],
        source: 'PartnerFD',
      });

      const malformed = await mpn(`?mpnId=${PARTNERS.malformedMpnId}`);
      assert.equal(malformed.status, 400);
      assert.deepEqual(Object.keys(malformed.json), ['code', 'description', 'data', 'source']);
      assert.equal((await mpn('?mpnId=')).status, 400);
    });

    it('answers 401 without a token or with a Graph token', async () => {
      const none = await mpn(`?mpnId=${PARTNERS.adatum.mpnId}`, null);
      assert.equal(none.status, 401);
      assert.equal(none.json.code, 800001);
      const graph = await mpn(`?mpnId=${PARTNERS.adatum.mpnId}`, await graphToken());
      assert.equal(graph.status, 401);
      assert.equal(cloud.partnerCenter.requests.at(-1)?.status, 401);
    });
  });
});
