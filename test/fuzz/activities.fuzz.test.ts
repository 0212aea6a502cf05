import assert from 'node:assert/strict';
import { randomInt, randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import pino from 'pino';
import { rmSync } from 'node:fs';
import { BotFrameworkIdentity } from '../support/botFrameworkIdentity';
import { startBotProcess } from '../support/botProcess';
import { startBot, DEMO, tempDir } from '../support/botUnderTest';
import { ChannelServer } from '../support/channelServer';
import { requireOpenssl } from '../support/microsoftCloud/tls';
import { cardText, invokeCard } from '../support/cards';
import { storeRowsOnDisk, storeSnapshot } from '../support/storeSnapshot';
import { postActivity } from '../support/teamsUser';

/**
 * Activities and card payloads built from the shapes Teams sends, then broken: fields of the wrong type or
 * missing, huge and unicode strings, `__proto__` / `constructor` keys, deep nesting, text that is not JSON.
 * Every request goes to the real HTTP server. Properties: never a 5xx, no change to assignments, audit or
 * outbox, no unhandled error in the log, /healthz still answers. The people are everyone but an owner of the
 * tenant named in the activity, so any change written would be an authorization defect, not the fuzzer acting.
 *
 * Seeded: FUZZ_SEED=<n> replays a run (a failure prints its seed and the shrunk counterexample).
 */
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : randomInt(2 ** 31);
const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);

const NOT_OWNERS: [string, string | undefined][] = [
  [DEMO.contoso, DEMO.users.serviceAdmin],
  [DEMO.contoso, DEMO.users.coAdmin],
  [DEMO.contoso, DEMO.users.delegatedAdmin],
  [DEMO.contoso, DEMO.users.member],
  [DEMO.contoso, undefined],
  [DEMO.contoso, '9f8e7d6c-5b4a-4321-8fed-cba987654321'],
  // Each tenant's owner, in the other tenant: a cross-tenant identity must act on nothing.
  [DEMO.northwind, DEMO.users.owner],
  [DEMO.contoso, DEMO.users.northwindOwner],
];

const SUBSCRIPTIONS = Object.values(DEMO.subscriptions);
const PARTNER_IDS = Object.values(DEMO.partners);
const VERBS = [
  'start',
  'choose',
  'check',
  'editId',
  'submit',
  'remove',
  'dismissNudge',
  'cancel',
  'status',
  'help',
  'welcome',
  'nope',
  '__proto__',
  'constructor',
  'toString',
];
const TEXTS = [
  'add partner',
  'change partner',
  'remove partner',
  'status',
  'help',
  'hi',
  'cancel',
  '1234567',
  ' 2345678 ',
  '１２３４５６７',
];

/** Values of the wrong kind, of every shape JSON can carry, and a few that have bitten parsers before. */
const wild: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 20_000, maxLength: 40_000 }) },
  { weight: 1, arbitrary: fc.constantFrom(null, 0, -1, 1e308, NaN, '', ' ', '\u202e', '\u0000', [], {}, true) },
  {
    weight: 1,
    arbitrary: fc.constant(JSON.parse('{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}')),
  },
);

const maybe = <T>(good: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: good }, { weight: 1, arbitrary: wild });

const cardData = fc.record(
  {
    mode: maybe(fc.constantFrom('attach', 'change', 'remove')),
    subscriptionId: maybe(fc.constantFrom(...SUBSCRIPTIONS)),
    version: maybe(fc.integer({ min: -1, max: 3 })),
    partnerId: maybe(fc.constantFrom(...PARTNER_IDS, '12345', 'abcdefg')),
    actionId: maybe(fc.uuid()),
    page: maybe(fc.integer({ min: -2, max: 100 })),
  },
  { requiredKeys: [] },
);

interface Shape {
  activity: Record<string, unknown>;
  /** Text to send instead of the activity's JSON (broken JSON, or JSON that is not an object). */
  raw?: string;
}

