import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { checkSeed, type SeedSink } from '../../bot/adapters/seed/seedCheck';
import { writeValidSeed } from '../../bot/adapters/seed/seedDatabase';
import {
  createSeedDirectories,
  LIST_TENANTS_LIMIT,
  type SeedDirectories,
} from '../../bot/adapters/seed/seedDirectories';
import {
  openSeedDirectories,
  SEED_DIRECTORY_FILE_NAME,
  type SeedDirectoryHandle,
} from '../../bot/adapters/seed/seedDirectoryFile';
import { loadSeedFile, parseSeed, SeedFileError } from '../../bot/adapters/seed/seedFile';
import type { DirectoryUser, Partner, Subscription, TenantRef } from '../../bot/core';
import { largeWorld } from '../support/largeWorld';
import { seedError } from '../support/seedErrors';

const DEMO_SEED = path.join(__dirname, '..', '..', 'deployment', 'demo-seed.json');
const CONTOSO = '6f1c2d3e-0000-4000-8000-000000000001';
/** A pid no process can have (above Linux's largest pid_max): the import of a process that is gone. */
const GONE_PID = 4_194_305;

const demoJson = (): any => JSON.parse(fs.readFileSync(DEMO_SEED, 'utf8'));

interface Logged {
  level: string;
  msg: string;
  obj: object;
}

