import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { Writable } from 'node:stream';
import pino from 'pino';
import { ChannelServer } from '../support/channelServer';
import { DEMO, startBot, tempDir, type BotUnderTest } from '../support/botUnderTest';
import { cardText, findAction, invokeCard, lastSentCard } from '../support/cards';
import { dropSchema, freshSchema, requirePostgres } from '../support/postgres';
import { storeSnapshot } from '../support/storeSnapshot';
import { TeamsUser } from '../support/teamsUser';

/** A logger keeping every line at error level and above, to show nothing went wrong unseen. */
function errorLines(): { log: pino.Logger; errors: string[] } {
  const errors: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) if (JSON.parse(line).level >= 50) errors.push(line);
      done();
    },
  });
  return { log: pino({ level: 'warn' }, sink), errors };
}

/** Characters no channel sends in an id: C0 (NUL first), DEL, C1, and a half of a surrogate pair. */
const CONTROL = ['\u0000', '\u001b', '\u007f', '\u0085', '\ud83d'];

for (const store of ['sqlite', 'postgres'] as const) {
  describe(`conversation: whatever ids the channel sends (${store})`, () => {
    let url = '';
    let schema = '';
    let dir: string;
    let channel: ChannelServer;
    let bot: BotUnderTest;
    let errors: string[];
    let logged: ReturnType<typeof errorLines>;

    before(function () {
      if (store === 'postgres') url = requirePostgres(this);
    });
    beforeEach(async () => {
      dir = tempDir();
      channel = await new ChannelServer().start();
      logged = errorLines();
      errors = logged.errors;
      schema = freshSchema();
      bot = await start();
    });
    afterEach(async () => {
      await bot?.stop();
      await channel.close();
      rmSync(dir, { recursive: true, force: true });
      if (store === 'postgres') await dropSchema(url, schema);
    });

    /** The bot on this store; with `background`, delivering the outbox as `npm start` does. */
    async function start(background = false): Promise<BotUnderTest> {
      const env: Record<string, string> =
        store === 'postgres' ? { STORE: 'postgres', DATABASE_URL: url, DATABASE_SCHEMA: schema } : {};
      return startBot({ dataDir: dir, env: { ...env, OUTBOX_POLL_MS: '50' }, log: logged.log, background });
    }

    const owner = (conversationId?: string) =>
      new TeamsUser(bot.url, channel.url, DEMO.contoso, DEMO.users.owner, 'Ada Owner', conversationId);

    const ids: [string, string][] = [
      ['an emoji', 'a:personal-\u{1F600}-chat'],
      ['a bidi mark', 'a:\u202eesrever'],
      ['Latin-1 and CJK', 'a:caf\u00e9-\u4f1a\u8b70'],
      ['characters a URL path treats specially', 'a:x%41/y?z#w+v;=@'],
    ];
    for (const [what, conversationId] of ids) {
      it(`replies into a conversation whose id has ${what}, at that id encoded once, logging no error`, async () => {
        const ada = owner(conversationId);
        const sent = ada.activity({ type: 'message', text: 'status', id: `\u{1F4AC}${what}` });
        assert.equal((await ada.post(sent)).status, 200);
        const card = lastSentCard(channel, conversationId);
        assert.match(cardText(card), /Contoso/);
        const reply = channel.messages(conversationId).at(-1)!;
        assert.equal(reply.replyToId, sent.id, 'the reply names the activity it answers, decoded once');
        assert.deepEqual(errors, []);
      });
    }

    it('replies to a person whose user id has a bidi mark and an emoji, logging no error', async () => {
      const ada = owner();
      const from = { id: '29:\u202e\u{1F600}-user', name: 'Ada Owner', aadObjectId: DEMO.users.owner };
      assert.equal((await ada.post(ada.activity({ type: 'message', text: 'status', from }))).status, 200);
      assert.match(cardText(lastSentCard(channel, ada.conversationId)), /Contoso/);
      assert.equal(channel.messages(ada.conversationId).at(-1)!.activity.recipient.id, from.id);
      assert.deepEqual(errors, []);
    });

    it('sends a notice outside the turn into a conversation whose id has an emoji and a bidi mark', async () => {
      await bot.stop();
      bot = await start(true);
      const ada = owner('a:personal-\u{1F600}\u202e-chat');
      const enter = invokeCard(await ada.press('choose', { mode: 'attach', subscriptionId: DEMO.subscriptions.crm }));
      const confirm = invokeCard(
        await ada.press('check', { ...findAction(enter, 'Check ID').data, partnerId: DEMO.partners.wingtip }),
      );
      assert.match(
        cardText(invokeCard(await ada.press('submit', findAction(confirm, 'Submit').data))),
        /Partner of record attached/,
      );
      // The partner's email goes to the mail drop, then the owner is told it was not sent, proactively, in this chat.
      await channel.waitFor(
        () =>
          channel
            .messages(ada.conversationId)
            .some((m) => /written to the bot's mail folder and NOT sent/.test(m.activity.text ?? '')),
        10_000,
      );
      assert.deepEqual(errors, []);
    });

    it('answers 400 to ids with control characters or unpaired surrogates, stores nothing and replies nothing', async () => {
      const before = await storeSnapshot(bot.app.ports, DEMO.contoso);
      const ada = owner();
      const base = ada.activity({ type: 'message', text: 'status' }) as Record<string, any>;
      const variants: [string, (c: string) => Record<string, unknown>][] = [
        ['conversation.id', (c) => ({ conversation: { ...base.conversation, id: `a:chat${c}` } })],
        ['conversation.tenantId', (c) => ({ conversation: { ...base.conversation, tenantId: `${DEMO.contoso}${c}` } })],
        ['channelData.tenant.id', (c) => ({ channelData: { tenant: { id: `${DEMO.contoso}${c}` } } })],
        ['from.id', (c) => ({ from: { ...base.from, id: `29:user${c}` } })],
        ['from.aadObjectId', (c) => ({ from: { ...base.from, aadObjectId: `${DEMO.users.owner}${c}` } })],
        ['recipient.id', (c) => ({ recipient: { ...base.recipient, id: `28:bot${c}` } })],
        ['id', (c) => ({ id: `activity${c}` })],
        ['replyToId', (c) => ({ replyToId: `activity${c}` })],
      ];
      for (const control of CONTROL) {
        for (const [field, change] of variants) {
          const res = await ada.post({ ...base, ...change(control) });
          const label = `${field} with U+${control.charCodeAt(0).toString(16).padStart(4, '0')}`;
          assert.equal(res.status, 400, label);
          assert.equal(res.body?.error?.message, `The activity is malformed (${field}).`, label);
        }
      }
      assert.equal(channel.received.length, 0);
      assert.deepEqual(await bot.app.ports.store.listChats(null, 100), []);
      assert.equal(await storeSnapshot(bot.app.ports, DEMO.contoso), before);
      assert.deepEqual(errors, []);
    });
  });
}
