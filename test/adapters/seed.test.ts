import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSeedDirectories } from '../../bot/adapters/seed/seedDirectories';
import { loadSeedFile, parseSeed, type Seed } from '../../bot/adapters/seed/seedFile';
import { seedError } from '../support/seedErrors';

const DEMO_SEED = path.join(__dirname, '..', '..', 'deployment', 'demo-seed.json');
const CONTOSO = '6f1c2d3e-0000-4000-8000-000000000001';
const NORTHWIND = '6f1c2d3e-0000-4000-8000-000000000002';
const ADA = '00000000-0000-4000-8000-00000000a001';
const NORA = '00000000-0000-4000-8000-00000000b001';

/** A fresh, mutable copy of the demo seed's raw JSON, to break one field at a time. */
function demoJson(): any {
  return JSON.parse(fs.readFileSync(DEMO_SEED, 'utf8'));
}

describe('seed file', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'por-seed-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const write = (name: string, content: string): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return file;
  };

  it('loads the demo seed', () => {
    const seed = loadSeedFile(DEMO_SEED);
    assert.deepEqual(
      seed.tenants.map((t) => t.name),
      ['Contoso Ltd', 'Northwind Traders'],
    );
    const contoso = seed.tenants[0]!;
    assert.deepEqual(
      contoso.users.map((u) => u.role),
      ['owner', 'serviceAdmin', 'coAdmin', 'delegatedAdmin', 'member'],
    );
    assert.equal(new Set(contoso.subscriptions.map((s) => s.service)).size, 7);
    assert.equal(contoso.subscriptions.filter((s) => s.partnerId !== undefined).length, 2);
    assert.ok(seed.partners.length >= 4);
  });

  it('names the field of a bad role, with the file', () => {
    const json = demoJson();
    json.tenants[0].users[0].role = 'globalAdmin';
    const file = write('bad-role.json', JSON.stringify(json));
    const err = seedError(() => loadSeedFile(file));
    assert.match(
      err.message,
      new RegExp(`^Seed file ${escapeRegExp(file)} is invalid: tenants\\[0\\]\\.users\\[0\\]\\.role: `),
    );
    assert.match(err.message, /"owner"/);
    assert.equal(err.file, file);
    assert.equal(err.issues.length, 1);
  });

  it('lists every field problem, one per line', () => {
    const json = demoJson();
    json.tenants[0].users[1].email = 'not-an-email';
    json.tenants[1].subscriptions[0].service = 'Dynamics';
    json.partners[0].partnerId = '12ab';
    const err = seedError(() => parseSeed(json, 'x.json'));
    assert.deepEqual(
      err.issues.map((i) => i.split(':')[0]),
      ['tenants[0].users[1].email', 'tenants[1].subscriptions[0].service', 'partners[0].partnerId'],
    );
    assert.equal(err.message.split('\n').length, 3);
  });

  it('marks a subscription left out of the digest with nudge: false; absent means nudged', async () => {
    const json = demoJson();
    json.tenants[0].subscriptions[1].nudge = false;
    json.tenants[0].subscriptions[2].nudge = true;
    const directories = createSeedDirectories(parseSeed(json, 'seed.json'));
    const subs = await directories.listSubscriptions(CONTOSO);
    assert.deepEqual(
      subs.slice(0, 3).map((s) => s.nudge),
      [undefined, false, undefined],
    );
    assert.equal((await directories.getSubscription(CONTOSO, subs[1]!.id))?.nudge, false);
    json.tenants[0].subscriptions[1].nudge = 'no';
    assert.match(
      seedError(() => parseSeed(json, 'seed.json')).message,
      /tenants\[0\]\.subscriptions\[1\]\.nudge: Invalid input: expected boolean/,
    );
  });

  it('rejects a subscription whose partner is not in partners', () => {
    const json = demoJson();
    json.tenants[0].subscriptions[1].partnerId = '9999999';
    const err = seedError(() => parseSeed(json, 'seed.json'));
    assert.match(
      err.message,
      /tenants\[0\]\.subscriptions\[1\]\.partnerId: Partner ID 9999999 is not listed in partners/,
    );
  });

  it('rejects duplicate subscription ids across tenants', () => {
    const json = demoJson();
    json.tenants[1].subscriptions[1].id = json.tenants[0].subscriptions[0].id;
    const err = seedError(() => parseSeed(json, 'seed.json'));
    assert.match(
      err.message,
      /tenants\[1\]\.subscriptions\[1\]\.id: Duplicate subscription id "contoso-o365-e3" \(first used at tenants\[0\]\.subscriptions\[0\]\.id\)/,
    );
  });

  it('rejects duplicate tenants, users and partners', () => {
    const json = demoJson();
    json.tenants[1].id = json.tenants[0].id.toUpperCase();
    json.tenants[0].users[4].aadObjectId = json.tenants[0].users[3].aadObjectId;
    json.partners[3].partnerId = json.partners[0].partnerId;
    const err = seedError(() => parseSeed(json, 'seed.json'));
    const fields = err.issues.map((i) => i.split(':')[0]);
    assert.deepEqual(fields.sort(), ['partners[3].partnerId', 'tenants[0].users[4].aadObjectId', 'tenants[1].id']);
  });

  it('rejects a misspelt key rather than ignoring it', () => {
    const json = demoJson();
    json.tenants[0].subscriptions[1].partnerID = '1234567';
    const err = seedError(() => parseSeed(json, 'seed.json'));
    assert.match(err.message, /tenants\[0\]\.subscriptions\[1\]: Unrecognized key: "partnerID"/);
  });

  it('rejects non-GUID ids, bad dates and over-long names', () => {
    const json = demoJson();
    json.tenants[0].id = 'contoso';
    json.tenants[0].subscriptions[0].createdAt = 'yesterday';
    json.partners[0].name = 'x'.repeat(201);
    const err = seedError(() => parseSeed(json, 'seed.json'));
    const fields = err.issues.map((i) => i.split(':')[0]);
    assert.deepEqual(fields, ['tenants[0].id', 'tenants[0].subscriptions[0].createdAt', 'partners[0].name']);
  });

  it('gives a SeedFileError naming a missing file', () => {
    const file = path.join(dir, 'nowhere.json');
    const err = seedError(() => loadSeedFile(file));
    assert.match(err.message, new RegExp(`^Seed file ${escapeRegExp(file)} cannot be read`));
  });

  it('gives a SeedFileError naming a file that is not JSON', () => {
    const file = write('broken.json', '{ "tenants": [ ');
    const err = seedError(() => loadSeedFile(file));
    assert.match(err.message, new RegExp(`^Seed file ${escapeRegExp(file)} is not valid JSON`));
  });

  it('accepts a byte-order mark and upper-case GUIDs, normalising the GUIDs', () => {
    const json = demoJson();
    json.tenants[0].id = json.tenants[0].id.toUpperCase();
    const file = write('bom.json', `\uFEFF${JSON.stringify(json)}`);
    assert.equal(loadSeedFile(file).tenants[0]!.id, CONTOSO);
  });
});