describe('seed directory file', () => {
  let dir: string;
  let dataDir: string;
  let seedFile: string;
  let logged: Logged[];
  const open: SeedDirectoryHandle[] = [];
  const log = {
    info: (obj: object, msg: string) => void logged.push({ level: 'info', msg, obj }),
    warn: (obj: object, msg: string) => void logged.push({ level: 'warn', msg, obj }),
    error: (obj: object, msg: string) => void logged.push({ level: 'error', msg, obj }),
  };
  const openDirectory = (): SeedDirectoryHandle => {
    const d = openSeedDirectories({ seedFile, dataDir, log });
    open.push(d);
    return d;
  };
  const writeSeed = (json: unknown): void => fs.writeFileSync(seedFile, JSON.stringify(json, null, 2));
  const directoryFile = (): string => path.join(dataDir, SEED_DIRECTORY_FILE_NAME);

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'por-seed-dir-'));
    dataDir = path.join(dir, 'data');
    seedFile = path.join(dir, 'seed.json');
    fs.copyFileSync(DEMO_SEED, seedFile);
    logged = [];
  });
  afterEach(() => {
    for (const d of open.splice(0)) d.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('imports the seed once, and a restart with the seed unchanged opens that import without importing again', async () => {
    const first = openDirectory();
    const imported = first.info();
    assert.equal(imported.imports, 1);
    assert.match(imported.seedSha256, /^[0-9a-f]{64}$/);
    assert.equal(imported.tenants, 2);
    assert.equal((await first.getTenant(CONTOSO))?.name, 'Contoso Ltd');
    first.close();
    open.length = 0;

    const second = openDirectory();
    const reopened = second.info();
    assert.equal(reopened.imports, 0, 'nothing imported on the second start');
    assert.equal(reopened.seedSha256, imported.seedSha256);
    assert.equal(reopened.importedAt, imported.importedAt, "the first start's import, recorded in the file");
    assert.equal((await second.getTenant(CONTOSO))?.name, 'Contoso Ltd');
    assert.equal(second.checkForChanges(), 'unchanged');
  });

  it('a restart finding the very file it imported (same inode, size, mtime and ctime) does not read it; a touched one is hashed', () => {
    const first = openDirectory().info();
    for (const d of open.splice(0)) d.close();
    // Make the import's recorded hash wrong: a start that hashed the seed would now import it again.
    const db = new BetterSqlite3(directoryFile());
    db.prepare("UPDATE meta SET value = ? WHERE key = 'seed_sha256'").run('0'.repeat(64));
    db.close();
    const untouched = openDirectory().info();
    assert.equal(untouched.imports, 0, 'the seed was read though its file is the one imported');
    for (const d of open.splice(0)) d.close();

    // Touched (same bytes, new times): hashed, and its hash no longer matches the doctored one.
    const { atime, mtime } = fs.statSync(seedFile);
    fs.utimesSync(seedFile, atime, new Date(mtime.getTime() + 1000));
    const touched = openDirectory().info();
    assert.equal(touched.imports, 1);
    assert.equal(touched.seedSha256, first.seedSha256);
  });

  it("imports again at start when the seed's content changed, even with the same size and mtime", async () => {
    writeSeed(demoJson());
    const before = openDirectory().info();
    for (const d of open.splice(0)) d.close();
    const json = demoJson();
    json.tenants[0].name = 'Contoso Lte'; // same length
    const { mtime, size } = fs.statSync(seedFile);
    fs.writeFileSync(seedFile, JSON.stringify(json, null, 2));
    fs.utimesSync(seedFile, mtime, mtime);
    assert.equal(fs.statSync(seedFile).size, size);

    const after = openDirectory();
    assert.equal(after.info().imports, 1);
    assert.notEqual(after.info().seedSha256, before.seedSha256);
    assert.equal((await after.getTenant(CONTOSO))?.name, 'Contoso Lte');
  });

  it('a running directory serves an edited seed once it looks, and keeps serving the last good import after a bad edit', async () => {
    const d = openDirectory();
    const json = demoJson();
    json.tenants[0].name = 'Contoso Renamed';
    json.tenants[0].subscriptions.push({
      id: 'contoso-new',
      service: 'Azure',
      name: 'New plan',
      createdAt: '2025-02-01T00:00:00Z',
    });
    writeSeed(json);
    assert.equal(d.checkForChanges(), 'imported');
    assert.equal(d.info().imports, 2);
    assert.equal((await d.getTenant(CONTOSO))?.name, 'Contoso Renamed');
    assert.equal((await d.getSubscription(CONTOSO, 'contoso-new'))?.name, 'New plan');
    const good = d.info();

    json.tenants[0].users[0].role = 'globalAdmin';
    writeSeed(json);
    assert.equal(d.checkForChanges(), 'invalid');
    assert.equal(d.info().seedSha256, good.seedSha256);
    assert.equal((await d.getTenant(CONTOSO))?.name, 'Contoso Renamed', 'still the last good import');
    const errors = logged.filter((l) => l.level === 'error');
    assert.equal(errors.length, 1);
    assert.match(JSON.stringify(errors[0]!.obj), /tenants\[0\]\.users\[0\]\.role/);
    assert.equal(d.checkForChanges(), 'unchanged', 'the same bad edit is not read or logged again');
    assert.equal(logged.filter((l) => l.level === 'error').length, 1);

    // The file on disk is still the good import: a restart serves it without importing.
    for (const x of open.splice(0)) x.close();
    json.tenants[0].users[0].role = 'owner';
    writeSeed(json);
    assert.equal(openDirectory().info().imports, 0);
  });

  it('another process sharing DATA_DIR that already imported the edit is reopened, not imported again', async () => {
    const a = openDirectory();
    const b = openDirectory();
    const json = demoJson();
    json.tenants[1].name = 'Northwind Renamed';
    writeSeed(json);
    assert.equal(a.checkForChanges(), 'imported');
    assert.equal(b.checkForChanges(), 'reopened');
    assert.equal(b.info().imports, 0);
    assert.equal((await b.getTenant(json.tenants[1].id))?.name, 'Northwind Renamed');
  });

  it('stops start-up on an invalid seed with the same error as loading the file, and leaves the previous import untouched', () => {
    openDirectory().close();
    open.length = 0;
    const before = fs.readFileSync(directoryFile());
    const json = demoJson();
    json.tenants[0].users[1].email = 'not-an-email';
    json.partners[0].partnerId = '12ab';
    writeSeed(json);

    const expected = seedError(() => loadSeedFile(seedFile));
    const err = seedError(() => openDirectory());
    assert.equal(err.message, expected.message);
    assert.deepEqual(err.issues, expected.issues);
    assert.equal(err.file, seedFile);
    assert.ok(
      fs.readFileSync(directoryFile()).equals(before),
      'the directory file is the previous import, byte for byte',
    );
    assert.deepEqual(fs.readdirSync(dataDir), [SEED_DIRECTORY_FILE_NAME], 'no temp file left');
  });

  it('stops start-up on a missing seed file and on one that is not JSON, with the same errors as loading it', () => {
    fs.rmSync(seedFile);
    assert.equal(seedError(() => openDirectory()).message, seedError(() => loadSeedFile(seedFile)).message);
    fs.writeFileSync(seedFile, '{ "tenants": [ ');
    assert.equal(seedError(() => openDirectory()).message, seedError(() => loadSeedFile(seedFile)).message);
  });

  it('removes an import a crashed process left half-written, and imports afresh', async () => {
    fs.mkdirSync(dataDir, { recursive: true });
    const leftover = path.join(dataDir, `${SEED_DIRECTORY_FILE_NAME}.${GONE_PID}.0a1b2c.tmp`);
    fs.writeFileSync(leftover, 'SQLite format 3\0 and then nothing');
    fs.writeFileSync(`${leftover}-journal`, '');
    const d = openDirectory();
    assert.equal(d.info().imports, 1);
    assert.deepEqual(fs.readdirSync(dataDir), [SEED_DIRECTORY_FILE_NAME]);
    assert.equal((await d.getTenant(CONTOSO))?.name, 'Contoso Ltd');
  });

  it('imports again over a directory file that is damaged or of another format', async () => {
    openDirectory().close();
    open.length = 0;
    const db = new BetterSqlite3(directoryFile());
    db.prepare("UPDATE meta SET value = '0' WHERE key = 'format'").run();
    db.close();
    assert.equal(openDirectory().info().imports, 1);
    for (const d of open.splice(0)) d.close();

    fs.writeFileSync(directoryFile(), 'not a database');
    const d = openDirectory();
    assert.equal(d.info().imports, 1);
    assert.equal((await d.getTenant(CONTOSO))?.name, 'Contoso Ltd');
  });

  it('answers every question as the seed says, for the demo seed (against a plain in-memory reading of the JSON)', async () => {
    await assertAnswersLikeReference(openDirectory(), demoJson());
    await assertAnswersLikeReference(createSeedDirectories(loadSeedFile(DEMO_SEED)), demoJson());
  });

  it('answers a seed only zod can accept (spaces around names and Partner IDs, upper-case GUIDs) as zod normalised it', async () => {
    const json = demoJson();
    json.tenants[0].name = '  Contoso Ltd\t';
    json.tenants[0].id = json.tenants[0].id.toUpperCase();
    json.tenants[0].users[0].aadObjectId = json.tenants[0].users[0].aadObjectId.toUpperCase();
    json.partners[0].partnerId = ` ${json.partners[0].partnerId} `;
    json.partners[1].language = ' ja-jp ';
    writeSeed(json);
    const d = openDirectory();
    assert.deepEqual(await d.getTenant(CONTOSO), { id: CONTOSO, name: 'Contoso Ltd' });
    assert.equal((await d.findPartner(json.partners[1].partnerId))?.language, 'ja-JP');
    await assertAnswersLikeReference(d, parseSeed(json, 'seed.json'));
  });

  it('lists the first LIST_TENANTS_LIMIT tenants in seed order', async () => {
    const world = largeWorld({ tenants: LIST_TENANTS_LIMIT + 50, subscriptionsPerTenant: 2 });
    writeSeed(world.seed);
    const tenants = await openDirectory().listTenants();
    assert.equal(tenants.length, LIST_TENANTS_LIMIT);
    assert.deepEqual(
      tenants.map((t) => t.id),
      Array.from({ length: LIST_TENANTS_LIMIT }, (_, t) => world.tenantId(t)),
    );
  });

  it("serves each lookup from an index, and lists in the primary key's order without sorting", () => {
    openDirectory().close();
    open.length = 0;
    const db = new BetterSqlite3(directoryFile(), { readonly: true });
    try {
      const plan = (sql: string, ...args: unknown[]): string =>
        db
          .prepare(`EXPLAIN QUERY PLAN ${sql}`)
          .all(...args)
          .map((r: any) => r.detail)
          .join('; ');
      const cases: [string, ...unknown[]][] = [
        ['SELECT * FROM tenants t JOIN subscriptions s ON s.tenant_ord = t.ord WHERE t.id = ? ORDER BY s.ord', CONTOSO],
        [
          'SELECT * FROM tenants t JOIN subscriptions s ON s.tenant_ord = t.ord WHERE t.id = ? AND s.id = ?',
          CONTOSO,
          'x',
        ],
        [
          'SELECT * FROM tenants t JOIN users u ON u.tenant_ord = t.ord WHERE t.id = ? AND u.aad_object_id = ?',
          CONTOSO,
          'x',
        ],
        ['SELECT * FROM tenants t JOIN users u ON u.tenant_ord = t.ord WHERE t.id = ? ORDER BY u.ord', CONTOSO],
        ['SELECT * FROM partners WHERE partner_id = ?', '1234567'],
      ];
      for (const [sql, ...args] of cases) {
        const detail = plan(sql, ...args);
        assert.doesNotMatch(detail, /\bSCAN\b|TEMP B-TREE/, `${sql}: ${detail}`);
      }
    } finally {
      db.close();
    }
  });
});

