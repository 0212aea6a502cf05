import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { applyMigrations, migrations as sqliteMigrations } from '../../bot/adapters/sqlite/migrations';
import { pgMigrations } from '../../bot/adapters/postgres/migrations';
import { openSqliteStore, SQLITE_FILE_NAME, type SqliteStore } from '../../bot/adapters/sqlite/sqliteStore';
import type { PostgresStore } from '../../bot/adapters/postgres/postgresStore';
import type { NewOutboxMessage, PartnerEmailPayload, PendingPrompt, TeamsRecipient, PartnerId } from '../../bot/core';
import {
  MigrationRefused,
  migrateStore,
  parseArguments,
  progressLine,
  TABLES,
  type TableCount,
} from '../../scripts/migrateStore';
import { change, P1, P2, P3, TENANT_A, TENANT_B } from '../contracts/fixtures';
import { adminQuery, dropRunSchemas, freshSchema, openTestStore, requirePostgres } from '../support/postgres';

const ROOT = join(__dirname, '..', '..');
const T = (minutes: number): string => new Date(Date.UTC(2025, 0, 1, 10, minutes)).toISOString();
const OWNER_A: TeamsRecipient = { tenantId: TENANT_A, aadObjectId: 'aad-owner-a' };
const OWNER_B: TeamsRecipient = { tenantId: TENANT_B, aadObjectId: 'aad-owner-b' };
const SUBS = { [TENANT_A]: ['sub-1', 'sub-2', 'sub-3', 'sub-4', 'never-stored'], [TENANT_B]: ['sub-1', 'sub-9'] };
const LATER = '2030-01-01T00:00:00.000Z';
const LEASE = '2030-01-01T00:05:00.000Z';

function email(
  tenantId: string,
  subscriptionId: string,
  partnerId: PartnerId,
  template: PartnerEmailPayload['template'],
  owner: TeamsRecipient,
): NewOutboxMessage {
  return {
    channel: 'email',
    tenantId,
    subscriptionId,
    notifyOwner: owner,
    payload: {
      template,
      to: { name: `Partner ${partnerId}`, email: `p${partnerId}@example.com` },
      partner: { partnerId, name: `Partner ${partnerId}` },
      customer: { tenantId, name: 'Contoso' },
      subscription: { id: subscriptionId, service: 'Microsoft 365', name: `Subscription ${subscriptionId}` },
      actor: { aadObjectId: owner.aadObjectId, name: 'Ada Owner' },
      at: T(0),
    },
  };
}

function nudge(to: TeamsRecipient, subscriptionId: string) {
  const message: NewOutboxMessage = {
    channel: 'teams',
    tenantId: to.tenantId,
    subscriptionId,
    payload: { kind: 'nudge', to, subscriptionId, service: 'Azure', subscriptionName: subscriptionId },
  };
  return { recipient: to, subscriptionId, message };
}

const PROMPT: PendingPrompt = {
  kind: 'partnerId',
  mode: 'change',
  subscriptionId: 'sub-1',
  version: 2,
  askedAt: T(30),
};

