import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import yauzl from 'yauzl';
import { parseTextCommand } from '../../bot/teams/textCommands';
import {
  buildAppPackage,
  ICON_FILES,
  LOCALIZATION_DIR,
  MANIFEST_DIR,
  PackageError,
  TEMPLATE_FILE,
} from '../../manifest/scripts/buildPackage';
import { fillTemplate, TemplateError } from '../../manifest/scripts/fillTemplate';
import { hostAllowed, isValidDomainEntry } from '../../manifest/scripts/formats';
import {
  PackageSettingsError,
  readPackageSettings,
  type PackageSettings,
} from '../../manifest/scripts/packageSettings';
import { bundledManifestVersions, schemaUrl, validateAppPackage } from '../../manifest/scripts/validateManifest';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const PACKAGE_VERSION = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string })
  .version;
const APP_ID = '6d0a1c2e-3b4f-4a5b-8c6d-7e8f9a0b1c2d';
const OTHER_ID = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';
const SETTINGS: PackageSettings = {
  MicrosoftAppId: APP_ID,
  BOT_DOMAIN: 'por-bot.azurewebsites.net',
  APP_VERSION: '1.4.2',
};

type Manifest = Record<string, any>;

/** A fresh copy of the template filled with SETTINGS, for a test to break one thing in. */
function validManifest(): Manifest {
  return JSON.parse(fillTemplate(readFileSync(path.join(MANIFEST_DIR, TEMPLATE_FILE), 'utf8'), { ...SETTINGS }));
}

const LANGUAGE_FILES = ['de.json', 'es.json', 'fr.json', 'ja.json'];

/** The icons and language files as committed: what the package holds beside manifest.json. */
function committedIcons(): Record<string, Buffer> {
  return {
    ...Object.fromEntries(ICON_FILES.map((name) => [name, readFileSync(path.join(MANIFEST_DIR, name))])),
    ...Object.fromEntries(
      LANGUAGE_FILES.map((name) => [name, readFileSync(path.join(MANIFEST_DIR, LOCALIZATION_DIR, name))]),
    ),
  };
}

function png(size: number, pixel: (x: number, y: number) => [number, number, number, number]): Buffer {
  const image = new PNG({ width: size, height: size });
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) image.data.set(pixel(x, y), (y * size + x) * 4);
  }
  return PNG.sync.write(image);
}