describe('seed check', () => {
  /** Every value a sink is handed, as one list. */
  const received = (fill: (sink: SeedSink) => unknown): unknown[][] => {
    const out: unknown[][] = [];
    const sink: SeedSink = {
      partner: (...a) => void out.push(['partner', ...a]),
      tenant: (...a) => void out.push(['tenant', ...a]),
      user: (...a) => void out.push(['user', ...a]),
      subscription: (...a) => void out.push(['subscription', ...a]),
    };
    fill(sink);
    return out;
  };

  const valid: [string, (json: any) => void][] = [
    ['the demo seed', () => undefined],
    ['spaces around names', (j) => (j.tenants[0].users[0].name = ' Ada Owner ')],
    ['upper-case GUIDs', (j) => (j.tenants[1].id = j.tenants[1].id.toUpperCase())],
    [
      'a Partner ID with spaces, referred to without',
      (j) => (j.partners[0].partnerId = ` ${j.partners[0].partnerId}\n`),
    ],
    ['a language tag in another case, with spaces', (j) => (j.partners[0].language = ' de-de ')],
    ['a language the bot does not write', (j) => (j.partners[1].language = 'pt-BR')],
    [
      'a date with an offset and fractions',
      (j) => (j.tenants[0].subscriptions[0].createdAt = '2024-02-29T10:00:00.123+02:00'),
    ],
    [
      'no subscriptions, no users, no partners',
      (j) => {
        j.tenants[1].subscriptions = [];
        j.tenants[1].users = [];
      },
    ],
  ];
  for (const [what, edit] of valid) {
    it(`hands a sink exactly what zod outputs: ${what}`, () => {
      const json = demoJson();
      edit(json);
      let accepted = false;
      const fast = received((sink) => (accepted = checkSeed(json, sink)));
      assert.equal(accepted, true);
      assert.deepEqual(
        fast,
        received((sink) => writeValidSeed(parseSeed(json, 'x'), sink)),
      );
    });
  }

  const invalid: [string, (json: any) => void][] = [
    ['a bad role', (j) => (j.tenants[0].users[0].role = 'globalAdmin')],
    ['a bad email', (j) => (j.tenants[0].users[1].email = 'not-an-email')],
    ['an email too long', (j) => (j.partners[0].email = `${'a'.repeat(250)}@x.example`)],
    ['a blank name', (j) => (j.tenants[0].name = '   ')],
    ['a name too long', (j) => (j.partners[0].name = 'x'.repeat(201))],
    ['a name that is a number', (j) => (j.partners[0].name = 7)],
    ['a GUID that is not one', (j) => (j.tenants[0].id = 'contoso')],
    ['a bad date', (j) => (j.tenants[0].subscriptions[0].createdAt = '2025-02-30T00:00:00Z')],
    ['a date without an offset', (j) => (j.tenants[0].subscriptions[0].createdAt = '2025-01-01T00:00:00')],
    ['a subscription id with a space', (j) => (j.tenants[0].subscriptions[0].id = 'a b')],
    ['an empty subscription id', (j) => (j.tenants[0].subscriptions[0].id = '')],
    ['a subscription id too long', (j) => (j.tenants[0].subscriptions[0].id = 'x'.repeat(129))],
    ['an unknown service', (j) => (j.tenants[1].subscriptions[0].service = 'Dynamics')],
    ['a Partner ID with letters', (j) => (j.partners[0].partnerId = '12ab')],
    ["a language's name, not its tag", (j) => (j.partners[0].language = 'German')],
    ['a language tag with an underscore', (j) => (j.partners[0].language = 'de_DE')],
    ['a language that is a number', (j) => (j.partners[0].language = 49)],
    ['an empty language', (j) => (j.partners[0].language = ' ')],
    ['a partner not listed', (j) => (j.tenants[0].subscriptions[1].partnerId = '9999999')],
    ['a partnerId of null', (j) => (j.tenants[0].subscriptions[1].partnerId = null)],
    ['a misspelt key', (j) => (j.tenants[0].subscriptions[1].partnerID = '1234567')],
    ['an extra top-level key', (j) => (j.version = 2)],
    ['a missing key', (j) => delete j.tenants[0].users[0].email],
    ['no tenants', (j) => (j.tenants = [])],
    ['tenants not a list', (j) => (j.tenants = {})],
    ['a tenant that is a list', (j) => (j.tenants[0] = [])],
    ['a duplicate tenant (in another case)', (j) => (j.tenants[1].id = j.tenants[0].id.toUpperCase())],
    ['a duplicate user', (j) => (j.tenants[0].users[4].aadObjectId = j.tenants[0].users[3].aadObjectId)],
    [
      'a duplicate subscription across tenants',
      (j) => (j.tenants[1].subscriptions[1].id = j.tenants[0].subscriptions[0].id),
    ],
    ['a duplicate partner', (j) => (j.partners[3].partnerId = ` ${j.partners[0].partnerId}`)],
    [
      'a __proto__ key',
      (j) => (j.tenants[0] = JSON.parse(JSON.stringify(j.tenants[0]).replace('{', '{"__proto__":{},'))),
    ],
  ];
  for (const [what, edit] of invalid) {
    it(`leaves to zod what zod refuses: ${what}`, () => {
      const json = demoJson();
      edit(json);
      assert.throws(() => parseSeed(json, 'x'), SeedFileError, 'zod refuses it');
      assert.equal(checkSeed(json, { partner() {}, tenant() {}, user() {}, subscription() {} }), false);
    });
  }
});

