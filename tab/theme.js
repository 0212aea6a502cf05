// Teams' light, dark and high-contrast themes, as Fluent UI's design tokens (from @fluentui/tokens, served by the
// bot), set on the page with Fluent's setTheme. Inside Teams the theme is teams-js's `app.theme`; outside (the dev
// sign-in, tests) `?theme=`, else the system's forced colours or colour scheme.
import { setTheme } from '/tab/fluent.js';

const THEMES = ['default', 'dark', 'contrast'];
let tokens = null;

async function themeTokens() {
  tokens ??= await fetch('/tab/fluent-themes.json').then((r) => r.json());
  return tokens;
}

/** Teams' name for a theme ('default', 'dark', 'contrast'); anything else is the light one. */
export async function applyTheme(theme) {
  const name = THEMES.includes(theme) ? theme : 'default';
  setTheme((await themeTokens())[name]);
  document.body.dataset.theme = name;
}

/** Outside Teams: the theme the query names, else what the system asks for. */
export function browserTheme(params) {
  if (params.get('theme')) return params.get('theme');
  if (matchMedia('(forced-colors: active)').matches) return 'contrast';
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'default';
}

/** Follows the system's changes while no query fixes the theme. */
export function followBrowserTheme(params) {
  if (params.get('theme')) return;
  for (const query of ['(forced-colors: active)', '(prefers-color-scheme: dark)']) {
    matchMedia(query).addEventListener('change', () => applyTheme(browserTheme(params)));
  }
}
