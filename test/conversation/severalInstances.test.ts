import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../bot/config';
import { startBotProcess, type BotProcess } from '../support/botProcess';
import { DEMO, tempDir } from '../support/botUnderTest';
import { cardText, digestCards, digestRows, findAction, invokeCard, isDigest, type Card } from '../support/cards';
import { ChannelServer } from '../support/channelServer';
import { eventually } from '../support/eventually';
import { adminQuery, dropSchema, freshSchema, requirePostgres } from '../support/postgres';
import { SmtpTestServer } from '../support/smtpTestServer';
import { TeamsUser, type PostResult } from '../support/teamsUser';

/** A second owner of Contoso, added to a copy of the demo seed. */
const BEA = '00000000-0000-4000-8000-00000000a006';
/**
 * Outbox leases: short, so a stuck instance's messages move on within the test, but long enough that a send on a
 * loaded 2-core machine finishes inside its lease (an overrun is redelivered by design, and "once" would fail).
 */
const LEASE_MS = 5000;
const NAMES = ['bot-a', 'bot-b', 'bot-c'] as const;

interface Instance {
  name: string;
  process: BotProcess;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const bareId = (id: string | undefined) => (id ?? '').replace(/^<|>$/g, '');

/**
 * Three bot processes behind one (imagined) load balancer, sharing one PostgreSQL schema, one SMTP server and
 * one Bot Framework channel. The processes log in as a role made for this file, so the database can be taken
 * away from them (NOLOGIN) without taking it from the test.
 */
describe('conversation: three bot processes on one PostgreSQL schema (TEST_DATABASE_URL)', function () {
  this.timeout(120_000);
  let adminUrl = '';
  let botDbUrl = '';
  let schema = '';
  let role = '';
  let database = '';
  let dir = '';
  let seedFile = '';
  let channel: ChannelServer | undefined;
  let smtp: SmtpTestServer | undefined;
  const bots: Instance[] = [];
  let roleMade = false;

  const q = (table: string) => `"${schema}".${table}`;

  async function start(name: string): Promise<Instance> {
    const dataDir = path.join(dir, name);
    mkdirSync(dataDir, { recursive: true });
    const process = await startBotProcess(
      {
        DATA_DIR: dataDir,
        STORE: 'postgres',
        DATABASE_URL: botDbUrl,
        DATABASE_SCHEMA: schema,
        SEED_FILE: seedFile,
        // nodemailer takes its EHLO name from the URL: the SMTP server can tell which instance sent a message.
        SMTP_URL: `${smtp!.url}/?name=${name}`,
        OUTBOX_POLL_MS: '100',
        OUTBOX_LEASE_MS: String(LEASE_MS),
        OUTBOX_RETRY_BASE_MS: '100',
        OUTBOX_RETRY_MAX_MS: '500',
        OUTBOX_MAX_ATTEMPTS: '100',
        SYNC_INTERVAL_MINUTES: '0.01',
        RATE_LIMIT_PER_USER_PER_MINUTE: '10000',
        RATE_LIMIT_PER_TENANT_PER_MINUTE: '100000',
      },
      30_000,
    );
    return { name, process };
  }

  /** One chat of one person, whose activities the load balancer hands to instance `i % 3`. */
  function chat(aadObjectId: string, name: string, tenantId: string = DEMO.contoso): (i: number) => TeamsUser {
    const conversationId = `a:personal-${randomUUID()}`;
    // Read the instance list at call time: an instance may have been replaced since.
    return (i) => {
      const u = new TeamsUser(bots[i % bots.length]!.process.url, channel!.url, tenantId, aadObjectId, name);
      (u as { conversationId: string }).conversationId = conversationId;
      return u;
    };
  }

  async function confirmCard(
    person: TeamsUser,
    mode: 'attach' | 'change',
    subscriptionId: string,
    partnerId: string,
  ): Promise<Card> {
    const enter = invokeCard(await person.press('choose', { mode, subscriptionId }));
    return invokeCard(await person.press('check', { ...findAction(enter, 'Check ID').data, partnerId }));
  }

  async function auditRows(subscriptionId: string) {
    return adminQuery<{ id: string; kind: string; new_partner_id: string | null; actor_id: string }>(
      adminUrl,
      `SELECT id, kind, new_partner_id, actor_id FROM ${q('audit_log')} WHERE tenant_id = $1 AND subscription_id = $2 ORDER BY id`,
      [DEMO.contoso, subscriptionId],
    );
  }

  async function emailIdsOf(auditId: string): Promise<string[]> {
    const rows = await adminQuery<{ message_id: string }>(
      adminUrl,
      `SELECT message_id FROM ${q('outbox')} WHERE audit_id = $1 AND channel = 'email'`,
      [auditId],
    );
    return rows.map((r) => bareId(r.message_id));
  }

  const delivered = (messageId: string) => smtp!.received.filter((m) => bareId(m.parsed.messageId) === messageId);

  async function health(instance: Instance): Promise<number> {
    return (await fetch(new URL('/healthz', instance.process.url))).status;
  }

  before(async function () {
    adminUrl = requirePostgres(this);
    schema = freshSchema();
    role = `${schema}_bot`;
    database = new URL(adminUrl).pathname.slice(1);
    await adminQuery(adminUrl, `CREATE ROLE "${role}" LOGIN`);
    roleMade = true;
    await adminQuery(adminUrl, `GRANT CREATE ON DATABASE "${database}" TO "${role}"`);
    const u = new URL(adminUrl);
    u.username = role;
    u.password = '';
    botDbUrl = u.toString();

    dir = tempDir();
    const seed = JSON.parse(readFileSync(path.join(REPO_ROOT, 'deployment', 'demo-seed.json'), 'utf8'));
    seed.tenants
      .find((t: { id: string }) => t.id === DEMO.contoso)
      .users.push({ aadObjectId: BEA, name: 'Bea Owner', email: 'bea@contoso.example', role: 'owner' });
    seedFile = path.join(dir, 'seed.json');
    writeFileSync(seedFile, JSON.stringify(seed));

    channel = await new ChannelServer().start();
    smtp = await (await SmtpTestServer.onFreePort()).start();
    const started = await Promise.allSettled(NAMES.map(start));
    for (const s of started) if (s.status === 'fulfilled') bots.push(s.value);
    for (const s of started) if (s.status === 'rejected') throw s.reason;
  });

  // When a case fails, each instance's state and the end of its log go to stderr: a crash shows there.
  afterEach(function () {
    if (this.currentTest?.state !== 'failed') return;
    for (const b of bots) {
      const { exitCode, signalCode } = b.process.child;
      process.stderr.write(
        `--- ${b.name}: exit ${exitCode} signal ${signalCode}\n${b.process.output().slice(-3000)}\n`,
      );
    }
  });

  after(async () => {
    if (!adminUrl) return;
    await Promise.all(bots.splice(0).map((b) => b.process.stop('SIGKILL')));
    await smtp?.stop();
    await channel?.close();
    if (roleMade) {
      await adminQuery(adminUrl, `ALTER ROLE "${role}" LOGIN`);
      await adminQuery(adminUrl, 'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1', [role]);
      await dropSchema(adminUrl, schema);
      await adminQuery(adminUrl, `REVOKE CREATE ON DATABASE "${database}" FROM "${role}"`);
      await adminQuery(adminUrl, `DROP ROLE "${role}"`);
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('applies 50 copies of one Submit spread over the three instances once, and emails the partner once', async () => {
    const ada = chat(DEMO.users.owner, 'Ada Owner');
    const confirm = await confirmCard(ada(0), 'attach', DEMO.subscriptions.crm, DEMO.partners.wingtip);
    const submit = findAction(confirm, 'Submit');
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => ada(i).press('submit', submit.data)));

    const texts = answers.map((a) => cardText(invokeCard(a)));
    assert.match(texts[0]!, /Partner of record attached/);
    for (const text of texts) assert.equal(text, texts[0], 'every copy gets the same answer');

    const assignments = await adminQuery<{ partner_id: string; version: number }>(
      adminUrl,
      `SELECT partner_id, version FROM ${q('assignments')} WHERE tenant_id = $1 AND subscription_id = $2`,
      [DEMO.contoso, DEMO.subscriptions.crm],
    );
    assert.deepEqual(assignments, [{ partner_id: DEMO.partners.wingtip, version: 1 }]);
    const audit = await auditRows(DEMO.subscriptions.crm);
    assert.equal(audit.length, 1, 'one audit row');

    const ids = await emailIdsOf(audit[0]!.id);
    assert.equal(ids.length, 1, 'an attach emails the new partner only');
    await eventually(() => assert.equal(delivered(ids[0]!).length, 1), 10_000);
    // Long enough for a second delivery by another instance (several polls, a lease) to show up.
    await sleep(LEASE_MS + 500);
    assert.equal(delivered(ids[0]!).length, 1, 'delivered once');
    assert.deepEqual(delivered(ids[0]!)[0]!.to, ['por@wingtip.example']);
  });

  it('lets one of two owners racing on one subscription from different instances win', async () => {
    const ada = chat(DEMO.users.owner, 'Ada Owner');
    const bea = chat(BEA, 'Bea Owner');
    const adaConfirm = await confirmCard(ada(0), 'attach', DEMO.subscriptions.ax7, DEMO.partners.wingtip);
    const beaConfirm = await confirmCard(bea(1), 'attach', DEMO.subscriptions.ax7, DEMO.partners.litware);

    const [adaAnswer, beaAnswer] = await Promise.all([
      ada(1).press('submit', findAction(adaConfirm, 'Submit').data),
      bea(2).press('submit', findAction(beaConfirm, 'Submit').data),
    ]);
    const adaText = cardText(invokeCard(adaAnswer!));
    const beaText = cardText(invokeCard(beaAnswer!));
    const adaWon = /Partner of record attached/.test(adaText);
    const [winner, loser] = adaWon ? [adaText, beaText] : [beaText, adaText];
    assert.match(winner, /Partner of record attached/);
    assert.match(loser, /changed since this card was shown/);
    const winnerPartner = adaWon ? 'Wingtip Partners \\(2345678\\)' : 'Litware Advisory \\(11223344\\)';
    assert.match(loser, new RegExp(`Partner of record now: ${winnerPartner}`));

    const audit = await auditRows(DEMO.subscriptions.ax7);
    assert.equal(audit.length, 1, 'one audit row');
    assert.equal(audit[0]!.new_partner_id, adaWon ? DEMO.partners.wingtip : DEMO.partners.litware);
    assert.equal(audit[0]!.actor_id, adaWon ? DEMO.users.owner : BEA);
    const [emailId] = await emailIdsOf(audit[0]!.id);
    await eventually(
      () =>
        assert.deepEqual(
          delivered(emailId!).map((m) => m.to),
          [[adaWon ? 'por@wingtip.example' : 'por@litware.example']],
        ),
      10_000,
    );
  });

  it('delivers an email whose sender was killed mid-send from another instance, after the lease, once', async () => {
    const ada = chat(DEMO.users.owner, 'Ada Owner');
    const confirm = await confirmCard(ada(0), 'attach', DEMO.subscriptions.intune, DEMO.partners.tailspin);
    // Nothing else is on its way to the SMTP server, so the message held is this change's.
    await eventually(async () => {
      const pending = await adminQuery(
        adminUrl,
        `SELECT id FROM ${q('outbox')} WHERE channel = 'email' AND status = 'pending'`,
      );
      assert.equal(pending.length, 0);
    }, 10_000);
    smtp!.holdNextData = true;
    assert.match(
      cardText(invokeCard(await ada(0).press('submit', findAction(confirm, 'Submit').data))),
      /Partner of record attached/,
    );

    // Whichever instance claimed the email is now waiting for the server's answer to DATA.
    await eventually(() => assert.equal(smtp!.held.length, 1), 10_000);
    const stuck = smtp!.held[0]!;
    const messageId = bareId(stuck.parsed.messageId);
    const victim = bots.findIndex((b) => b.name === stuck.heloName);
    assert.ok(victim >= 0, `the held message came from a known instance (${stuck.heloName})`);
    await bots[victim]!.process.stop('SIGKILL');

    const [audit] = (await auditRows(DEMO.subscriptions.intune)).slice(-1);
    assert.deepEqual(await emailIdsOf(audit!.id), [messageId], 'the held message is the one this change queued');

    await eventually(() => assert.equal(delivered(messageId).length, 1), 15_000);
    const mail = delivered(messageId)[0]!;
    assert.notEqual(mail.heloName, stuck.heloName, 'a surviving instance delivered it');
    assert.ok(
      mail.at.getTime() - stuck.at.getTime() >= LEASE_MS - 300,
      `delivered ${mail.at.getTime() - stuck.at.getTime()} ms after the claim, before the lease ran out`,
    );
    assert.deepEqual(mail.to, ['por@tailspin.example']);
    await sleep(LEASE_MS + 500);
    assert.equal(delivered(messageId).length, 1, 'delivered once');

    // The load balancer starts a replacement.
    bots[victim] = await start(stuck.heloName);
  });

  it('sends one digest per owner while all three instances run the nudge pass', async () => {
    const nora = chat(DEMO.users.northwindOwner, 'Nora Owner', DEMO.northwind);
    const conversationId = nora(0).conversationId;
    await nora(0).install();
    const digests = () => digestCards(channel!, conversationId);
    await channel!.waitFor(() => digests().length >= 1, 10_000);
    // Each instance runs a pass every 0.6 s: give them several each.
    await sleep(4000);
    assert.equal(digests().length, 1);
    assert.deepEqual(digestRows(digests()[0]!), [DEMO.subscriptions.northwindO365]);

    // And for everyone the instances sent a digest during this file: never twice, as nothing new appeared.
    const seen = new Map<string, number>();
    for (const r of channel!.messages()) {
      for (const a of (r.activity.attachments ?? []) as { content: Card }[]) {
        if (isDigest(a.content)) seen.set(r.conversationId, (seen.get(r.conversationId) ?? 0) + 1);
      }
    }
    for (const [key, count] of seen) assert.equal(count, 1, `${count} digests in ${key}`);
  });

  it('loses and doubles nothing when the database goes away under 30 turns', async () => {
    const ada = chat(DEMO.users.owner, 'Ada Owner');
    const [maxRow] = await adminQuery<{ max: string | null }>(
      adminUrl,
      `SELECT max(id)::text AS max FROM ${q('audit_log')}`,
    );
    const max = maxRow?.max;
    const auditBefore = Number(max ?? 0);
    const partners = [DEMO.partners.wingtip, DEMO.partners.litware, DEMO.partners.tailspin];
    const seedPartner: Record<string, string | null> = {
      [DEMO.subscriptions.o365]: DEMO.partners.fabrikam,
      [DEMO.subscriptions.azure]: DEMO.partners.tailspin,
    };
    const subscriptions = [
      DEMO.subscriptions.o365,
      DEMO.subscriptions.crm,
      DEMO.subscriptions.ax7,
      DEMO.subscriptions.ems,
      DEMO.subscriptions.powerbi,
      DEMO.subscriptions.azure,
    ];

    interface Turn {
      subscriptionId: string;
      actionId: string;
      result: PostResult;
    }
    const turns: Turn[] = [];
    let turnNo = 0;
    /** Five Submits in a row on one subscription, each built on the state the database holds then. */
    const runChain = async (subscriptionId: string) => {
      for (let k = 0; k < 5; k++) {
        const rows = await adminQuery<{ partner_id: string | null; version: number }>(
          adminUrl,
          `SELECT partner_id, version FROM ${q('assignments')} WHERE tenant_id = $1 AND subscription_id = $2`,
          [DEMO.contoso, subscriptionId],
        );
        const current = rows[0] ?? { partner_id: seedPartner[subscriptionId] ?? null, version: 0 };
        const actionId = randomUUID();
        const data = {
          mode: current.partner_id === null ? 'attach' : 'change',
          subscriptionId,
          version: current.version,
          partnerId: partners.find((p) => p !== current.partner_id)!,
          actionId,
        };
        const result = await ada(turnNo++).press('submit', data);
        turns.push({ subscriptionId, actionId, result });
        await sleep(400);
      }
    };
    const load = Promise.all(subscriptions.map(runChain));

    await eventually(() => assert.ok(turns.length >= 6, 'the first turns were answered'), 10_000);
    // The server ends every connection of the bots and, as during a failover, accepts no new ones for a while.
    await adminQuery(adminUrl, `ALTER ROLE "${role}" NOLOGIN`);
    const killed = await adminQuery(
      adminUrl,
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1',
      [role],
    );
    assert.ok(killed.length > 0, 'the bots had connections to kill');
    await eventually(async () => assert.deepEqual(await Promise.all(bots.map(health)), [503, 503, 503]), 10_000);
    await sleep(800);
    await adminQuery(adminUrl, `ALTER ROLE "${role}" LOGIN`);
    await eventually(async () => assert.deepEqual(await Promise.all(bots.map(health)), [200, 200, 200]), 10_000);
    await load;

    assert.equal(turns.length, 30);
    // What each answer promises: "done" was written; "not answering, nothing was changed" (or a defect's "something
    // went wrong", which only a failure before the write gives) was not; "could not confirm" may be either, and
    // its Send again (the same action id) settles it.
    const done: Turn[] = [];
    const failed: Turn[] = [];
    const unconfirmed: { turn: Turn; again: { verb: string; data: Record<string, unknown> } }[] = [];
    for (const turn of turns) {
      assert.ok(turn.result.status < 500, `answered ${turn.result.status}: ${JSON.stringify(turn.result.body)}`);
      const card = invokeCard(turn.result);
      const text = cardText(card);
      if (/Partner of record (attached|changed)/.test(text)) done.push(turn);
      else if (/The bot's database is not answering|Something went wrong on my side/.test(text)) failed.push(turn);
      else if (/^I could not confirm the change\n/.test(text))
        unconfirmed.push({ turn, again: findAction(card, 'Send again') });
      else assert.fail(`unexpected answer: ${text}`);
    }
    assert.ok(failed.length > 0, 'some turns ran while the database was away');
    assert.ok(
      failed.some((t) =>
        /The bot's database is not answering\nI could not reach the bot's database, so nothing was changed\. Please try again in a minute\./.test(
          cardText(invokeCard(t.result)),
        ),
      ),
      'a turn that ran while the database was away was told to try again in a minute',
    );
    assert.ok(done.length > 0, 'some turns went through');

    const keyOf = (t: Turn) => `${DEMO.contoso}:${t.subscriptionId}:${t.actionId}`;
    const auditedKeys = async () => {
      const keys = await adminQuery<{ key: string }>(
        adminUrl,
        `SELECT i.key FROM ${q('idempotency')} i JOIN ${q('audit_log')} a ON a.id = i.audit_id WHERE a.id > $1`,
        [auditBefore],
      );
      const byKey = new Map<string, number>();
      for (const k of keys) byKey.set(k.key, (byKey.get(k.key) ?? 0) + 1);
      return byKey;
    };
    const before = await auditedKeys();
    for (const t of done)
      assert.equal(before.get(keyOf(t)), 1, `an answered change is in the audit once (${t.subscriptionId})`);
    for (const t of failed)
      assert.equal(
        before.get(keyOf(t)),
        undefined,
        `a change answered "nothing was changed" was written (${t.subscriptionId})`,
      );

    // The database is back: each unconfirmed change is sent again, as its button does.
    const saved = new Set(done.map(keyOf));
    for (const { turn, again } of unconfirmed) {
      assert.equal(again.data.actionId, turn.actionId, 'Send again is the same action');
      const wasWritten = before.get(keyOf(turn)) === 1;
      const text = cardText(invokeCard(await ada(turnNo++).press(again.verb, again.data)));
      if (wasWritten) {
        assert.match(text, /Partner of record (attached|changed)/, 'a change that was saved gets the saved answer');
      } else {
        // Not saved: saved now, unless a later turn of its chain changed the subscription since.
        assert.match(text, /Partner of record (attached|changed)|changed since this card was shown/);
      }
      if (/Partner of record (attached|changed)/.test(text)) saved.add(keyOf(turn));
    }
    const after = await auditedKeys();
    for (const key of saved) assert.equal(after.get(key), 1, `a saved change is in the audit once (${key})`);
    const [countRow] = await adminQuery<{ count: string }>(
      adminUrl,
      `SELECT count(*)::text AS count FROM ${q('audit_log')} WHERE id > $1`,
      [auditBefore],
    );
    assert.equal(Number(countRow?.count), saved.size, 'the audit holds exactly the changes answered as saved');
  });
});
