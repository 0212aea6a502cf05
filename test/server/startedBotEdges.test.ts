import assert from 'node:assert/strict';
import { readdirSync, readlinkSync, rmSync } from 'node:fs';
import net from 'node:net';
import { NPM_START, startBotProcess, type BotProcess } from '../support/botProcess';
import { DEMO, tempDir } from '../support/botUnderTest';
import { ChannelServer } from '../support/channelServer';
import { eventually } from '../support/eventually';
import { LocalIdentityProvider } from '../support/identityProvider';
import { freePort } from '../support/smtpTestServer';
import { SSO_APP_ID, SSO_AUDIENCE, SSO_BOT_DOMAIN } from '../support/ssoTab';
import { TeamsUser } from '../support/teamsUser';
import { notAnswering } from '../../bot/wording/refusals';

/** The sockets a process holds open (its listening socket included), read from /proc. */
function socketsOf(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).filter((fd) => {
    try {
      return readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:');
    } catch {
      return false; // closed while being read
    }
  }).length;
}

/** One request on a fresh connection; resolves with what the server sent once it has a whole status line. */
function rawRequest(port: number, request: string, keepOpen = false): Promise<{ head: string; socket: net.Socket }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let data = '';
    socket.setEncoding('utf8');
    socket.on('error', reject);
    socket.on('data', (chunk: string) => {
      data += chunk;
      if (/\r\n\r\n/.test(data)) {
        if (!keepOpen) socket.destroy();
        resolve({ head: data, socket });
      }
    });
    socket.write(request);
  });
}

const withDeadline = <T>(ms: number, what: string, work: Promise<T>) =>
  Promise.race([
    work,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} not within ${ms} ms`)), ms).unref()),
  ]);

/**
 * The server's edges against the bot as `npm start` runs it (compiled, in its own process): what one client can
 * hold, and input that must be refused before anything is stored or streamed.
 */
describe('server: edges of the bot as npm start runs it', function () {
  this.timeout(90_000);
  let dir: string;
  let channel: ChannelServer;
  let bot: BotProcess;
  let port: number;

  before(async () => {
    dir = tempDir();
    channel = await new ChannelServer().start();
    bot = await startBotProcess({ DATA_DIR: dir }, 60_000, NPM_START);
    port = Number(new URL(bot.url).port);
  });
  after(async () => {
    await bot?.stop();
    await channel?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const healthz = (connection: string) =>
    `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: ${connection}\r\n\r\n`;

  it('answers 300 upgrade requests as ordinary ones and keeps none of their sockets', async () => {
    const before = socketsOf(bot.child.pid!);
    for (let wave = 0; wave < 10; wave++) {
      const answers = await Promise.all(
        Array.from({ length: 30 }, () =>
          rawRequest(port, 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: x\r\n\r\n'),
        ),
      );
      for (const { head } of answers) assert.match(head, /^HTTP\/1\.1 200 /);
    }
    const { head } = await withDeadline(1000, '/healthz', rawRequest(port, healthz('close')));
    assert.match(head, /^HTTP\/1\.1 200 /);
    await eventually(() =>
      assert.ok(socketsOf(bot.child.pid!) <= before, `sockets: ${socketsOf(bot.child.pid!)} > ${before}`),
    );
  });

  it('serves a new client within 2 s while one client holds 256 idle kept-alive connections', async () => {
    const held: net.Socket[] = [];
    try {
      for (let i = 0; i < 256; i++) {
        const { head, socket } = await rawRequest(port, healthz('keep-alive'), true);
        assert.match(head, /^HTTP\/1\.1 200 /);
        held.push(socket);
      }
      const { head } = await withDeadline(2000, 'a new client', rawRequest(port, healthz('close')));
      assert.match(head, /^HTTP\/1\.1 200 /);
      // The connection idle longest made room.
      await eventually(() => assert.ok(held[0]!.destroyed || held[0]!.readableEnded));
    } finally {
      for (const s of held) s.destroy();
    }
  });

  it('refuses a since out of range with 400 before the download starts', async () => {
    const signIn = await fetch(`${bot.url}/api/tab/dev/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenantId: DEMO.contoso, aadObjectId: DEMO.users.owner }),
    });
    const { token } = (await signIn.json()) as { token: string };
    for (const since of ['9999-12-31T23:59:59-23:59', '0000-01-01T00:00:00+01:00']) {
      const res = await fetch(`${bot.url}/api/tab/history.csv?since=${encodeURIComponent(since)}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      assert.equal(res.status, 400, since);
      assert.match(((await res.json()) as { error: { message: string } }).error.message, /from year 0001 to 9999/);
    }
  });

  it('replies into a conversation whose id has an emoji and a bidi mark, and refuses a NUL in an id', async () => {
    const user = new TeamsUser(
      bot.url,
      channel.url,
      DEMO.contoso,
      DEMO.users.owner,
      'Ada',
      'a:personal-\u{1F600}\u202e-1',
    );
    assert.equal((await user.say('help')).status, 200);
    await channel.waitFor((received) => received.some((r) => r.conversationId === user.conversationId));

    const nul = new TeamsUser(bot.url, channel.url, DEMO.contoso, DEMO.users.owner, 'Ada', 'a:personal-\u0000');
    assert.equal((await nul.say('help')).status, 400);
    assert.doesNotMatch(bot.output(), /"level":50/);
  });
});

describe('server: the tab as npm start runs it, with the sign-in keys out of reach', function () {
  this.timeout(90_000);
  let dir: string;
  let idp: LocalIdentityProvider;
  let bot: BotProcess | undefined;

  before(async () => {
    dir = tempDir();
    idp = await new LocalIdentityProvider().start();
  });
  after(async () => {
    await bot?.stop();
    await idp?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 with the outage message, not 401, when nothing listens at the keys address', async () => {
    // Nothing listens at the keys address.
    const keysPort = await freePort();
    bot = await startBotProcess(
      {
        DATA_DIR: dir,
        HOST: '127.0.0.1',
        MicrosoftAppId: SSO_APP_ID,
        MicrosoftAppPassword: 'not-a-real-secret',
        MAIL_TRANSPORT: 'file',
        ALLOW_DEMO_SEED: 'true',
        BOT_DOMAIN: SSO_BOT_DOMAIN,
        TAB_SSO_JWKS_URL: `http://127.0.0.1:${keysPort}/keys`,
        TAB_SSO_ISSUERS: `${idp.base}/{tenantid}/v2.0`,
      },
      60_000,
      NPM_START,
    );
    const token = await idp.token({ tid: DEMO.contoso, oid: DEMO.users.owner, aud: SSO_AUDIENCE });
    const res = await fetch(`${bot.url}/api/tab/me`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 503);
    const outage = notAnswering('entra');
    assert.deepEqual(((await res.json()) as { error: unknown }).error, {
      code: 'upstreamUnavailable',
      message: outage.message,
      title: outage.title,
    });
  });
});
