import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../bot/config';
import { runBotToExit, startBotProcess } from '../support/botProcess';
import { tempDir } from '../support/botUnderTest';

describe('server: start-up', () => {
  let dir: string;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('starts on the embedded default, announces anonymous mode, and answers /healthz', async () => {
    const bot = await startBotProcess({ DATA_DIR: dir });
    try {
      const res = await fetch(`${bot.url}/healthz`);
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { status: 'ok', store: 'open' });
      assert.match(bot.output(), /LOCAL ANONYMOUS MODE/);
    } finally {
      await bot.stop();
    }
  });

  it('stops with a non-zero exit naming the field of a bad seed', async () => {
    const seed = JSON.parse(readFileSync(path.join(REPO_ROOT, 'deployment', 'demo-seed.json'), 'utf8'));
    seed.tenants[0].users[1].role = 'superAdmin';
    const seedFile = path.join(dir, 'bad-seed.json');
    writeFileSync(seedFile, JSON.stringify(seed));
    const { code, output } = await runBotToExit({ DATA_DIR: dir, SEED_FILE: seedFile });
    assert.notEqual(code, 0);
    assert.match(output, /bad-seed\.json/);
    assert.match(output, /tenants\[0\]\.users\[1\]\.role/);
  });

  it('stops with a non-zero exit naming a bad setting', async () => {
    const { code, output } = await runBotToExit({ DATA_DIR: dir, PORT: 'eighty' });
    assert.notEqual(code, 0);
    assert.match(output, /PORT/);
  });
});
