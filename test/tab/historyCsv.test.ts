import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { DEMO_SEED_FILE, REPO_ROOT } from '../../bot/config';
import { startBot, tempDir, type BotUnderTest } from '../support/botUnderTest';
import BetterSqlite3 from 'better-sqlite3';
import { openSqliteStore, SQLITE_FILE_NAME } from '../../bot/adapters/sqlite/sqliteStore';
import { runToExit } from '../support/botProcess';
import { LocalIdentityProvider } from '../support/identityProvider';
import { callTabApi, SSO_AUDIENCE, startSsoBot } from '../support/ssoTab';
import { storeSnapshot } from '../support/storeSnapshot';
import { DEMO } from '../support/demoSeed';

/** A partner whose registered name a spreadsheet would run as a formula. */
const FORMULA_PARTNER = { partnerId: '99887766', name: '=HYPERLINK("x")', email: 'por@formula.example' };
const HEADER = [
  'Time (UTC)',
  'Subscription ID',
  'Service',
  'Subscription',
  'Change',
  'Previous Partner ID',
  'Previous partner',
  'New Partner ID',
  'New partner',
  'Changed by',
  'Changed by (Entra object ID)',
  'Version',
  'Partner answer',
  'Answered (UTC)',
  'Reason given',
];

/** The demo seed with one more partner, FORMULA_PARTNER. */
function seedWithFormulaPartner(dir: string): string {
  const seed = JSON.parse(readFileSync(DEMO_SEED_FILE, 'utf8'));
  seed.partners.push(FORMULA_PARTNER);
  const file = path.join(dir, 'seed.json');
  writeFileSync(file, JSON.stringify(seed));
  return file;
}

