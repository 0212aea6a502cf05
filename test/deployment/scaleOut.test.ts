import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_KEYS, loadConfig, REPO_ROOT } from '../../bot/config';
import { bicepAppSettingEntries, bicepDeclarations, bicepResolve, type BicepAppSetting } from '../support/bicep';

/**
 * The rules that let the bot run on more than one App Service instance, as main.bicep must keep them: SQLite is one
 * file on /home with one writer, so more than one instance needs the PostgreSQL store, and the PostgreSQL store is
 * used whenever the server is created, with its connection string from Key Vault only. SQLite on /home (a network
 * share) needs a rollback journal.
 */

const read = (relative: string) => readFileSync(path.join(REPO_ROOT, relative), 'utf8');
const bicep = read('deployment/azure/main.bicep');
const postgresBicep = read('deployment/azure/modules/postgres.bicep');
const declarations = bicepDeclarations(bicep);
const entries = bicepAppSettingEntries(bicep);
const settingsNamed = (name: string) => entries.filter((e) => e.name === name);
const botReads = (key: string) => (CONFIG_KEYS as readonly string[]).includes(key);
/** A setting as the bot reads it from `env`, by name: some exist only once the PostgreSQL store is there. */
const configured = (env: Record<string, string>, key: string): unknown =>
  (loadConfig(env) as Record<string, unknown>)[key];

/** User connections of Azure Database for PostgreSQL flexible server sizes (max_connections less the 15 Azure keeps). */
const POSTGRES_USER_CONNECTIONS: Record<string, number> = { Standard_B1ms: 35 };

/** The condition main.bicep creates the PostgreSQL server under: `module ... 'modules/postgres.bicep' = if (...)`. */
function postgresCondition(): string {
  const module = declarations.find((d) => d.keyword === 'module' && d.body.includes("'modules/postgres.bicep'"));
  assert.ok(module, 'main.bicep has no module modules/postgres.bicep');
  const condition = /=\s*if\s*\((.+?)\)\s*\{/.exec(module.body)?.[1]?.trim();
  assert.ok(condition, 'the PostgreSQL module is not conditional');
  return condition;
}

const describeWhen = (e: BicepAppSetting) => (e.when ? `${e.when.holds ? '' : '!'}(${e.when.condition})` : 'always');

/** A setting's string value, when it is a Bicep string literal. */
const literal = (value: string) => /^'([^'$]*)'$/.exec(value)?.[1];

/** The connection string postgres.bicep writes, with every ${...} filled in by a sample, and its user and password parts. */
function sampleConnectionString(): { url: string; userInfo: string[] } {
  const secret = bicepDeclarations(postgresBicep).find(
    (d) => d.keyword === 'resource' && d.body.includes("'Microsoft.KeyVault/vaults/secrets@"),
  );
  assert.ok(secret, 'postgres.bicep writes no Key Vault secret');
  const template = /^\s+value:\s*'(.*)'\s*$/m.exec(secret.body)?.[1];
  assert.ok(template, "postgres.bicep's secret has no value: '...'");
  const userInfo = /^[a-z]+:\/\/([^@]*)@/.exec(template)?.[1]?.split(':') ?? [];
  const samples = ['por admin', 'p@ss:w/rd?#%'];
  let i = 0;
  // uriComponent(...) gets a sample that needs escaping, so a missing uriComponent would break the URL; others a plain word.
  const url = template.replace(/\$\{([^}]*)\}/g, (_, expression: string) =>
    expression.startsWith('uriComponent(') ? encodeURIComponent(samples[i++ % samples.length]!) : 'sample',
  );
  return { url, userInfo };
}