function readZip(file: string): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      const entries = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (streamErr, stream) => {
          if (streamErr) return reject(streamErr);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

/** Runs `npm run package` as npm would, without npm, from a folder with no .env in it. */
function runPackageCli(
  env: Record<string, string | undefined>,
  args: string[],
  cwd: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  delete childEnv.MicrosoftAppId;
  delete childEnv.BOT_DOMAIN;
  for (const [k, v] of Object.entries(env)) if (v !== undefined) childEnv[k] = v;
  const script = path.join(REPO_ROOT, 'manifest', 'scripts', 'package.ts');
  const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), script, ...args], {
    cwd,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

describe('Teams app package', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'por-manifest-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('building', () => {
    it('writes a zip of exactly manifest.json and the two icons, filled from the settings, that validates', async () => {
      const zipFile = path.join(dir, 'out', 'appPackage.zip');
      const built = await buildAppPackage({ settings: SETTINGS, zipFile });
      assert.equal(built.zipFile, zipFile);

      const entries = await readZip(zipFile);
      assert.deepEqual([...entries.keys()].sort(), ['color.png', ...LANGUAGE_FILES, 'manifest.json', 'outline.png']);
      const text = entries.get('manifest.json')!.toString('utf8');
      assert.doesNotMatch(text, /\$\{\{/);
      const manifest = JSON.parse(text) as Manifest;
      assert.equal(manifest.id, APP_ID);
      assert.equal(manifest.bots[0].botId, APP_ID);
      assert.equal(manifest.webApplicationInfo.id, APP_ID);
      assert.equal(manifest.webApplicationInfo.resource, `api://por-bot.azurewebsites.net/${APP_ID}`);
      assert.deepEqual(manifest.validDomains, ['por-bot.azurewebsites.net']);
      assert.equal(manifest.version, '1.4.2');
      assert.equal(manifest.developer.websiteUrl, 'https://por-bot.azurewebsites.net/');
      const tab = manifest.staticTabs.find((t: Manifest) => t.entityId === 'partners');
      assert.equal(tab.contentUrl, 'https://por-bot.azurewebsites.net/tab');
      assert.equal(tab.websiteUrl, 'https://por-bot.azurewebsites.net/tab');

      // The icons go in as committed, and the package as a whole passes the same checks again.
      for (const [name, data] of Object.entries(committedIcons())) assert.ok(entries.get(name)!.equals(data), name);
      const files = Object.fromEntries([...entries].filter(([name]) => name !== 'manifest.json'));
      assert.deepEqual(await validateAppPackage(manifest, files), []);
    });

    it('writes the same bytes for the same inputs', async () => {
      const a = path.join(dir, 'a.zip');
      const b = path.join(dir, 'b.zip');
      await buildAppPackage({ settings: SETTINGS, zipFile: a });
      await buildAppPackage({ settings: SETTINGS, zipFile: b });
      assert.ok(readFileSync(a).equals(readFileSync(b)));
    });

    it('uses the newest manifest schema version the validator bundles', () => {
      const manifest = validManifest();
      const newest = bundledManifestVersions().at(-1)!;
      assert.equal(
        manifest.manifestVersion,
        newest,
        'a newer schema came with @microsoft/app-manifest: move the template to it',
      );
      assert.equal(manifest.$schema, schemaUrl(newest));
    });

    it('offers the five commands in the personal scope, each one the bot understands when typed', () => {
      const [bot] = validManifest().bots as Manifest[];
      assert.deepEqual(bot!.scopes, ['personal']);
      assert.equal(bot!.supportsFiles, false);
      assert.equal(bot!.isNotificationOnly, false);
      assert.equal(bot!.commandLists.length, 1);
      const [list] = bot!.commandLists as Manifest[];
      assert.deepEqual(list!.scopes, ['personal']);
      const commands = list!.commands as { title: string; description: string }[];
      assert.deepEqual(
        commands.map((c) => c.title),
        ['help', 'status', 'add partner', 'change partner', 'remove partner'],
      );
      for (const command of commands) {
        assert.ok(command.description.length > 10, command.title);
        assert.notEqual(parseTextCommand(command.title).verb, 'didNotCatch', command.title);
      }
    });

    it('has German, French, Spanish and Japanese names, descriptions and commands, each command one the bot understands', () => {
      const manifest = validManifest();
      assert.deepEqual(manifest.localizationInfo.defaultLanguageTag, 'en');
      assert.deepEqual(
        manifest.localizationInfo.additionalLanguages.map((l: Manifest) => [l.languageTag, l.file]),
        [
          ['de', 'de.json'],
          ['fr', 'fr.json'],
          ['es', 'es.json'],
          ['ja', 'ja.json'],
        ],
      );
      const english = (manifest.bots[0].commandLists[0].commands as { title: string }[]).map((c) =>
        parseTextCommand(c.title),
      );
      for (const name of LANGUAGE_FILES) {
        const strings = JSON.parse(committedIcons()[name]!.toString('utf8')) as Record<string, string>;
        assert.notEqual(strings['description.full'], manifest.description.full, name);
        const titles = english.map((_, i) => strings[`bots[0].commandLists[0].commands[${i}].title`]!);
        // The same commands, in the same order, as the bot parses them typed.
        assert.deepEqual(
          titles.map((t) => parseTextCommand(t)),
          english,
          name,
        );
        assert.match(strings['staticTabs[1].name']!, /\S/, name);
      }
    });

    it('refuses a language file that is missing, not JSON or against its schema', async () => {
      const files = committedIcons();
      const tooLong = JSON.stringify({
        'name.short': 'x',
        'description.short': 'y'.repeat(81),
        'description.full': 'z',
      });
      const problems = await validateAppPackage(validManifest(), {
        ...files,
        'de.json': Buffer.from(tooLong),
        'fr.json': Buffer.from('{'),
        'es.json': undefined as never,
      });
      assert.ok(
        problems.some((p) =>
          /^de\.json: schema v1\.30: \/description\.short must NOT have more than 80 characters/.test(p),
        ),
        problems.join('\n'),
      );
      assert.ok(
        problems.some((p) => /^fr\.json: not JSON/.test(p)),
        problems.join('\n'),
      );
      assert.ok(
        problems.some((p) => /^localizationInfo: es\.json is not in the package/.test(p)),
        problems.join('\n'),
      );
      assert.equal(problems.length, 3, problems.join('\n'));
    });

    it('has the conversation tab and the personal Partners tab, and asks for identity only', () => {
      const manifest = validManifest();
      assert.deepEqual(
        manifest.staticTabs.map((t: Manifest) => [t.entityId, t.scopes]),
        [
          ['conversations', ['personal']],
          ['partners', ['personal']],
        ],
      );
      assert.equal(manifest.staticTabs[1].name, 'Partners');
      assert.deepEqual(manifest.permissions, ['identity']);
      assert.ok(manifest.description.short.length <= 80);
    });

    it('writes nothing when the manifest is invalid, and lists every problem', async () => {
      const zipFile = path.join(dir, 'appPackage.zip');
      const settings = { ...SETTINGS, APP_VERSION: '1.0' };
      await assert.rejects(buildAppPackage({ settings, zipFile }), (err: unknown) => {
        assert.ok(err instanceof PackageError);
        assert.match(err.message, /version: "1\.0" is not MAJOR\.MINOR\.PATCH/);
        return true;
      });
      assert.equal(existsSync(zipFile), false);
    });
  });

  describe('validateAppPackage', () => {
    /** Problems for the valid manifest after `breakIt`, with the committed icons unless others are given. */
    async function problemsAfter(breakIt: (m: Manifest) => void, icons = committedIcons()): Promise<string[]> {
      const manifest = validManifest();
      breakIt(manifest);
      return validateAppPackage(manifest, icons);
    }
    const named = (problems: string[], pattern: RegExp) =>
      assert.ok(
        problems.some((p) => pattern.test(p)),
        `expected a problem matching ${pattern}, got:\n${problems.join('\n')}`,
      );

    it('finds nothing wrong with the template filled with valid settings', async () => {
      assert.deepEqual(await problemsAfter(() => {}), []);
    });

    it('refuses a manifest without bots', async () => {
      const problems = await problemsAfter((m) => delete m.bots);
      named(problems, /^bots: missing/);
    });

    it('refuses a version that is not MAJOR.MINOR.PATCH', async () => {
      for (const version of ['1.0', '1.0.0-beta.1', 'v1.0.0', '01.0.0']) {
        named(await problemsAfter((m) => (m.version = version)), /^version: ".*" is not MAJOR\.MINOR\.PATCH/);
      }
    });

    it('refuses icons of the wrong size', async () => {
      const icons = committedIcons();
      const problems = await validateAppPackage(validManifest(), {
        'color.png': icons['outline.png']!,
        'outline.png': png(48, () => [255, 255, 255, 0]),
      });
      named(problems, /^icons\.color \(color\.png\): 32x32 pixels, must be 192x192/);
      named(problems, /^icons\.outline \(outline\.png\): 48x48 pixels, must be 32x32/);
    });

    it('refuses an outline icon with coloured pixels, or without a transparent background', async () => {
      const icons = committedIcons();
      const red = png(32, (x, y) => (x === 5 && y === 7 ? [255, 0, 0, 255] : [255, 255, 255, x < 16 ? 0 : 128]));
      named(
        await validateAppPackage(validManifest(), { ...icons, 'outline.png': red }),
        /^icons\.outline \(outline\.png\): 1 pixel is neither transparent nor white \(first at x=5, y=7: rgba\(255, 0, 0, 255\)\)/,
      );
      const opaque = png(32, () => [255, 255, 255, 255]);
      named(await validateAppPackage(validManifest(), { ...icons, 'outline.png': opaque }), /no transparent pixel/);
    });

    it('refuses an icon that is not in the package or not a PNG', async () => {
      const problems = await problemsAfter((m) => (m.icons.color = 'colour.png'));
      named(problems, /^icons\.color: colour\.png is not in the package/);
      const gif = { ...committedIcons(), 'color.png': Buffer.from('GIF89a') };
      named(await validateAppPackage(validManifest(), gif), /^icons\.color \(color\.png\): not a readable PNG/);
    });

    it('refuses a validDomains entry with a scheme or a path', async () => {
      const problems = await problemsAfter(
        (m) => (m.validDomains = ['https://por-bot.azurewebsites.net', 'por.example.net/tab']),
      );
      named(problems, /^validDomains\[0\]: "https:\/\/por-bot\.azurewebsites\.net" is not a host name/);
      named(problems, /^validDomains\[1\]: "por\.example\.net\/tab" is not a host name/);
    });

    it('refuses a tab whose content is on a host validDomains does not list, or not on https', async () => {
      const problems = await problemsAfter((m) => (m.staticTabs[1].contentUrl = 'http://elsewhere.example.net/tab'));
      named(problems, /^staticTabs\[1\]\.contentUrl: http:\/\/elsewhere\.example\.net\/tab must be https/);
      named(problems, /^staticTabs\[1\]\.contentUrl: host elsewhere\.example\.net is not in validDomains/);
    });

    it('refuses a command title longer than the schema allows', async () => {
      const problems = await problemsAfter(
        (m) => (m.bots[0].commandLists[0].commands[2].title = 'add partner '.repeat(11)),
      );
      named(problems, /\/bots\/0\/commandLists\/0\/commands\/2\/title must NOT have more than 128 characters/);
    });

    it('refuses a bot id or sign-in id that is not the app id, or not a GUID', async () => {
      const problems = await problemsAfter((m) => {
        m.bots[0].botId = OTHER_ID;
        m.webApplicationInfo.id = 'por-bot';
      });
      named(problems, new RegExp(`^bots\\[0\\]\\.botId: ${OTHER_ID} is not the app's id ${APP_ID}`));
      named(problems, /^webApplicationInfo\.id: "por-bot" is not a GUID/);
      named(await problemsAfter((m) => delete m.webApplicationInfo), /^webApplicationInfo: missing/);
    });

    it('refuses a sign-in resource outside validDomains', async () => {
      const problems = await problemsAfter(
        (m) => (m.webApplicationInfo.resource = `api://elsewhere.example.net/${APP_ID}`),
      );
      named(problems, /^webApplicationInfo\.resource: "api:\/\/elsewhere\.example\.net\//);
    });

    it('refuses what the Teams schema refuses', async () => {
      const problems = await problemsAfter((m) => {
        m.accentColor = 'slate';
        m.description.short = 'x'.repeat(81);
        m.unknownField = true;
      });
      named(problems, /^schema v1\.\d+: \/accentColor must match pattern/);
      named(problems, /^schema v1\.\d+: \/description\/short must NOT have more than 80 characters/);
      named(problems, /^schema v1\.\d+: \(root\) must NOT have additional properties.*unknownField/);
    });

    it('refuses an unfilled placeholder', async () => {
      const problems = await problemsAfter((m) => (m.developer.privacyUrl = 'https://${{PUBLISHER_DOMAIN}}/privacy'));
      named(problems, /^developer\.privacyUrl: placeholder left unfilled/);
    });

    it('validates offline: an unknown manifest version or $schema never reaches for the network', async () => {
      const realFetch = globalThis.fetch;
      const fetched: string[] = [];
      globalThis.fetch = (async (url: string | URL | Request) => {
        fetched.push(String(url));
        throw new Error('no network in tests');
      }) as typeof fetch;
      try {
        named(
          await problemsAfter((m) => (m.$schema = 'https://schemas.example.net/teams.json')),
          /^\$schema: .* is not the schema of manifestVersion/,
        );
        named(
          await problemsAfter((m) => (m.manifestVersion = '1.99')),
          /^manifestVersion: "1\.99" has no schema in @microsoft\/app-manifest/,
        );
      } finally {
        globalThis.fetch = realFetch;
      }
      assert.deepEqual(fetched, []);
    });
  });

  describe('filling the template', () => {
    it('escapes values as JSON string content', () => {
      assert.equal(fillTemplate('{"a":"${{X}}"}', { X: 'say "hi"\\' }), '{"a":"say \\"hi\\"\\\\"}');
    });

    it('refuses a placeholder without a value, or a malformed one', () => {
      assert.throws(
        () => fillTemplate('{"a":"${{BOT_DOMAIN}}","b":"${{NOPE}}"}', { BOT_DOMAIN: 'x.net' }),
        (err: unknown) => {
          assert.ok(err instanceof TemplateError);
          assert.match(err.message, /\$\{\{NOPE\}\}/);
          assert.doesNotMatch(err.message, /BOT_DOMAIN/);
          return true;
        },
      );
      assert.throws(() => fillTemplate('{"a":"${{BOT DOMAIN}}"}', { BOT_DOMAIN: 'x.net' }), /malformed placeholder/);
      assert.throws(() => fillTemplate('{"a":"${{constructor}}"}', {}), /\$\{\{constructor\}\}/);
    });
  });

  describe('settings and host names', () => {
    it('trims and lower-cases the domain, and refuses a port, a path or a bare name', () => {
      const env = { MicrosoftAppId: ` ${APP_ID} `, BOT_DOMAIN: ' POR-Bot.AzureWebsites.NET ' };
      assert.deepEqual(readPackageSettings(env, '2.0.1'), {
        MicrosoftAppId: APP_ID,
        BOT_DOMAIN: 'por-bot.azurewebsites.net',
        APP_VERSION: '2.0.1',
      });
      const refused = [
        'por-bot.azurewebsites.net:443',
        'por-bot.azurewebsites.net/',
        'localhost',
        '-por.example.net',
        'por_bot.x.net',
      ];
      for (const domain of refused) {
        const read = () => readPackageSettings({ ...env, BOT_DOMAIN: domain }, '2.0.1');
        assert.throws(read, /BOT_DOMAIN: ".*" is not a host name/, domain);
      }
    });

    it('names the package.json version when it is not MAJOR.MINOR.PATCH, and treats empty as missing', () => {
      const env = { MicrosoftAppId: APP_ID, BOT_DOMAIN: 'por.example.net' };
      assert.throws(
        () => readPackageSettings(env, '1.0.0-rc.1'),
        (err: unknown) => {
          assert.ok(err instanceof PackageSettingsError);
          assert.match(
            err.message,
            /APP_VERSION: "1\.0\.0-rc\.1" \(package\.json "version"\) is not MAJOR\.MINOR\.PATCH/,
          );
          assert.doesNotMatch(err.message, /MicrosoftAppId|BOT_DOMAIN/);
          return true;
        },
      );
      assert.throws(() => readPackageSettings({ ...env, MicrosoftAppId: '  ' }, '1.0.0'), /MicrosoftAppId: missing/);
    });

    it('reads validDomains entries as Teams does: a wildcard stands for one label, a port is part of the host', () => {
      for (const entry of ['por.example.net', '*.example.net', 'localhost:3978'])
        assert.ok(isValidDomainEntry(entry), entry);
      for (const entry of ['https://por.example.net', 'por.example.net/tab', '*.*', 'por.example.net:port', '']) {
        assert.ok(!isValidDomainEntry(entry), entry);
      }
      assert.ok(hostAllowed('a.example.net', ['*.example.net']));
      assert.ok(!hostAllowed('a.b.example.net', ['*.example.net']));
      assert.ok(!hostAllowed('example.net', ['*.example.net']));
      assert.ok(hostAllowed('Por.Example.net', ['por.example.net']));
    });
  });

  describe('npm run package', () => {
    it('builds the zip from the environment and package.json, and prints its path', async () => {
      const zipFile = path.join(dir, 'appPackage.zip');
      const { code, stdout, stderr } = await runPackageCli(
        { MicrosoftAppId: APP_ID, BOT_DOMAIN: 'POR-Bot.AzureWebsites.net' },
        ['--out', zipFile],
        dir,
      );
      assert.equal(code, 0, stderr);
      assert.equal(stdout.trim(), zipFile);
      const manifest = JSON.parse((await readZip(zipFile)).get('manifest.json')!.toString('utf8')) as Manifest;
      assert.equal(manifest.version, PACKAGE_VERSION);
      assert.deepEqual(manifest.validDomains, ['por-bot.azurewebsites.net']);
    });

    it('stops naming BOT_DOMAIN when it has a scheme', async () => {
      const zipFile = path.join(dir, 'appPackage.zip');
      const env = { MicrosoftAppId: APP_ID, BOT_DOMAIN: 'https://x.com' };
      const { code, stderr } = await runPackageCli(env, ['--out', zipFile], dir);
      assert.notEqual(code, 0);
      assert.match(stderr, /BOT_DOMAIN: "https:\/\/x\.com" is not a host name \(no scheme, no path/);
      assert.doesNotMatch(stderr, /MicrosoftAppId/);
      assert.equal(existsSync(zipFile), false);
    });

    it('stops naming MicrosoftAppId when it is missing or not a GUID', async () => {
      const missing = await runPackageCli(
        { BOT_DOMAIN: 'por-bot.azurewebsites.net' },
        ['--out', path.join(dir, 'a.zip')],
        dir,
      );
      assert.notEqual(missing.code, 0);
      assert.match(missing.stderr, /MicrosoftAppId: missing/);
      const bad = await runPackageCli(
        { MicrosoftAppId: 'por-bot', BOT_DOMAIN: 'por-bot.azurewebsites.net' },
        ['--out', path.join(dir, 'b.zip')],
        dir,
      );
      assert.notEqual(bad.code, 0);
      assert.match(bad.stderr, /MicrosoftAppId: "por-bot" is not a GUID/);
      assert.doesNotMatch(bad.stderr, /BOT_DOMAIN/);
    });

    it('a failed run removes the zip an earlier run left, so a stale package cannot be uploaded, and says so', async () => {
      const zipFile = path.join(dir, 'appPackage.zip');
      const earlier = await runPackageCli(
        { MicrosoftAppId: APP_ID, BOT_DOMAIN: 'por-bot.azurewebsites.net' },
        ['--out', zipFile],
        dir,
      );
      assert.equal(earlier.code, 0, earlier.stderr);
      assert.ok(existsSync(zipFile));

      const badDomain = await runPackageCli(
        { MicrosoftAppId: APP_ID, BOT_DOMAIN: 'https://por-bot.azurewebsites.net/' },
        ['--out', zipFile],
        dir,
      );
      assert.equal(badDomain.code, 1);
      assert.equal(existsSync(zipFile), false, 'the earlier zip is gone');
      assert.match(badDomain.stderr, /BOT_DOMAIN: "https:\/\/por-bot\.azurewebsites\.net\/" is not a host name/);
      assert.match(
        badDomain.stderr,
        /No package was built; the previous appPackage\.zip was removed, so that it is not uploaded by mistake\./,
      );
      assert.equal(badDomain.stdout, '');

      writeFileSync(zipFile, 'a package built from other settings');
      const badId = await runPackageCli(
        { MicrosoftAppId: 'por-bot', BOT_DOMAIN: 'por-bot.azurewebsites.net' },
        ['--out', zipFile],
        dir,
      );
      assert.equal(badId.code, 1);
      assert.equal(existsSync(zipFile), false, 'the earlier zip is gone');
      assert.match(badId.stderr, /MicrosoftAppId: "por-bot" is not a GUID/);
      assert.match(badId.stderr, /the previous appPackage\.zip was removed/);

      // With nothing there before, there is nothing to mention.
      const again = await runPackageCli(
        { MicrosoftAppId: 'por-bot', BOT_DOMAIN: 'por-bot.azurewebsites.net' },
        ['--out', zipFile],
        dir,
      );
      assert.equal(again.code, 1);
      assert.doesNotMatch(again.stderr, /previous/);
    });
  });
});