function baseActivity(
  tenantId: string,
  aadObjectId: string | undefined,
  serviceUrl: string,
  conversationId: string,
): Record<string, unknown> {
  return {
    id: 'fuzz',
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    from: { id: `29:${aadObjectId ?? 'x'}`, name: 'Fuzz', ...(aadObjectId ? { aadObjectId } : {}) },
    recipient: { id: '28:bot-app-id', name: 'Partner of Record' },
    conversation: { id: conversationId, conversationType: 'personal', tenantId },
    channelData: { tenant: { id: tenantId } },
    locale: 'en-US',
  };
}

function shapes(serviceUrl: string): fc.Arbitrary<Shape> {
  const who = fc.constantFrom(...NOT_OWNERS);
  const conversation = fc.constantFrom('a:fuzz-1', 'a:fuzz-2', 'a:fuzz-3');
  const message = fc.record({
    type: fc.constant('message'),
    text: maybe(fc.oneof(fc.constantFrom(...TEXTS), fc.string({ unit: 'grapheme', maxLength: 60 }))),
  });
  const invoke = fc.record({
    type: fc.constant('invoke'),
    name: maybe(fc.constantFrom('adaptiveCard/action', 'task/fetch', 'signin/verifyState')),
    value: maybe(
      fc.record({
        action: maybe(
          fc.record({
            type: maybe(fc.constant('Action.Execute')),
            verb: maybe(fc.constantFrom(...VERBS)),
            data: maybe(cardData),
          }),
        ),
        trigger: maybe(fc.constantFrom('manual', 'automatic')),
      }),
    ),
  });
  const update = fc.record({
    type: fc.constant('conversationUpdate'),
    membersAdded: maybe(fc.constant([{ id: '28:bot-app-id' }])),
  });
  const install = fc.record({
    type: fc.constant('installationUpdate'),
    action: maybe(fc.constantFrom('add', 'add-upgrade', 'remove', 'remove-upgrade')),
  });
  const other = fc.record({
    type: fc.constantFrom('installationUpdate', 'messageReaction', 'typing', 'event', 'endOfConversation', ''),
  });
  const body = fc.oneof(message, invoke, update, install, other);

  const activity = fc
    .tuple(who, conversation, body)
    .map(([[tenantId, oid], convo, fields]) => ({ ...baseActivity(tenantId, oid, serviceUrl, convo), ...fields }));
  const keys = [
    'type',
    'serviceUrl',
    'from',
    'recipient',
    'conversation',
    'channelData',
    'channelId',
    'value',
    'text',
    'membersAdded',
    'action',
  ];
  const broken = fc
    .tuple(activity, fc.constantFrom(...keys), wild, fc.constantFrom('replace', 'drop', 'keep'))
    .map(([a, key, value, how]) => {
      const copy: Record<string, unknown> = { ...a };
      if (how === 'replace') copy[key] = value;
      if (how === 'drop') delete copy[key];
      return copy;
    });
  const raw = fc.oneof(
    fc.constantFrom('', '{', 'null', '[]', '"x"', '{"type":', `${'['.repeat(3000)}${']'.repeat(3000)}`),
    fc.string({ unit: 'binary', maxLength: 300 }),
    activity.map((a) => JSON.stringify(a).slice(0, -3)),
  );
  return fc.oneof(
    { weight: 6, arbitrary: broken.map((a) => ({ activity: a })) },
    { weight: 1, arbitrary: fc.tuple(activity, raw).map(([a, r]) => ({ activity: a, raw: r })) },
  );
}

/** Log lines the bot wrote at warn and above, to look for errors nobody handled. */
function collectingLogger(): { log: pino.Logger; errors: string[] } {
  const errors: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n'))
        if (line.includes('"level":50') || line.includes('"level":60')) errors.push(line);
      done();
    },
  });
  return { log: pino({ level: 'warn' }, sink), errors };
}