describe('seed directories', () => {
  let seed: Seed;
  before(() => {
    seed = loadSeedFile(DEMO_SEED);
  });

  it('finds tenants and users, and lists owners', async () => {
    const dirs = createSeedDirectories(seed);
    assert.deepEqual(await dirs.getTenant(CONTOSO), { id: CONTOSO, name: 'Contoso Ltd' });
    assert.equal(await dirs.getTenant('6f1c2d3e-0000-4000-8000-0000000000ff'), null);
    const ada = await dirs.getUser(CONTOSO, ADA);
    assert.deepEqual(ada, {
      tenantId: CONTOSO,
      aadObjectId: ADA,
      name: 'Ada Owner',
      email: 'ada@contoso.example',
      role: 'owner',
    });
    assert.equal((await dirs.getUser(CONTOSO.toUpperCase(), ADA.toUpperCase()))?.name, 'Ada Owner');
    assert.equal((await dirs.getUser(CONTOSO, '00000000-0000-4000-8000-00000000a004'))?.role, 'delegatedAdmin');
    assert.deepEqual(
      (await dirs.listOwners(CONTOSO)).map((u) => u.name),
      ['Ada Owner'],
    );
    assert.deepEqual(await dirs.listOwners('6f1c2d3e-0000-4000-8000-0000000000ff'), []);
  });

  it('lists subscriptions in seed order with the initial partner of record', async () => {
    const dirs = createSeedDirectories(seed);
    const subs = await dirs.listSubscriptions(CONTOSO);
    assert.deepEqual(
      subs.map((s) => s.id),
      seed.tenants[0]!.subscriptions.map((s) => s.id),
    );
    const o365 = await dirs.getSubscription(CONTOSO, 'contoso-o365-e3');
    assert.equal(o365?.initialPartnerId, '1234567');
    assert.equal(o365?.tenantId, CONTOSO);
    assert.equal((await dirs.getSubscription(CONTOSO, 'contoso-crm-ce'))?.initialPartnerId, null);
    assert.equal(await dirs.getSubscription(CONTOSO, 'no-such-subscription'), null);
  });

  it('keeps tenants apart', async () => {
    const dirs = createSeedDirectories(seed);
    assert.equal(await dirs.getUser(NORTHWIND, ADA), null);
    assert.equal(await dirs.getUser(CONTOSO, NORA), null);
    assert.equal(await dirs.getSubscription(NORTHWIND, 'contoso-o365-e3'), null);
    assert.equal(await dirs.getSubscription(CONTOSO, 'northwind-azure-plan'), null);
    assert.deepEqual(
      (await dirs.listSubscriptions(NORTHWIND)).map((s) => s.id),
      ['northwind-o365-e3', 'northwind-azure-plan'],
    );
    assert.deepEqual(
      (await dirs.listOwners(NORTHWIND)).map((u) => u.name),
      ['Nora Owner'],
    );
  });

  it('finds partners from the raw text typed', async () => {
    const dirs = createSeedDirectories(seed);
    assert.deepEqual(await dirs.findPartner('1234567'), {
      partnerId: '1234567',
      name: 'Fabrikam Cloud Services',
      email: 'por@fabrikam.example',
    });
    assert.equal((await dirs.findPartner(' 11223344 '))?.name, 'Litware Advisory');
    assert.equal(await dirs.findPartner('9999999'), null);
    assert.equal(await dirs.findPartner('12a4567'), null);
    assert.equal(await dirs.findPartner(''), null);
  });

  it('hands out copies, so a caller cannot edit the directory', async () => {
    const dirs = createSeedDirectories(seed);
    const sub = (await dirs.getSubscription(CONTOSO, 'contoso-o365-e3'))!;
    sub.name = 'changed';
    assert.equal((await dirs.getSubscription(CONTOSO, 'contoso-o365-e3'))?.name, 'Office 365 E3');
  });

  it('serves a tenant with hundreds of subscriptions', async () => {
    const big = structuredClone(seed);
    const tenant = big.tenants[0]!;
    for (let i = 0; i < 400; i++) {
      tenant.subscriptions.push({
        id: `bulk-${i}`,
        service: 'Azure',
        name: `Azure plan ${i}`,
        createdAt: '2025-01-01T00:00:00Z',
      });
    }
    const dirs = createSeedDirectories(big);
    assert.equal((await dirs.listSubscriptions(CONTOSO)).length, 407);
    assert.equal((await dirs.getSubscription(CONTOSO, 'bulk-399'))?.name, 'Azure plan 399');
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
