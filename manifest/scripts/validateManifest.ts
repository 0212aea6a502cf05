import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { AppManifestUtils, type AppManifest } from '@microsoft/app-manifest';
import { PNG } from 'pngjs';
import { APP_VERSION, GUID, hostAllowed, isValidDomainEntry } from './formats';

/** The files that go into the package beside manifest.json (icons, language files), by their name at the zip's root. */
export type PackageFiles = Readonly<Record<string, Buffer>>;

type JsonObject = Record<string, unknown>;
type Schema = NonNullable<Parameters<typeof AppManifestUtils.validateAgainstSchema>[1]>;

const LIBRARY_ROOT = path.dirname(require.resolve('@microsoft/app-manifest/package.json'));
const LIBRARY_VERSION = (
  JSON.parse(readFileSync(path.join(LIBRARY_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;
const SCHEMA_DIR = path.join(LIBRARY_ROOT, 'build', 'json-schemas', 'teams');

const COLOR_ICON_SIZE = 192;
const OUTLINE_ICON_SIZE = 32;

/**
 * Everything wrong with an app package, as one line per problem (empty: none): the manifest against the
 * Teams JSON schema of its manifestVersion, then the rules that schema cannot express (icon pixels, hosts,
 * ids that must agree, semver). Problems are collected rather than thrown so that one run shows them all.
 */
export async function validateAppPackage(manifest: unknown, icons: PackageFiles): Promise<string[]> {
  if (!isObject(manifest)) return ['manifest: not a JSON object'];
  return [
    ...(await schemaProblems(manifest)),
    ...placeholderProblems(manifest),
    ...versionProblems(manifest),
    ...idProblems(manifest),
    ...domainProblems(manifest),
    ...iconProblems(manifest, icons),
    ...(await localizationProblems(manifest, icons)),
  ];
}

// ---- the JSON schema ---------------------------------------------------------------------------------

const schemas = new Map<string, Schema>();

/**
 * The schema is read from the copies @microsoft/app-manifest bundles and handed to validateAgainstSchema
 * explicitly. Left to find it from `$schema`, the library loads a bundled copy only for a URL it recognises
 * and fetches anything else over the network, which must never happen here.
 */
function bundledSchema(manifestVersion: string): Schema | undefined {
  if (!/^\d+\.\d+$/.test(manifestVersion)) return undefined;
  const file = path.join(SCHEMA_DIR, `v${manifestVersion}`, 'MicrosoftTeams.schema.json');
  if (!existsSync(file)) return undefined;
  let schema = schemas.get(manifestVersion);
  if (!schema) {
    schema = JSON.parse(readFileSync(file, 'utf8')) as Schema;
    schemas.set(manifestVersion, schema);
  }
  return schema;
}

/** The manifest versions this library has schemas for, newest last. */
export function bundledManifestVersions(): string[] {
  return readdirSync(SCHEMA_DIR)
    .map((d) => /^v(\d+)\.(\d+)$/.exec(d))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => Number(a[1]) - Number(b[1]) || Number(a[2]) - Number(b[2]))
    .map((m) => `${m[1]}.${m[2]}`);
}

export function schemaUrl(manifestVersion: string): string {
  return `https://developer.microsoft.com/json-schemas/teams/v${manifestVersion}/MicrosoftTeams.schema.json`;
}

async function schemaProblems(manifest: JsonObject): Promise<string[]> {
  const version = manifest.manifestVersion;
  if (typeof version !== 'string') return ['manifestVersion: missing'];
  const schema = bundledSchema(version);
  if (!schema) {
    const known = bundledManifestVersions();
    return [
      `manifestVersion: ${JSON.stringify(version)} has no schema in @microsoft/app-manifest ${LIBRARY_VERSION} ` +
        `(it has ${known[0]} to ${known[known.length - 1]})`,
    ];
  }
  const problems: string[] = [];
  if (manifest.$schema !== undefined && manifest.$schema !== schemaUrl(version)) {
    problems.push(
      `$schema: ${JSON.stringify(manifest.$schema)} is not the schema of manifestVersion ${version} (${schemaUrl(version)})`,
    );
  }
  const errors = await AppManifestUtils.validateAgainstSchema(manifest as unknown as AppManifest, schema);
  // The library words each error as `<instancePath> <message>`; the root's path is empty.
  return [...problems, ...errors.map((e) => `schema v${version}: ${e.startsWith(' ') ? `(root)${e}` : e}`)];
}

// ---- the language files -------------------------------------------------------------------------------

/** The language files `localizationInfo` names (each language's name, descriptions, command titles). */
export function localizationFilesOf(manifest: unknown): string[] {
  const info = isObject(manifest) && isObject(manifest.localizationInfo) ? manifest.localizationInfo : {};
  const languages = Array.isArray(info.additionalLanguages) ? info.additionalLanguages : [];
  const files = languages.map((l) => (isObject(l) ? l.file : undefined));
  return [info.defaultLanguageFile, ...files].filter((f): f is string => typeof f === 'string');
}

export function localizationSchemaUrl(manifestVersion: string): string {
  return `https://developer.microsoft.com/json-schemas/teams/v${manifestVersion}/MicrosoftTeams.Localization.schema.json`;
}

/**
 * The bundled Localization schema, with one repair: two of its patterns (`activities.activityTypes[...]`) close a
 * bracket without escaping it (`\b]`), which the Unicode regular expressions the validator compiles refuse.
 */
function localizationSchema(file: string): Schema {
  const schema = JSON.parse(readFileSync(file, 'utf8')) as { patternProperties?: Record<string, unknown> };
  if (schema.patternProperties) {
    schema.patternProperties = Object.fromEntries(
      Object.entries(schema.patternProperties).map(([pattern, rule]) => [pattern.replaceAll('\\b]', '\\b\\]'), rule]),
    );
  }
  return schema as Schema;
}

/** Each language file is in the package, is JSON, and passes the Localization schema of the manifest's version. */
async function localizationProblems(manifest: JsonObject, files: PackageFiles): Promise<string[]> {
  const version = typeof manifest.manifestVersion === 'string' ? manifest.manifestVersion : '';
  const schemaFile = path.join(SCHEMA_DIR, `v${version}`, 'MicrosoftTeams.Localization.schema.json');
  const problems: string[] = [];
  for (const name of localizationFilesOf(manifest)) {
    const data = Object.hasOwn(files, name) ? files[name] : undefined;
    if (!data) {
      problems.push(`localizationInfo: ${name} is not in the package`);
      continue;
    }
    let strings: unknown;
    try {
      strings = JSON.parse(data.toString('utf8'));
    } catch {
      problems.push(`${name}: not JSON`);
      continue;
    }
    if (!existsSync(schemaFile)) continue; // the manifest's own schema check names the unknown version
    if (isObject(strings) && strings.$schema !== undefined && strings.$schema !== localizationSchemaUrl(version))
      problems.push(`${name}: $schema is not the Localization schema of manifestVersion ${version}`);
    const schema = localizationSchema(schemaFile);
    const errors = await AppManifestUtils.validateAgainstSchema(strings as AppManifest, schema);
    problems.push(...errors.map((e) => `${name}: schema v${version}: ${e.startsWith(' ') ? `(root)${e}` : e}`));
  }
  return problems;
}

// ---- rules the schema cannot express -----------------------------------------------------------------

function placeholderProblems(manifest: JsonObject): string[] {
  return strings(manifest, '')
    .filter(([, value]) => value.includes('${{'))
    .map(([where, value]) => `${where}: placeholder left unfilled: ${JSON.stringify(value)}`);
}

function versionProblems(manifest: JsonObject): string[] {
  const { version } = manifest;
  // The schema only limits the length; Teams refuses anything but MAJOR.MINOR.PATCH at upload.
  if (typeof version !== 'string' || APP_VERSION.test(version)) return [];
  return [`version: ${JSON.stringify(version)} is not MAJOR.MINOR.PATCH, e.g. 1.0.0`];
}

/**
 * This app is a bot whose Microsoft App ID is also the Teams app's id and the id its tab signs in with
 * (webApplicationInfo): one Azure app registration for all three, so they must agree.
 */
function idProblems(manifest: JsonObject): string[] {
  const problems: string[] = [];
  const id = typeof manifest.id === 'string' ? manifest.id.toLowerCase() : undefined;
  const sameId = (where: string, value: unknown) => {
    if (typeof value !== 'string' || !GUID.test(value))
      problems.push(`${where}: ${JSON.stringify(value)} is not a GUID`);
    else if (id !== undefined && value.toLowerCase() !== id) {
      problems.push(
        `${where}: ${value} is not the app's id ${manifest.id as string} (the bot's Microsoft App ID is both)`,
      );
    }
  };

  const bot = Array.isArray(manifest.bots) ? manifest.bots[0] : undefined;
  if (!isObject(bot)) problems.push('bots: missing: this app is a bot, so the manifest needs bots[0]');
  else sameId('bots[0].botId', bot.botId);

  const web = manifest.webApplicationInfo;
  if (!isObject(web)) problems.push("webApplicationInfo: missing: the tab signs in with the bot's app id");
  else {
    sameId('webApplicationInfo.id', web.id);
    if (web.resource !== undefined) {
      // Teams' single sign-on wants api://<a domain the app owns>/<app id>.
      const expected = `api://<a validDomains host>/${manifest.id as string}`;
      const match = typeof web.resource === 'string' ? /^api:\/\/([^/]+)\/(.+)$/.exec(web.resource) : null;
      if (!match || match[2]!.toLowerCase() !== id || !hostAllowed(match[1]!, validDomains(manifest))) {
        problems.push(`webApplicationInfo.resource: ${JSON.stringify(web.resource)} is not ${expected}`);
      }
    }
  }
  return problems;
}

function domainProblems(manifest: JsonObject): string[] {
  const problems: string[] = [];
  if (Array.isArray(manifest.validDomains)) {
    manifest.validDomains.forEach((entry, i) => {
      if (typeof entry === 'string' && !isValidDomainEntry(entry)) {
        problems.push(`validDomains[${i}]: ${JSON.stringify(entry)} is not a host name (no scheme, no path)`);
      }
    });
  }
  const tabs = Array.isArray(manifest.staticTabs) ? manifest.staticTabs : [];
  tabs.forEach((tab, i) => {
    if (!isObject(tab) || typeof tab.contentUrl !== 'string') return;
    const where = `staticTabs[${i}].contentUrl`;
    let url: URL;
    try {
      url = new URL(tab.contentUrl);
    } catch {
      problems.push(`${where}: ${JSON.stringify(tab.contentUrl)} is not a URL`);
      return;
    }
    if (url.protocol !== 'https:')
      problems.push(`${where}: ${tab.contentUrl} must be https (Teams loads tabs over https only)`);
    // Teams loads a tab only from a domain the manifest lists.
    if (!hostAllowed(url.host, validDomains(manifest)))
      problems.push(`${where}: host ${url.host} is not in validDomains`);
  });
  return problems;
}

function iconProblems(manifest: JsonObject, files: PackageFiles): string[] {
  const icons = isObject(manifest.icons) ? manifest.icons : {};
  const problems: string[] = [];
  const color = readIcon('icons.color', icons.color, files, COLOR_ICON_SIZE, problems);
  if (color) problems.push(...sizeProblems('icons.color', color, COLOR_ICON_SIZE));
  const outline = readIcon('icons.outline', icons.outline, files, OUTLINE_ICON_SIZE, problems);
  if (outline) problems.push(...sizeProblems('icons.outline', outline, OUTLINE_ICON_SIZE), ...outlineProblems(outline));
  return problems;
}

interface Icon {
  name: string;
  png: PNG;
}

function readIcon(
  where: string,
  name: unknown,
  files: PackageFiles,
  size: number,
  problems: string[],
): Icon | undefined {
  if (typeof name !== 'string') return undefined; // the schema reports it
  const data = Object.hasOwn(files, name) ? files[name] : undefined;
  if (!data) {
    problems.push(`${where}: ${name} is not in the package (it has ${Object.keys(files).join(', ') || 'no images'})`);
    return undefined;
  }
  try {
    return { name, png: PNG.sync.read(data) };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    problems.push(`${where} (${name}): not a readable PNG (${reason}); Teams wants a ${size}x${size} PNG`);
    return undefined;
  }
}

function sizeProblems(where: string, { name, png }: Icon, size: number): string[] {
  if (png.width === size && png.height === size) return [];
  return [`${where} (${name}): ${png.width}x${png.height} pixels, must be ${size}x${size}`];
}

/** Teams tints the outline icon itself, so it may hold white, transparency and white's partial alpha only. */
function outlineProblems({ name, png }: Icon): string[] {
  let coloured = 0;
  let transparent = 0;
  let first = '';
  for (let i = 0; i < png.data.length; i += 4) {
    const [r, g, b, a] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!, png.data[i + 3]!];
    if (a === 0) transparent++;
    else if (r !== 255 || g !== 255 || b !== 255) {
      if (coloured++ === 0) {
        const pixel = i / 4;
        first = ` (first at x=${pixel % png.width}, y=${Math.floor(pixel / png.width)}: rgba(${r}, ${g}, ${b}, ${a}))`;
      }
    }
  }
  const problems: string[] = [];
  if (coloured > 0) {
    const count = coloured === 1 ? '1 pixel is' : `${coloured} pixels are`;
    problems.push(
      `icons.outline (${name}): ${count} neither transparent nor white${first}; it must be white on transparency`,
    );
  }
  if (transparent === 0)
    problems.push(`icons.outline (${name}): no transparent pixel; its background must be transparent`);
  return problems;
}

// ---- helpers -----------------------------------------------------------------------------------------

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function validDomains(manifest: JsonObject): string[] {
  return Array.isArray(manifest.validDomains)
    ? manifest.validDomains.filter((d): d is string => typeof d === 'string')
    : [];
}

/** Every string in a JSON value with its path, for the unfilled-placeholder check. */
function strings(value: unknown, where: string): [string, string][] {
  if (typeof value === 'string') return [[where || '(root)', value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${where}[${i}]`));
  if (isObject(value)) return Object.entries(value).flatMap(([k, v]) => strings(v, where ? `${where}.${k}` : k));
  return [];
}