describe('deployment: more than one instance only with PostgreSQL', () => {
  const condition = postgresCondition();

  it('makes PostgreSQL the store exactly when the server is created, and SQLite otherwise', () => {
    const store = settingsNamed('STORE');
    const shown = store.map((e) => `${e.value} when ${describeWhen(e)}`).join('; ');
    assert.equal(store.length, 2, `STORE must be set once for each side of ${condition}: ${shown}`);
    const postgres = store.find((e) => literal(e.value) === 'postgres');
    const sqlite = store.find((e) => literal(e.value) === 'sqlite');
    assert.deepEqual(
      postgres?.when,
      { condition, holds: true },
      `STORE=postgres must be set when ${condition}: ${shown}`,
    );
    assert.deepEqual(
      sqlite?.when,
      { condition, holds: false },
      `STORE=sqlite must be set when !(${condition}): ${shown}`,
    );
    assert.equal(postgres.variable, sqlite.variable, 'the two sides are the two branches of one variable');
    if (botReads('STORE')) {
      assert.equal(configured({ STORE: 'sqlite' }, 'STORE'), 'sqlite');
      assert.equal(
        configured({}, 'STORE'),
        'sqlite',
        "the bot's default store is the one the Bicep chooses without PostgreSQL",
      );
    }
  });

  it('gives DATABASE_URL only with the server, and only as a Key Vault reference to the secret the module writes', () => {
    const urls = settingsNamed('DATABASE_URL');
    assert.equal(urls.length, 1, 'DATABASE_URL is set once');
    const [url] = urls;
    assert.deepEqual(
      url!.when,
      { condition, holds: true },
      `DATABASE_URL is set when ${describeWhen(url!)}, not when ${condition}`,
    );
    const secretName = /^keyVaultReference\(keyVault\.properties\.vaultUri,\s*secretNames\.(\w+)\)$/.exec(
      url!.value,
    )?.[1];
    assert.ok(
      secretName,
      `DATABASE_URL must be keyVaultReference(keyVault.properties.vaultUri, secretNames.<name>), not ${url!.value}`,
    );
    // The module writes the secret under the name main.bicep passes it, the same secretNames entry.
    const module = declarations.find((d) => d.keyword === 'module' && d.body.includes("'modules/postgres.bicep'"))!;
    const passed = /^\s+(\w+):\s*secretNames\.(\w+)\s*$/m.exec(module.body);
    assert.equal(
      passed?.[2],
      secretName,
      'main.bicep passes the PostgreSQL module the secret name DATABASE_URL refers to',
    );
    assert.match(
      postgresBicep,
      new RegExp(`^\\s+name:\\s*${passed![1]}\\s*$`, 'm'),
      `postgres.bicep names its secret with the ${passed![1]} parameter`,
    );
    // The secret exists before the app settings refer to it.
    const appSettings = declarations.find((d) => d.keyword === 'resource' && /name:\s*'appsettings'/.test(d.body));
    assert.match(
      appSettings?.body ?? '',
      /dependsOn:\s*\[[^\]]*\bpostgres\b/,
      'the app settings depend on the PostgreSQL module',
    );
  });

  it('writes the connection string the PostgreSQL store reads: postgres://user:password@host:5432/database?sslmode=require', () => {
    const { url, userInfo } = sampleConnectionString();
    const parsed = new URL(url);
    assert.equal(parsed.protocol, 'postgres:');
    assert.equal(parsed.port, '5432');
    assert.equal(parsed.searchParams.get('sslmode'), 'require');
    assert.match(parsed.pathname, /^\/\w+$/, 'one database');
    assert.equal(userInfo.length, 2, 'a user and a password');
    for (const part of userInfo)
      assert.match(part, /^\$\{uriComponent\(\w+\)\}$/, 'the user and the password are escaped for a URL');
    assert.equal(decodeURIComponent(parsed.password), 'p@ss:w/rd?#%');
    if (botReads('DATABASE_URL')) assert.doesNotThrow(() => loadConfig({ STORE: 'postgres', DATABASE_URL: url }));
  });

  it('runs more than one instance only when the PostgreSQL server is created', () => {
    const plan = declarations.find((d) => d.keyword === 'resource' && d.body.includes("'Microsoft.Web/serverfarms@"));
    const site = declarations.find((d) => d.keyword === 'resource' && d.body.includes("'Microsoft.Web/sites@"));
    assert.ok(plan && site);
    const capacity = /\bcapacity:\s*([^,}\n]+)/.exec(plan.body)?.[1];
    const workers = /\bnumberOfWorkers:\s*([^,}\n]+)/.exec(site.body)?.[1];
    assert.ok(capacity, "the App Service plan's sku has no capacity");
    assert.ok(workers, "the web app's siteConfig has no numberOfWorkers");
    for (const [what, expression] of [
      ['plan capacity', capacity],
      ['numberOfWorkers', workers],
    ] as const) {
      const resolved = bicepResolve(bicep, expression);
      const m = /^(.+?)\s*\?\s*(\w+)\s*:\s*1$/.exec(resolved);
      assert.ok(m, `${what} is ${resolved}: it must be (${condition}) ? <instances> : 1`);
      assert.equal(m[1]!.replace(/^\((.*)\)$/, '$1').trim(), condition, `${what} may exceed 1 only when ${condition}`);
    }
    // Nothing else may add instances: no autoscale rules.
    assert.doesNotMatch(bicep, /Microsoft\.Insights\/autoscalesettings/i);
  });

  it('sizes the instances to the PostgreSQL server: every pool fits its connections', () => {
    const param = declarations.find((d) => d.keyword === 'param' && d.name === 'instanceCount');
    assert.ok(param, 'main.bicep has no instanceCount parameter');
    const before = bicep.slice(0, bicep.indexOf('param instanceCount'));
    const decorators = before.slice(before.lastIndexOf('\n\n'));
    assert.match(decorators, /@minValue\(1\)/);
    const max = Number(/@maxValue\((\d+)\)/.exec(decorators)?.[1]);
    assert.ok(max >= 1, 'instanceCount has a @maxValue');
    const sku = /^\s+name:\s*'(Standard_\w+)'/m.exec(postgresBicep)?.[1];
    assert.ok(
      sku && sku in POSTGRES_USER_CONNECTIONS,
      `postgres.bicep's server size ${sku} is not in the table of connections`,
    );
    if (botReads('DATABASE_POOL_SIZE')) {
      const pool = Number(configured({}, 'DATABASE_POOL_SIZE'));
      assert.ok(pool >= 1, 'DATABASE_POOL_SIZE has a default');
      assert.ok(
        max * pool <= POSTGRES_USER_CONNECTIONS[sku]!,
        `${max} instances x ${pool} connections exceed the ${POSTGRES_USER_CONNECTIONS[sku]} of ${sku}`,
      );
    }
  });

  it('gives SQLite on /home a rollback journal', () => {
    const dataDir = literal(bicepResolve(bicep, settingsNamed('DATA_DIR')[0]?.value ?? ''));
    assert.ok(
      dataDir?.startsWith('/home/'),
      `DATA_DIR is expected under /home, App Service's network share, not ${dataDir}`,
    );
    const sqlite = settingsNamed('STORE').find((e) => literal(e.value) === 'sqlite')!;
    const modes = settingsNamed('SQLITE_JOURNAL_MODE').filter(
      (e) => !e.when || (e.variable === sqlite.variable && e.when.holds === sqlite.when?.holds),
    );
    assert.equal(modes.length, 1, 'SQLITE_JOURNAL_MODE is set once wherever STORE=sqlite');
    const mode = literal(modes[0]!.value);
    assert.ok(
      mode === 'delete' || mode === 'truncate',
      `SQLITE_JOURNAL_MODE on /home must be delete or truncate, not ${modes[0]!.value}`,
    );
    assert.equal(
      loadConfig({ SQLITE_JOURNAL_MODE: mode }).SQLITE_JOURNAL_MODE,
      mode,
      'the bot reads the value the Bicep sets',
    );
  });
});
