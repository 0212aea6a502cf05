/**
 * A throwaway certificate authority and a server certificate it signed, made with the machine's `openssl`,
 * so the Microsoft stand-ins can speak real HTTPS on loopback and a client can trust them by their CA alone
 * (`ca: caPem` in-process, or NODE_EXTRA_CA_CERTS=caPath for a child process).
 *
 * The server certificate names DNS:localhost, IP:127.0.0.1 and IP:::1 (and any DNS names the caller adds), has
 * serverAuth in its extended key usage, and is valid for 30 days from now. Keys are EC P-256, which keeps generation
 * well under a second. One certificate is made per directory and names per process, shared by every server asking.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { skipSuite } from '../skipSuite';

const run = promisify(execFile);

export interface TestCertificate {
  /** The CA certificate file: what a client trusts (NODE_EXTRA_CA_CERTS, `--cacert`). */
  caPath: string;
  caPem: string;
  /** The server certificate (leaf only) and its private key, for `https.createServer({ cert, key })`. */
  certPem: string;
  keyPem: string;
  /** Where the files are. */
  dir: string;
}

const made = new Map<string, Promise<TestCertificate>>();
const temporaryDirs: string[] = [];

/** True when an `openssl` binary answers on this machine (the stand-ins need it to make their certificate). */
export async function opensslAvailable(): Promise<boolean> {
  try {
    await run('openssl', ['version']);
    return true;
  } catch {
    return false;
  }
}

/**
 * The process's certificate for `dir` (a fresh temporary directory when none is given), made on first use.
 * `dnsNames` are named in it besides localhost (e.g. a mail server's name that a test serves on loopback).
 * Files written: ca.key, ca.pem, server.key, server.csr, server.pem, server.ext.
 */
export function makeTestCertificate(dir?: string, dnsNames: readonly string[] = []): Promise<TestCertificate> {
  const key = `${dir ? path.resolve(dir) : ''}|${dnsNames.join(',')}`;
  let pending = made.get(key);
  if (!pending) {
    pending = create(dir ? path.resolve(dir) : undefined, dnsNames);
    made.set(key, pending);
    // A failed attempt is not cached: the next caller tries again.
    pending.catch(() => made.delete(key));
  }
  return pending;
}

async function create(requested: string | undefined, dnsNames: readonly string[]): Promise<TestCertificate> {
  let dir: string;
  if (requested) {
    fs.mkdirSync(requested, { recursive: true });
    dir = requested;
  } else {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ms-standin-tls-'));
    temporaryDirs.push(dir);
  }
  const file = (name: string) => path.join(dir, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

  try {
    await run('openssl', [
      'req',
      '-x509',
      '-new',
      ...ec,
      '-keyout',
      file('ca.key'),
      '-out',
      file('ca.pem'),
      '-days',
      '30',
      '-subj',
      '/CN=Microsoft stand-in test CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
      '-addext',
      'subjectKeyIdentifier=hash',
    ]);
    await run('openssl', [
      'req',
      '-new',
      ...ec,
      '-keyout',
      file('server.key'),
      '-out',
      file('server.csr'),
      '-subj',
      '/CN=localhost',
    ]);
    fs.writeFileSync(
      file('server.ext'),
      [
        'basicConstraints=CA:FALSE',
        'keyUsage=critical,digitalSignature,keyEncipherment',
        'extendedKeyUsage=serverAuth',
        `subjectAltName=${['localhost', ...dnsNames].map((n) => `DNS:${n}`).join(',')},IP:127.0.0.1,IP:::1`,
        'subjectKeyIdentifier=hash',
        'authorityKeyIdentifier=keyid,issuer',
        '',
      ].join('\n'),
    );
    await run('openssl', [
      'x509',
      '-req',
      '-in',
      file('server.csr'),
      '-CA',
      file('ca.pem'),
      '-CAkey',
      file('ca.key'),
      '-set_serial',
      `0x${Date.now().toString(16)}${Math.floor(Math.random() * 0xffff).toString(16)}`,
      '-days',
      '30',
      '-sha256',
      '-extfile',
      file('server.ext'),
      '-out',
      file('server.pem'),
    ]);
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT')
      throw new Error('openssl is not installed: the Microsoft stand-ins need it to make their test certificate');
    throw new Error(`openssl could not make the test certificate: ${e.stderr?.trim() || e.message}`);
  }

  return {
    caPath: file('ca.pem'),
    caPem: fs.readFileSync(file('ca.pem'), 'utf8'),
    certPem: fs.readFileSync(file('server.pem'), 'utf8'),
    keyPem: fs.readFileSync(file('server.key'), 'utf8'),
    dir,
  };
}

process.once('exit', () => {
  for (const dir of temporaryDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * For a suite's `before`: the stand-ins need openssl for their certificate. Without it a developer's run says
 * the suite is skipped and why; CI installs it (.ci/run), so there a missing openssl is a failure, not a skip.
 */
export async function requireOpenssl(ctx: Mocha.Context): Promise<void> {
  if (await opensslAvailable()) return;
  const reason = 'openssl is not installed, and the Microsoft stand-ins need it for their certificate';
  if (process.env.CI) throw new Error(`${reason} (.ci/run installs it)`);
  skipSuite(ctx, reason);
}
