import assert from 'node:assert/strict';
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { BOT_FRAMEWORK_SETTINGS, CONFIG_KEYS, loadConfig, REPO_ROOT } from '../../bot/config';
import { bicepAppSettings, bicepDeclarations } from '../support/bicep';
import { readDockerfile, runtimeStage } from '../support/dockerfile';

/**
 * The deployment files (Bicep, parameters, Dockerfile, teamsapp.yml) are written by hand; these checks keep them
 * in step with what the code reads, so that a renamed setting or a new one cannot be forgotten in one of them.
 */

/**
 * Settings the Bicep gives App Service itself; the bot does not read them. Each with why it is set.
 * A name here must be set by the Bicep (no stale entries), and must not be one the bot reads.
 */
const PLATFORM_SETTINGS: Record<string, string> = {
  APPLICATIONINSIGHTS_CONNECTION_STRING: "App Service's Node.js agent (code mode) sends requests and exceptions here",
  ApplicationInsightsAgent_EXTENSION_VERSION: 'turns that agent on; ~3 is the Linux one',
  WEBSITES_ENABLE_APP_SERVICE_STORAGE: 'keeps /home persistent, and mounted in a container too: DATA_DIR is /home/data',
  SCM_DO_BUILD_DURING_DEPLOYMENT:
    'zip deploy runs npm install and npm run build on App Service, building better-sqlite3 for its Linux',
  WEBSITES_PORT:
    "the container port App Service forwards to: the bot's default, 3978 (App Service gives code its PORT itself)",
};

/** Settings that carry credentials: the Bicep must give them as Key Vault references, never as values. */
const SECRET_SETTINGS = ['MicrosoftAppPassword', 'SMTP_URL', 'PARTNER_CENTER_REFRESH_TOKEN', 'DATABASE_URL'];

/**
 * Settings the bot reads that the Bicep leaves unset on purpose, each with why. Every other setting the bot reads
 * must be set (so a new setting cannot be forgotten), and a name here must really be left out (no stale entries).
 */
