import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../bot/config';
import type { CompileCacheReport } from '../../bot/runtime/compileCache';
import { startBotProcess, type BotProcess } from '../support/botProcess';
import { tempDir } from '../support/botUnderTest';
import { cardText, invokeCard } from '../support/cards';
import { ChannelServer } from '../support/channelServer';
import { DEMO } from '../support/demoSeed';
import { readDockerfile, runtimeStage, type DockerCopy } from '../support/dockerfile';
import { TeamsUser } from '../support/teamsUser';

/** What the listening line of the bot's log says of the compile cache. */
function compileCacheOf(output: string): CompileCacheReport {
  const line = output.split('\n').find((l) => l.includes('partner-of-record bot listening'));
  assert.ok(line, output);
  return (JSON.parse(line) as { compileCache: CompileCacheReport }).compileCache;
}

/**
 * There is no Docker engine here, so this lays out a folder the way the Dockerfile's runtime stage lays out
 * /app (reading its COPY lines), with the output of `npm run build:code` (the compiler run), and starts the bot with
 * the image's CMD, working directory and ENV. What this proves: the compiled bot starts from the built
 * layout alone, and finds its card templates and default seed there (not in the source tree); and the image's
 * build step fills the compile cache that the container's first start then takes its modules from.
 */
describe('deployment: the built bot, laid out as the image lays it out', function () {
  this.timeout(90_000);
  const stage = runtimeStage(readDockerfile(path.join(REPO_ROOT, 'Dockerfile')));
  let root: string;
  let app: string;
  let bot: BotProcess | undefined;
  let channel: ChannelServer;

  /** Where a COPY source is in this checkout: the build stage's /app holds the repository's files plus what its RUN lines made. */
  function sourceOf(copy: DockerCopy, source: string, built: string): string {
    if (copy.from === undefined) return path.join(REPO_ROOT, source);
    const relative = path.posix.relative('/app', source);
    if (relative.startsWith('..'))
      throw new Error(`COPY --from=${copy.from} ${source}: outside the build stage's /app`);
    if (relative === 'dist') return built;
    return path.join(REPO_ROOT, relative);
  }

  before(async () => {
    root = tempDir('por-image-');
    const built = path.join(root, 'build-output');
    // `npm run build:code` (the image's build stage runs it) is `tsc -p tsconfig.build.json`; only the output folder differs.
    execFileSync(
      process.execPath,
      [require.resolve('typescript/bin/tsc'), '-p', path.join(REPO_ROOT, 'tsconfig.build.json'), '--outDir', built],
      {
        cwd: REPO_ROOT,
        stdio: 'pipe',
      },
    );
    app = path.join(root, stage.workdir);
    mkdirSync(app, { recursive: true });
    for (const copy of stage.copies) {
      for (const source of copy.sources) {
        const from = sourceOf(copy, source, built);
        const to = path.resolve(app, copy.dest);
        mkdirSync(path.dirname(to), { recursive: true });
        // node_modules is linked rather than copied: the image has the production subset of the same packages.
        if (path.basename(from) === 'node_modules') symlinkSync(from, to, 'dir');
        else cpSync(from, to, { recursive: true });
      }
    }
    channel = await new ChannelServer().start();
  });

  after(async () => {
    await bot?.stop();
    await channel?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it("builds the compile cache in the image, as the bot's user, and the first start takes its modules from it", async () => {
    const build = 'node scripts/buildCompileCache.js';
    const step = stage.runs.find((run) => run.command === build);
    assert.ok(step, `the runtime stage runs ${build}`);
    assert.equal(step.user, 'node', 'as the user that runs the bot, so that the bot may use the folder it writes');
    const scripts = (
      JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts;
    assert.match(
      scripts.build!,
      new RegExp(`&& ${build}$`),
      '`npm run build` (App Service builds the code with it) too',
    );

    const cacheDir = path.join(app, 'dist', '.compile-cache');
    assert.ok(!existsSync(cacheDir) || readdirSync(cacheDir).length === 0, 'no cache before the build step');
    execFileSync(process.execPath, step.command.split(' ').slice(1), { cwd: app, stdio: 'pipe' });
    assert.ok(existsSync(cacheDir) && readdirSync(cacheDir).length > 0, 'the build step wrote the cache');

    bot = await startBotProcess({ ...stage.env, DATA_DIR: path.join(root, 'first-start') }, 15_000, {
      args: stage.cmd!.slice(1),
      cwd: app,
      inheritEnv: false,
    });
    const cache = compileCacheOf(bot.output());
    await bot.stop();
    bot = undefined;
    assert.equal(cache.directory, cacheDir);
    // Node 20: the bot's own cache counts its hits. Node 22's own cache reports none, only that it is on.
    if (cache.kind === 'bot') assert.ok(cache.fromCache! > 500 && cache.compiled! < 10, JSON.stringify(cache));
    else assert.equal(cache.kind, 'node', JSON.stringify(cache));
  });

  it('starts with the image command, answers /healthz, and renders cards from the copied templates and seed', async () => {
    assert.equal(stage.cmd?.[0], 'node', 'the image runs node directly');
    const dataDir = path.join(root, 'data');
    bot = await startBotProcess({ ...stage.env, DATA_DIR: dataDir }, 15_000, {
      args: stage.cmd!.slice(1),
      cwd: app,
      inheritEnv: false,
    });

    const health = await fetch(`${bot.url}/healthz`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok', store: 'open' });
    assert.doesNotMatch(bot.output(), /DEP0111/, "restify's deprecation warning is not printed");
    assert.ok(existsSync(path.join(dataDir, 'partner-of-record.sqlite')), 'the store is in DATA_DIR');
    // The default seed is the copy beside the image's package.json, not the one in this checkout.
    assert.match(
      bot.output(),
      new RegExp(`"seedFile":"${path.join(app, 'deployment', 'demo-seed.json').replace(/[.\\/]/g, '\\$&')}"`),
    );

    const owner = new TeamsUser(bot.url, channel.url, DEMO.contoso, DEMO.users.owner, 'Ada Owner');
    const card = invokeCard(await owner.press('status', { page: 0 }));
    assert.match(cardText(card), /Contoso/);
  });
});
