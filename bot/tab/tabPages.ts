import { readFileSync } from 'node:fs';
import path from 'node:path';
import type restify from 'restify';
import { REPO_ROOT } from '../config';

/** The tab's page and assets, read once at start; only these names are served, so no path reaches the disk. */
const ASSETS: Record<string, { file: string; type: string }> = {
  'index.html': { file: path.join(REPO_ROOT, 'tab', 'index.html'), type: 'text/html; charset=utf-8' },
  'tab.css': { file: path.join(REPO_ROOT, 'tab', 'tab.css'), type: 'text/css; charset=utf-8' },
  'tab.js': { file: path.join(REPO_ROOT, 'tab', 'tab.js'), type: 'text/javascript; charset=utf-8' },
  // The app manifest's developer links point here.
  'privacy.html': { file: path.join(REPO_ROOT, 'tab', 'privacy.html'), type: 'text/html; charset=utf-8' },
  'terms.html': { file: path.join(REPO_ROOT, 'tab', 'terms.html'), type: 'text/html; charset=utf-8' },
  // Served from the package, never from a CDN: the tab must work where only the bot's host is reachable.
  'teams-js.js': {
    file: require.resolve('@microsoft/teams-js/dist/umd/MicrosoftTeams.min.js'),
    type: 'text/javascript; charset=utf-8',
  },
};

/**
 * teams-js (loaded by the page only inside a Teams host) fetches its list of valid host origins from this one
 * address when it loads (`validOriginsCdnEndpoint` in the package), and falls back to a list it carries when it
 * cannot. The page may connect there and nowhere else but its own host.
 */
export const TEAMS_JS_VALID_ORIGINS_URL = 'https://res.cdn.office.net/teams-js/validDomains/json/validDomains.json';

/** Teams shows the tab in an iframe from these hosts; nobody else may frame it. */
const FRAME_ANCESTORS =
  "'self' https://teams.microsoft.com https://*.teams.microsoft.com https://*.office.com https://*.microsoft365.com https://*.cloud.microsoft";

export function registerTabPages(server: restify.Server): void {
  const loaded = new Map(
    Object.entries(ASSETS).map(([name, a]) => [name, { body: readFileSync(a.file), type: a.type }]),
  );
  const serve = (name: string) => async (_req: restify.Request, res: restify.Response) => {
    const asset = loaded.get(name)!;
    res.writeHead(200, {
      'content-type': asset.type,
      'content-length': asset.body.length,
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
      'content-security-policy': `default-src 'self'; style-src 'self'; script-src 'self'; img-src 'self' data:; connect-src 'self' ${TEAMS_JS_VALID_ORIGINS_URL}; frame-ancestors ${FRAME_ANCESTORS}`,
    });
    res.end(asset.body);
  };
  // Written by hand: restify's redirect sends its formatter's JSON `null` as the body, labelled application/json.
  server.get('/', async (_req: restify.Request, res: restify.Response) => {
    res.writeHead(302, { location: '/tab', 'content-length': 0, 'cache-control': 'no-cache' });
    res.end();
  });
  server.get('/privacy', serve('privacy.html'));
  server.get('/terms', serve('terms.html'));
  server.get('/tab', serve('index.html'));
  server.get('/tab/', serve('index.html'));
  for (const name of Object.keys(ASSETS)) server.get(`/tab/${name}`, serve(name));
}
