import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import pino from 'pino';
import { startBot, DEMO, type BotUnderTest } from '../support/botUnderTest';
import { ChannelServer } from '../support/channelServer';
import { storeSnapshot } from '../support/storeSnapshot';

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
const VERBS = ['start', 'choose', 'check', 'editId', 'submit', 'remove', 'dismissNudge', 'cancel', 'status', 'help', 'welcome', 'nope', '__proto__', 'constructor', 'toString'];
const TEXTS = ['add partner', 'change partner', 'remove partner', 'status', 'help', 'hi', 'cancel', '1234567', ' 2345678 ', '１２３４５６７'];

/** Values of the wrong kind, of every shape JSON can carry, and a few that have bitten parsers before. */
const wild: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 20_000, maxLength: 40_000 }) },
  { weight: 1, arbitrary: fc.constantFrom(null, 0, -1, 1e308, NaN, '', ' ', '\u202e', '\u0000', [], {}, true) },
  { weight: 1, arbitrary: fc.constant(JSON.parse('{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}')) },
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

function baseActivity(tenantId: string, aadObjectId: string | undefined, serviceUrl: string, conversationId: string): Record<string, unknown> {
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
  const message = fc.record({ type: fc.constant('message'), text: maybe(fc.oneof(fc.constantFrom(...TEXTS), fc.string({ unit: 'grapheme', maxLength: 60 }))) });
  const invoke = fc.record({
    type: fc.constant('invoke'),
    name: maybe(fc.constantFrom('adaptiveCard/action', 'task/fetch', 'signin/verifyState')),
    value: maybe(fc.record({ action: maybe(fc.record({ type: maybe(fc.constant('Action.Execute')), verb: maybe(fc.constantFrom(...VERBS)), data: maybe(cardData) })), trigger: maybe(fc.constantFrom('manual', 'automatic')) })),
  });
  const update = fc.record({ type: fc.constant('conversationUpdate'), membersAdded: maybe(fc.constant([{ id: '28:bot-app-id' }])) });
  const other = fc.record({ type: fc.constantFrom('installationUpdate', 'messageReaction', 'typing', 'event', 'endOfConversation', '') });
  const body = fc.oneof(message, invoke, update, other);

  const activity = fc.tuple(who, conversation, body).map(([[tenantId, oid], convo, fields]) => ({ ...baseActivity(tenantId, oid, serviceUrl, convo), ...fields }));
  const keys = ['type', 'serviceUrl', 'from', 'recipient', 'conversation', 'channelData', 'channelId', 'value', 'text', 'membersAdded'];
  const broken = fc.tuple(activity, fc.constantFrom(...keys), wild, fc.constantFrom('replace', 'drop', 'keep')).map(([a, key, value, how]) => {
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
      for (const line of chunk.toString().split('\n')) if (line.includes('"level":50') || line.includes('"level":60')) errors.push(line);
      done();
    },
  });
  return { log: pino({ level: 'warn' }, sink), errors };
}

async function post(url: string, body: string): Promise<number> {
  const res = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  await res.arrayBuffer();
  return res.status;
}

for (const mode of ['local anonymous mode', 'production mode (tokens required)'] as const) {
  describe(`fuzz: ${mode}, ${RUNS} broken activities (seed ${SEED})`, function () {
    this.timeout(300_000);
    let channel: ChannelServer;
    let bot: BotUnderTest;
    let logged: ReturnType<typeof collectingLogger>;

    before(async () => {
      channel = await new ChannelServer().start();
      logged = collectingLogger();
      const env: Record<string, string> =
        mode === 'local anonymous mode' ? {} : { MicrosoftAppId: '11111111-2222-4333-8444-555555555555', MicrosoftAppPassword: 'not-a-real-secret' };
      bot = await startBot({ env, log: logged.log });
    });
    after(async () => {
      await bot.stop();
      await channel.close();
    });

    it('never answers 5xx, changes no assignment, audit entry or outbox message, logs no unhandled error, and stays healthy', async () => {
      const before = await Promise.all([storeSnapshot(bot.app.ports, DEMO.contoso), storeSnapshot(bot.app.ports, DEMO.northwind)]);
      const statuses = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(shapes(channel.url), async ({ activity, raw }) => {
          const status = await post(bot.url, raw ?? JSON.stringify(activity));
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          assert.ok(status < 500, `answered ${status}`);
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
      const after = await Promise.all([storeSnapshot(bot.app.ports, DEMO.contoso), storeSnapshot(bot.app.ports, DEMO.northwind)]);
      assert.deepEqual(after, before, 'assignments or audit changed');
      const [now, leaseUntil] = [1, 2].map((days) => new Date(Date.now() + days * 86_400_000).toISOString()) as [string, string];
      assert.equal((await bot.app.ports.store.claimDue(now, leaseUntil, 1000)).length, 0, 'an outbox message was written');
      assert.deepEqual(logged.errors, [], 'the bot logged errors');
      assert.equal((await fetch(`${bot.url}/healthz`)).status, 200);
      assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype was polluted');
      // The run reached the bot's logic, not only its front door.
      if (mode === 'local anonymous mode') assert.ok((statuses.get(200) ?? 0) > RUNS / 10, `too few accepted: ${JSON.stringify([...statuses])}`);
      else assert.ok((statuses.get(401) ?? 0) > RUNS / 10, `too few refused as unauthenticated: ${JSON.stringify([...statuses])}`);
    });
  });
}
