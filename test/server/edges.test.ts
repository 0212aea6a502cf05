import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chatWithBot, startBot, DEMO, type BotUnderTest } from '../support/botUnderTest';
import { startBotProcess } from '../support/botProcess';
import { postActivity, TeamsUser } from '../support/teamsUser';

/** A complete Submit of the attach flow, as a plain HTML form on another site could post it (no preflight). */
function formEncodedSubmit(owner: TeamsUser): string {
  const fields: Record<string, string> = {
    type: 'invoke',
    name: 'adaptiveCard/action',
    channelId: 'msteams',
    serviceUrl: owner.serviceUrl,
    'from[id]': 'x',
    'from[aadObjectId]': DEMO.users.owner,
    'recipient[id]': 'bot',
    'conversation[id]': owner.conversationId,
    'conversation[tenantId]': DEMO.contoso,
    'value[action][type]': 'Action.Execute',
    'value[action][verb]': 'submit',
    'value[action][data][mode]': 'attach',
    'value[action][data][subscriptionId]': DEMO.subscriptions.crm,
    'value[action][data][version]': '0',
    'value[action][data][partnerId]': DEMO.partners.wingtip,
    'value[action][data][actionId]': '6f1e2d9c-4b7a-4e30-8d2f-1a2b3c4d5e6f',
  };
  return new URLSearchParams(fields).toString();
}

async function post(url: string, body: string | Buffer, contentType: string | null) {
  const res = await fetch(url, { method: 'POST', headers: contentType ? { 'content-type': contentType } : {}, body });
  return { status: res.status, text: await res.text() };
}

describe('server: the edges take JSON activities only, and refuse anything else with a 4xx', () => {
  const chat = chatWithBot({ unchanged: true });
  let bot: BotUnderTest;
  let owner: TeamsUser;
  beforeEach(() => {
    ({ bot, owner } = chat);
  });
  afterEach(() => assert.equal(chat.channel.received.length, 0, 'the bot posted to the channel'));

  it('refuses a form-encoded Submit (a cross-site HTML form) with 415, changing nothing', async () => {
    const answer = await post(`${bot.url}/api/messages`, formEncodedSubmit(owner), 'application/x-www-form-urlencoded');
    assert.equal(answer.status, 415);
    assert.deepEqual(JSON.parse(answer.text), {
      error: { code: 'unsupportedMediaType', message: 'Send the body as application/json.' },
    });
    for (const type of ['text/plain', 'multipart/form-data; boundary=x', null]) {
      assert.equal(
        (
          await post(
            `${bot.url}/api/messages`,
            JSON.stringify(owner.activity({ type: 'message', text: 'status' })),
            type,
          )
        ).status,
        415,
        String(type),
      );
    }
  });

  const malformed: [string, unknown][] = [
    ['an empty object', {}],
    ['a numeric type', { type: 123 }],
    ['an array', []],
    ['null', null],
  ];
  for (const [what, body] of malformed) {
    it(`answers ${what} with 400`, async () => {
      const answer = await postActivity(bot.url, JSON.stringify(body));
      assert.equal(answer.status, 400);
      assert.equal(answer.body.error.code, 'badActivity');
    });
  }

  it('answers activities with fields of the wrong type with 400, naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ serviceUrl: 12345 }, 'serviceUrl'],
      [{ serviceUrl: 'javascript:alert(1)' }, 'serviceUrl'],
      [{ from: 'someone' }, 'from'],
      [{ conversation: null }, 'conversation'],
      [{ type: 'conversationUpdate', membersAdded: null }, 'membersAdded'],
      [{ type: 'conversationUpdate', membersAdded: { id: 'bot' } }, 'membersAdded'],
      [{ type: 'conversationUpdate', membersAdded: [null] }, 'membersAdded.0'],
      [{ channelData: 'x' }, 'channelData'],
    ];
    for (const [fields, field] of cases) {
      const answer = await postActivity(bot.url, owner.activity({ type: 'message', text: 'status', ...fields }));
      assert.equal(answer.status, 400, JSON.stringify(fields));
      assert.equal(answer.body.error.message, `The activity is malformed (${field}).`);
    }
  });

  it('answers a deeply nested body with 400 and keeps __proto__ keys out of what it reads', async () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    assert.equal((await postActivity(bot.url, deep)).status, 400);
    const nested = JSON.stringify(owner.activity({ type: 'message', text: 'status', value: { a: 1 } })).replace(
      '"value":{',
      '"value":{"__proto__":{"polluted":true},',
    );
    const answer = await postActivity(bot.url, nested);
    assert.equal(answer.status, 200);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    chat.channel.clear();
  });

  it('in local anonymous mode, refuses an activity whose serviceUrl is not on this machine, and posts nothing there', async () => {
    const elsewhere = new TeamsUser(bot.url, 'https://smba.trafficmanager.net/emea/', DEMO.contoso, DEMO.users.owner);
    const answer = await elsewhere.say('status');
    assert.equal(answer.status, 403);
    assert.equal(answer.body.error.code, 'notLocal');
    assert.equal(
      await bot.app.ports.store.getReference(DEMO.contoso, DEMO.users.owner),
      null,
      'no conversation reference stored for it',
    );
  });
});

