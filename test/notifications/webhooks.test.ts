import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { loadConfig, REPO_ROOT } from '../../bot/config';
import { runBotToExit, startBotProcess, type BotProcess } from '../support/botProcess';
import { DEMO, tempDir } from '../support/botUnderTest';
import { findAction, invokeCard } from '../support/cards';
import { ChannelServer } from '../support/channelServer';
import { eventually } from '../support/eventually';
import { dropSchema, freshSchema, requirePostgres } from '../support/postgres';
import { freePort, SmtpTestServer } from '../support/smtpTestServer';
import { TeamsUser } from '../support/teamsUser';

/** The docs' receiver, exactly as docs/integrations.md shows it. */
const EXAMPLE_FILE = path.join(REPO_ROOT, 'docs', 'examples', 'webhookReceiver.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const example = require(EXAMPLE_FILE) as {
  verify(secret: string, timestamp: unknown, signature: unknown, body: string, nowMs?: number): boolean;
  receiver(secret: string, onEvent: (event: any) => void): http.Server;
};

const SECRET = 'a-webhook-secret-for-tests-only';
const FAST_OUTBOX = {
  OUTBOX_POLL_MS: '100',
  OUTBOX_RETRY_BASE_MS: '100',
  OUTBOX_RETRY_MAX_MS: '300',
  OUTBOX_LEASE_MS: '2000',
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

interface Delivery {
  headers: http.IncomingHttpHeaders;
  body: string;
  event: any;
}

/** A webhook receiver on loopback that records every POST as it came, and answers what `answer` says. */
class RecordingReceiver {
  readonly deliveries: Delivery[] = [];
  answer: (delivery: Delivery, n: number) => Promise<number> | number = () => 200;
  private server: http.Server | undefined;
  port = 0;

  async start(port = 0): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const delivery = { headers: req.headers, body, event: JSON.parse(body) };
        this.deliveries.push(delivery);
        void Promise.resolve(this.answer(delivery, this.deliveries.length)).then((status) => {
          res.statusCode = status;
          res.end();
        });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  url(pathAndQuery = '/hooks'): string {
    return `http://127.0.0.1:${this.port}${pathAndQuery}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve) ?? resolve(undefined));
  }
}

async function submitChange(
  owner: TeamsUser,
  subscriptionId: string,
  partnerId: string,
  mode: 'attach' | 'change',
): Promise<void> {
  const enter = invokeCard(await owner.press('choose', { mode, subscriptionId }));
  const confirm = invokeCard(await owner.press('check', { ...findAction(enter, 'Check ID').data, partnerId }));
  invokeCard(await owner.press('submit', findAction(confirm, 'Submit').data));
}

async function submitRemove(owner: TeamsUser, subscriptionId: string): Promise<void> {
  const confirm = invokeCard(await owner.press('choose', { mode: 'remove', subscriptionId }));
  invokeCard(await owner.press('remove', findAction(confirm, 'Remove').data));
}

function assertSigned(d: Delivery): void {
  assert.match(String(d.headers['content-type']), /^application\/cloudevents\+json/);
  assert.match(String(d.headers['x-signature-timestamp']), /^\d+$/);
  assert.match(String(d.headers['x-signature-256']), /^sha256=[0-9a-f]{64}$/);
  assert.equal(
    example.verify(SECRET, d.headers['x-signature-timestamp'], d.headers['x-signature-256'], d.body),
    true,
    'signature',
  );
  assert.equal(
    example.verify(
      'another-secret-of-some-length',
      d.headers['x-signature-timestamp'],
      d.headers['x-signature-256'],
      d.body,
    ),
    false,
    'a bad secret verifies',
  );
  // The timestamp is signed too: the same body under another timestamp does not verify.
  const other = String(Number(d.headers['x-signature-timestamp']) - 1);
  assert.equal(
    example.verify(SECRET, other, d.headers['x-signature-256'], d.body),
    false,
    'another timestamp verifies',
  );
}

/** Runs the attach, change, remove scenario against a bot with the given store settings. */
function changeEventSuite(
  name: string,
  storeEnv: (ctx: Mocha.Context) => Record<string, string> | Promise<Record<string, string>>,
  cleanup: () => Promise<void> = async () => undefined,
) {
  describe(`change events to webhooks: ${name}`, () => {
    let env: Record<string, string>;
    let dataDir: string;
    let channel: ChannelServer;
    let smtp: SmtpTestServer;
    let recorder: RecordingReceiver;
    const servers: http.Server[] = [];
    const running: BotProcess[] = [];

    before(async function () {
      env = await storeEnv(this);
    });
    beforeEach(async () => {
      dataDir = tempDir();
      channel = await new ChannelServer().start();
      smtp = await SmtpTestServer.onFreePort();
      await smtp.start();
      recorder = await new RecordingReceiver().start();
    });
    afterEach(async () => {
      for (const bot of running.splice(0)) await bot.stop('SIGKILL');
      for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
      await recorder.stop();
      await smtp.stop();
      await channel.close();
      rmSync(dataDir, { recursive: true, force: true });
      await cleanup();
    });

    const start = async (urls: string[], extra: Record<string, string> = {}) => {
      const bot = await startBotProcess({
        DATA_DIR: dataDir,
        SMTP_URL: smtp.url,
        WEBHOOK_URLS: urls.join(','),
        WEBHOOK_SECRET: SECRET,
        ...FAST_OUTBOX,
        ...env,
        ...extra,
      });
      running.push(bot);
      return bot;
    };

    it('posts attach, change and remove of one subscription in order, each signed, to every receiver', async () => {
      // The docs' receiver, as it is, and a second receiver that records the raw requests.
      const processed: any[] = [];
      const readme = example.receiver(SECRET, (event) => processed.push(event));
      servers.push(readme);
      await new Promise<void>((resolve) => readme.listen(0, '127.0.0.1', resolve));
      const readmeUrl = `http://127.0.0.1:${(readme.address() as AddressInfo).port}/events`;
      const bot = await start([readmeUrl, recorder.url('/hooks?token=abc')]);
      const owner = new TeamsUser(bot.url, channel.url, DEMO.contoso, DEMO.users.owner, 'Ada Owner');

      await submitChange(owner, DEMO.subscriptions.crm, DEMO.partners.wingtip, 'attach');
      await submitChange(owner, DEMO.subscriptions.crm, DEMO.partners.litware, 'change');
      await submitRemove(owner, DEMO.subscriptions.crm);

      await eventually(() => assert.equal(processed.length, 3), 15_000);
      await eventually(() => assert.equal(recorder.deliveries.length, 3), 15_000);
      const events = recorder.deliveries.map((d) => d.event);
      assert.deepEqual(processed, events, 'both receivers got the same events');
      assert.deepEqual(
        events.map((e) => e.type),
        [
          'com.partnerofrecord.assignment.attached',
          'com.partnerofrecord.assignment.changed',
          'com.partnerofrecord.assignment.removed',
        ],
      );
      for (const d of recorder.deliveries) assertSigned(d);
      for (const e of events) {
        assert.match(e.id, UUID);
        assert.equal(e.specversion, '1.0');
        assert.equal(e.source, `/tenants/${DEMO.contoso}/subscriptions/${DEMO.subscriptions.crm}`);
        assert.equal(e.datacontenttype, 'application/json');
        assert.ok(!Number.isNaN(Date.parse(e.time)));
      }
      assert.equal(new Set(events.map((e) => e.id)).size, 3);
      const tenant = { id: DEMO.contoso, name: events[0].data.tenant.name };
      const subscription = events[0].data.subscription;
      assert.equal(subscription.id, DEMO.subscriptions.crm);
      assert.ok(tenant.name && subscription.name && subscription.service);
      const actor = { id: DEMO.users.owner, name: 'Ada Owner' };
      const wingtip = { partnerId: DEMO.partners.wingtip, name: 'Wingtip Partners' };
      const litware = { partnerId: DEMO.partners.litware, name: events[1].data.newPartner.name };
      assert.deepEqual(
        events.map((e) => e.data),
        [
          { tenant, subscription, oldPartner: null, newPartner: wingtip, actor, version: 1 },
          { tenant, subscription, oldPartner: wingtip, newPartner: litware, actor, version: 2 },
          { tenant, subscription, oldPartner: litware, newPartner: null, actor, version: 3 },
        ],
      );
      // Nothing more comes: one event per change and receiver.
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(recorder.deliveries.length, 3);
    });

    it("delivers an event its receiver refused three times, with the same id each time, without holding back the email or the owner's notice", async () => {
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      // The first POST hangs until released, then it and the next two get 500; the fourth 200.
      recorder.answer = async (_d, n) => {
        if (n === 1) await released;
        return n <= 3 ? 500 : 200;
      };
      const bot = await start([recorder.url()]);
      const owner = new TeamsUser(bot.url, channel.url, DEMO.contoso, DEMO.users.owner, 'Ada Owner');
      await submitChange(owner, DEMO.subscriptions.ax7, DEMO.partners.wingtip, 'attach');

      // The email and the owner's "was notified" go out while the receiver still has not answered.
      await smtp.waitForCount(1);
      await channel.waitFor(
        () => channel.messages(owner.conversationId).some((m) => /was notified/.test(m.activity.text ?? '')),
        10_000,
      );
      assert.equal(recorder.deliveries.length, 1, 'the first POST is still waiting for its answer');
      release();

      await eventually(() => assert.equal(recorder.deliveries.length, 4), 15_000);
      const ids = recorder.deliveries.map((d) => d.event.id);
      assert.equal(new Set(ids).size, 1, 'every redelivery has the same id');
      for (const d of recorder.deliveries) assertSigned(d);
      // Deduplicated by id, the receiver processes it once.
      const seen = new Set<string>();
      const processed = recorder.deliveries.filter((d) => !seen.has(d.event.id) && seen.add(d.event.id));
      assert.equal(processed.length, 1);
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(recorder.deliveries.length, 4, 'nothing more after the 2xx');
    });

    it('delivers the event of a Submit acknowledged just before the process was killed', async () => {
      // The receiver is not there while the first process runs: nothing can be delivered before the kill.
      const port = await freePort();
      const first = await start([`http://127.0.0.1:${port}/hooks`]);
      const owner = new TeamsUser(first.url, channel.url, DEMO.contoso, DEMO.users.owner, 'Ada Owner');
      await submitChange(owner, DEMO.subscriptions.intune, DEMO.partners.tailspin, 'attach');
      await first.stop('SIGKILL');

      const late = await new RecordingReceiver().start(port);
      try {
        await start([`http://127.0.0.1:${port}/hooks`]);
        await eventually(() => assert.ok(late.deliveries.length >= 1), 15_000);
        const [d] = late.deliveries;
        assertSigned(d!);
        assert.equal(d!.event.type, 'com.partnerofrecord.assignment.attached');
        assert.equal(d!.event.data.subscription.id, DEMO.subscriptions.intune);
        assert.equal(new Set(late.deliveries.map((x) => x.event.id)).size, 1);
      } finally {
        await late.stop();
      }
    });
  });
}

