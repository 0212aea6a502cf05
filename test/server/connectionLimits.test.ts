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
  Promise.race([
    closed,
    new Promise<number>((resolve) => setTimeout(() => resolve(Number.POSITIVE_INFINITY), ms).unref()),
  ]);

/** Resolves with what the server sent once `done` holds for it, or the server closed, or `ms` passed. */
function until(c: RawConnection, done: (received: string) => boolean, ms: number): Promise<string> {
  return new Promise((resolve) => {
    const finish = () => {
      clearTimeout(timer);
      c.socket.off('data', check);
      resolve(c.received());
    };
    const check = () => done(c.received()) && finish();
    const timer = setTimeout(finish, ms);
    c.socket.on('data', check);
    void c.closed.then(finish);
    check();
  });
}

/** Whether `n` answers have begun arriving. */
const answered = (n: number) => (received: string) => (received.match(/HTTP\/1\.1 \d{3} /g) ?? []).length >= n;

const GET_HEALTHZ = 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The connections the bot's server holds open, as the bot itself counts them. */
function openConnections(bot: BotUnderTest): Promise<number> {
  return new Promise<number>((resolve, reject) =>
    bot.app.server.server.getConnections((err, n) => (err ? reject(err) : resolve(n))),
  );
}

describe('server: connection limits', () => {
  let bot: BotUnderTest | undefined;
  const sockets: net.Socket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy();
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
    await eventually(async () => assert.equal(await openConnections(bot!), 3));

    const beyond = await Promise.all([open(bot), open(bot)]);
    for (const c of beyond) assert.ok((await within(1000, c.closed)) < 1000, 'a connection beyond the cap was kept');
    assert.ok(
      held.every((c) => !c.isClosed()),
      'the earlier connections are still held',
    );

    // The held ones finish their requests and are answered, then one leaves: a new client gets its place.
    for (const c of held) c.socket.write('\r\n');
    await eventually(() => assert.ok(held.every((c) => /^HTTP\/1\.1 200 /.test(c.received()))));
    held[0]!.socket.destroy();
    await held[0]!.closed;
    const res = await fetch(`${bot.url}/healthz`, { headers: { connection: 'close' } });
    assert.equal(res.status, 200);
  });

  it('answers requests to upgrade the connection as ordinary ones, and holds none of their sockets once their clients leave', async () => {
    bot = await startBot();
    // More than the cap (256), 30 at a time, each closed by its client after the answer or half a second without one.
    const upgrade = 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: x\r\n\r\n';
    const answers: string[] = [];
    for (let i = 0; i < 300; i += 30) {
      const batch = await Promise.all(
        Array.from({ length: 30 }, async () => {
          const c = await open(bot!);
          c.socket.write(upgrade);
          const text = await until(c, answered(1), 500);
          c.socket.destroy();
          return text;
        }),
      );
      answers.push(...batch);
    }

    const after = await open(bot);
    after.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
    assert.match(await until(after, answered(1), 1000), /^HTTP\/1\.1 200 /, '/healthz was not answered within 1 s');
    assert.deepEqual(
      answers.filter((text) => !/^HTTP\/1\.1 200 /.test(text)),
      [],
      'every upgrade request is answered as an ordinary GET /healthz',
    );
    await eventually(async () =>
      assert.equal(await openConnections(bot!), 0, 'the bot still holds sockets its clients closed'),
    );
  });

  for (const cap of [4, 256]) {
    it(`at the cap (${cap}) held by one client's idle kept-alive connections, closes the one idle longest for a new client`, async () => {
      bot = await startBot({ env: { MAX_CONNECTIONS: String(cap) } });
      const held: RawConnection[] = [];
      for (let i = 0; i < cap; i++) {
        const c = await open(bot);
        c.socket.write(GET_HEALTHZ);
        assert.match(await until(c, answered(1), 2000), /^HTTP\/1\.1 200 /);
        held.push(c);
      }
      assert.equal(await openConnections(bot), cap);

      // Twice: each new client is served at once, and each time the connection idle longest made room.
      for (const oldest of [0, 1]) {
        const started = Date.now();
        const fresh = await open(bot);
        fresh.socket.write(GET_HEALTHZ);
        assert.match(await until(fresh, answered(1), 2000), /^HTTP\/1\.1 200 /, 'a new client was not served');
        assert.ok(Date.now() - started < 2000, `a new client waited ${Date.now() - started} ms`);
        assert.ok(
          (await within(1000, held[oldest]!.closed)) < Number.POSITIVE_INFINITY,
          'the connection idle longest was kept',
        );
        assert.deepEqual(
          held.slice(oldest + 1).flatMap((c, i) => (c.isClosed() ? [oldest + 1 + i] : [])),
          [],
          'a connection idle for less time was closed',
        );
      }
      assert.equal(await openConnections(bot), cap);
    });
  }

  it('at the cap never cuts a request in flight: only an idle connection makes room, and with none a new one is closed', async () => {
    let holdHealth = false;
    let healthChecks = 0;
    let releaseHealth = () => {};
    const healthReleased = new Promise<void>((resolve) => (releaseHealth = resolve));
    bot = await startBot({
      env: { MAX_CONNECTIONS: '4', REQUEST_TIMEOUT_MS: '20000' },
      customizePorts: (ports) => {
        const health = ports.store.health.bind(ports.store);
        ports.store.health = async () => {
          healthChecks++;
          if (holdHealth) await healthReleased;
          return health();
        };
        return ports;
      },
    });
    // Four kept-alive connections, answered once each, idle in this order.
    const kept: RawConnection[] = [];
    for (let i = 0; i < 4; i++) {
      const c = await open(bot);
      c.socket.write(GET_HEALTHZ);
      assert.match(await until(c, answered(1), 2000), /^HTTP\/1\.1 200 /);
      kept.push(c);
    }
    const [reading, answering, nextRequest, idle] = kept as [
      RawConnection,
      RawConnection,
      RawConnection,
      RawConnection,
    ];
    // The three idle longest begin their next request. One has sent its first bytes, not yet its whole headers.
    nextRequest.socket.write('GET /healthz HTTP/1.1\r\n');
    // One is being answered: its answer waits for the store.
    holdHealth = true;
    answering.socket.write(GET_HEALTHZ);
    await eventually(() => assert.equal(healthChecks, 5));
    // One is being read: its body trickles in.
    reading.socket.write(
      'POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n',
    );
    reading.socket.write(' ');
    await pause(200);

    // The cap is reached: a new connection takes the place of the one idle connection.
    const admitted = await open(bot);
    assert.ok((await within(1000, idle.closed)) < Number.POSITIVE_INFINITY, 'the idle connection was kept');
    admitted.socket.write('GET /healthz HTTP/1.1\r\n');
    await pause(200);
    // Now every connection is busy: the next is closed at once, unanswered.
    const refused = await open(bot);
    assert.ok(
      (await within(1000, refused.closed)) < 1000,
      'a connection beyond the cap was kept while every one was busy',
    );
    assert.equal(refused.received(), '');

    const busy = { nextRequest, answering, reading, admitted };
    assert.deepEqual(
      Object.entries(busy).flatMap(([name, c]) => (c.isClosed() ? [name] : [])),
      [],
      'a busy connection was closed',
    );
    // Each request in flight is answered in full.
    releaseHealth();
    nextRequest.socket.write('Host: 127.0.0.1\r\n\r\n');
    admitted.socket.write('Host: 127.0.0.1\r\n\r\n');
    reading.socket.write(`${' '.repeat(97)}{}`);
    assert.match(await until(answering, answered(2), 2000), /^HTTP\/1\.1 200 [\s\S]*HTTP\/1\.1 200 /);
    assert.match(await until(nextRequest, answered(2), 2000), /^HTTP\/1\.1 200 [\s\S]*HTTP\/1\.1 200 /);
    assert.match(await until(admitted, answered(1), 2000), /^HTTP\/1\.1 200 /);
    assert.match(await until(reading, answered(2), 2000), /^HTTP\/1\.1 200 [\s\S]*HTTP\/1\.1 400 [\s\S]*badActivity/);
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
