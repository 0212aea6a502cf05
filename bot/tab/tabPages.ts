import { readFileSync } from 'node:fs';
import path from 'node:path';
import type restify from 'restify';
import { REPO_ROOT } from '../config';

interface Asset {
  type: string;
  /** The file served, read once at start. */
  file?: string;
  /** Or the body built on the first request for it (from a package the start need not load). */
  build?: () => Buffer;
}

const HTML = 'text/html; charset=utf-8';
const SCRIPT = 'text/javascript; charset=utf-8';
const tabFile = (name: string) => path.join(REPO_ROOT, 'tab', name);

/**
 * The tab's page and assets; only these names are served, so no path from a request reaches the disk. Fluent UI's
 * components and themes, and teams-js, are served from their packages, never from a CDN: the tab must work where
 * only the bot's host is reachable.
 */
const ASSETS: Record<string, Asset> = {
  'index.html': { file: tabFile('index.html'), type: HTML },
  'tab.css': { file: tabFile('tab.css'), type: 'text/css; charset=utf-8' },
  // The page's own modules (tab.js imports the others).
  'tab.js': { file: tabFile('tab.js'), type: SCRIPT },
  'wording.js': { file: tabFile('wording.js'), type: SCRIPT },
  'theme.js': { file: tabFile('theme.js'), type: SCRIPT },
  'table.js': { file: tabFile('table.js'), type: SCRIPT },
  'dialogs.js': { file: tabFile('dialogs.js'), type: SCRIPT },
  'signIn.js': { file: tabFile('signIn.js'), type: SCRIPT },
  'api.js': { file: tabFile('api.js'), type: SCRIPT },
  // Every Fluent UI web component, defined on import, with fast-element inside: one module with no imports.
  'fluent.js': { file: require.resolve('@fluentui/web-components/web-components-all.min.js'), type: SCRIPT },
  'fluent-themes.json': { build: fluentThemes, type: 'application/json; charset=utf-8' },
  // The app manifest's developer links point here.
  'privacy.html': { file: tabFile('privacy.html'), type: HTML },
  'terms.html': { file: tabFile('terms.html'), type: HTML },
  'teams-js.js': { file: require.resolve('@microsoft/teams-js/dist/umd/MicrosoftTeams.min.js'), type: SCRIPT },
};

/** Teams' light, dark and high-contrast themes as Fluent's design tokens, which the page hands to `setTheme`. */
function fluentThemes(): Buffer {
  const { teamsLightTheme, teamsDarkTheme, teamsHighContrastTheme } =
    require('@fluentui/tokens') as typeof import('@fluentui/tokens');
  return Buffer.from(
    JSON.stringify({ default: teamsLightTheme, dark: teamsDarkTheme, contrast: teamsHighContrastTheme }),
  );
}

/**
 * teams-js (loaded by the page only inside a Teams host) fetches its list of valid host origins from this one
 * address when it loads (`validOriginsCdnEndpoint` in the package), and falls back to a list it carries when it
 * cannot. The page may connect there and nowhere else but its own host.
 */
export const TEAMS_JS_VALID_ORIGINS_URL = 'https://res.cdn.office.net/teams-js/validDomains/json/validDomains.json';

/** Teams shows the tab in an iframe from these hosts; nobody else may frame it. */
const FRAME_ANCESTORS =
  "'self' https://teams.microsoft.com https://*.teams.microsoft.com https://*.office.com https://*.microsoft365.com https://*.cloud.microsoft";

/**
 * No inline script or style anywhere. Fluent's components style their shadow roots, and `setTheme` the page, with
 * constructed style sheets (adoptedStyleSheets), which style-src does not govern: no 'unsafe-inline' is needed.
 */
const CONTENT_SECURITY_POLICY = `default-src 'self'; style-src 'self'; script-src 'self'; img-src 'self' data:; connect-src 'self' ${TEAMS_JS_VALID_ORIGINS_URL}; frame-ancestors ${FRAME_ANCESTORS}`;

export function registerTabPages(server: restify.Server): void {
  const bodies = new Map<string, Buffer>(
    Object.entries(ASSETS).flatMap(([name, a]) => (a.file ? [[name, readFileSync(a.file)] as const] : [])),
  );
  const bodyOf = (name: string): Buffer => {
    let body = bodies.get(name);
    if (!body) {
      body = ASSETS[name]!.build!();
      bodies.set(name, body);
    }
    return body;
  };
  const serve = (name: string) => async (_req: restify.Request, res: restify.Response) => {
    const body = bodyOf(name);
    res.writeHead(200, {
      'content-type': ASSETS[name]!.type,
      'content-length': body.length,
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
      'content-security-policy': CONTENT_SECURITY_POLICY,
    });
    res.end(body);
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