/** The reference: the seed JSON read with Maps, the way the directory behaved before it was kept in SQLite. */
async function assertAnswersLikeReference(dirs: SeedDirectories, json: any): Promise<void> {
  const lower = (s: string) => s.toLowerCase();
  const tenants: any[] = json.tenants;
  const refTenant = (t: any): TenantRef => ({ id: lower(t.id), name: t.name.trim() });
  const refUser = (t: any, u: any): DirectoryUser => ({
    tenantId: lower(t.id),
    aadObjectId: lower(u.aadObjectId),
    name: u.name.trim(),
    email: u.email,
    role: u.role,
  });
  const refSubscription = (t: any, s: any): Subscription =>
    ({
      id: s.id,
      tenantId: lower(t.id),
      service: s.service,
      name: s.name.trim(),
      createdAt: s.createdAt,
      initialPartnerId: s.partnerId?.trim() ?? null,
    }) as Subscription;

  assert.deepEqual(await dirs.listTenants(), tenants.slice(0, LIST_TENANTS_LIMIT).map(refTenant));
  for (const t of tenants) {
    for (const id of [t.id, lower(t.id), t.id.toUpperCase()]) {
      assert.deepEqual(await dirs.getTenant(id), refTenant(t));
      assert.deepEqual(
        await dirs.listUsers(id),
        t.users.map((u: any) => refUser(t, u)),
      );
      assert.deepEqual(
        await dirs.listOwners(id),
        t.users.filter((u: any) => u.role === 'owner').map((u: any) => refUser(t, u)),
      );
      assert.deepEqual(
        await dirs.listSubscriptions(id),
        t.subscriptions.map((s: any) => refSubscription(t, s)),
      );
    }
    for (const u of t.users) {
      assert.deepEqual(await dirs.getUser(t.id.toUpperCase(), u.aadObjectId.toUpperCase()), refUser(t, u));
      assert.deepEqual(await dirs.getUser(t.id, lower(u.aadObjectId)), refUser(t, u));
      for (const other of tenants) if (other !== t) assert.equal(await dirs.getUser(other.id, u.aadObjectId), null);
    }
    for (const s of t.subscriptions) {
      assert.deepEqual(await dirs.getSubscription(t.id, s.id), refSubscription(t, s));
      assert.equal(
        await dirs.getSubscription(t.id, s.id.toUpperCase() === s.id ? `${s.id}x` : s.id.toUpperCase()),
        null,
      );
      for (const other of tenants) if (other !== t) assert.equal(await dirs.getSubscription(other.id, s.id), null);
    }
  }
  const unknownTenant = '6f1c2d3e-0000-4000-8000-0000000000ff';
  assert.equal(await dirs.getTenant(unknownTenant), null);
  assert.deepEqual(await dirs.listUsers(unknownTenant), []);
  assert.deepEqual(await dirs.listOwners(unknownTenant), []);
  assert.deepEqual(await dirs.listSubscriptions(unknownTenant), []);
  assert.equal(await dirs.getUser(unknownTenant, tenants[0].users[0].aadObjectId), null);

  for (const p of json.partners) {
    const ref: Partner = {
      partnerId: p.partnerId.trim(),
      name: p.name.trim(),
      email: p.email,
      ...(p.language === undefined ? {} : { language: p.language }),
    } as Partner;
    assert.deepEqual(await dirs.findPartner(p.partnerId), ref);
    assert.deepEqual(await dirs.findPartner(`  ${p.partnerId.trim()} `), ref);
  }
  assert.equal(await dirs.findPartner('9999999'), null);
  assert.equal(await dirs.findPartner('12a4567'), null);
  assert.equal(await dirs.findPartner(''), null);

  // Copies: what a caller changes is not the directory's.
  const first = tenants[0];
  const sub = (await dirs.listSubscriptions(first.id))[0]!;
  sub.name = 'changed';
  assert.equal((await dirs.listSubscriptions(first.id))[0]!.name, first.subscriptions[0].name.trim());
}