/** A SQLite store with some history, written through the store's own API. */
async function buildSqliteStore(dir: string): Promise<void> {
  const store = openSqliteStore({ dataDir: dir });
  try {
    const a = (o: Parameters<typeof change>[0]) =>
      store.applyChange(change({ tenantId: TENANT_A, actorId: OWNER_A.aadObjectId, ...o }));
    const b = (o: Parameters<typeof change>[0]) =>
      store.applyChange(change({ tenantId: TENANT_B, actorId: OWNER_B.aadObjectId, ...o }));
    await a({
      subscriptionId: 'sub-1',
      newPartnerId: P1,
      at: T(1),
      outbox: [email(TENANT_A, 'sub-1', P1, 'added', OWNER_A)],
    });
    await a({
      subscriptionId: 'sub-1',
      kind: 'change',
      expectedVersion: 1,
      newPartnerId: P2,
      at: T(2),
      outbox: [email(TENANT_A, 'sub-1', P2, 'added', OWNER_A), email(TENANT_A, 'sub-1', P1, 'replaced', OWNER_A)],
    });
    await a({
      subscriptionId: 'sub-2',
      newPartnerId: P1,
      at: T(3),
      outbox: [email(TENANT_A, 'sub-2', P1, 'added', OWNER_A)],
    });
    await a({
      subscriptionId: 'sub-2',
      kind: 'remove',
      expectedVersion: 1,
      newPartnerId: null,
      at: T(4),
      outbox: [email(TENANT_A, 'sub-2', P1, 'removed', OWNER_A)],
    });
    await a({ subscriptionId: 'sub-3', newPartnerId: P3, initialPartnerId: null, at: T(5) });
    await b({
      subscriptionId: 'sub-1',
      newPartnerId: P2,
      at: T(6),
      outbox: [email(TENANT_B, 'sub-1', P2, 'added', OWNER_B)],
    });
    const declined = await b({
      subscriptionId: 'sub-1',
      kind: 'change',
      expectedVersion: 1,
      newPartnerId: P3,
      at: T(7),
      outbox: [email(TENANT_B, 'sub-1', P3, 'added', OWNER_B)],
    });
    if (declined.outcome !== 'applied') assert.fail('the change to answer was not applied');
    // A stale change and a repeated key write nothing more.
    await a({ subscriptionId: 'sub-1', kind: 'change', expectedVersion: 1, newPartnerId: P3, at: T(8) });

    // Deliveries: some sent, one given up on, one retried later, the rest pending.
    const claimed = await store.claimDue(T(10), T(11), 100);
    assert.equal(claimed.length, 7);
    await store.markSent(claimed[0]!.id, T(10), []); // tenant A sub-1's first change (older change)
    await store.markSent(claimed[1]!.id, T(10), [
      {
        channel: 'teams',
        tenantId: TENANT_A,
        subscriptionId: 'sub-1',
        payload: {
          kind: 'partnerNotified',
          to: OWNER_A,
          partnerName: 'P2',
          partnerEmail: 'p@example.com',
          subscriptionName: 'sub-1',
          template: 'added',
        },
      },
    ]);
    // claimed[2] (sub-1's newest change, its second email) stays pending, its lease run out.
    await store.markSent(claimed[3]!.id, T(10), []); // sub-2's add
    await store.markFailed(claimed[4]!.id, '550 no such mailbox', T(10), []); // sub-2's removal: given up
    await store.markRetry(claimed[5]!.id, '421 try later', T(20)); // tenant B's first
    // claimed[6] (tenant B's newest) stays pending with its lease.

    await store.saveReference({
      tenantId: TENANT_A,
      aadObjectId: OWNER_A.aadObjectId,
      conversationId: 'conv-a',
      reference: { conversation: { id: 'conv-a' }, serviceUrl: 'https://smba.example/', bot: { id: 'bot' } },
      updatedAt: T(0),
      language: 'ja',
      timeZone: 'Asia/Tokyo',
    });
    await store.saveReference({
      tenantId: TENANT_A,
      aadObjectId: 'aad-member',
      conversationId: 'conv-m',
      reference: { conversation: { id: 'conv-m' }, note: 'ünïcode ✓' },
      updatedAt: T(1),
    });
    await store.saveReference({
      tenantId: TENANT_B,
      aadObjectId: OWNER_B.aadObjectId,
      conversationId: 'conv-b',
      reference: { conversation: { id: 'conv-b' }, n: 1.5 },
      updatedAt: T(2),
    });
    await store.setPendingPrompt('conv-a', PROMPT);

    assert.equal(
      await store.recordNudges([nudge(OWNER_A, 'sub-3'), nudge(OWNER_A, 'sub-4'), nudge(OWNER_B, 'sub-9')], T(12)),
      3,
    );
    await store.dismissNudge(OWNER_A, 'sub-4', T(13));
    // Dismissed before any nudge was sent.
    await store.dismissNudge(OWNER_B, 'sub-1', T(14));
    // Two nudges found no chat; one of them was made due again by a re-install, not yet queued.
    await store.nudgeUndelivered(OWNER_A, 'sub-3', T(15));
    await store.nudgeUndelivered(OWNER_B, 'sub-9', T(15));
    assert.equal(await store.reofferUndelivered(OWNER_B, ['sub-9'], T(16)), 1);
    // The partner named by tenant B's newest change declined it.
    const answered = await store.recordPartnerAnswer({
      changeEventId: declined.audit.eventId,
      tenantId: TENANT_B,
      subscriptionId: 'sub-1',
      version: 2,
      partnerId: P3,
      partnerName: 'Partner Three',
      answer: 'declined',
      reason: 'Not our customer ✓',
      at: T(17),
      eventId: randomUUID(),
      outbox: [],
    });
    assert.equal(answered.outcome, 'recorded');
    // The key partner answer links were signed with (this store had no app secret).
    await store.signingKey('partner-answer-link');
  } finally {
    await store.close();
  }
}