async function post(url: string, body: string, authorization: string | undefined): Promise<number> {
  const res = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body,
  });
  await res.arrayBuffer();
  return res.status;
}

/** A bot to fuzz, and how to read what it holds and what it logged. */
interface Target {
  url: string;
  channelUrl: string;
  /** The Authorization header for an activity, or none. */
  authorization(activity: Record<string, unknown>): Promise<string | undefined>;
  /** What the bot stores, less what any person may cause (conversation references, open questions). */
  state(): Promise<string>;
  loggedErrors(): string[];
  /** Most answers in this mode, to show the run got as far as it should. */
  expected: number;
  stop(): Promise<void>;
}

async function inProcessTarget(env: Record<string, string>, expected: number): Promise<Target> {
  const channel = await new ChannelServer().start();
  const logged = collectingLogger();
  const bot = await startBot({ env, log: logged.log });
  return {
    url: bot.url,
    channelUrl: channel.url,
    authorization: async () => undefined,
    state: async () => {
      const [now, leaseUntil] = [1, 2].map((days) => new Date(Date.now() + days * 86_400_000).toISOString()) as [
        string,
        string,
      ];
      const snapshots = await Promise.all([
        storeSnapshot(bot.app.ports, DEMO.contoso),
        storeSnapshot(bot.app.ports, DEMO.northwind),
      ]);
      // Claiming leases what it finds, so it is done last, once: any message found is a failure anyway.
      return JSON.stringify({ snapshots, outbox: (await bot.app.ports.store.claimDue(now, leaseUntil, 1000)).length });
    },
    loggedErrors: () => logged.errors,
    expected,
    async stop() {
      await bot.stop();
      await channel.close();
    },
  };
}

