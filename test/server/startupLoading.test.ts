import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { REPO_ROOT } from '../../bot/config';
import { tempDir } from '../support/botUnderTest';

/**
 * What start-up loads. Each case runs in a fresh Node process (a module, once loaded, stays loaded): it wires the
 * app as main.ts does, with the settings given, then lists the packages in require's cache, and what loaded them
 * after an action the case names.
 */
interface Loaded {
  atStart: string[];
  afterAction: string[];
  /** zod's locale files in require's cache (index.cjs is the empty module bot/runtime/zodLocales.ts put there). */
  zodLocales: string[];
  zodMessage: string;
}

function packagesLoaded(settings: Record<string, string>, action: 'none' | 'card' | 'mail'): Loaded {
  const script = `
    require('./bot/runtime/zodLocales');
    const { loadConfig } = require('./bot/config');
    const { createLogger } = require('./bot/runtime/logger');
    const packages = () => [...new Set(Object.keys(require.cache).flatMap((f) => {
      const m = /node_modules\\/((@[^/]+\\/)?[^/]+)\\//.exec(f.slice(f.lastIndexOf('node_modules/')));
      return m ? [m[1]] : [];
    }))].sort();
    (async () => {
      const { createApp } = require('./bot/app');
      const app = createApp(loadConfig(${JSON.stringify(settings)}), createLogger('silent'));
      await app.ports.ready?.();
      const atStart = packages();
      if ('${action}' === 'card') new (require('./bot/teams/cardRenderer').CardRenderer)().render('help', { ownersText: 'x', supportTechnicalUrl: 'https://a.example', supportBillingUrl: 'https://b.example' });
      if ('${action}' === 'mail') await app.ports.mailer.send({ to: 'p@example.com', from: 'b@example.com', subject: 's', text: 't', messageId: '<m1@example.com>' }).catch(() => undefined);
      const afterAction = packages();
      const { z } = require('zod');
      const zodMessage = z.string().safeParse(1).error.issues[0].message;
      await app.close();
      process.stdout.write(JSON.stringify({ atStart, afterAction, zodLocales: Object.keys(require.cache).filter((f) => f.includes('/zod/v4/locales/')).map((f) => f.slice(f.lastIndexOf('/') + 1)), zodMessage }));
    })().catch((err) => { console.error(err); process.exit(1); });`;
  const run = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as Loaded;
}

describe('server: what start-up loads', () => {
  let dir: string;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('on the embedded default, none of the packages only other settings or later work use', () => {
    const loaded = packagesLoaded({ DATA_DIR: dir }, 'none');
    for (const name of ['botbuilder', 'restify', 'better-sqlite3', 'zod', 'pino'])
      assert.ok(loaded.atStart.includes(name), `${name} is needed at start`);
    // pg: STORE=postgres. cockatiel: DIRECTORY=graph or PARTNER_DIRECTORY=partnercenter.
    // nodemailer: the first email. jose: the first tab sign-in. cloudevents: the first webhook. The templating
    // libraries: the first card. dotenv: a .env file.
    for (const name of [
      'pg',
      'cockatiel',
      'nodemailer',
      'jose',
      'cloudevents',
      'adaptive-expressions',
      'adaptivecards-templating',
    ]) {
      assert.ok(!loaded.atStart.includes(name), `${name} was loaded at start`);
    }
  });

  it('loads the templating libraries with the first card, and nodemailer with the first email', () => {
    const card = packagesLoaded({ DATA_DIR: dir }, 'card');
    assert.ok(
      card.afterAction.includes('adaptive-expressions') && card.afterAction.includes('adaptivecards-templating'),
    );
    const mail = packagesLoaded({ DATA_DIR: dir }, 'mail');
    assert.ok(!mail.atStart.includes('nodemailer'));
    assert.ok(mail.afterAction.includes('nodemailer'));
  });

  it('loads what a setting chooses: cockatiel for DIRECTORY=graph, nodemailer for SMTP_URL', () => {
    const loaded = packagesLoaded(
      {
        DATA_DIR: dir,
        MicrosoftAppId: '00000000-0000-0000-0000-000000000001',
        MicrosoftAppPassword: 'not-a-secret',
        DIRECTORY: 'graph',
        BOT_DOMAIN: 'bot.example.com',
        SMTP_URL: 'smtp://127.0.0.1:1',
      },
      'none',
    );
    assert.ok(loaded.atStart.includes('cockatiel'));
    assert.ok(loaded.atStart.includes('nodemailer'));
  });

  it("leaves zod's locale files unread and keeps its English messages", () => {
    const loaded = packagesLoaded({ DATA_DIR: dir }, 'none');
    assert.deepEqual(loaded.zodLocales.sort(), ['en.cjs', 'index.cjs']);
    assert.equal(loaded.zodMessage, 'Invalid input: expected string, received number');
  });
});
