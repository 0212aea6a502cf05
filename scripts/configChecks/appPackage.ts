import { existsSync } from 'node:fs';
import type * as Yauzl from 'yauzl';
import type { AppConfig } from '../../bot/config';
import { failed, messageOf, ok, report, skipped } from './report';

interface PackagedManifest {
  validDomains?: unknown;
  bots?: { botId?: unknown }[];
  webApplicationInfo?: { id?: unknown; resource?: unknown };
}

/**
 * manifest.json of a Teams app package (a zip), or null when it has none. yauzl (a development dependency) and
 * manifest/ are loaded only here: App Service's deployment leaves manifest/ out, and there is no package there.
 */
function readManifest(zipFile: string): Promise<PackagedManifest | null> {
  const yauzl = require('yauzl') as typeof Yauzl;
  return new Promise((resolve, reject) => {
    yauzl.open(zipFile, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      zip.on('entry', (entry: Yauzl.Entry) => {
        if (entry.fileName !== 'manifest.json') return void zip.readEntry();
        zip.openReadStream(entry, (streamErr, stream) => {
          if (streamErr) return reject(streamErr);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('error', reject);
          stream.on('end', () => {
            zip.close();
            try {
              resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as PackagedManifest);
            } catch {
              reject(new Error('its manifest.json is not JSON'));
            }
          });
        });
      });
      zip.on('end', () => resolve(null));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

/**
 * BOT_DOMAIN against the Teams app package built for upload (`npm run package`): its validDomains must allow
 * BOT_DOMAIN, the tab's SSO resource must be api://BOT_DOMAIN/MicrosoftAppId, and the bot id MicrosoftAppId.
 * A package built with other settings would send Teams users to another host or fail SSO.
 */
export async function checkAppPackage(config: AppConfig, zipFile: string): Promise<void> {
  const domain = config.BOT_DOMAIN;
  if (!domain) {
    const why = "the Teams app package, the tab's SSO audience and admin consent's return address are built from it";
    report('BOT_DOMAIN', config.MicrosoftAppId ? failed(`not set: ${why}`) : skipped('not set (local anonymous mode)'));
    return;
  }
  report('BOT_DOMAIN', ok(domain));
  const name = `app package ${zipFile}`;
  if (!existsSync(zipFile)) {
    report(name, skipped('not built here: `npm run package` builds it from BOT_DOMAIN and MicrosoftAppId'));
    return;
  }
  let manifest: PackagedManifest | null;
  try {
    manifest = await readManifest(zipFile);
  } catch (err) {
    report(name, failed(`not a readable app package: ${messageOf(err)}`));
    return;
  }
  if (!manifest) {
    report(name, failed('no manifest.json in it'));
    return;
  }
  const { hostAllowed } = require('../../manifest/scripts/formats') as typeof import('../../manifest/scripts/formats');
  const problems: string[] = [];
  const listed = Array.isArray(manifest.validDomains) ? manifest.validDomains : [];
  const domains = listed.filter((d): d is string => typeof d === 'string');
  if (!hostAllowed(domain, domains)) {
    problems.push(`its validDomains (${domains.join(', ') || 'none'}) do not allow BOT_DOMAIN ${domain}`);
  }
  const appId = config.MicrosoftAppId.toLowerCase();
  const resource = `api://${domain}/${appId}`;
  const packaged = manifest.webApplicationInfo?.resource;
  if (typeof packaged !== 'string' || packaged.toLowerCase() !== resource) {
    problems.push(`its SSO resource is ${String(packaged)}, not ${resource}`);
  }
  const botId = manifest.bots?.[0]?.botId;
  if (appId && (typeof botId !== 'string' || botId.toLowerCase() !== appId)) {
    problems.push(`its bot id is ${String(botId)}, not MicrosoftAppId`);
  }
  const rebuild = 'build it again with `npm run package`';
  report(name, problems.length ? failed(`${problems.join('; ')}: ${rebuild}`) : ok(`made for ${domain}`));
}
