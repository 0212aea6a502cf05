import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEMO_SEED_FILE, loadConfig } from '../../bot/config';
import { demoSeedRefusal, demoTenantIds } from '../../bot/adapters/seed/demoSeed';
import { runBotToExit, startBotProcess, type ExitedProcess } from '../support/botProcess';
import { tempDir } from '../support/botUnderTest';

/**
 * With MicrosoftAppId set (production), the bot never serves the demo seed's made-up people and partners, and never
 * leaves partner emails in a folder while seeming to send them, unless a setting says that is what is meant.
 */
const APP = { MicrosoftAppId: '11111111-2222-4333-8444-555555555555', MicrosoftAppPassword: 'not-a-real-secret' };

/** What the bot itself wrote on stderr: Node's deprecation warnings (restify's DEP0111) left out. */
function ownLines(run: ExitedProcess): string[] {
  return run.stderr
    .split('\n')
    .filter((line) => line.trim() !== '' && !/DeprecationWarning|--trace-deprecation/.test(line));
}

/** The demo seed with its tenant ids changed: someone's own seed, which production may use. */
function ownSeed(dir: string): string {
  const seed = JSON.parse(readFileSync(DEMO_SEED_FILE, 'utf8'));
  for (const [i, t] of (seed.tenants as { id: string }[]).entries()) t.id = `0a0b0c0d-0000-4000-8000-00000000010${i}`;
  const file = path.join(dir, 'own-seed.json');
  writeFileSync(file, JSON.stringify(seed));
  return file;
}

describe('server: production mode refuses demo data and a mail folder it was not told about', () => {
  let dir: string;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses the demo seed with one line naming ALLOW_DEMO_SEED, and exits 1', async () => {
    const run = await runBotToExit({ ...APP, DATA_DIR: dir, MAIL_TRANSPORT: 'file' });
    assert.equal(run.code, 1, run.output);
    const lines = ownLines(run);
    assert.equal(lines.length, 1, run.stderr);
    assert.match(lines[0]!, /^SEED_FILE is the demo seed \(deployment\/demo-seed\.json\).*ALLOW_DEMO_SEED=true/);
    assert.doesNotMatch(run.output, /partner-of-record bot listening/);
  });

  it('refuses a copy of the demo seed under another name: its tenants are the demo ones', async () => {
    const copy = path.join(dir, 'our-seed.json');
    writeFileSync(copy, readFileSync(DEMO_SEED_FILE));
    const run = await runBotToExit({ ...APP, DATA_DIR: dir, SEED_FILE: copy, MAIL_TRANSPORT: 'file' });
    assert.equal(run.code, 1, run.output);
    const lines = ownLines(run);
    assert.equal(lines.length, 1, run.stderr);
    assert.match(
      lines[0]!,
      /holds the demo seed's tenant Contoso Ltd \(6f1c2d3e-0000-4000-8000-000000000001\).*ALLOW_DEMO_SEED=true/,
    );
  });

  it('refuses to run without SMTP_URL unless MAIL_TRANSPORT=file, naming both, and exits 1', async () => {
    const run = await runBotToExit({ ...APP, DATA_DIR: dir, SEED_FILE: ownSeed(dir) });
    assert.equal(run.code, 1, run.output);
    assert.match(
      run.stderr,
      /SMTP_URL: .*set SMTP_URL, or MAIL_TRANSPORT=file to have them written to DATA_DIR\/mail and not sent/,
    );
  });

  it('starts on the demo seed with ALLOW_DEMO_SEED=true and MAIL_TRANSPORT=file, and logs that mail is not sent', async () => {
    const bot = await startBotProcess({ ...APP, DATA_DIR: dir, ALLOW_DEMO_SEED: 'true', MAIL_TRANSPORT: 'file' });
    try {
      assert.equal((await fetch(`${bot.url}/healthz`)).status, 200);
      assert.match(bot.output(), /"mail":"eml files in [^"]*mail, not sent"/);
    } finally {
      await bot.stop();
    }
  });

  it('starts on a seed of its own with MAIL_TRANSPORT=file, without ALLOW_DEMO_SEED', async () => {
    const bot = await startBotProcess({ ...APP, DATA_DIR: dir, SEED_FILE: ownSeed(dir), MAIL_TRANSPORT: 'file' });
    try {
      assert.equal((await fetch(`${bot.url}/healthz`)).status, 200);
    } finally {
      await bot.stop();
    }
  });
});

describe('config: the mail transport and the demo seed settings', () => {
  const problems = (env: Record<string, string>): string => {
    try {
      loadConfig(env);
      return '';
    } catch (err) {
      return (err as Error).message;
    }
  };

  it('takes ALLOW_DEMO_SEED as true or false only, false by default', () => {
    assert.equal(loadConfig({}).ALLOW_DEMO_SEED, false);
    assert.equal(loadConfig({ ALLOW_DEMO_SEED: 'true' }).ALLOW_DEMO_SEED, true);
    assert.match(problems({ ALLOW_DEMO_SEED: 'yes' }), /ALLOW_DEMO_SEED: true or false/);
  });

  it('names the setting of a mail transport that cannot work', () => {
    assert.match(problems({ MAIL_TRANSPORT: 'smtp' }), /SMTP_URL: MAIL_TRANSPORT=smtp needs SMTP_URL/);
    assert.match(
      problems({ MAIL_TRANSPORT: 'file', SMTP_URL: 'smtp://127.0.0.1:25' }),
      /MAIL_TRANSPORT: MAIL_TRANSPORT=file .* never uses SMTP_URL/,
    );
    // Local anonymous mode keeps its mail folder without being told.
    assert.equal(problems({}), '');
    assert.equal(problems({ ...APP, SMTP_URL: 'smtp://127.0.0.1:25' }), '');
  });

  it('judges the seed directory in use by its tenants, only in production and unless allowed', async () => {
    const demo = new Set(demoTenantIds());
    const seed = { getTenant: async (id: string) => (demo.has(id) ? { id, name: 'Contoso Ltd' } : null) };
    const none = { getTenant: async () => null };
    const other = path.join('elsewhere', 'seed.json');
    const base = { ...APP, ALLOW_DEMO_SEED: false, SEED_FILE: other };
    assert.match((await demoSeedRefusal(base, seed)) ?? '', /holds the demo seed's tenant Contoso Ltd/);
    assert.equal(await demoSeedRefusal(base, none), null);
    assert.equal(await demoSeedRefusal({ ...base, ALLOW_DEMO_SEED: true }, seed), null);
    assert.equal(await demoSeedRefusal({ ...base, MicrosoftAppId: '' }, seed), null);
    // No seed directory in use (DIRECTORY=graph, PARTNER_DIRECTORY=partnercenter): nothing to refuse.
    assert.equal(await demoSeedRefusal({ ...base, SEED_FILE: DEMO_SEED_FILE }, null), null);
    assert.match(
      (await demoSeedRefusal({ ...base, SEED_FILE: DEMO_SEED_FILE }, none)) ?? '',
      /^SEED_FILE is the demo seed/,
    );
  });
});