describe('server: multipart and form bodies are never parsed or written to disk', () => {
  it('answers multipart uploads to the bot and the tab API with 415 and leaves the temp folder empty', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'por-tmp-'));
    const bot = await startBotProcess({ TMPDIR: tmp, DATA_DIR: path.join(tmp, 'data') });
    try {
      const boundary = '----por-test-boundary';
      const upload = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
        ),
        Buffer.alloc(1024 * 1024, 0x61),
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      for (const route of [
        '/api/messages',
        '/api/tab/dev/sign-in',
        `/api/tab/subscriptions/${DEMO.subscriptions.crm}/attach`,
      ]) {
        const answer = await post(`${bot.url}${route}`, upload, `multipart/form-data; boundary=${boundary}`);
        assert.equal(answer.status, 415, route);
      }
      // tsx keeps its compile cache there too; nothing else may appear.
      assert.deepEqual(
        readdirSync(tmp).filter((f) => f !== 'data' && !f.startsWith('tsx-')),
        [],
        'nothing was written to the temp folder',
      );
    } finally {
      await bot.stop();
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

describe('server: local anonymous mode stays on this machine', () => {
  /** The address the bot said it listens on, from its start-up log line. */
  const listeningUrl = (output: string) => new URL(/"url":"([^"]+)"/.exec(output)![1]!);

  it('listens on 127.0.0.1 by default, on every interface with an app id, and warns loudly when HOST opens it up', async () => {
    const local = await startBotProcess({});
    try {
      assert.equal(listeningUrl(local.output()).hostname, '127.0.0.1');
    } finally {
      await local.stop();
    }
    const production = await startBotProcess({
      MicrosoftAppId: '11111111-2222-4333-8444-555555555555',
      MicrosoftAppPassword: 'not-a-real-secret',
      ALLOW_DEMO_SEED: 'true',
      MAIL_TRANSPORT: 'file',
    });
    try {
      assert.match(listeningUrl(production.output()).hostname, /^(\[::\]|0\.0\.0\.0)$/);
    } finally {
      await production.stop();
    }
    const opened = await startBotProcess({ HOST: '0.0.0.0' });
    try {
      assert.equal(listeningUrl(opened.output()).hostname, '0.0.0.0');
      assert.match(
        opened.output(),
        /HOST=0\.0\.0\.0 IN LOCAL ANONYMOUS MODE: anyone who can reach this address can act as any person/,
      );
    } finally {
      await opened.stop();
    }
  });

  it("hands out dev sign-ins only to the bot's own page on this machine (no DNS rebinding, no other site)", async () => {
    const bot = await startBot();
    const port = new URL(bot.url).port;
    /** node:http, which (unlike fetch) lets a test send another Host header, as a rebound DNS name would. */
    const get = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port, path: '/api/tab/dev/users', headers }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
    try {
      assert.equal(await get({ host: `localhost:${port}` }), 200);
      assert.equal(
        await get({ host: `127.0.0.1:${port}`, origin: `http://127.0.0.1:${port}`, 'sec-fetch-site': 'same-origin' }),
        200,
      );
      assert.equal(await get({ host: `attacker.example:${port}` }), 403, 'a rebound host name');
      assert.equal(
        await get({ host: `localhost:${port}`, origin: 'https://attacker.example' }),
        403,
        "another site's page",
      );
      assert.equal(await get({ host: `localhost:${port}`, 'sec-fetch-site': 'cross-site' }), 403);
      const signIn = await fetch(`${bot.url}/api/tab/dev/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'https://attacker.example' },
        body: JSON.stringify({ tenantId: DEMO.contoso, aadObjectId: DEMO.users.owner }),
      });
      assert.equal(signIn.status, 403);
    } finally {
      await bot.stop();
    }
  });
});