changeEventSuite('SQLite store', () => ({}));

let pgSchema = '';
let pgUrl = '';
changeEventSuite(
  'PostgreSQL store (TEST_DATABASE_URL)',
  (ctx) => {
    pgUrl = requirePostgres(ctx);
    pgSchema = freshSchema();
    return { STORE: 'postgres', DATABASE_URL: pgUrl, DATABASE_SCHEMA: pgSchema };
  },
  async () => {
    if (pgUrl && pgSchema) await dropSchema(pgUrl, pgSchema);
  },
);

describe('change events: a failing receiver in /healthz and the log', () => {
  let dataDir: string;
  let recorder: RecordingReceiver;
  let bot: BotProcess | undefined;
  let channel: ChannelServer;

  beforeEach(async () => {
    dataDir = tempDir();
    channel = await new ChannelServer().start();
    recorder = await new RecordingReceiver().start();
  });
  afterEach(async () => {
    await bot?.stop('SIGKILL');
    await recorder.stop();
    await channel.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows a receiver that keeps failing as failing (without its query string), logs it once, and again once when it recovers', async () => {
    let failing = true;
    recorder.answer = () => (failing ? 500 : 204);
    bot = await startBotProcess({
      DATA_DIR: dataDir,
      WEBHOOK_URLS: recorder.url('/hooks?token=secret-token'),
      WEBHOOK_SECRET: SECRET,
      ...FAST_OUTBOX,
    });
    const owner = new TeamsUser(bot.url, channel.url, DEMO.contoso, DEMO.users.owner, 'Ada Owner');
    await submitChange(owner, DEMO.subscriptions.ems, DEMO.partners.wingtip, 'attach');

    const health = async () => {
      const res = await fetch(new URL('/healthz', bot!.url));
      return { status: res.status, body: (await res.json()) as any };
    };
    await eventually(async () => {
      const { status, body } = await health();
      assert.equal(status, 200);
      assert.deepEqual(body, {
        status: 'ok',
        store: 'open',
        webhooks: [{ url: recorder.url('/hooks'), failing: true, pending: 1, lastError: 'the receiver answered 500' }],
      });
    }, 15_000);
    await eventually(() => assert.ok(recorder.deliveries.length >= 6), 15_000);
    const failingLines = bot
      .output()
      .split('\n')
      .filter((l) => l.includes('webhook receiver failing'));
    assert.equal(failingLines.length, 1, 'logged once, not at every attempt');
    assert.ok(!failingLines[0]!.includes('secret-token'), 'the query string is not logged');

    failing = false;
    await eventually(async () => {
      assert.deepEqual((await health()).body.webhooks, [
        { url: recorder.url('/hooks'), failing: false, pending: 0, lastError: null },
      ]);
    }, 15_000);
    await eventually(
      () =>
        assert.equal(
          bot!
            .output()
            .split('\n')
            .filter((l) => l.includes('webhook receiver recovered')).length,
          1,
        ),
      5_000,
    );
    assert.ok(!bot.output().includes(SECRET), 'the secret is never logged');
  });
});