/** Production mode as deployed: a child process checking real signed tokens against a local identity server. */
async function productionTarget(): Promise<Target> {
  const identity = await new BotFrameworkIdentity({
    appId: FUZZ_APP_ID,
    appPassword: 'stand-in-fuzz-secret-7f3a',
  }).start();
  const channel = await new ChannelServer().start();
  const dataDir = tempDir('por-fuzz-');
  const bot = await startBotProcess({
    MicrosoftAppId: FUZZ_APP_ID,
    MicrosoftAppPassword: 'stand-in-fuzz-secret-7f3a',
    ...identity.botSettings(),
    NODE_EXTRA_CA_CERTS: identity.caPath,
    DATA_DIR: dataDir,
    ALLOW_DEMO_SEED: 'true',
    MAIL_TRANSPORT: 'file',
    // Info, because the start-up line is how the test learns the port; only errors are looked at.
    LOG_LEVEL: 'info',
    SYNC_INTERVAL_MINUTES: '600',
  });
  const unsettled = ['conversations', 'pending_prompts'];
  return {
    url: bot.url,
    channelUrl: channel.url,
    // A valid token for whatever serviceUrl the activity names; a broken one cannot be signed for, so none.
    authorization: async (activity) =>
      typeof activity.serviceUrl === 'string'
        ? `Bearer ${await identity.channelToken({ serviceUrl: activity.serviceUrl })}`
        : undefined,
    state: async () => storeRowsOnDisk(dataDir, unsettled),
    loggedErrors: () =>
      bot
        .output()
        .split('\n')
        .filter((line) => line.includes('"level":50') || line.includes('"level":60') || /^\s+at /.test(line)),
    expected: 200,
    async stop() {
      await bot.stop();
      await channel.close();
      await identity.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const FUZZ_APP_ID = '11111111-2222-4333-8444-555555555555';

const MODES: { name: string; start: () => Promise<Target>; needsOpenssl?: boolean }[] = [
  { name: 'local anonymous mode', start: () => inProcessTarget({}, 200) },
  {
    name: 'production mode, no valid token',
    start: () =>
      inProcessTarget(
        { MicrosoftAppId: FUZZ_APP_ID, MicrosoftAppPassword: 'not-a-real-secret', MAIL_TRANSPORT: 'file' },
        401,
      ),
  },
  { name: 'production mode, valid channel tokens (child process)', start: productionTarget, needsOpenssl: true },
];

for (const mode of MODES) {
  describe(`fuzz: ${mode.name}, ${RUNS} broken activities (seed ${SEED})`, function () {
    this.timeout(300_000);
    let target: Target;

    before(async function () {
      if (mode.needsOpenssl) await requireOpenssl(this);
      target = await mode.start();
    });
    after(async () => {
      await target?.stop();
    });

    it('never answers 5xx, changes nothing a stranger may not, logs no unhandled error, and stays healthy', async () => {
      const before = await target.state();
      const statuses = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(shapes(target.channelUrl), async ({ activity, raw }) => {
          const status = await post(target.url, raw ?? JSON.stringify(activity), await target.authorization(activity));
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          assert.ok(status < 500, `answered ${status}`);
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
      assert.equal(await target.state(), before, 'stored data changed');
      assert.deepEqual(target.loggedErrors(), [], 'the bot logged errors');
      assert.equal((await fetch(`${target.url}/healthz`)).status, 200);
      assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype was polluted');
      // The run reached as far into the bot as this mode allows, not only its front door.
      assert.ok(
        (statuses.get(target.expected) ?? 0) > RUNS / 10,
        `too few answered ${target.expected}: ${JSON.stringify([...statuses])}`,
      );
    });
  });
}

/** Runs of each property below: each run is a whole turn with a reply, so fewer than the broken activities above. */
const PROPERTY_RUNS = Math.max(1, Math.round(RUNS / 10));

/** Ids as a channel could send them: any code point (astral ones too), bidi marks, controls, half a surrogate pair. */
const anyId = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }) },
  {
    weight: 2,
    arbitrary: fc.string({
      unit: fc.constantFrom(
        'a',
        '9',
        ':',
        '%',
        '/',
        '?',
        '#',
        '+',
        ' ',
        '\u00e9',
        '\u4f1a',
        '\u{1F600}',
        '\u202e',
        '\u200f',
        '\u0000',
        '\u001b',
        '\u007f',
        '\u0085',
        '\ud83d',
      ),
      minLength: 1,
      maxLength: 12,
    }),
  },
);
/** What the edge refuses in an id: control characters (C0, DEL, C1) and unpaired surrogates. */
const REFUSED_IN_ID = /[\p{Cc}\p{Cs}]/u;

/** Whether a card's version is one the bot takes: an integer from 0, or its digits as text. */
const takenAsVersion = (v: unknown): boolean =>
  (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) ||
  (typeof v === 'string' && /^(0|[1-9][0-9]{0,9})$/.test(v));

describe(`fuzz: ids and card versions as properties (${PROPERTY_RUNS} runs each, seed ${SEED})`, function () {
  this.timeout(300_000);
  let channel: ChannelServer;
  let bot: Awaited<ReturnType<typeof startBot>>;
  let logged: ReturnType<typeof collectingLogger>;

  beforeEach(async () => {
    channel = await new ChannelServer().start();
    logged = collectingLogger();
    // Every run may be a change: the per-person limit (30 a minute) would answer most of them "slow down".
    bot = await startBot({ log: logged.log, env: { RATE_LIMIT_PER_USER_PER_MINUTE: '10000' } });
  });
  afterEach(async () => {
    await bot.stop();
    await channel.close();
  });

  it('an id with any unicode is either refused with 400 (control characters) or answered, with no error logged', async () => {
    const ids = fc.record({ conversation: fc.option(anyId), from: fc.option(anyId), activity: fc.option(anyId) });
    await fc.assert(
      fc.asyncProperty(ids, async (drawn) => {
        const conversationId = drawn.conversation ?? `a:fuzz-${randomUUID()}`;
        const activityId = drawn.activity ?? randomUUID();
        const fromId = drawn.from ?? `29:${DEMO.users.member}`;
        const activity = {
          ...baseActivity(DEMO.contoso, DEMO.users.member, channel.url, conversationId),
          id: activityId,
          from: { id: fromId, name: 'Fuzz', aadObjectId: DEMO.users.member },
          type: 'message',
          text: 'help',
        };
        const chatsBefore = (await bot.app.ports.store.listChats(null, 10_000)).length;
        channel.clear();
        const { status } = await postActivity(bot.url, activity);
        if ([conversationId, activityId, fromId].some((id) => REFUSED_IN_ID.test(id))) {
          assert.equal(status, 400);
          assert.equal(channel.received.length, 0, 'nothing sent');
          assert.equal((await bot.app.ports.store.listChats(null, 10_000)).length, chatsBefore, 'nothing stored');
        } else {
          assert.equal(status, 200);
          const reply = channel.messages(conversationId).find((r) => r.replyToId === activityId);
          assert.ok(reply, 'the reply reached the channel at the conversation id and activity id, each decoded once');
          assert.equal(reply.activity.recipient?.id, fromId);
        }
        assert.deepEqual(logged.errors, [], 'the bot logged errors');
      }),
      { numRuns: PROPERTY_RUNS, seed: SEED, endOnFailure: true },
    );
  });

  it('only a non-negative integer version can change anything; any other JSON value changes nothing', async () => {
    const version = fc.oneof(
      { weight: 2, arbitrary: fc.record({ current: fc.constant(true as const), asText: fc.boolean() }) },
      { weight: 3, arbitrary: fc.record({ value: fc.jsonValue({ maxDepth: 2 }) }) },
      {
        weight: 1,
        arbitrary: fc.record({
          value: fc.constantFrom(null, '', [], {}, false, true, -1, 1.5, 'abc', '1e0', ' 0', '00', 2 ** 31),
        }),
      },
    );
    const owner = () => ({ ...baseActivity(DEMO.contoso, DEMO.users.owner, channel.url, 'a:fuzz-versions') });
    await fc.assert(
      fc.asyncProperty(version, async (drawn) => {
        const subscriptionId = DEMO.subscriptions.crm;
        const [current] = [...(await bot.app.ports.store.getAssignments(DEMO.contoso, [subscriptionId])).values()];
        const currentVersion = current?.version ?? 0;
        const shown = 'current' in drawn ? (drawn.asText ? String(currentVersion) : currentVersion) : drawn.value;
        // Attach while there is no partner, remove while there is one: a version that is right changes something.
        const data = current?.partnerId
          ? { subscriptionId, version: shown, actionId: randomUUID() }
          : {
              mode: 'attach',
              subscriptionId,
              partnerId: DEMO.partners.wingtip,
              version: shown,
              actionId: randomUUID(),
            };
        const verb = current?.partnerId ? 'remove' : 'submit';
        const before = await storeSnapshot(bot.app.ports, DEMO.contoso);
        const card = invokeCard(
          await postActivity(bot.url, {
            ...owner(),
            id: randomUUID(),
            type: 'invoke',
            name: 'adaptiveCard/action',
            value: { action: { type: 'Action.Execute', id: randomUUID(), verb, data }, trigger: 'manual' },
          }),
        );
        const changed = (await storeSnapshot(bot.app.ports, DEMO.contoso)) !== before;
        if (takenAsVersion(shown) && Number(shown) === currentVersion) {
          assert.ok(
            changed,
            `${verb} at the current version ${JSON.stringify(shown)} changed nothing: ${cardText(card)}`,
          );
        } else {
          assert.ok(!changed, `${verb} with version ${JSON.stringify(shown)} changed the store`);
          assert.match(cardText(card), /changed since this card was shown/);
        }
        assert.deepEqual(logged.errors, [], 'the bot logged errors');
      }),
      { numRuns: PROPERTY_RUNS, seed: SEED, endOnFailure: true },
    );
  });
});
