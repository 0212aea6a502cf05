import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import pino from 'pino';
import { SMTPServer } from 'smtp-server';
import { createFileMailer, messageFileKey, removeLeftoverTempFiles } from '../../bot/adapters/mail/fileMailer';
import { createSmtpMailer, type SmtpMailerOptions } from '../../bot/adapters/mail/smtpMailer';
import { createPorts } from '../../bot/app';
import { ConfigError, loadConfig } from '../../bot/config';
import { InMemoryTeamsPacer } from '../../bot/adapters/rateLimit/teamsPacer';
import { openSqliteStore } from '../../bot/adapters/sqlite/sqliteStore';
import { OutboxDispatcher } from '../../bot/notifications/outboxDispatcher';
import {
  MailSendError,
  systemClock,
  type Mailer,
  type NewOutboxMessage,
  type OutgoingMail,
  type TeamsPayload,
} from '../../bot/core';
import { P1, TENANT_A } from '../contracts/fixtures';
import { makeTestCertificate, requireOpenssl, type TestCertificate } from '../support/microsoftCloud/tls';

function mail(overrides: Partial<OutgoingMail> = {}): OutgoingMail {
  return {
    messageId: '<3f0c1a52-7d4e-4b8a-9c1e-2f5d6a7b8c9d@partner-of-record.local>',
    from: '"Partner of Record" <noreply@contoso.example>',
    replyTo: 'owner@contoso.example',
    to: { name: 'Fabrikam Partners, Inc.', email: 'por@fabrikam.example' },
    subject: 'You are now the partner of record for Contoso Production (Contoso Ltd)',
    text: 'Hello Fabrikam Partners, Inc.,\n\nYou were added. Grüße.\n',
    html: '<!DOCTYPE html>\n<html lang="en"><body><p>You were added. Gr&uuml;&szlig;e.</p></body></html>\n',
    ...overrides,
  };
}

/** The single address of an address header. */
function only(header: AddressObject | AddressObject[] | undefined): { name: string; address: string | undefined } {
  const objects = Array.isArray(header) ? header : header ? [header] : [];
  const all = objects.flatMap((o) => o.value);
  assert.equal(all.length, 1, `expected one address, got ${JSON.stringify(all)}`);
  return { name: all[0]!.name, address: all[0]!.address };
}

function assertParsedAs(parsed: ParsedMail, sent: OutgoingMail): void {
  assert.equal(parsed.messageId, sent.messageId);
  assert.deepEqual(only(parsed.from), { name: 'Partner of Record', address: 'noreply@contoso.example' });
  assert.deepEqual(only(parsed.to), { name: sent.to.name, address: sent.to.email });
  if (sent.replyTo) assert.deepEqual(only(parsed.replyTo), { name: '', address: sent.replyTo });
  else assert.equal(parsed.replyTo, undefined);
  assert.equal(parsed.subject, sent.subject);
  assert.equal(parsed.text, sent.text);
  assert.equal(parsed.html, sent.html);
}

/** A partner name and subject as a hostile or careless directory might give them. */
const UNSAFE_NAMES = {
  to: {
    name: 'Fabrikam\u202Egnp.exe\u202C Partners\u0007\u0000\u0085\u200B Inc.\u2066\u2069',
    email: 'por@fabrikam.example',
  },
  subject: 'You are now the partner of record\u202E for\u001B[31m Contoso\u2028\u009B Ltd\uFEFF',
};

function assertSafeNames(parsed: ParsedMail): void {
  const unsafe = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]/;
  const to = only(parsed.to);
  assert.equal(to.name, 'Fabrikam gnp.exe Partners Inc.');
  assert.equal(to.address, 'por@fabrikam.example');
  assert.equal(parsed.subject, 'You are now the partner of record for [31m Contoso Ltd');
  assert.doesNotMatch(to.name, unsafe);
  assert.doesNotMatch(parsed.subject ?? '', unsafe);
}

interface TestSmtpServer {
  port: number;
  messages: { raw: Buffer; from: string | undefined; to: string[] }[];
  close(): Promise<void>;
}

