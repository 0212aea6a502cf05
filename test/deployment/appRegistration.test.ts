import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { graphClientCredentials, loadConfig, REPO_ROOT, tabSsoAudiences } from '../../bot/config';
import { TAB_SSO_SCOPE } from '../../bot/tab/tabAuth';

/**
 * The bot's Entra app registration is described by aad.manifest.json, which teamsapp.yml applies with aadApp/update.
 * These checks keep it in step with the toolkit steps, the Bicep and what the code expects of it: the tab's SSO
 * audience and scope, the Graph permissions DIRECTORY=graph reads customer tenants with, and the consent's return.
 */

const read = (relative: string) => readFileSync(path.join(REPO_ROOT, relative), 'utf8');

/** Microsoft Graph's application id, the resource the permissions below belong to. */
const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';

/**
 * Microsoft Graph application permissions (appRoles) the bot needs, by id. Checked against Microsoft's Graph
 * permissions reference (the "Application" identifier of each).
 */
const GRAPH_APP_ROLES: Record<string, string> = {
  '498476ce-e0fe-48b0-b801-37ba7e2685c6': 'Organization.Read.All (the tenant: its name and subscribed SKUs)',
  '483bed4a-2ad3-4361-a73b-c83ccdbdc53c': 'RoleManagement.Read.Directory (who holds the owner roles of OWNER_ROLES)',
  'df021288-bdef-4463-88db-98f22de89214': 'User.Read.All (the people: names and mail of users and owners)',
  'd5fe8ce8-684c-4c83-a52c-46e882ce4be1':
    'RoleAssignmentSchedule.Read.Directory (active PIM assignments, of people and groups)',
  'ff278e11-4a33-4d0c-83d2-d01dc58929a5':
    'RoleEligibilitySchedule.Read.Directory (eligible, not activated, PIM assignments)',
  '98830695-27a2-44f7-8c18-0c3ebc9698f6': 'GroupMember.Read.All (role-assignable groups and their members)',
};

/** Partner Center's API (its first-party app id) and its one delegated scope, user_impersonation, by id. */
const PARTNER_CENTER_APP_ID = 'fa3d9a0c-3fb0-42cc-9193-47c7ecd2edbd';
const PARTNER_CENTER_USER_IMPERSONATION = '1cebfa2a-fb4d-419e-b5f9-839b4383e05a';

/** The Teams clients that may get SSO tokens for the tab without a consent prompt of their own. */
const TEAMS_CLIENTS: Record<string, string> = {
  '1fec8e78-bce4-4aaf-ab1b-5451cc387264': 'Teams desktop and mobile',
  '5e3ce6c0-2b1f-4285-8d4b-75ee78787346': 'Teams web',
};

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PLACEHOLDER = /\$\{\{\s*(\w+)\s*\}\}/g;

/** Values that provisioning would write, standing in for the real ones. */
const SAMPLE = {
  BOT_ID: '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
  BOT_OBJECT_ID: '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d',
  BOT_TENANT_ID: '9e8d7c6b-5a4f-4e3d-9c2b-1a0f9e8d7c6b',
  BOT_DOMAIN: 'partnerofrecord-x1y2z3.azurewebsites.net',
};

interface YmlStep {
  uses: string;
  /** The step's `with:`, `env:` and `writeToEnvironmentFile:` maps: key -> value, comments and quotes removed. */
  maps: Record<string, Record<string, string>>;
}

/**
 * The steps of one lifecycle (provision, deploy) of teamsapp.yml, in order. Just enough YAML for this file: a step
 * starts at `- uses:`, its maps are the keys two spaces deeper, and their scalar entries deeper still.
 */
