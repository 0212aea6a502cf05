// Signing in: through Teams (teams-js, loaded only inside a Teams host) or, in local anonymous mode outside Teams,
// through the clearly marked dev sign-in.
import { language, t } from './wording.js';

/** Rejects after `ms` with an error marked `timedOut`, unless the promise settles first. */
function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`${what} timed out`), { timedOut: true })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Is a Teams host there to talk to? Teams shows a tab in an iframe on the web and on the desktop, and in a
 * webview with a native bridge (`nativeInterface`) on mobile. Anywhere else teams-js is not loaded at all: it
 * would only fail, and on loading it asks Microsoft's CDN for its list of host origins.
 */
export function inTeamsHost() {
  return window.self !== window.top || Boolean(window.nativeInterface);
}

function loadTeamsJs() {
  if (window.microsoftTeams) return Promise.resolve(window.microsoftTeams);
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = '/tab/teams-js.js';
    script.onload = () =>
      window.microsoftTeams ? resolve(window.microsoftTeams) : reject(new Error('the Teams library did not start'));
    script.onerror = () => reject(new Error('the Teams library could not be loaded'));
    document.head.append(script);
  });
}

/** teams-js, initialized, and Teams' context: its `app.locale` and `app.theme` are the page's. */
export async function connectToTeams() {
  const teams = await loadTeamsJs();
  await withTimeout(teams.app.initialize(), 8000, 'Teams initialization');
  const context = await withTimeout(teams.app.getContext(), 8000, 'Reading the Teams context');
  return { teams, context };
}

/**
 * Teams' sign-in token. Teams sometimes never answers getAuthToken (a known Teams issue), so each call gets
 * `timeoutMs`, and one that times out is asked once more; then the error says so (`timedOut`).
 */
export async function tokenThroughTeams(teams, timeoutMs) {
  const ask = () => withTimeout(teams.authentication.getAuthToken(), timeoutMs, 'Teams sign-in');
  return ask().catch((err) => {
    if (err.timedOut) return ask();
    throw err;
  });
}

/** The directory the dev sign-in lists people from, as the server describes it. */
function directoryText(directory) {
  if (!directory) return t('tab.dev.directory.bot');
  if (directory.kind === 'graph') return t('tab.dev.directory.graph');
  return t(directory.demo ? 'tab.dev.directory.demo' : 'tab.dev.directory.seed', { seedFile: directory.seedFile });
}

/**
 * Lists the directory's people to sign in as (local anonymous mode only); `onToken` gets the dev token of the
 * person picked, `onError` what went wrong.
 */
export async function offerDevSignIn(directory, { onToken, onError }) {
  document.getElementById('dev-intro').textContent = t('tab.dev.intro', { directory: directoryText(directory) });
  // The role labels in the page's language.
  const tenants = await fetch('/api/tab/dev/users', { headers: { 'accept-language': language() } }).then((r) =>
    r.json(),
  );
  const select = document.getElementById('dev-user');
  for (const tenant of tenants) {
    const group = document.createElement('optgroup');
    group.label = tenant.tenant.name;
    for (const u of tenant.users) {
      const option = document.createElement('option');
      option.value = JSON.stringify({ tenantId: tenant.tenant.id, aadObjectId: u.aadObjectId });
      // One level of parentheses at most: a role label may have its own, "Owner (administrator)".
      option.textContent = `${u.name} \u2014 ${u.roleLabel}`;
      group.append(option);
    }
    select.append(group);
  }
  document.getElementById('dev-signin').hidden = false;
  document.getElementById('dev-go').addEventListener('click', async () => {
    const res = await fetch('/api/tab/dev/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: select.value,
    });
    const data = await res.json();
    if (!res.ok) return onError(data.error ? data.error.message : t('tab.dev.failed'));
    await onToken(data.token);
  });
}
