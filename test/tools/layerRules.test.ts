import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../bot/config';

/**
 * The layer rules of .dependency-cruiser.cjs, run by `npm test` over bot/, against a small tree of files that each
 * break one rule: every rule must name its file, and the file that breaks none must pass.
 */
const FILES: Record<string, string> = {
  'bot/core/index.ts': "export * from './types';\n",
  'bot/core/types.ts': 'export type Id = string;\n',
  'bot/core/usesTeams.ts': "import { card } from '../teams/card';\nexport const x = card;\n",
  'bot/core/usesPg.ts': "import pg from 'pg';\nexport const y = pg;\n",
  'bot/teams/card.ts': "export const card = 1;\nimport type { Id } from '../core/types';\nexport type T = Id;\n",
  'bot/adapters/usesTab.ts': "import { page } from '../tab/page';\nexport const z = page;\n",
  'bot/tab/page.ts': "import { Id } from '../core';\nexport const page = 1;\nexport type P = Id;\n",
  'bot/server/usesBotbuilder.ts': "import { CloudAdapter } from 'botbuilder';\nexport const a = CloudAdapter;\n",
  'bot/channel/adapter.ts': "import { CloudAdapter } from 'botbuilder';\nexport const b = CloudAdapter;\n",
  'bot/loop/a.ts': "import { b } from './b';\nexport const a = () => b;\n",
  'bot/loop/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
  // Stand-ins for the libraries, so that they resolve inside this tree as the real ones do in the repo's.
  'node_modules/pg/package.json': '{ "name": "pg", "main": "index.js" }',
  'node_modules/pg/index.js': 'module.exports = {};\n',
  'node_modules/botbuilder/package.json': '{ "name": "botbuilder", "main": "lib/index.js" }',
  'node_modules/botbuilder/lib/index.js': 'exports.CloudAdapter = class {};\n',
};

describe('layer rules (dependency-cruiser)', function () {
  this.timeout(60_000);
  let dir = '';
  let violations: { rule: string; from: string; to: string }[] = [];

  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'layer-rules-'));
    for (const [file, text] of Object.entries(FILES)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    }
    writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'node16' } }));
    const config = path.join(REPO_ROOT, '.dependency-cruiser.cjs');
    const bin = path.join(REPO_ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
    let out: string;
    try {
      out = execFileSync(process.execPath, [bin, 'bot', '--config', config, '--output-type', 'json'], {
        cwd: dir,
        encoding: 'utf8',
      });
    } catch (err) {
      out = (err as { stdout: string }).stdout;
    }
    const summary = (
      JSON.parse(out) as { summary: { violations: { rule: { name: string }; from: string; to: string }[] } }
    ).summary;
    violations = summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to }));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const broken = (rule: string) => violations.filter((v) => v.rule === rule).map((v) => v.from);

  it('keeps the core from importing the rest of the bot', () => {
    assert.deepEqual(broken('core-imports-only-core'), ['bot/core/usesTeams.ts']);
  });
  it('keeps the core free of store, channel and server libraries', () => {
    assert.deepEqual(broken('core-is-framework-free'), ['bot/core/usesPg.ts']);
  });
  it('lets the rest of the bot into the core only through its index', () => {
    assert.deepEqual(broken('core-through-its-door'), ['bot/teams/card.ts']);
  });
  it('keeps adapters off the Teams layer, the tab and the server', () => {
    assert.deepEqual(broken('adapters-not-on-layers'), ['bot/adapters/usesTab.ts']);
  });
  it('lets only bot/channel import botbuilder', () => {
    assert.deepEqual(broken('botbuilder-behind-the-channel'), ['bot/server/usesBotbuilder.ts']);
  });
  it('refuses modules that import each other', () => {
    const loop = broken('no-circular');
    assert.ok(loop.length > 0, 'no circular import reported');
    assert.deepEqual(
      loop.filter((from) => !from.startsWith('bot/loop/')),
      [],
    );
  });
});