/** What the ports answer, everything the bot reads from a store. Ends with claimDue, which leases messages. */
async function observe(store: SqliteStore | PostgresStore) {
  const seen: Record<string, unknown> = {};
  for (const [tenant, subs] of Object.entries(SUBS)) {
    seen[`assignments ${tenant}`] = [...(await store.getAssignments(tenant, subs)).entries()].sort();
    for (const sub of subs) {
      seen[`history ${tenant} ${sub}`] = await store.history(tenant, sub);
      seen[`history ${tenant} ${sub} 1`] = await store.history(tenant, sub, 1);
    }
    seen[`lastChanges ${tenant}`] = [...(await store.lastChanges(tenant)).entries()].sort();
    const eventIds = [...(await store.lastChanges(tenant)).values()].map((e) => e.eventId);
    seen[`partnerAnswers ${tenant}`] = [...(await store.partnerAnswers(tenant, eventIds)).entries()].sort();
    seen[`emailDeliveries ${tenant}`] = [...(await store.emailDeliveries(tenant)).entries()].sort();
  }
  seen['signing key'] = (await store.signingKey('partner-answer-link')).toString('base64');
  for (const who of [
    OWNER_A,
    OWNER_B,
    { tenantId: TENANT_A, aadObjectId: 'aad-member' },
    { tenantId: TENANT_B, aadObjectId: 'nobody' },
  ]) {
    seen[`reference ${who.aadObjectId}`] = await store.getReference(who.tenantId, who.aadObjectId);
    for (const sub of ['sub-1', 'sub-3', 'sub-4', 'sub-9'])
      seen[`dismissed ${who.aadObjectId} ${sub}`] = await store.isDismissed(who, sub);
  }
  seen.tenants = await store.listTenantIds();
  seen['prompt conv-a'] = await store.getPendingPrompt('conv-a');
  seen['prompt conv-b'] = await store.getPendingPrompt('conv-b');
  // Already nudged or dismissed: nothing new; only the nudge made due again is queued (its second offer).
  seen.renudged = await store.recordNudges(
    [nudge(OWNER_A, 'sub-3'), nudge(OWNER_A, 'sub-4'), nudge(OWNER_B, 'sub-9'), nudge(OWNER_B, 'sub-1')],
    T(40),
  );
  // The undelivered one may be offered again; the one offered twice and the dismissed one may not.
  seen.reoffered = await store.reofferUndelivered(OWNER_A, ['sub-3', 'sub-4'], T(41));
  seen.reofferedTwice = await store.reofferUndelivered(OWNER_B, ['sub-9', 'sub-1'], T(41));
  // A message queued just now has a Message-ID of its own in each store.
  seen.due = (await store.claimDue(LATER, LEASE, 100)).map((m) =>
    m.createdAt === T(40) ? { ...m, messageId: '(queued while observing)' } : m,
  );
  return seen;
}