describe('change events: configuration', () => {
  it('refuses at start a receiver that is neither https nor on this machine, naming it', async () => {
    const run = await runBotToExit({
      WEBHOOK_URLS: 'https://hooks.example/a,http://hooks.example/b?token=x',
      WEBHOOK_SECRET: SECRET,
    });
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /WEBHOOK_URLS: http:\/\/hooks\.example\/b must use https: \(http is allowed only to this machine/,
    );
    assert.ok(!run.stderr.includes('token=x'));
  });

  it('refuses receivers without a secret', async () => {
    const run = await runBotToExit({ WEBHOOK_URLS: 'https://hooks.example/a' });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /WEBHOOK_SECRET: WEBHOOK_URLS needs WEBHOOK_SECRET/);
  });

  it('accepts https anywhere and http to loopback; refuses credentials in a URL, a URL named twice and a short secret', () => {
    const ok = loadConfig({
      WEBHOOK_URLS: 'https://hooks.example/a?x=1, http://localhost:8080/b,http://[::1]:9/c',
      WEBHOOK_SECRET: SECRET,
    });
    assert.deepEqual(ok.WEBHOOK_URLS, ['https://hooks.example/a?x=1', 'http://localhost:8080/b', 'http://[::1]:9/c']);
    assert.deepEqual(loadConfig({}).WEBHOOK_URLS, []);
    assert.throws(
      () => loadConfig({ WEBHOOK_URLS: 'https://user:pw@hooks.example/a', WEBHOOK_SECRET: SECRET }),
      /put no credentials in the URL/,
    );
    assert.throws(
      () => loadConfig({ WEBHOOK_URLS: 'https://hooks.example/a,https://hooks.example/a', WEBHOOK_SECRET: SECRET }),
      /named twice/,
    );
    assert.throws(
      () => loadConfig({ WEBHOOK_URLS: 'ftp://hooks.example/a', WEBHOOK_SECRET: SECRET }),
      /must be an https:\/\/ address/,
    );
    assert.throws(
      () => loadConfig({ WEBHOOK_URLS: 'https://hooks.example/a', WEBHOOK_SECRET: 'short' }),
      /WEBHOOK_SECRET: at least 16 characters/,
    );
  });
});

describe('change events: the docs', () => {
  it('shows the receiver example exactly as docs/examples/webhookReceiver.js has it', () => {
    const readme = readFileSync(path.join(REPO_ROOT, 'docs', 'integrations.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Change events (webhooks)'));
    assert.ok(section.length > 0, 'docs/integrations.md has a "Change events (webhooks)" section');
    const block = /```js\n([\s\S]*?)```/.exec(section);
    assert.ok(block, 'the section has a js code block');
    assert.equal(block[1], readFileSync(EXAMPLE_FILE, 'utf8'));
  });
});