function ymlSteps(yml: string, lifecycle: string): YmlStep[] {
  const lines = yml.split(/\r?\n/);
  const start = lines.indexOf(`${lifecycle}:`);
  assert.ok(start >= 0, `teamsapp.yml has no ${lifecycle}:`);
  const steps: (YmlStep & { indent: number })[] = [];
  let map: Record<string, string> | undefined;
  for (const line of lines.slice(start + 1)) {
    if (/^\S/.test(line) && !line.startsWith('#')) break; // the next top-level key
    if (/^\s*(#.*)?$/.test(line)) continue;
    const step = /^(\s*)-\s+uses:\s*(\S+)/.exec(line);
    if (step) {
      steps.push({ uses: step[2]!, maps: {}, indent: step[1]!.length });
      map = undefined;
      continue;
    }
    const current = steps.at(-1);
    if (!current) continue;
    const indent = /^\s*/.exec(line)![0].length;
    const key = /^\s*([A-Za-z]\w*):\s*(.*?)\s*$/.exec(line.replace(/\s+#.*$/, ''));
    if (indent === current.indent + 2) {
      map = undefined;
      if (key && key[2] === '') {
        map = {};
        current.maps[key[1]!] = map;
      }
    } else if (map && key && indent > current.indent + 2) {
      map[key[1]!] = key[2]!.replace(/^(['"])(.*)\1$/, '$2');
    }
  }
  return steps.map(({ uses, maps }) => ({ uses, maps }));
}

function fill(text: string, values: Record<string, string>): string {
  return text.replace(PLACEHOLDER, (_, name: string) => {
    const value = values[name];
    assert.ok(value !== undefined, `no sample value for \${{${name}}}`);
    return value;
  });
}

interface AadManifest {
  id: string;
  appId: string;
  displayName: string;
  signInAudience: string;
  identifierUris: string[];
  api: {
    requestedAccessTokenVersion: number;
    oauth2PermissionScopes: {
      id: string;
      value: string;
      type: string;
      isEnabled: boolean;
      adminConsentDisplayName: string;
      adminConsentDescription: string;
      userConsentDisplayName: string;
      userConsentDescription: string;
    }[];
    preAuthorizedApplications: { appId: string; delegatedPermissionIds: string[] }[];
  };
  optionalClaims?: { accessToken?: { name: string }[] };
  requiredResourceAccess: { resourceAppId: string; resourceAccess: { id: string; type: string }[] }[];
  web?: {
    redirectUris?: string[];
    implicitGrantSettings?: { enableIdTokenIssuance?: boolean; enableAccessTokenIssuance?: boolean };
  };
  spa?: { redirectUris?: string[] };
  publicClient?: { redirectUris?: string[] };
}

describe('deployment: the app registration agrees with teamsapp.yml, main.bicep and the code', () => {
  const yml = read('teamsapp.yml');
  const provision = ymlSteps(yml, 'provision');
  const stepIndex = (uses: string) => {
    const found = provision.flatMap((s, i) => (s.uses === uses ? [i] : []));
    assert.equal(found.length, 1, `teamsapp.yml provision runs ${uses} ${found.length} times, not once`);
    return found[0]!;
  };
  const create = () => provision[stepIndex('aadApp/create')]!;
  const update = () => provision[stepIndex('aadApp/update')]!;
  const manifestText = read('aad.manifest.json');
  const manifest = JSON.parse(manifestText) as AadManifest;
  const envDev = Object.fromEntries(
    [...read('env/.env.dev').matchAll(/^([A-Za-z_]\w*)=(.*)$/gm)].map((m) => [m[1]!, m[2]!.trim()]),
  );
  const filled = () => JSON.parse(fill(manifestText, { ...envDev, ...SAMPLE })) as AadManifest;
  /** The bot as main.bicep configures it: its app id and BOT_DOMAIN are provisioning's BOT_ID and BOT_DOMAIN. */
  const deployedConfig = (extra: Record<string, string> = {}) =>
    loadConfig({
      MicrosoftAppId: SAMPLE.BOT_ID,
      MicrosoftAppPassword: 'not-a-real-secret',
      MicrosoftAppType: 'SingleTenant',
      MicrosoftAppTenantId: SAMPLE.BOT_TENANT_ID,
      BOT_DOMAIN: SAMPLE.BOT_DOMAIN,
      // The production parameter files give the mail server, from Key Vault.
      SMTP_URL: 'smtp://smtp.example.net:587',
      ...extra,
    });
  const bicep = read('deployment/azure/main.bicep');

  it('reads the provision steps of teamsapp.yml', () => {
    assert.deepEqual(
      provision.map((s) => s.uses),
      [
        'aadApp/create',
        'arm/deploy',
        'aadApp/update',
        'script',
        'teamsApp/validateManifest',
        'teamsApp/zipAppPackage',
        'teamsApp/validateAppPackage',
        'teamsApp/update',
      ],
    );
    assert.equal(create().maps.with?.name, 'partner-of-record-bot${{APP_NAME_SUFFIX}}');
  });

  it('registers the app multi-tenant, in teamsapp.yml and in aad.manifest.json, under one name', () => {
    assert.equal(create().maps.with?.signInAudience, 'AzureADMultipleOrgs', 'aadApp/create signInAudience');
    assert.equal(manifest.signInAudience, 'AzureADMultipleOrgs', 'aad.manifest.json signInAudience');
    // aadApp/update renames the registration to the manifest's name: the same as aadApp/create's, or it flips.
    assert.equal(manifest.displayName, create().maps.with?.name);
  });

  it('applies aad.manifest.json with aadApp/update once arm/deploy has made BOT_DOMAIN known', () => {
    assert.ok(stepIndex('aadApp/create') < stepIndex('arm/deploy'), 'aadApp/create runs before arm/deploy');
    assert.ok(stepIndex('arm/deploy') < stepIndex('aadApp/update'), 'aadApp/update runs after arm/deploy');
    const args = update().maps.with ?? {};
    assert.equal(args.manifestPath, './aad.manifest.json');
    assert.ok(existsSync(path.join(REPO_ROOT, args.manifestPath)));
    assert.equal(args.outputFilePath, './build/aad.manifest.${{TEAMSFX_ENV}}.json');
    assert.match(read('.gitignore'), /^build\/$/m, 'the filled-in manifest is written under build/, which git ignores');
    // The registration updated is the one aadApp/create made (or that env/.env.<environment> names).
    const written = create().maps.writeToEnvironmentFile ?? {};
    assert.equal(manifest.id, `\${{${written.objectId}}}`, 'the manifest id is the object id aadApp/create writes');
    assert.equal(
      manifest.appId,
      `\${{${written.clientId}}}`,
      'the manifest appId is the client id aadApp/create writes',
    );
  });

  it('has a value for every ${{...}} of aad.manifest.json before aadApp/update runs', () => {
    // A name empty in env/.env.dev must be written by a step that runs before aadApp/update: aadApp/create's
    // writeToEnvironmentFile, or arm/deploy's outputs (upper-cased Bicep outputs). Empty, it would fill in as ''.
    const before = provision.slice(0, stepIndex('aadApp/update'));
    const written = new Set(before.flatMap((s) => Object.values(s.maps.writeToEnvironmentFile ?? {})));
    if (before.some((s) => s.uses === 'arm/deploy')) {
      for (const m of bicep.matchAll(/^output\s+(\w+)\s/gm)) written.add(m[1]!.toUpperCase());
    }
    const used = [...`${manifestText}\n${update().maps.with?.outputFilePath}`.matchAll(PLACEHOLDER)].map((m) => m[1]!);
    assert.ok(used.includes('BOT_DOMAIN') && used.includes('BOT_ID') && used.includes('BOT_OBJECT_ID'));
    const missing = [...new Set(used)].filter((name) => !envDev[name] && !written.has(name));
    assert.deepEqual(missing, [], 'placeholders with no value when aadApp/update runs');
    assert.deepEqual(
      used.filter((name) => name.startsWith('SECRET_')),
      [],
      'the manifest holds no secret',
    );
  });

  it('gives the app the identifier URI the tab builds its SSO audience from, as main.bicep configures the bot', () => {
    // main.bicep: MicrosoftAppId is the msaAppId parameter, which the toolkit fills with BOT_ID; BOT_DOMAIN is the
    // web app's host name, which is also the BOT_DOMAIN output the toolkit writes for aad.manifest.json.
    const parameters = JSON.parse(read('deployment/azure/main.parameters.teamsapp.json')) as {
      parameters: Record<string, { value: unknown }>;
    };
    assert.equal(parameters.parameters.msaAppId?.value, '${{BOT_ID}}');
    assert.match(bicep, /^\s+MicrosoftAppId:\s*msaAppId\s*$/m);
    assert.match(bicep, /^\s+BOT_DOMAIN:\s*webApp\.properties\.defaultHostName\s*$/m);
    assert.match(bicep, /^output BOT_DOMAIN string = webApp\.properties\.defaultHostName\s*$/m);

    const app = filled();
    const audiences = tabSsoAudiences(deployedConfig());
    assert.deepEqual(app.identifierUris, [`api://${SAMPLE.BOT_DOMAIN}/${SAMPLE.BOT_ID}`]);
    assert.deepEqual(
      app.identifierUris,
      audiences.filter((a) => a.startsWith('api://')),
      "identifierUris are the tab's api:// audience",
    );
    // Version 2 access tokens name the app by its client id in aud, and come from the tenant's v2.0 issuer.
    assert.equal(app.api.requestedAccessTokenVersion, 2);
    assert.ok(audiences.includes(app.appId), 'the tab accepts the app id as audience (v2 tokens)');
    assert.ok(
      deployedConfig().TAB_SSO_ISSUERS.split(',').includes('https://login.microsoftonline.com/{tenantid}/v2.0'),
    );

    // The Teams app package asks Teams for tokens for the same resource.
    const teams = JSON.parse(
      fill(read('manifest/manifest.template.json'), {
        ...envDev,
        ...SAMPLE,
        MicrosoftAppId: SAMPLE.BOT_ID,
        APP_VERSION: '1.0.0',
      }),
    ) as {
      webApplicationInfo: { id: string; resource: string };
    };
    assert.deepEqual(teams.webApplicationInfo, { id: app.appId, resource: app.identifierUris[0] });
  });

  it('exposes one scope, access_as_user, pre-authorized for exactly the Teams clients', () => {
    const scopes = manifest.api.oauth2PermissionScopes;
    assert.equal(scopes.length, 1);
    const scope = scopes[0]!;
    assert.equal(scope.value, TAB_SSO_SCOPE, 'the scope the tab requires in scp');
    assert.equal(scope.type, 'User', 'admins and users may consent');
    assert.equal(scope.isEnabled, true);
    assert.match(scope.id, GUID, 'a fixed GUID, so the pre-authorizations keep pointing at it');
    for (const text of [
      'adminConsentDisplayName',
      'adminConsentDescription',
      'userConsentDisplayName',
      'userConsentDescription',
    ] as const) {
      assert.ok(scope[text].trim().length > 10, `${text} is missing`);
    }
    const clients = manifest.api.preAuthorizedApplications;
    assert.deepEqual(clients.map((c) => c.appId).sort(), Object.keys(TEAMS_CLIENTS).sort(), 'pre-authorized clients');
    for (const client of clients) {
      assert.deepEqual(
        client.delegatedPermissionIds,
        [scope.id],
        `${TEAMS_CLIENTS[client.appId]} is pre-authorized for access_as_user only`,
      );
    }
    // Access tokens say whether they are a person's or an app's (idtyp), which the tab checks.
    assert.ok(
      manifest.optionalClaims?.accessToken?.some((c) => c.name === 'idtyp'),
      'the idtyp optional claim',
    );
  });

  it('asks for exactly six Microsoft Graph application permissions', () => {
    assert.equal(
      manifest.requiredResourceAccess.length,
      2,
      'Microsoft Graph and Partner Center are the only resources',
    );
    const graph = manifest.requiredResourceAccess[0]!;
    assert.ok(['Microsoft Graph', GRAPH_APP_ID].includes(graph.resourceAppId), `resourceAppId ${graph.resourceAppId}`);
    assert.deepEqual(
      graph.resourceAccess.map((a) => a.id.toLowerCase()).sort(),
      Object.keys(GRAPH_APP_ROLES).sort(),
      `the permissions are ${Object.values(GRAPH_APP_ROLES).join('; ')}`,
    );
    for (const access of graph.resourceAccess) {
      assert.equal(
        access.type,
        'Role',
        `${GRAPH_APP_ROLES[access.id]} is an application permission (Role), not delegated`,
      );
    }
  });

  it("asks for Partner Center's delegated user_impersonation, and allows the device code sign-in that gets it", () => {
    // PARTNER_DIRECTORY=partnercenter reads Partner Center as the partner admin (App+User): a delegated scope.
    const partnerCenter = manifest.requiredResourceAccess.find((r) => r.resourceAppId === PARTNER_CENTER_APP_ID);
    assert.ok(partnerCenter, 'Partner Center is a required resource');
    assert.deepEqual(partnerCenter.resourceAccess, [{ id: PARTNER_CENTER_USER_IMPERSONATION, type: 'Scope' }]);
    // npm run partner-center-sign-in uses the device code flow, which sends no secret: a public client flow.
    assert.equal((manifest as { isFallbackPublicClient?: unknown }).isFallbackPublicClient, true);
    assert.deepEqual(manifest.publicClient?.redirectUris ?? [], [], 'the device code flow needs no redirect URI');
  });

  it('sends admin consent back to https://BOT_DOMAIN/consent/callback, and nowhere else', () => {
    const app = filled();
    const { BOT_DOMAIN } = deployedConfig({ DIRECTORY: 'graph' });
    assert.deepEqual(app.web?.redirectUris, [`https://${BOT_DOMAIN}/consent/callback`]);
    assert.deepEqual(app.spa?.redirectUris ?? [], []);
    assert.deepEqual(app.publicClient?.redirectUris ?? [], []);
    assert.notEqual(
      app.web?.implicitGrantSettings?.enableAccessTokenIssuance,
      true,
      'no implicit grant of access tokens',
    );
    assert.notEqual(app.web?.implicitGrantSettings?.enableIdTokenIssuance, true, 'no implicit grant of ID tokens');
  });

  it("keeps the Azure Bot SingleTenant, in the registration's home tenant", () => {
    // Multi-tenant Azure Bots can no longer be created; the bot's type is independent of the registration's audience.
    assert.match(bicep, /^param msaAppType string = 'SingleTenant'$/m);
    for (const file of ['main.parameters.json', 'main.parameters.teamsapp.json']) {
      const { parameters } = JSON.parse(read(`deployment/azure/${file}`)) as {
        parameters: Record<string, { value: unknown }>;
      };
      assert.equal(parameters.msaAppType?.value ?? 'SingleTenant', 'SingleTenant', file);
    }
    const parameters = JSON.parse(read('deployment/azure/main.parameters.teamsapp.json')) as {
      parameters: Record<string, { value: unknown }>;
    };
    assert.equal(
      parameters.parameters.msaAppTenantId?.value,
      `\${{${create().maps.writeToEnvironmentFile?.tenantId}}}`,
    );
  });

  it('lets the deployed bot read Graph with its own app registration (no GRAPH_CLIENT_* settings)', () => {
    assert.doesNotMatch(
      bicep,
      /^\s+GRAPH_CLIENT_(ID|SECRET)\s*:/m,
      'main.bicep sets GRAPH_CLIENT_ID or GRAPH_CLIENT_SECRET',
    );
    assert.match(bicep, /^\s+DIRECTORY:\s*directory\s*$/m);
    const config = deployedConfig({ DIRECTORY: 'graph' });
    assert.deepEqual(graphClientCredentials(config), { clientId: SAMPLE.BOT_ID, clientSecret: 'not-a-real-secret' });
    assert.equal(filled().appId, config.MicrosoftAppId, "the registration with the Graph permissions is the bot's");
  });
});
