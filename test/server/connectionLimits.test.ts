import assert from 'node:assert/strict';
import net from 'node:net';
import { ChannelServer } from '../support/channelServer';
import { startBot, DEMO, type BotUnderTest } from '../support/botUnderTest';
import { eventually } from '../support/eventually';
import { TeamsUser } from '../support/teamsUser';

/** A raw connection to the bot, to send a request as slowly as a misbehaving client would. */
interface RawConnection {
  socket: net.Socket;
  /** Everything the server sent. */
  received: () => string;
  /** Resolves with the milliseconds from connecting until the server closed the connection. */
  closed: Promise<number>;
  isClosed: () => boolean;
  /** Writes `chunk` now and again every `everyMs` (until closed); returns a function that stops it. */
  trickle: (chunk: string, everyMs: number) => () => void;
}

function connect(bot: BotUnderTest): Promise<RawConnection> {
  const { port } = new URL(bot.url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1');
    const started = Date.now();
    let data = '';
    let closed = false;
    const timers: NodeJS.Timeout[] = [];
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (data += chunk));
    // A reset by the server is one way of closing; the test reads the close itself.
    socket.on('error', () => undefined);
    const closedAt = new Promise<number>((done) =>
      socket.once('close', () => {
        closed = true;
        timers.forEach(clearInterval);
        done(Date.now() - started);
      }),
    );
    socket.once('connect', () =>
      resolve({
        socket,
        received: () => data,
        closed: closedAt,
        isClosed: () => closed,
        trickle(chunk, everyMs) {
          const send = () => !closed && socket.write(chunk);
          send();
          const timer = setInterval(send, everyMs);
          timers.push(timer);
          return () => clearInterval(timer);
        },
      }),
    );
    socket.once('error', reject);
  });
}

const within = (ms: number, closed: Promise<number>) =>
  Promise.race([closed, new Promise<number>((resolve) => setTimeout(() => resolve(Number.POSITIVE_INFINITY), ms).unref())]);

describe('server: connection limits', () => {
  let bot: BotUnderTest | undefined;
  const sockets: net.Socket[] = [];
  afterEach(async () => {
    sockets.splice(0).forEach((s) => s.destroy());
    await bot?.stop();
    bot = undefined;
  });
  async function open(b: BotUnderTest): Promise<RawConnection> {
    const connection = await connect(b);
    sockets.push(connection.socket);
    return connection;
  }

  it('closes a POST /api/messages whose body trickles in, within the request timeout', async () => {
    bot = await startBot({ env: { REQUEST_TIMEOUT_MS: '3000' } });
    const c = await open(bot);
    c.socket.write(
      'POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n',
    );
    c.trickle('{', 2000);
    const ms = await within(6000, c.closed);
    assert.ok(ms < 6000, 'the server still held the connection after 6 s');
    assert.ok(ms >= 2500, `closed after ${ms} ms, before the request timeout`);
    assert.match(c.received(), /^HTTP\/1\.1 408 /);
  });

  it('closes a connection whose headers trickle in, within the headers timeout (half the request timeout)', async () => {
    bot = await startBot({ env: { REQUEST_TIMEOUT_MS: '4000' } });
    const c = await open(bot);
    c.socket.write('POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    c.trickle('X-Slow: a\r\n', 400);
    const ms = await within(4000, c.closed);
    assert.ok(ms < 3500, `the headers took ${ms} ms and were still accepted`);
    assert.ok(ms >= 1500, `closed after ${ms} ms, before the headers timeout`);
    assert.match(c.received(), /^HTTP\/1\.1 408 /);
  });

  it('closes a connection that never sends a byte, within the headers timeout', async () => {
    bot = await startBot({ env: { REQUEST_TIMEOUT_MS: '2000' } });
    const c = await open(bot);
    const ms = await within(3000, c.closed);
    assert.ok(ms < 3000, 'a silent connection was held past the headers timeout');
  });

  it('holds MAX_CONNECTIONS connections and closes the ones beyond at once; a freed place serves a request', async () => {
    bot = await startBot({ env: { MAX_CONNECTIONS: '3', REQUEST_TIMEOUT_MS: '20000' } });
    const held = [await open(bot), await open(bot), await open(bot)];
    // Each has started a request, so the server counts it as it would a slow client's.
    for (const c of held) c.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    await eventually(async () => {
      const count = await new Promise<number>((resolve, reject) =>
        bot!.app.server.server.getConnections((err, n) => (err ? reject(err) : resolve(n))),
      );
      assert.equal(count, 3);
    });

    const beyond = await Promise.all([open(bot), open(bot)]);
    for (const c of beyond) assert.ok((await within(1000, c.closed)) < 1000, 'a connection beyond the cap was kept');
    assert.ok(held.every((c) => !c.isClosed()), 'the earlier connections are still held');

    // The held ones finish their requests and are answered, then one leaves: a new client gets its place.
    for (const c of held) c.socket.write('\r\n');
    await eventually(() => assert.ok(held.every((c) => /^HTTP\/1\.1 200 /.test(c.received()))));
    held[0]!.socket.destroy();
    await held[0]!.closed;
    const res = await fetch(`${bot.url}/healthz`, { headers: { connection: 'close' } });
    assert.equal(res.status, 200);
  });

  it('still answers an ordinary conversation with the limits set', async () => {
    const channel = await new ChannelServer().start();
    try {
      bot = await startBot({ env: { MAX_CONNECTIONS: '8', REQUEST_TIMEOUT_MS: '3000' } });
      const owner = new TeamsUser(bot.url, channel.url, DEMO.contoso, DEMO.users.owner, 'Ada Owner');
      const res = await owner.say('status');
      assert.ok(res.status === 200 || res.status === 201, `answered ${res.status}`);
      await eventually(() => assert.ok(channel.messages(owner.conversationId).length > 0, 'the bot replied'));
    } finally {
      await channel.close();
    }
  });
});