const LEFT_UNSET: Record<string, string> = {
  HOST: 'with an app id the bot listens on every interface, which App Service and the container need',
  PORT: "App Service gives a Node app its port in PORT; the container listens on the bot's default, 3978 (WEBSITES_PORT)",
  STATUS_PAGE_SIZE: "the bot's default, 20, is the most a Teams message holds",
  SMTP_REQUIRE_TLS: "the bot's default, true: mail from App Service to a mail server goes only over TLS",
  OUTBOX_MAX_ATTEMPTS: "the outbox's tuning keeps the bot's defaults",
  OUTBOX_RETRY_BASE_MS: "the outbox's tuning keeps the bot's defaults",
  OUTBOX_RETRY_MAX_MS: "the outbox's tuning keeps the bot's defaults",
  OUTBOX_LEASE_MS: "the outbox's tuning keeps the bot's defaults",
  OUTBOX_POLL_MS: "the outbox's tuning keeps the bot's defaults",
  TAB_SSO_JWKS_URL: "the tab's SSO checks use Microsoft Entra ID's published keys",
  TAB_SSO_ISSUERS: "the tab's SSO checks use Microsoft Entra ID's issuers",
  TAB_SSO_AUDIENCES:
    'built from BOT_DOMAIN and MicrosoftAppId, the identifier URI aad.manifest.json gives the app registration',
  GRAPH_BASE_URL: "the public cloud's Microsoft Graph",
  ARM_BASE_URL: "the public cloud's Azure Resource Manager",
  ENTRA_AUTHORITY_HOST: "the public cloud's Microsoft Entra ID",
  PARTNER_CENTER_BASE_URL: 'the public Partner Center API',
  GRAPH_CLIENT_ID: 'the deployed bot reads Graph and Partner Center with its own app registration, MicrosoftAppId',
  GRAPH_CLIENT_SECRET:
    "the deployed bot reads Graph and Partner Center with its own app registration's secret, MicrosoftAppPassword",
  UPSTREAM_TIMEOUT_MS: "the limits on calls to Microsoft keep the bot's defaults",
  UPSTREAM_MAX_ATTEMPTS: "the limits on calls to Microsoft keep the bot's defaults",
  UPSTREAM_BREAKER_HALF_OPEN_MS: "the limits on calls to Microsoft keep the bot's defaults",
  ROLE_CACHE_SECONDS: "the bot's default, 5 minutes, is the longest roles are trusted",
  MAX_CONNECTIONS:
    "the bot's default, 256 connections, is far above what App Service's front ends open to one instance",
  REQUEST_TIMEOUT_MS:
    "the bot's default, 20 s, is far above what an activity from App Service's front ends takes to arrive",
  RATE_LIMIT_PER_USER_PER_MINUTE:
    "the bot's default, 30 a minute, is well beyond what a person does by hand on one App Service instance",
  RATE_LIMIT_PER_TENANT_PER_MINUTE:
    "the bot's default, 300 a minute, lets ten people of one organization act at full speed at once",
  DATABASE_SCHEMA: "the bot's default, public, suits a database of its own",
  DATABASE_POOL_SIZE:
    "the PostgreSQL store's default pool, on each of at most instanceCount's maximum, fits the B1ms server's connections (scaleOut.test.ts)",
  DATABASE_STATEMENT_TIMEOUT_MS:
    "the PostgreSQL store's default statement timeout, 5 s, is far above what its statements take",
  DATABASE_CONNECT_TIMEOUT_MS: "the bot's default, 30 s of retries, is shorter than App Service's start-up time limit",
  WEBHOOK_URLS: 'change events go to receivers the operator names after deployment; none by default',
  WEBHOOK_SECRET: 'set with WEBHOOK_URLS, by the operator, as a Key Vault reference like the other secrets',
  ChannelService: "botbuilder's endpoint settings keep the public Bot Framework's defaults",
  OAuthUrl: "botbuilder's endpoint settings keep the public Bot Framework's defaults",
  ToChannelFromBotLoginUrl: "botbuilder's endpoint settings keep the public Bot Framework's defaults",
  ToChannelFromBotOAuthScope: "botbuilder's endpoint settings keep the public Bot Framework's defaults",
  ToBotFromChannelTokenIssuer: "botbuilder's endpoint settings keep the public Bot Framework's defaults",
  ToBotFromChannelOpenIdMetadataUrl: "botbuilder's endpoint settings keep the public Bot Framework's defaults",
  ToBotFromEmulatorOpenIdMetadataUrl: "botbuilder's endpoint settings keep the public Bot Framework's defaults",
  CallerId: "botbuilder's endpoint settings keep the public Bot Framework's defaults",
  ValidateAuthority: "botbuilder's endpoint settings keep the public Bot Framework's defaults",
};

const read = (relative: string) => readFileSync(path.join(REPO_ROOT, relative), 'utf8');

/** Parameter files for a real deployment; the demo one, to try the bot out on Azure with the demo seed. */
const PRODUCTION_PARAMETER_FILES = ['main.parameters.json', 'main.parameters.teamsapp.json'];
const DEMO_PARAMETER_FILE = 'main.parameters.demo.json';

type ParameterValue = { value: unknown } | { reference: { keyVault: { id: string }; secretName: string } };
const parameterFile = (file: string): Record<string, ParameterValue> =>
  (JSON.parse(read(`deployment/azure/${file}`)) as { parameters: Record<string, ParameterValue> }).parameters;
const BICEP_FILE = 'deployment/azure/main.bicep';
const bicep = read(BICEP_FILE);
const botReads = new Set<string>([...CONFIG_KEYS, ...BOT_FRAMEWORK_SETTINGS]);

/**
 * The Node major version the Docker image and App Service run: Node 22 LTS (Node 20 reached its end of life on
 * 2026-04-30). It must be the newest major package.json's engines allows, and CI must test it (.ci/run).
 */
const DEPLOYED_NODE_MAJOR = 22;

type Version = [number, number, number];

/**
 * package.json's engines.node, which is written as caret ranges joined by `||` (`^20.19.0 || ^22.12.0`): for each major
 * it allows, the lowest version allowed. Any other form of range fails, so these checks cannot misread one.
 */