/** The CSV as a spreadsheet reads it: records of cells, the byte-order mark and CRLFs checked on the way. */
function records(body: Buffer): string[][] {
  assert.deepEqual([...body.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte-order mark');
  const text = body.subarray(3).toString('utf8');
  assert.ok(text.endsWith('\r\n'), 'records end with CRLF');
  assert.equal(text.replace(/\r\n/g, '').includes('\n'), false, 'no bare LF between records');
  return parse(text, { relax_quotes: false, relax_column_count: false }) as string[][];
}

describe('the audit history as CSV (tab download and npm run export-audit)', function () {
  this.timeout(60_000);
  let idp: LocalIdentityProvider;
  let bot: BotUnderTest;
  let dir: string;
  let seedFile: string;
  const tokenFor = (tid: string, oid: string) => idp.token({ tid, oid, aud: SSO_AUDIENCE });

  before(async () => {
    idp = await new LocalIdentityProvider().start();
  });
  after(() => idp.close());
  beforeEach(async () => {
    dir = tempDir();
    seedFile = seedWithFormulaPartner(dir);
    bot = await startSsoBot(idp, { SEED_FILE: seedFile });
  });
  afterEach(async () => {
    await bot.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function download(token: string | undefined, query = '') {
    const res = await fetch(`${bot.url}/api/tab/history.csv${query}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
  }

  /** Attach, change and remove on one subscription through the tab's API, as the owner of `tenant`. */
  async function attachChangeRemove(tenant: string, owner: string, subscription: string, partners: [string, string]) {
    const token = await tokenFor(tenant, owner);
    const steps: [string, Record<string, unknown>][] = [
      ['attach', { partnerId: partners[0], version: 0 }],
      ['change', { partnerId: partners[1], version: 1 }],
      ['remove', { version: 2 }],
    ];
    for (const [kind, body] of steps) {
      const res = await callTabApi(bot, 'POST', `/api/tab/subscriptions/${subscription}/${kind}`, token, {
        ...body,
        requestId: randomUUID(),
      });
      assert.equal(res.status, 200, `${kind}: ${JSON.stringify(res.body)}`);
    }
  }

  it("gives the owner one record per change, oldest first, names as text, and nothing of another tenant's", async () => {
    await attachChangeRemove(DEMO.contoso, DEMO.users.owner, DEMO.subscriptions.crm, [
      FORMULA_PARTNER.partnerId,
      DEMO.partners.wingtip,
    ]);
    await attachChangeRemove(DEMO.northwind, DEMO.users.northwindOwner, DEMO.subscriptions.northwindO365, [
      DEMO.partners.litware,
      FORMULA_PARTNER.partnerId,
    ]);

    const res = await download(await tokenFor(DEMO.contoso, DEMO.users.owner));
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.match(
      res.headers.get('content-disposition') ?? '',
      /^attachment; filename="partner-of-record-history-contoso-ltd-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const [header, ...rows] = records(res.body);
    assert.deepEqual(header, HEADER);
    assert.equal(rows.length, 3);
    const cell = (row: string[], name: string) => row[HEADER.indexOf(name)];
    assert.deepEqual(
      rows.map((r) => [
        cell(r, 'Subscription ID'),
        cell(r, 'Change'),
        cell(r, 'Previous Partner ID'),
        cell(r, 'New Partner ID'),
        cell(r, 'Version'),
      ]),
      [
        [DEMO.subscriptions.crm, 'attached', '', FORMULA_PARTNER.partnerId, '1'],
        [DEMO.subscriptions.crm, 'changed', FORMULA_PARTNER.partnerId, DEMO.partners.wingtip, '2'],
        [DEMO.subscriptions.crm, 'removed', DEMO.partners.wingtip, '', '3'],
      ],
    );
    // The formula is kept as text behind an apostrophe, which spreadsheets do not run and do not show.
    assert.equal(cell(rows[0]!, 'New partner'), `'${FORMULA_PARTNER.name}`);
    assert.equal(cell(rows[1]!, 'Previous partner'), `'${FORMULA_PARTNER.name}`);
    assert.equal(cell(rows[1]!, 'New partner'), 'Wingtip Partners');
    assert.equal(cell(rows[0]!, 'Service'), 'CRM Online');
    assert.equal(cell(rows[0]!, 'Changed by'), 'Ada Owner');
    assert.equal(cell(rows[0]!, 'Changed by (Entra object ID)'), DEMO.users.owner);
    const times = rows.map((r) => cell(r, 'Time (UTC)')!);
    assert.deepEqual([...times].sort(), times);
    assert.ok(times.every((t) => !Number.isNaN(Date.parse(t))));
    // Northwind's changes are in Northwind's download only.
    assert.ok(rows.every((r) => !r.includes(DEMO.subscriptions.northwindO365) && !r.includes(DEMO.partners.litware)));
    const northwind = records((await download(await tokenFor(DEMO.northwind, DEMO.users.northwindOwner))).body);
    assert.deepEqual(
      northwind.slice(1).map((r) => r[1]),
      [DEMO.subscriptions.northwindO365, DEMO.subscriptions.northwindO365, DEMO.subscriptions.northwindO365],
    );

    // From a time on: the change and the removal only.
    const since = (
      await download(await tokenFor(DEMO.contoso, DEMO.users.owner), `?since=${encodeURIComponent(times[1]!)}`)
    ).body;
    assert.deepEqual(
      records(since)
        .slice(1)
        .map((r) => r[4]),
      ['changed', 'removed'],
    );
    const fromDay = records(
      (await download(await tokenFor(DEMO.contoso, DEMO.users.owner), `?since=${times[0]!.slice(0, 10)}`)).body,
    );
    assert.equal(fromDay.length, 4);
  });

  it('answers 403 to everyone but the owner, 401 without a valid token, 400 to a bad since, and changes nothing', async () => {
    await attachChangeRemove(DEMO.contoso, DEMO.users.owner, DEMO.subscriptions.crm, [
      DEMO.partners.wingtip,
      DEMO.partners.litware,
    ]);
    const before = await storeSnapshot(bot.app.ports, DEMO.contoso);
    for (const role of ['serviceAdmin', 'coAdmin', 'delegatedAdmin', 'member'] as const) {
      const res = await download(await tokenFor(DEMO.contoso, DEMO.users[role]));
      assert.equal(res.status, 403, role);
      const body = JSON.parse(res.body.toString('utf8'));
      assert.equal(body.error.code, 'notOwner', role);
      assert.deepEqual(body.error.owners, ['Ada Owner'], role);
      assert.doesNotMatch(res.body.toString('utf8'), new RegExp(DEMO.subscriptions.crm), role);
    }
    assert.equal((await download(undefined)).status, 401);
    assert.equal((await download('not-a-token')).status, 401);
    // Another tenant's owner is the owner of their own tenant only: their token names their tenant.
    const other = records((await download(await tokenFor(DEMO.northwind, DEMO.users.northwindOwner))).body);
    assert.equal(other.length, 1, 'Northwind has no changes');
    // The last three have the shape but name an instant outside years 0001..9999 once the offset is applied.
    const badSince = ['yesterday', '2025-13-01', '2025-01-01T25:00:00Z', "'; DROP TABLE audit_log; --"];
    for (const since of [...badSince, '0000-01-01', '9999-12-31T23:59:59-23:59', '0000-01-01T00:00:00+01:00']) {
      const res = await download(await tokenFor(DEMO.contoso, DEMO.users.owner), `?since=${encodeURIComponent(since)}`);
      assert.equal(res.status, 400, since);
      assert.match(
        JSON.parse(res.body.toString('utf8')).error.message,
        /^since: a date such as 2025-01-31.*from year 0001 to 9999/,
      );
    }
    // The edges of that range are answered in full.
    const from = async (since: string) =>
      records(
        (await download(await tokenFor(DEMO.contoso, DEMO.users.owner), `?since=${encodeURIComponent(since)}`)).body,
      );
    assert.equal((await from('0001-01-01T01:00:00+01:00')).length, 4);
    assert.equal((await from('9999-12-31T23:59:59.999Z')).length, 1);
    assert.deepEqual(await storeSnapshot(bot.app.ports, DEMO.contoso), before);
  });

  it('npm run export-audit writes the same CSV for the operator, and names what is wrong with its arguments', async () => {
    await attachChangeRemove(DEMO.contoso, DEMO.users.owner, DEMO.subscriptions.crm, [
      FORMULA_PARTNER.partnerId,
      DEMO.partners.wingtip,
    ]);
    const fromTab = (await download(await tokenFor(DEMO.contoso, DEMO.users.owner))).body;
    const env = { ...process.env, DATA_DIR: bot.dataDir, SEED_FILE: seedFile, LOG_LEVEL: 'silent' };
    const script = [
      '--disable-warning=DEP0111',
      '--require',
      'tsx/cjs',
      path.join(REPO_ROOT, 'scripts', 'exportAudit.ts'),
    ];

    const outDir = tempDir();
    const out = path.join(outDir, 'history.csv');
    const run = await runToExit([...script, '--tenant', DEMO.contoso.toUpperCase(), '--out', out], env, 30_000);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '', 'the CSV goes to the file only');
    assert.deepEqual(readFileSync(out), fromTab);
    assert.equal(statSync(out).mode & 0o777, 0o600, 'the file names people: only its owner reads it');
    assert.equal(run.stderr, `export-audit: 3 changes of Contoso Ltd written to ${out}\n`);

    // An existing file is kept unless --force; with it, replaced whole. No temporary file is left either way.
    writeFileSync(out, 'keep me');
    const refused = await runToExit([...script, '--tenant', DEMO.contoso, '--out', out], env, 30_000);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /history\.csv exists; give another --out, or --force to replace it/);
    assert.equal(readFileSync(out, 'utf8'), 'keep me');
    const forced = await runToExit([...script, '--tenant', DEMO.contoso, '--out', out, '--force'], env, 30_000);
    assert.equal(forced.code, 0, forced.stderr);
    assert.deepEqual(readFileSync(out), fromTab);
    assert.deepEqual(readdirSync(outDir), ['history.csv']);

    // `--out -`: standard output, for a pipe.
    const piped = await runToExit([...script, '--tenant', DEMO.contoso, '--out', '-'], env, 30_000);
    assert.equal(piped.code, 0, piped.stderr);
    assert.deepEqual(Buffer.from(piped.stdout, 'utf8'), fromTab);
    rmSync(outDir, { recursive: true, force: true });

    const problems: [string[], RegExp][] = [
      [[], /--tenant is required/],
      [['--tenant', DEMO.contoso], /--out FILE is required/],
      [['--tenant', 'contoso', '--out', '-'], /--tenant must be a tenant id \(a GUID\)/],
      [['--tenant', DEMO.contoso, '--since', 'last week', '--out', '-'], /--since must be a date such as 2025-01-31/],
      [
        ['--tenant', DEMO.contoso, '--since', '9999-12-31T23:59:59-23:59', '--out', '-'],
        /^export-audit: --since must be .*from year 0001 to 9999/,
      ],
      [
        ['--tenant', DEMO.contoso, '--since', '0000-01-01T00:00:00+01:00', '--out', '-'],
        /^export-audit: --since must be .*from year 0001 to 9999/,
      ],
      [['--tenant', DEMO.contoso, '--until', '2025-01-01', '--out', '-'], /Unknown option '--until'/],
      [
        ['--tenant', '6f1c2d3e-0000-4000-8000-00000000dead', '--out', '-'],
        /the directory knows no tenant 6f1c2d3e-0000-4000-8000-00000000dead/,
      ],
    ];
    for (const [args, message] of problems) {
      const bad = await runToExit([...script, ...args], env, 30_000);
      assert.equal(bad.code, 1, args.join(' '));
      assert.match(bad.stderr, message, args.join(' '));
      assert.doesNotMatch(bad.stderr, /\n\s+at /, `${args.join(' ')}: no stack`);
      assert.equal(bad.stdout, '', args.join(' '));
    }
  });
});

describe('the audit history as CSV: a tenant with 100,000 changes', function () {
  this.timeout(180_000);
  const CHANGES = 100_000;
  let dir: string;
  let bot: BotUnderTest;
  /** Pages of the audit log the bot has read so far. */
  let pagesRead = 0;

  before(async () => {
    dir = tempDir();
    // The store migrated by the bot's own code, then filled in bulk: the tenant's changes over a year, and one of
    // Northwind's that must not appear.
    await (await openSqliteStore({ dataDir: dir })).close();
    const db = new BetterSqlite3(path.join(dir, SQLITE_FILE_NAME));
    const subscriptions = Object.values(DEMO.subscriptions).filter((s) => s.startsWith('contoso-'));
    const partners = Object.values(DEMO.partners);
    db.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
       INSERT INTO audit_log (tenant_id, subscription_id, kind, old_partner_id, new_partner_id, actor_id, actor_name, at, version, event_id)
       SELECT ?, json_extract(?, '$[' || (i % ${subscriptions.length}) || ']'), 'change',
              json_extract(?, '$[' || (i % 4) || ']'), json_extract(?, '$[' || ((i + 1) % 4) || ']'),
              ?, 'Ada Owner', strftime('%Y-%m-%dT%H:%M:%fZ', '2025-01-01', '+' || (i * 300) || ' seconds'), i, lower(hex(randomblob(16)))
       FROM n`,
    ).run(
      CHANGES,
      DEMO.contoso,
      JSON.stringify(subscriptions),
      JSON.stringify(partners),
      JSON.stringify(partners),
      DEMO.users.owner,
    );
    db.prepare(
      `INSERT INTO audit_log (tenant_id, subscription_id, kind, old_partner_id, new_partner_id, actor_id, actor_name, at, version, event_id)
       VALUES (?, ?, 'attach', NULL, ?, ?, 'Nora Owner', '2025-06-01T00:00:00.000Z', 1, lower(hex(randomblob(16))))`,
    ).run(DEMO.northwind, DEMO.subscriptions.northwindO365, DEMO.partners.litware, DEMO.users.northwindOwner);
    db.close();
    bot = await startBot({
      dataDir: dir,
      customizePorts: (ports) => {
        const auditPage = ports.store.auditPage.bind(ports.store);
        ports.store.auditPage = async (tenantId, page) => {
          pagesRead++;
          return auditPage(tenantId, page);
        };
        return ports;
      },
    });
  });
  after(async () => {
    await bot?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('streams them all, reading the log only as fast as the download is taken', async () => {
    const signIn = await fetch(`${bot.url}/api/tab/dev/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenantId: DEMO.contoso, aadObjectId: DEMO.users.owner }),
    });
    const { token } = (await signIn.json()) as { token: string };
    const res = await fetch(`${bot.url}/api/tab/history.csv`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200);
    const reader = res.body!.getReader();
    const first = await reader.read();
    assert.ok(!first.done);
    // The reader stops taking data: the bot must stop reading the log once the socket's buffers are full, far
    // short of the 200 pages the whole log is (a bot that read it all first would be there already); what the
    // kernel and the client buffer meanwhile is a few MB, some 40 pages.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const whilePaused = pagesRead;
    assert.ok(whilePaused <= 100, `${whilePaused} pages of 500 read while the download was paused`);

    let records = 0;
    let tail = Buffer.from(first.value!).toString('utf8');
    let firstRecord = '';
    let northwind = false;
    const take = (text: string) => {
      const lines = (tail + text).split('\r\n');
      tail = lines.pop()!;
      for (const line of lines) {
        if (records === 1) firstRecord = line;
        if (line.includes(DEMO.subscriptions.northwindO365)) northwind = true;
        records++;
      }
    };
    take('');
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      take(Buffer.from(value).toString('utf8'));
    }
    assert.equal(tail, '', 'the last record ends with CRLF');
    assert.equal(records, 1 + CHANGES, 'a header and one record per change');
    assert.match(firstRecord, /^2025-01-01T00:05:00\.000Z,contoso-/);
    assert.equal(northwind, false);
    assert.equal(pagesRead, CHANGES / 500 + 1, 'every page read once, and the empty one that ends it');
  });
});