/** Every row of the schema's tables, and its sequences, as text. */
async function dump(url: string, schema: string): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of [...TABLES.map((t) => t.table), 'schema_version']) {
    const rows = await adminQuery<{ r: string }>(url, `SELECT row_to_json(t)::text AS r FROM "${schema}".${table} t`);
    out[table] = rows.map((x) => x.r).sort();
  }
  const seqs = await adminQuery<{ r: string }>(
    url,
    `SELECT sequencename || ' ' || coalesce(last_value::text, 'unused') AS r FROM pg_sequences WHERE schemaname = $1`,
    [schema],
  );
  out.sequences = seqs.map((x) => x.r).sort();
  return out;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--require', 'tsx/cjs', 'scripts/migrateStore.ts', ...args],
      { cwd: ROOT, maxBuffer: 10 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const byTable = (counts: TableCount[]) => Object.fromEntries(counts.map((c) => [c.table, [c.copied, c.alreadyThere]]));

describe('migrate-store: SQLite to PostgreSQL (TEST_DATABASE_URL)', function () {
  this.timeout(120_000);
  let url = '';
  let dirs: string[] = [];
  const opened: (SqliteStore | PostgresStore)[] = [];

  before(function () {
    url = requirePostgres(this);
  });
  after(async () => {
    if (url) await dropRunSchemas(url);
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    dirs = [];
  });

  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'por-migrate-'));
    dirs.push(dir);
    return dir;
  };
  const openPg = async (schema: string) => {
    const s = await openTestStore(url, schema);
    opened.push(s);
    return s;
  };
  const openLite = (dir: string) => {
    const s = openSqliteStore({ dataDir: dir });
    opened.push(s);
    return s;
  };

  it('copies every table, so that the PostgreSQL store answers as the SQLite store did', async () => {
    const dir = tempDir();
    await buildSqliteStore(dir);
    const schema = freshSchema();
    const file = join(dir, SQLITE_FILE_NAME);
    const digest = () => createHash('sha256').update(readFileSync(file)).digest('hex');
    const untouched = digest();

    const counts = await migrateStore({ sqliteDir: dir, databaseUrl: url, schema });
    assert.equal(digest(), untouched, 'the SQLite file is only read');
    assert.deepEqual(byTable(counts), {
      assignments: [4, 0],
      audit_log: [7, 0],
      partner_answers: [1, 0],
      idempotency: [7, 0],
      conversations: [3, 0],
      signing_keys: [1, 0],
      pending_prompts: [1, 0],
      nudges: [4, 0],
      outbox: [11, 0],
    });

    const pg = await openPg(schema);
    const lite = openLite(dir);
    const expected = await observe(lite);
    const actual = await observe(pg);
    assert.deepEqual(actual, expected);
    // The observation covered real data: delivery states of every kind, and pending messages to claim.
    const deliveries = expected[`emailDeliveries ${TENANT_A}`] as [string, { status: string }][];
    assert.deepEqual(
      deliveries.map(([sub, d]) => [sub, d.status]),
      [
        ['sub-1', 'pending'],
        ['sub-2', 'failed'],
      ],
    );
    assert.equal((expected.due as unknown[]).length, 8);
    assert.deepEqual([expected.renudged, expected.reoffered, expected.reofferedTwice], [1, 1, 0]);

    // New ids come after the copied ones.
    const maxAudit = Math.max(
      ...[...(await lite.lastChanges(TENANT_A)).values(), ...(await lite.lastChanges(TENANT_B)).values()].map(
        (e) => e.id,
      ),
    );
    const next = await pg.applyChange(
      change({
        tenantId: TENANT_A,
        subscriptionId: 'sub-3',
        kind: 'change',
        expectedVersion: 1,
        newPartnerId: P1,
        at: T(50),
      }),
    );
    assert.equal(next.outcome, 'applied');
    if (next.outcome === 'applied') assert.ok(next.audit.id > maxAudit, `audit id ${next.audit.id} after ${maxAudit}`);
    await pg.enqueue([nudge(OWNER_A, 'sub-5').message], T(50));
    const [fresh] = await pg.claimDue(LATER, '2030-01-01T00:10:00.000Z', 10);
    assert.ok(fresh && fresh.id > 11, `outbox id ${fresh?.id} after 11`);
  });

  it('a second run, through the command line, finds every row already there and changes nothing', async () => {
    const dir = tempDir();
    await buildSqliteStore(dir);
    const schema = freshSchema();
    await migrateStore({ sqliteDir: dir, databaseUrl: url, schema });
    const before = await dump(url, schema);

    // A password in the URL (trust authentication ignores it) must never be printed.
    const withPassword = new URL(url);
    withPassword.password = 's3cret-pw';
    const run = await cli(['--from', `sqlite:${dir}`, '--to', withPassword.toString(), '--schema', schema]);
    assert.equal(run.code, 0, run.stderr);
    assert.doesNotMatch(run.stdout + run.stderr, /s3cret/);
    const u = new URL(url);
    assert.ok(
      run.stdout.includes(
        `To   postgres://${u.username}@${u.hostname}:${u.port || '5432'}${u.pathname} (schema ${schema})`,
      ),
      run.stdout,
    );
    for (const [table, n] of Object.entries({
      assignments: 4,
      audit_log: 7,
      partner_answers: 1,
      idempotency: 7,
      conversations: 3,
      signing_keys: 1,
      pending_prompts: 1,
      nudges: 4,
      outbox: 11,
    })) {
      assert.match(run.stdout, new RegExp(`^${table} +copied 0, already there ${n}$`, 'm'));
    }
    assert.match(run.stdout, /Nothing to copy/);
    assert.equal(run.stderr, '', 'no progress bar for small tables');
    assert.deepEqual(await dump(url, schema), before);
  });

  it('refuses a target holding a different assignment or audit entry under the same key, writing nothing', async () => {
    const dir = tempDir();
    await buildSqliteStore(dir);

    // The same subscription, changed by another store.
    const schema1 = freshSchema();
    const other1 = await openPg(schema1);
    await other1.applyChange(
      change({ tenantId: TENANT_A, subscriptionId: 'sub-1', newPartnerId: P3, actorName: 'Someone Else', at: T(1) }),
    );
    const before1 = await dump(url, schema1);
    await assert.rejects(migrateStore({ sqliteDir: dir, databaseUrl: url, schema: schema1 }), (err: Error) => {
      assert.ok(err instanceof MigrationRefused);
      assert.match(
        err.message,
        /already holds a different assignments row for tenant_id 11111111-1111-4111-8111-111111111111, subscription_id sub-1 \(partner_id, version, updated_at, updated_by differ\)/,
      );
      assert.match(err.message, /Nothing was copied/);
      return true;
    });
    assert.deepEqual(await dump(url, schema1), before1);

    // Only the audit id collides (another tenant's change): the assignments, copied first, are rolled back too.
    const schema2 = freshSchema();
    const other2 = await openPg(schema2);
    await other2.applyChange(change({ tenantId: TENANT_B, subscriptionId: 'elsewhere', newPartnerId: P3, at: T(1) }));
    const before2 = await dump(url, schema2);
    const run = await cli(['--from', `sqlite:${dir}`, '--to', url, '--schema', schema2, '--quiet']);
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /^migrate-store: The target already holds a different audit_log row for id 1 \(tenant_id, subscription_id, /m,
    );
    assert.deepEqual(await dump(url, schema2), before2);
  });

  it('refuses a SQLite store or a PostgreSQL schema at a version this build does not know', async () => {
    const known = sqliteMigrations.at(-1)!.version;
    const dir = tempDir();
    await buildSqliteStore(dir);
    const schema = freshSchema();
    await openPg(schema);
    await adminQuery(
      url,
      `INSERT INTO "${schema}".schema_version (version, name, applied_at) VALUES (99, 'from the future', $1)`,
      [T(0)],
    );
    const before = await dump(url, schema);
    await assert.rejects(migrateStore({ sqliteDir: dir, databaseUrl: url, schema }), (err: Error) => {
      assert.ok(err instanceof MigrationRefused);
      // The two stores' versions are counted apart: PostgreSQL's version 6 (shared rate limits) has no SQLite twin.
      assert.match(
        err.message,
        new RegExp(
          `version 99, newer than this build knows \\(${pgMigrations.at(-1)!.version}\\); refusing to copy into it`,
        ),
      );
      return true;
    });
    assert.deepEqual(await dump(url, schema), before);

    const newer = tempDir();
    await buildSqliteStore(newer);
    const db = new BetterSqlite3(join(newer, SQLITE_FILE_NAME));
    db.prepare(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'from the future', ?)`).run(
      known + 1,
      T(0),
    );
    db.close();
    const target = freshSchema();
    const run = await cli(['--from', `sqlite:${newer}`, '--to', url, '--schema', target]);
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      new RegExp(
        `is at schema version ${known + 1}, and this build copies version ${known} only: run the build that wrote it`,
      ),
    );
    const schemas = await adminQuery(url, 'SELECT 1 FROM pg_namespace WHERE nspname = $1', [target]);
    assert.equal(schemas.length, 0, 'nothing created in PostgreSQL');

    // Written by the build before: this build migrates it when it starts on it, then copies it.
    const older = tempDir();
    const oldDb = new BetterSqlite3(join(older, SQLITE_FILE_NAME));
    applyMigrations(oldDb, sqliteMigrations.slice(0, -1));
    oldDb.close();
    const stale = await cli(['--from', `sqlite:${older}`, '--to', url, '--schema', target]);
    assert.equal(stale.code, 1);
    assert.match(
      stale.stderr,
      new RegExp(
        `is at schema version ${known - 1}, and this build copies version ${known} only: start this build of the bot on it once`,
      ),
    );
    openLite(older);
    await Promise.all(opened.splice(0).map((s) => s.close()));
    const upgraded = await migrateStore({ sqliteDir: older, databaseUrl: url, schema: target });
    assert.equal(
      upgraded.reduce((n, c) => n + c.copied, 0),
      0,
      'an empty store copies nothing',
    );

    const missing = await cli(['--from', `sqlite:${join(newer, 'nope')}`, '--to', url, '--schema', target]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /No SQLite store at .*nope.*partner-of-record\.sqlite/);
  });

  it('migrates 5,000 audit entries with a progress bar on stderr, and none with --quiet', async () => {
    const dir = tempDir();
    const lite = openLite(dir);
    for (let i = 0; i < 5000; i += 1) {
      const round = Math.floor(i / 50);
      await lite.applyChange(
        change({
          subscriptionId: `bulk-${i % 50}`,
          kind: round ? 'change' : 'attach',
          expectedVersion: round,
          newPartnerId: round % 2 ? P2 : P1,
          at: T(round % 60),
        }),
      );
    }
    await lite.close();
    const schema = freshSchema();

    const run = await cli(['--from', `sqlite:${dir}`, '--to', url, '--schema', schema]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^audit_log +copied 5,000, already there 0$/m);
    assert.match(run.stdout, /^idempotency +copied 5,000, already there 0$/m);
    assert.match(run.stdout, /^assignments +copied 50, already there 0$/m);
    const lines = run.stderr.trim().split('\n');
    assert.ok(lines.includes('[#.........] 500/5,000 audit entries'), run.stderr);
    assert.ok(lines.includes('[##########] 5,000/5,000 audit entries'), run.stderr);
    assert.ok(lines.includes('[##########] 5,000/5,000 idempotency keys'), run.stderr);
    assert.ok(!run.stderr.includes('assignments'), 'no bar for a table of 50 rows');
    const [n] = await adminQuery<{ n: number }>(url, `SELECT count(*)::int AS n FROM "${schema}".audit_log`);
    assert.equal(n?.n, 5000);

    const again = await cli(['--from', `sqlite:${dir}`, '--to', url, '--schema', schema, '--quiet']);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.stderr, '');
    assert.match(again.stdout, /^audit_log +copied 0, already there 5,000$/m);
  });
});

// No database needed: the command line alone.
describe('migrate-store: arguments', function () {
  this.timeout(60_000);

  it('checks its arguments, and --help explains', async () => {
    assert.deepEqual(parseArguments(['--help']), { help: true });
    assert.deepEqual(parseArguments(['--from', 'sqlite:./.data', '--to', 'postgres://u:p@h:5432/db']), {
      help: false,
      args: { from: './.data', to: 'postgres://u:p@h:5432/db', schema: 'public', quiet: false },
    });
    const problems = (argv: string[]) => {
      const r = parseArguments(argv);
      return 'problems' in r ? r.problems.join('; ') : '';
    };
    assert.match(problems(['--to', 'postgres://h/db']), /--from is required/);
    assert.match(problems(['--from', './.data', '--to', 'postgres://h/db']), /--from must be sqlite:DIR/);
    assert.match(
      problems(['--from', 'sqlite:x', '--to', 'mysql://u:secret@h/db']),
      /--to is required: a postgres:\/\/ address/,
    );
    assert.doesNotMatch(problems(['--from', 'sqlite:x', '--to', 'mysql://u:secret@h/db']), /secret/);
    assert.match(
      problems(['--from', 'sqlite:x', '--to', 'postgres://h/db', '--schema', 'Bad-Name']),
      /--schema must be a schema name/,
    );
    assert.match(problems(['--from', 'sqlite:x', '--bogus']), /bogus/);
    assert.equal(progressLine(5000, 10000, 'audit entries'), '[#####.....] 5,000/10,000 audit entries');

    const help = await cli(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--from sqlite:DIR/);
    assert.match(help.stdout, /--schema NAME/);
    const bad = await cli(['--from', 'sqlite:x']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /migrate-store: --to is required/);
  });
});