function enginesNodeMajors(range: string): Map<number, Version> {
  const majors = new Map<number, Version>();
  for (const alternative of range.split('||').map((s) => s.trim())) {
    const m = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(alternative);
    assert.ok(m, `package.json engines.node: "${alternative}" is not a caret range ^X.Y.Z`);
    const version = [Number(m[1]), Number(m[2]), Number(m[3])] as Version;
    assert.ok(!majors.has(version[0]), `package.json engines.node names Node ${version[0]} twice`);
    majors.set(version[0], version);
  }
  return majors;
}

/** Whether `version` (X.Y.Z) is one that engines.node, read by enginesNodeMajors, allows. */
function enginesAllow(majors: Map<number, Version>, version: string): boolean {
  const v = version.split('.').map(Number);
  const lowest = majors.get(v[0]!);
  if (!lowest || v.length !== 3 || v.some((n) => !Number.isInteger(n))) return false;
  return v[1]! > lowest[1] || (v[1] === lowest[1] && v[2]! >= lowest[2]);
}

/** Each line of .env.sample that names `key`, commented out or not, and whether prose above it describes it. */
function envSampleEntry(sample: string[], key: string): { found: boolean; described: boolean } {
  const isSetting = (line: string) => /^#?\s*[A-Za-z_]\w*=/.test(line);
  const at = sample.findIndex((line) => new RegExp(`^#?\\s*${key}=`).test(line));
  if (at < 0) return { found: false, described: false };
  // Walk up over the settings of the same block to the comment that describes them.
  let i = at - 1;
  while (i >= 0 && isSetting(sample[i]!)) i--;
  const above = sample[i]?.trim() ?? '';
  return { found: true, described: above.startsWith('#') && !/^#\s*-+/.test(above) && above.length > 2 };
}

describe('deployment: the deployment files agree with the code', () => {
  const appSettings = bicepAppSettings(bicep);

  it('finds the app settings in main.bicep, all of them applied to the web app', () => {
    assert.ok(
      appSettings.has('MicrosoftAppId') && appSettings.size > 10,
      `too few app settings found: ${[...appSettings.keys()]}`,
    );
    const vars = bicepDeclarations(bicep)
      .filter((d) => d.keyword === 'var' && d.name.startsWith('appSettings'))
      .map((d) => d.name);
    const applied = /name:\s*'appsettings'[\s\S]*?properties:\s*union\(([^)]*)\)/.exec(bicep)?.[1];
    assert.ok(applied, "main.bicep has no sites/config 'appsettings' resource taking union(appSettings...)");
    assert.deepEqual(
      applied
        .split(',')
        .map((s) => s.trim())
        .sort(),
      [...vars].sort(),
      'every appSettings variable, and only those, is applied',
    );
    // No second source of app settings (siteConfig.appSettings), in main.bicep or a module.
    for (const file of [
      BICEP_FILE,
      ...['monitoring', 'azureBot', 'postgres'].map((m) => `deployment/azure/modules/${m}.bicep`),
    ]) {
      assert.doesNotMatch(
        read(file),
        /^\s*appSettings\s*:/m,
        `${file} sets app settings outside the appSettings variables`,
      );
    }
  });

  it('sets only settings the bot reads, or App Service reads for a stated reason', () => {
    const unknown = [...appSettings.keys()].filter((name) => !botReads.has(name) && !(name in PLATFORM_SETTINGS));
    assert.deepEqual(unknown, [], `main.bicep sets settings nothing reads: ${unknown.join(', ')}`);
    const stale = Object.keys(PLATFORM_SETTINGS).filter((name) => !appSettings.has(name));
    assert.deepEqual(stale, [], 'the platform allow-list names settings main.bicep no longer sets');
    const clash = Object.keys(PLATFORM_SETTINGS).filter((name) => botReads.has(name));
    assert.deepEqual(clash, [], 'a platform setting is also read by the bot');
  });

  it('gives secrets as Key Vault references only', () => {
    for (const name of SECRET_SETTINGS) {
      const value = appSettings.get(name);
      assert.ok(value, `${name} is not set by main.bicep`);
      assert.match(value, /^keyVaultReference\(/, `${name} must be a Key Vault reference, not a value`);
    }
    assert.match(bicep, /'@Microsoft\.KeyVault\(SecretUri=\$\{vaultUri\}secrets\/\$\{secretName\}\)'/);
  });

  it('documents every setting the bot reads in .env.sample, each under a comment', () => {
    const sample = read('.env.sample').split('\n');
    for (const key of botReads) {
      const entry = envSampleEntry(sample, key);
      assert.ok(entry.found, `${key} is read by the bot but missing from .env.sample`);
      assert.ok(entry.described, `${key} in .env.sample has no comment describing it`);
    }
  });

  it('leaves unset only settings the bot can do without, each for a stated reason', () => {
    // Whatever the Bicep leaves out, the bot must start without: PORT comes from App Service, the rest has defaults.
    const notSet = [...botReads].filter((key) => !appSettings.has(key));
    assert.deepEqual(
      notSet.filter((key) => !(key in LEFT_UNSET)),
      [],
      'settings the bot reads that main.bicep neither sets nor lists as left unset',
    );
    const stale = Object.keys(LEFT_UNSET).filter((key) => !notSet.includes(key));
    assert.deepEqual(stale, [], 'LEFT_UNSET names settings the bot does not read or main.bicep sets');
    assert.doesNotThrow(() => loadConfig({}), 'some setting is required, so the Bicep must set it');
  });

  it('runs the same entry point everywhere: package.json main, the build output, the Dockerfile and App Service', () => {
    const pkg = JSON.parse(read('package.json')) as { main: string; scripts: Record<string, string> };
    const build = JSON.parse(read('tsconfig.build.json')) as {
      extends: string;
      compilerOptions?: { outDir?: string; rootDir?: string };
    };
    const base = JSON.parse(read(build.extends)) as { compilerOptions: { outDir: string; rootDir: string } };
    const outDir = build.compilerOptions?.outDir ?? base.compilerOptions.outDir;
    const rootDir = build.compilerOptions?.rootDir ?? base.compilerOptions.rootDir;
    // The compiler run, then the compile cache filled by one start of what it built (scripts/buildCompileCache.js).
    assert.equal(pkg.scripts['build:code'], 'tsc -p tsconfig.build.json');
    assert.equal(pkg.scripts.build, 'npm run --silent build:code && node scripts/buildCompileCache.js');
    const compiledMain = path.posix.join(outDir, path.posix.relative(rootDir, 'bot/main.ts')).replace(/\.ts$/, '.js');
    assert.equal(pkg.main, compiledMain, 'package.json main is where tsconfig.build.json puts bot/main.ts');

    const stage = runtimeStage(readDockerfile(path.join(REPO_ROOT, 'Dockerfile')));
    // Node's flags as `npm start` passes them (restify's DEP0111 warning silenced, nothing else).
    const nodeFlags = pkg.scripts.start!.split(' ').slice(1, -1);
    assert.deepEqual(nodeFlags, ['--disable-warning=DEP0111']);
    assert.deepEqual(stage.cmd, ['node', ...nodeFlags, pkg.main]);
    const commandLine = ['node', ...nodeFlags, pkg.main].join(' ').replace(/[.]/g, '\\.');
    assert.match(bicep, new RegExp(`appCommandLine: .*'${commandLine}'`));
    assert.match(stage.healthcheck ?? '', /\/healthz/);
    assert.match(bicep, /healthCheckPath: '\/healthz'/);
  });

  it('runs the image as a user other than root', () => {
    const stage = runtimeStage(readDockerfile(path.join(REPO_ROOT, 'Dockerfile')));
    const user = stage.users.at(-1);
    assert.ok(user, 'the runtime stage has no USER line, so it runs as root');
    assert.doesNotMatch(user, /^(root|0)(:|$)/);
  });

  it('has parameter files that name only declared parameters, and no secret values', () => {
    const declared = bicepDeclarations(bicep).filter((d) => d.keyword === 'param');
    const names = new Set(declared.map((d) => d.name));
    const secure = new Set([...bicep.matchAll(/@secure\(\)\s*(?:@[^\n]*\n\s*)*param\s+(\w+)/g)].map((m) => m[1]!));
    assert.ok(secure.has('msaAppPassword') && secure.has('smtpUrl') && secure.has('partnerCenterRefreshToken'));
    for (const file of [...PRODUCTION_PARAMETER_FILES, DEMO_PARAMETER_FILE]) {
      for (const [name, given] of Object.entries(parameterFile(file))) {
        assert.ok(names.has(name), `${file}: ${name} is not a parameter of main.bicep`);
        // A secure parameter may only come from the toolkit's secret store (or a prompt) or from a Key Vault
        // reference, never from the file.
        if (!secure.has(name)) continue;
        if ('reference' in given)
          assert.match(given.reference.keyVault.id, /\/providers\/Microsoft\.KeyVault\/vaults\//, `${file}: ${name}`);
        else assert.match(String(given.value), /^\$\{\{SECRET_\w+\}\}$/, `${file}: ${name} holds a secret value`);
      }
    }
  });

  it('has production parameter files with no demo defaults, and a separate demo one that says what it is', () => {
    const files = readdirSync(path.join(REPO_ROOT, 'deployment', 'azure'))
      .filter((f) => /\.parameters.*\.json$/.test(f))
      .sort();
    assert.deepEqual(
      files,
      [...PRODUCTION_PARAMETER_FILES, DEMO_PARAMETER_FILE].sort(),
      'every parameter file is known as production or demo',
    );
    for (const file of PRODUCTION_PARAMETER_FILES) {
      const parameters = parameterFile(file);
      const value = (name: string) =>
        parameters[name] && 'value' in parameters[name] ? parameters[name].value : undefined;
      assert.equal(value('directory'), 'graph', `${file}: directory`);
      assert.equal(value('partnerDirectory'), 'partnercenter', `${file}: partnerDirectory`);
      assert.equal(value('seedFile'), undefined, `${file}: no seed file (the Microsoft directories are used)`);
      assert.notEqual(value('allowDemoSeed'), true, `${file}: allowDemoSeed`);
      assert.notEqual(value('mailTransport'), 'file', `${file}: mailTransport`);
      // The secrets from the operator's Key Vault, the rest filled in by the operator (no made-up values).
      for (const secret of ['smtpUrl', 'partnerCenterRefreshToken']) {
        assert.ok(
          parameters[secret] && 'reference' in parameters[secret],
          `${file}: ${secret} is a Key Vault reference`,
        );
      }
      for (const name of ['partnerCenterTenantId', 'partnerContactsFile'])
        assert.match(String(value(name)), /^<.+>$/, `${file}: ${name}`);
    }
    const demo = parameterFile(DEMO_PARAMETER_FILE);
    assert.equal('value' in demo.allowDemoSeed! && demo.allowDemoSeed.value, true);
    assert.equal('value' in demo.mailTransport! && demo.mailTransport.value, 'file');
    assert.match(String('value' in demo.botDisplayName! && demo.botDisplayName.value), /demo/i);
  });

  it('has a teamsapp.yml whose files exist and whose ${{...}} values are all defined somewhere', () => {
    const yml = read('teamsapp.yml');
    for (const key of ['path', 'parameters', 'ignoreFile']) {
      for (const m of yml.matchAll(new RegExp(`^\\s*-?\\s*${key}:\\s*(\\S+)`, 'gm'))) {
        assert.ok(existsSync(path.join(REPO_ROOT, m[1]!)), `teamsapp.yml ${key}: ${m[1]} does not exist`);
      }
    }
    const envFile = new Set([...read('env/.env.dev').matchAll(/^([A-Za-z_]\w*)=/gm)].map((m) => m[1]!));
    const written = new Set(
      [...yml.matchAll(/^\s+(?:teamsAppId|clientId|clientSecret|objectId|tenantId):\s*([A-Z_]\w*)\s*$/gm)].map(
        (m) => m[1]!,
      ),
    );
    const outputs = new Set(
      bicepDeclarations(bicep)
        .filter((d) => d.keyword === 'output')
        .map((d) => d.name.toUpperCase()),
    );
    assert.ok(outputs.has('BOT_DOMAIN') && outputs.has('BOT_AZURE_APP_SERVICE_RESOURCE_ID'));
    const used = [yml, read('deployment/azure/main.parameters.teamsapp.json')].flatMap((text) =>
      [...text.matchAll(/\$\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!),
    );
    const undefinedNames = used.filter((name) => !envFile.has(name) && !written.has(name) && !outputs.has(name));
    assert.deepEqual([...new Set(undefinedNames)], [], 'placeholders that nothing defines');
  });
});

describe('deployment: one source for the app version', () => {
  it("gives the toolkit's app package package.json's version, as npm run package does, and no env file another", () => {
    const yml = read('teamsapp.yml');
    const step = /- uses: script\n\s+with:\n\s+run: (node -e .*APP_VERSION.*)$/m.exec(yml);
    assert.ok(step, 'teamsapp.yml sets APP_VERSION with a script step');
    // The step's command, run as the toolkit runs it, prints the version package.json holds.
    const printed = execSync(step[1]!, { cwd: REPO_ROOT, encoding: 'utf8' });
    const pkg = JSON.parse(read('package.json')) as { version: string };
    assert.equal(printed.trim(), `::set-teamsfx-env APP_VERSION=${pkg.version}`);
    assert.ok(
      yml.indexOf('- uses: script') < yml.indexOf('- uses: teamsApp/zipAppPackage'),
      'set before the package is made',
    );
    assert.doesNotMatch(read('env/.env.dev'), /^APP_VERSION=/m);
  });
});

describe('deployment: the Node version the deployment runs and CI tests', () => {
  const pkg = JSON.parse(read('package.json')) as { engines: { node: string } };
  // Read in each test, so that an engines.node of another form fails the tests rather than the whole run.
  let majors: Map<number, Version>;
  beforeEach(() => {
    majors = enginesNodeMajors(pkg.engines.node);
  });

  it('allows, in package.json engines, Node 22 as its newest major, and package-lock.json says the same', () => {
    assert.equal(Math.max(...majors.keys()), DEPLOYED_NODE_MAJOR, `engines.node "${pkg.engines.node}"`);
    const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { engines?: { node?: string } }> };
    assert.equal(
      lock.packages['']?.engines?.node,
      pkg.engines.node,
      "package-lock.json's root entry has other engines: run npm install --package-lock-only",
    );
  });

  it('builds and runs the Docker image on Node 22, in both stages', () => {
    const stages = readDockerfile(path.join(REPO_ROOT, 'Dockerfile'));
    assert.ok(stages.length >= 2, 'a build stage and a runtime stage');
    for (const stage of stages) {
      const m = /^node:(\d+)-bookworm-slim$/.exec(stage.image);
      assert.ok(m, `Dockerfile: FROM ${stage.image} is not an official node:<major>-bookworm-slim image`);
      const major = Number(m[1]);
      assert.ok(
        majors.has(major),
        `Dockerfile: FROM ${stage.image} is a Node that engines.node "${pkg.engines.node}" does not allow`,
      );
      assert.equal(major, DEPLOYED_NODE_MAJOR, `Dockerfile: FROM ${stage.image}`);
    }
  });

  it('runs the code on App Service on Node 22, and deployment/README.md says so', () => {
    const fx = /linuxFxVersion:.*'NODE\|(\d+)-lts'/.exec(bicep);
    assert.ok(fx, "main.bicep's linuxFxVersion has no 'NODE|<major>-lts' for code mode");
    const major = Number(fx[1]);
    assert.ok(
      majors.has(major),
      `main.bicep: NODE|${major}-lts is a Node that engines.node "${pkg.engines.node}" does not allow`,
    );
    assert.equal(major, DEPLOYED_NODE_MAJOR, `main.bicep: NODE|${major}-lts`);
    assert.ok(
      read('deployment/README.md').includes(`Node ${major} (\`NODE|${major}-lts\`)`),
      'deployment/README.md names another Node for code mode',
    );
  });

  it('has CI test on a Node 22 that engines allows', () => {
    const pinned = /^NODE22_VERSION=(\S+)$/m.exec(read('.ci/run'))?.[1];
    assert.ok(pinned, '.ci/run pins no NODE22_VERSION');
    assert.equal(Number(pinned.split('.')[0]), DEPLOYED_NODE_MAJOR, `.ci/run tests on Node ${pinned}`);
    assert.ok(
      enginesAllow(majors, pinned),
      `.ci/run tests on Node ${pinned}, which engines.node "${pkg.engines.node}" does not allow`,
    );
  });
});
