import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { startBotProcess, type BotProcess } from '../support/botProcess';
import { DEMO, tempDir } from '../support/botUnderTest';
import { actionTitles, cardText, findAction, invokeCard, type Card } from '../support/cards';
import { ChannelServer } from '../support/channelServer';
import { adminQuery, dropSchema, freshSchema, requirePostgres } from '../support/postgres';
import { TeamsUser } from '../support/teamsUser';

/**
 * Three bot processes on one PostgreSQL schema, with the default limits (30 a minute per person, 300 per tenant):
 * the limits hold for the three together, not for each.
 */
describe('conversation: the rate limit across three bot processes (TEST_DATABASE_URL)', function () {
  this.timeout(120_000);
  let url = '';
  let schema = '';
  let dir = '';
  let channel: ChannelServer | undefined;
  const bots: BotProcess[] = [];

  before(async function () {
    url = requirePostgres(this);
    schema = freshSchema();
    dir = tempDir();
    channel = await new ChannelServer().start();
    const started = await Promise.allSettled(
      ['bot-a', 'bot-b', 'bot-c'].map((name) => {
        const dataDir = path.join(dir, name);
        mkdirSync(dataDir, { recursive: true });
        return startBotProcess(
          { DATA_DIR: dataDir, STORE: 'postgres', DATABASE_URL: url, DATABASE_SCHEMA: schema },
          60_000,
        );
      }),
    );
    for (const s of started) if (s.status === 'fulfilled') bots.push(s.value);
    for (const s of started) if (s.status === 'rejected') throw s.reason;
  });

  afterEach(function () {
    if (this.currentTest?.state !== 'failed') return;
    for (const b of bots) process.stderr.write(`--- exit ${b.child.exitCode}\n${b.output().slice(-3000)}\n`);
  });

  after(async () => {
    if (!url) return;
    await Promise.all(bots.splice(0).map((b) => b.stop('SIGKILL')));
    await channel?.close();
    await dropSchema(url, schema);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** One chat of one person, whose activities the load balancer hands to instance `i % 3`. */
  function chat(aadObjectId: string, name: string): (i: number) => TeamsUser {
    const conversationId = `a:personal-${randomUUID()}`;
    return (i) => {
      const u = new TeamsUser(bots[i % bots.length]!.url, channel!.url, DEMO.contoso, aadObjectId, name);
      (u as { conversationId: string }).conversationId = conversationId;
      return u;
    };
  }

  function assertSlowDown(card: Card, what: string): void {
    const text = cardText(card);
    assert.match(text, /You are going a little fast/, what);
    assert.match(text, /try again in \d+ seconds?/, what);
    assert.deepEqual(actionTitles(card), ['Status'], what);
  }

  const auditCount = async () => {
    const sql = `SELECT count(*)::int AS n FROM "${schema}".audit_log WHERE tenant_id = $1`;
    return (await adminQuery<{ n: number }>(url, sql, [DEMO.contoso]))[0]!.n;
  };

  it("refuses a person's 31st change or Partner ID check in a minute, spread over the three, with the slow-down card", async () => {
    const ada = chat(DEMO.users.owner, 'Ada Owner');
    // 1: a Submit on the first instance.
    const submit = {
      mode: 'attach',
      subscriptionId: DEMO.subscriptions.crm,
      version: 0,
      partnerId: DEMO.partners.wingtip,
      actionId: randomUUID(),
    };
    const attached = invokeCard(await ada(0).press('submit', submit));
    assert.match(cardText(attached), /Partner of record attached/);

    // 2-30: Partner ID checks, each on the next instance (about ten on each).
    const enter = invokeCard(await ada(1).press('choose', { mode: 'attach', subscriptionId: DEMO.subscriptions.ax7 }));
    const check = { ...findAction(enter, 'Check ID').data, partnerId: DEMO.partners.wingtip };
    for (let i = 1; i < 30; i++) {
      const card = invokeCard(await ada(i).press('check', check));
      assert.doesNotMatch(cardText(card), /going a little fast/, `action ${i + 1}, on instance ${i % 3}`);
    }

    // 31: refused whichever instance gets it, a check or a change, and nothing is written.
    const before = await auditCount();
    for (let i = 0; i < 3; i++)
      assertSlowDown(invokeCard(await ada(i).press('check', check)), `a 31st check on instance ${i}`);
    const change = { ...submit, subscriptionId: DEMO.subscriptions.ax7, actionId: randomUUID() };
    for (let i = 0; i < 3; i++)
      assertSlowDown(invokeCard(await ada(i).press('submit', change)), `a 31st Submit on instance ${i}`);
    assert.equal(await auditCount(), before, 'nothing was written');

    // The first Submit delivered again (Teams retrying it) on another instance passes, answered as before.
    assert.equal(cardText(invokeCard(await ada(2).press('submit', submit))), cardText(attached));
  });
});