/** A real SMTP server on a free loopback port; `refuse` answers RCPT TO with that reply code. */
async function startSmtpServer(refuse?: { code: number; message: string }): Promise<TestSmtpServer> {
  const messages: TestSmtpServer['messages'] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (!refuse) return callback();
      const err = Object.assign(new Error(refuse.message), { responseCode: refuse.code });
      callback(err);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        messages.push({
          raw: Buffer.concat(chunks),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
          to: session.envelope.rcptTo.map((r) => r.address),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as net.AddressInfo).port;
  return { port, messages, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function sendFails(mailer: Mailer, outgoing: OutgoingMail): Promise<MailSendError> {
  try {
    await mailer.send(outgoing);
  } catch (err) {
    assert.ok(err instanceof MailSendError, `expected a MailSendError, got ${String(err)}`);
    return err;
  }
  return assert.fail('send resolved');
}

describe('SMTP mailer', () => {
  let server: TestSmtpServer | undefined;
  let mailer: Mailer | undefined;

  afterEach(async () => {
    await mailer?.close();
    await server?.close();
    mailer = undefined;
    server = undefined;
  });

  it('delivers the message with its Message-ID, addresses, subject and both bodies', async () => {
    server = await startSmtpServer();
    mailer = createSmtpMailer(`smtp://127.0.0.1:${server.port}`);
    const sent = mail();
    // A mail server took it: sent, not merely written somewhere.
    assert.deepEqual(await mailer.send(sent), { delivered: 'sent' });

    assert.equal(server.messages.length, 1);
    const received = server.messages[0]!;
    assert.equal(received.from, 'noreply@contoso.example');
    assert.deepEqual(received.to, ['por@fabrikam.example']);
    assertParsedAs(await simpleParser(received.raw), sent);
  });

  it('sends the same Message-ID again on a retry, and leaves out Reply-To when there is none', async () => {
    server = await startSmtpServer();
    mailer = createSmtpMailer(`smtp://127.0.0.1:${server.port}`);
    await mailer.send(mail({ replyTo: null }));
    await mailer.send(mail({ replyTo: null }));
    const [first, second] = await Promise.all(server.messages.map((m) => simpleParser(m.raw)));
    assert.equal(first!.messageId, second!.messageId);
    assert.equal(first!.replyTo, undefined);
    assert.equal(first!.headers.has('reply-to'), false);
  });

  it('keeps a line break in a name or subject from adding a header', async () => {
    server = await startSmtpServer();
    mailer = createSmtpMailer(`smtp://127.0.0.1:${server.port}`);
    await mailer.send(
      mail({
        to: { name: 'Fabrikam\r\nBcc: victim@example.com', email: 'por@fabrikam.example' },
        subject: 'Hi\r\nX-Injected: yes',
      }),
    );
    const received = server.messages[0]!;
    assert.deepEqual(received.to, ['por@fabrikam.example']);
    const parsed = await simpleParser(received.raw);
    assert.equal(parsed.headers.has('bcc'), false);
    assert.equal(parsed.headers.has('x-injected'), false);
    assert.equal(only(parsed.to).address, 'por@fabrikam.example');
  });

  it('takes control characters, bidi overrides and zero-width characters out of the display name and subject', async () => {
    server = await startSmtpServer();
    mailer = createSmtpMailer(`smtp://127.0.0.1:${server.port}`);
    await mailer.send(mail(UNSAFE_NAMES));
    const parsed = await simpleParser(server.messages[0]!.raw);
    assertSafeNames(parsed);
  });

  it('reports a 5xx refusal of the recipient as permanent', async () => {
    server = await startSmtpServer({ code: 550, message: 'No such user here' });
    mailer = createSmtpMailer(`smtp://127.0.0.1:${server.port}`);
    const err = await sendFails(mailer, mail());
    assert.equal(err.permanent, true);
    assert.match(err.message, /550/);
    assert.equal(server.messages.length, 0);
  });

  it('reports a 4xx refusal as worth retrying', async () => {
    server = await startSmtpServer({ code: 451, message: 'Try again later' });
    mailer = createSmtpMailer(`smtp://127.0.0.1:${server.port}`);
    const err = await sendFails(mailer, mail());
    assert.equal(err.permanent, false);
    assert.match(err.message, /451/);
  });

  it('reports a server that cannot be reached as worth retrying', async () => {
    mailer = createSmtpMailer(`smtp://127.0.0.1:${await closedPort()}`);
    const err = await sendFails(mailer, mail());
    assert.equal(err.permanent, false);
    assert.match(err.message, /ECONNECTION|ECONNREFUSED/);
  });

  it('refuses a URL that is not smtp:// or smtps://, without repeating its credentials', () => {
    assert.throws(
      () => createSmtpMailer('http://user:secret@mail.example'),
      (err: Error) => !err.message.includes('secret'),
    );
    assert.throws(() => createSmtpMailer('not a url'), /smtp:\/\//);
  });
});

/** A name that is not loopback by the bot's rule; the mailer's test seam connects to it on 127.0.0.1. */
const MAIL_HOST = 'smtp.contoso.example';
const SMTP_USER = 'por-bot';
const SMTP_PASSWORD = 'mail-Passw0rd-never-logged';

interface LoginSmtpServer {
  port: number;
  /** Every AUTH the server was given, and whether the session was under TLS then. */
  logins: { username: string | undefined; password: string | undefined; secure: boolean }[];
  messages: { raw: Buffer; secure: boolean }[];
  close(): Promise<void>;
}

/**
 * A real SMTP server on a free loopback port that takes a login even in clear (as a careless server does). With
 * `cert` it offers STARTTLS with that certificate, or with `implicitTls` speaks TLS from the start; without, no TLS.
 */
async function startLoginServer(
  options: { cert?: TestCertificate; implicitTls?: boolean } = {},
): Promise<LoginSmtpServer> {
  const logins: LoginSmtpServer['logins'] = [];
  const messages: LoginSmtpServer['messages'] = [];
  const server = new SMTPServer({
    secure: options.implicitTls === true,
    ...(options.cert ? { key: options.cert.keyPem, cert: options.cert.certPem } : { disabledCommands: ['STARTTLS'] }),
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, session, callback) {
      const { username, password } = auth;
      logins.push({ username: username ?? undefined, password: password ?? undefined, secure: session.secure });
      callback(null, { user: auth.username });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        messages.push({ raw: Buffer.concat(chunks), secure: session.secure });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as net.AddressInfo).port;
  return { port, logins, messages, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A mailer for `server` at MAIL_HOST (not loopback), its TCP connection made to 127.0.0.1. */
function mailerAtNetworkName(server: LoginSmtpServer, options: SmtpMailerOptions = {}, scheme = 'smtp'): Mailer {
  const url = `${scheme}://${SMTP_USER}:${SMTP_PASSWORD}@${MAIL_HOST}:${server.port}`;
  return createSmtpMailer(url, { connectTo: { host: '127.0.0.1', port: server.port }, ...options });
}

describe('SMTP mailer: TLS to a mail server on the network', () => {
  let server: LoginSmtpServer | undefined;
  let mailer: Mailer | undefined;

  afterEach(async () => {
    await mailer?.close();
    await server?.close();
    mailer = undefined;
    server = undefined;
  });

  it('refuses a server offering no STARTTLS, with the reason, before any credentials are sent; retried', async () => {
    server = await startLoginServer();
    mailer = mailerAtNetworkName(server);
    const err = await sendFails(mailer, mail());
    const reason = `the mail server at ${MAIL_HOST}:${server.port} offers no STARTTLS; TLS is required (SMTP_REQUIRE_TLS)`;
    assert.ok(err.message.includes(reason), err.message);
    assert.equal(err.permanent, false, 'the deployment can fix it, and queued mail should then go');
    assert.ok(!err.message.includes(SMTP_PASSWORD) && !err.message.includes(SMTP_USER), err.message);
    assert.deepEqual(server.logins, [], 'the server was given no AUTH');
    assert.equal(server.messages.length, 0);
  });

  it('sends without TLS when SMTP_REQUIRE_TLS=false, and warns at creation', async () => {
    server = await startLoginServer();
    const warnings: { obj: object; msg: string }[] = [];
    const log = { warn: (obj: object, msg: string) => void warnings.push({ obj, msg }) };
    mailer = mailerAtNetworkName(server, { requireTls: false, log });
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!.msg, /SMTP_REQUIRE_TLS=false/);
    assert.deepEqual(warnings[0]!.obj, { server: `${MAIL_HOST}:${server.port}` });
    await mailer.send(mail());
    assert.deepEqual(server.logins, [{ username: SMTP_USER, password: SMTP_PASSWORD, secure: false }]);
    assert.equal(server.messages.length, 1);
  });

  it('sends without STARTTLS to a loopback host (local development), warning about nothing', async () => {
    server = await startLoginServer();
    const warnings: string[] = [];
    mailer = createSmtpMailer(`smtp://${SMTP_USER}:${SMTP_PASSWORD}@127.0.0.1:${server.port}`, {
      log: { warn: (_obj, msg) => warnings.push(msg) },
    });
    await mailer.send(mail());
    assert.deepEqual(server.logins, [{ username: SMTP_USER, password: SMTP_PASSWORD, secure: false }]);
    assert.equal(server.messages.length, 1);
    assert.deepEqual(warnings, []);
  });

  it('refuses an SMTP_URL that turns TLS off for a host on the network, without repeating its credentials', () => {
    for (const query of ['requireTLS=false', 'tls.rejectUnauthorized=false']) {
      const url = `smtp://${SMTP_USER}:${SMTP_PASSWORD}@${MAIL_HOST}:587/?${query}`;
      assert.throws(
        () => createSmtpMailer(url),
        (err: Error) => err.message.includes(query.split('=')[0]!) && !err.message.includes(SMTP_PASSWORD),
      );
      assert.doesNotThrow(() => createSmtpMailer(url, { requireTls: false }));
    }
    assert.doesNotThrow(() => createSmtpMailer(`smtp://${SMTP_USER}:${SMTP_PASSWORD}@127.0.0.1:25/?requireTLS=false`));
  });

  it('tells the owner why the email could not go, and logs the reason without the password', async () => {
    server = await startLoginServer();
    mailer = mailerAtNetworkName(server);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'por-mail-tls-'));
    const store = openSqliteStore({ dataDir });
    const logLines: string[] = [];
    const owner = { tenantId: TENANT_A, aadObjectId: 'aad-owner' };
    const toTeams: TeamsPayload[] = [];
    const dispatcher = new OutboxDispatcher({
      outbox: store,
      mailer,
      teams: {
        send: async (payload) => {
          toTeams.push(payload);
          return 'sent';
        },
      },
      pacer: new InMemoryTeamsPacer(),
      clock: systemClock,
      log: pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) }),
      nudgeStillWanted: async () => true,
      nudgeUndelivered: async () => undefined,
      settings: {
        from: 'bot@contoso.example',
        replyTo: null,
        supportLine: '',
        maxAttempts: 2,
        retryBaseMs: 50,
        retryMaxMs: 100,
        pollMs: 50,
        leaseMs: 5_000,
        batchSize: 20,
      },
    });
    try {
      const email: NewOutboxMessage = {
        channel: 'email',
        tenantId: TENANT_A,
        subscriptionId: 'sub-1',
        notifyOwner: owner,
        payload: {
          template: 'added',
          to: { name: 'Fabrikam Partners', email: 'por@fabrikam.example' },
          partner: { partnerId: P1, name: 'Fabrikam Partners' },
          customer: { tenantId: TENANT_A, name: 'Contoso' },
          subscription: { id: 'sub-1', service: 'Azure', name: 'Contoso Production' },
          actor: { aadObjectId: 'aad-owner', name: 'Ada Owner' },
          at: new Date().toISOString(),
        },
      };
      await store.enqueue([email], new Date().toISOString());
      dispatcher.start();
      const deadline = Date.now() + 10_000;
      while (toTeams.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      await dispatcher.stop();

      const notice = toTeams[0];
      assert.ok(notice?.kind === 'partnerNotNotified', `the owner was told: ${JSON.stringify(toTeams)}`);
      assert.match(notice.reason, /offers no STARTTLS; TLS is required \(SMTP_REQUIRE_TLS\)/);
      const log = logLines.join('');
      assert.match(log, /will retry/, 'the first failure was retried');
      assert.match(log, /given up/);
      assert.match(log, /offers no STARTTLS/);
      assert.ok(!log.includes(SMTP_PASSWORD) && !JSON.stringify(toTeams).includes(SMTP_PASSWORD), 'no password');
      assert.deepEqual(server.logins, []);
    } finally {
      await dispatcher.stop();
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  describe('with a certificate for the mail server', () => {
    let cert: TestCertificate;

    before(async function () {
      await requireOpenssl(this);
      cert = await makeTestCertificate(undefined, [MAIL_HOST]);
    });

    it('logs in and sends over STARTTLS when the server offers it with a trusted certificate', async () => {
      server = await startLoginServer({ cert });
      mailer = mailerAtNetworkName(server, { ca: cert.caPem });
      const sent = mail();
      await mailer.send(sent);
      assert.deepEqual(server.logins, [{ username: SMTP_USER, password: SMTP_PASSWORD, secure: true }]);
      assert.equal(server.messages.length, 1);
      assert.equal(server.messages[0]!.secure, true);
      assertParsedAs(await simpleParser(server.messages[0]!.raw), sent);
    });

    it('logs in and sends over implicit TLS with smtps://', async () => {
      server = await startLoginServer({ cert, implicitTls: true });
      mailer = mailerAtNetworkName(server, { ca: cert.caPem }, 'smtps');
      await mailer.send(mail());
      assert.deepEqual(server.logins, [{ username: SMTP_USER, password: SMTP_PASSWORD, secure: true }]);
      assert.equal(server.messages.length, 1);
    });

    it('refuses a certificate it does not trust, with the reason, before any credentials are sent; retried', async () => {
      server = await startLoginServer({ cert });
      mailer = mailerAtNetworkName(server);
      const err = await sendFails(mailer, mail());
      assert.ok(err.message.includes(`TLS with the mail server at ${MAIL_HOST}:${server.port} failed: `), err.message);
      assert.match(err.message, /certificate/);
      assert.equal(err.permanent, false);
      assert.ok(!err.message.includes(SMTP_PASSWORD), err.message);
      assert.deepEqual(server.logins, []);
    });
  });
});

describe('SMTP_REQUIRE_TLS setting', () => {
  it('is true by default, reads "true" and "false", and refuses anything else naming the setting', () => {
    assert.equal(loadConfig({}).SMTP_REQUIRE_TLS, true);
    assert.equal(loadConfig({ SMTP_REQUIRE_TLS: '' }).SMTP_REQUIRE_TLS, true);
    assert.equal(loadConfig({ SMTP_REQUIRE_TLS: 'true' }).SMTP_REQUIRE_TLS, true);
    assert.equal(loadConfig({ SMTP_REQUIRE_TLS: 'false' }).SMTP_REQUIRE_TLS, false);
    for (const value of ['no', '0', 'FALSE']) {
      const named = (err: Error) => err instanceof ConfigError && /SMTP_REQUIRE_TLS/.test(err.message);
      assert.throws(() => loadConfig({ SMTP_REQUIRE_TLS: value }), named);
    }
  });

  it('reaches the mailer the bot creates, which warns at start when it is false', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'por-mail-tls-'));
    const logLines: string[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) });
    const smtpUrl = `smtp://${SMTP_USER}:${SMTP_PASSWORD}@${MAIL_HOST}:587`;
    try {
      const ports = createPorts(loadConfig({ DATA_DIR: dataDir, SMTP_URL: smtpUrl, SMTP_REQUIRE_TLS: 'false' }), log);
      await ports.mailer.close();
      await ports.close?.();
      await ports.store.close();
      const lines = logLines.map((line) => JSON.parse(line) as { level: number; msg: string; server?: string });
      const warning = lines.find((line) => line.level === 40);
      assert.match(warning?.msg ?? '', /SMTP_REQUIRE_TLS=false/);
      assert.equal(warning?.server, `${MAIL_HOST}:587`);
      assert.ok(!logLines.join('').includes(SMTP_PASSWORD));
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('file mailer', () => {
  let root: string;
  let dir: string;
  let mailer: Mailer | undefined;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'por-mail-'));
    // Not there yet: the mailer creates it.
    dir = path.join(root, 'mail', 'outbox');
  });
  afterEach(async () => {
    await mailer?.close();
    mailer = undefined;
    fs.rmSync(root, { recursive: true, force: true });
  });

  const files = () => fs.readdirSync(dir).sort();

  it('writes a complete .eml file that a mail reader parses back', async () => {
    mailer = createFileMailer(dir);
    const sent = mail();
    // Written to the folder, which sends nothing: the owner and the status must be told so.
    assert.deepEqual(await mailer.send(sent), { delivered: 'file' });

    const names = files();
    assert.equal(names.length, 1);
    assert.match(
      names[0]!,
      /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}\.\d{3}Z-3f0c1a52-7d4e-4b8a-9c1e-2f5d6a7b8c9d@partner-of-record\.local\.eml$/,
    );
    const raw = fs.readFileSync(path.join(dir, names[0]!));
    assert.ok(raw.includes('\r\n'), 'CRLF line ends');
    assertParsedAs(await simpleParser(raw), sent);
  });

  it('replaces the file of a message written twice, and keeps different messages apart', async () => {
    mailer = createFileMailer(dir);
    await mailer.send(mail({ subject: 'First attempt' }));
    const [first] = files();
    await mailer.send(mail({ subject: 'Second attempt' }));
    assert.deepEqual(files(), [first]);
    const parsed = await simpleParser(fs.readFileSync(path.join(dir, first!)));
    assert.equal(parsed.subject, 'Second attempt');

    await mailer.send(mail({ messageId: '<another@partner-of-record.local>' }));
    assert.equal(files().length, 2);
    assert.ok(
      files().every((name) => name.endsWith('.eml')),
      'no temporary file left behind',
    );
  });

  it('writes a display name and subject without control, bidi or zero-width characters', async () => {
    mailer = createFileMailer(dir);
    await mailer.send(mail(UNSAFE_NAMES));
    const [name] = files();
    const parsed = await simpleParser(fs.readFileSync(path.join(dir, name!)));
    assertSafeNames(parsed);
    // Nor in any other header, decoded.
    assert.doesNotMatch(JSON.stringify([...parsed.headers]), /\\u00(0[0-8bcef]|1[0-9a-f]|7f)|\u202e|\u200b|\ufeff/);
  });

  it('removes the temporary files a crash left when it starts, and nothing else', async () => {
    fs.mkdirSync(dir, { recursive: true });
    const leftovers = [
      '.2025-01-01T10-00-00.000Z-3f0c1a52@partner-of-record.local.eml.0a1b2c3d4e5f.tmp',
      '.2025-01-01T10-00-01.000Z-another@partner-of-record.local.eml.ffffffffffff.tmp',
    ];
    const others = [
      '2025-01-01T10-00-00.000Z-kept@partner-of-record.local.eml',
      'notes.tmp',
      '.hidden.tmp',
      '.x.eml.0a1b2c3d4e5f.tmp.bak',
      '.x.eml.0A1B2C3D4E5F.tmp',
      '.x.eml.0a1b2c3d4e.tmp',
      'x.eml.0a1b2c3d4e5f.tmp',
    ];
    for (const name of [...leftovers, ...others]) fs.writeFileSync(path.join(dir, name), 'x');
    fs.mkdirSync(path.join(dir, 'a-folder.eml.0a1b2c3d4e5f.tmp.d'));

    mailer = createFileMailer(dir);
    // Starting is enough; closing waits for the clean-up it started.
    await mailer.close();
    assert.deepEqual(files(), [...others, 'a-folder.eml.0a1b2c3d4e5f.tmp.d'].sort());

    // And a send after a start that cleaned up writes its message as usual.
    fs.writeFileSync(path.join(dir, leftovers[0]!), 'x');
    mailer = createFileMailer(dir);
    await mailer.send(mail());
    const now = files();
    assert.ok(!now.includes(leftovers[0]!), 'the leftover is gone before the first send');
    assert.equal(
      now.filter((n) => n.endsWith('3f0c1a52-7d4e-4b8a-9c1e-2f5d6a7b8c9d@partner-of-record.local.eml')).length,
      1,
    );
    assert.equal(now.length, others.length + 2);
  });

  it('starts on a mail drop that does not exist yet', async () => {
    assert.deepEqual(await removeLeftoverTempFiles(dir), []);
    mailer = createFileMailer(dir);
    await mailer.send(mail());
    assert.equal(files().length, 1);
  });

  it('makes a safe file name of any Message-ID', () => {
    assert.equal(messageFileKey('<abc@partner-of-record.local>'), 'abc@partner-of-record.local');
    // No separator survives, and no leading dot (a hidden file, or the temporary files' prefix).
    assert.equal(messageFileKey('<../../etc/passwd>'), '__.._etc_passwd');
    assert.equal(messageFileKey('<a/b\\c:d*e>'), 'a_b_c_d_e');
    assert.equal(messageFileKey('<>'), '_');
    assert.equal(messageFileKey(`<${'x'.repeat(500)}>`).length, 200);
  });

  it('reports a mail drop it cannot write to as worth retrying', async () => {
    const blocker = path.join(root, 'a-file');
    fs.writeFileSync(blocker, '');
    mailer = createFileMailer(path.join(blocker, 'mail'));
    const err = await sendFails(mailer, mail());
    assert.equal(err.permanent, false);
  });
});
