// The Partners tab: the organization's subscriptions, with attach / change / remove going through the bot's own
// JSON API (and so through the same rules as the chat). Fluent UI web components, served by the bot; plain browser
// modules, no build step. Every word comes from the API in the page's language (wording.js).
import { api, downloadHistory, setToken, signedIn } from './api.js';
import { busy, openHistory, openPartner, openRemove, openSelection, show, wireDialogs } from './dialogs.js';
import { connectToTeams, inTeamsHost, offerDevSignIn, tokenThroughTeams } from './signIn.js';
import { renderTable } from './table.js';
import { applyTheme, browserTheme, followBrowserTheme } from './theme.js';
import { applyTexts, fragment, loadWording, t, WORDING_FAILED } from './wording.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(window.location.search);
const state = {
  me: null,
  subscriptions: [],
  // The rows ticked for Attach / Change on the selection, by subscription id; kept across refreshes.
  selected: new Set(),
};

/** A whole number of milliseconds from the query string, within bounds, else the default. */
function millisecondsParam(name, fallback, min, max) {
  const value = Number(params.get(name));
  return Number.isInteger(value) && value >= min && value <= max ? value : fallback;
}

// How long one getAuthToken call may take before it is asked once more, then Try again is offered. Tests shorten it
// with ?authTimeoutMs=.
const AUTH_TIMEOUT_MS = millisecondsParam('authTimeoutMs', 10_000, 100, 60_000);

/** The links in "Microsoft's own view is in the admin center and the Azure portal". */
function aboutMicrosoft() {
  const link = (href, key) => {
    const a = document.createElement('fluent-link');
    a.setAttribute('href', href);
    a.setAttribute('target', '_blank');
    a.setAttribute('rel', 'noopener');
    a.textContent = t(key);
    return a;
  };
  $('about-microsoft').replaceChildren(
    fragment('tab.about.microsoft', {
      adminCenter: link('https://admin.microsoft.com/#/subscriptions', 'done.adminCenter'),
      azurePortal: link(
        'https://portal.azure.com/#view/Microsoft_Azure_Billing/SubscriptionsBladeV2',
        'done.azurePortal',
      ),
    }),
  );
}

async function start() {
  let teams = null;
  let context = null;
  let teamsError = null;
  if (inTeamsHost()) {
    try {
      ({ teams, context } = await connectToTeams());
    } catch (err) {
      teamsError = err;
    }
  }
  // Teams' locale inside Teams; the browser's language outside (and where Teams did not answer).
  const theme = context ? context.app?.theme : browserTheme(params);
  await Promise.all([loadWording(context?.app?.locale || navigator.language), applyTheme(theme)]);
  applyTexts();
  aboutMicrosoft();
  document.querySelector('main').removeAttribute('aria-busy');
  if (teams) teams.app.registerOnThemeChangeHandler(applyTheme);
  else if (!inTeamsHost()) followBrowserTheme(params);

  if (teamsError) return show($('message'), t('tab.teamsFailed', { error: teamsError.message || teamsError }));
  if (teams) {
    $('retry-signin').addEventListener('click', (e) => busy(e.currentTarget, () => signInThroughTeams(teams)));
    return signInThroughTeams(teams);
  }
  show($('context-banner'), t('tab.outsideTeams'));
  const config = await fetch('/api/tab/config')
    .then((r) => r.json())
    .catch(() => ({ devSignIn: false }));
  if (config.devSignIn) {
    await offerDevSignIn(config.directory, {
      onError: (text) => show($('message'), text),
      onToken: async (token) => {
        setToken(token);
        // Signed in: the notice that nobody can sign in here no longer holds. The dev section stays, to switch people.
        show($('context-banner'), '');
        await load();
      },
    });
  }
}

/** Teams' sign-in token, asked for twice at most when Teams does not answer in time; then Try again. */
async function signInThroughTeams(teams) {
  $('retry').hidden = true;
  show($('message'), '');
  show($('progress'), t('tab.signingIn'));
  try {
    setToken(await tokenThroughTeams(teams, AUTH_TIMEOUT_MS));
  } catch (err) {
    show($('progress'), '');
    show(
      $('message'),
      err.timedOut
        ? t('tab.signInTimedOut', { seconds: Math.round(AUTH_TIMEOUT_MS / 1000) })
        : t('tab.signInFailed', { error: err.message || err }),
    );
    $('retry').hidden = false;
    $('retry-signin').focus();
    return;
  }
  show($('progress'), '');
  await load();
}

async function load() {
  show($('message'), '');
  show($('announce'), '');
  stopPolling();
  let subscriptions;
  try {
    state.me = await api('GET', '/api/tab/me');
    subscriptions = await fetchSubscriptions();
  } catch (err) {
    show($('message'), err.message);
    return;
  }
  if (subscriptions) state.subscriptions = subscriptions;
  const me = state.me;
  show($('who'), t('tab.who', { userName: me.user.name, role: me.user.roleLabel, tenantName: me.tenant.name }));
  show($('read-only'), me.mayChange ? '' : me.readOnlyReason);
  $('export').hidden = !me.mayExport;
  render();
  schedulePoll(true);
}

// Only the newest request for the table is shown: an older answer (a poll still on its way when a change
// reloaded the table) is dropped.
let subscriptionsRequests = 0;
async function fetchSubscriptions() {
  const mine = ++subscriptionsRequests;
  const subscriptions = await api('GET', '/api/tab/subscriptions');
  return mine === subscriptionsRequests ? subscriptions : null;
}

// The partner's email goes out after the change (the bot's outbox). While a shown email is "Not sent yet",
// the table is fetched again: after 2 s, then half as long again each time, up to 30 s; never while the page is
// hidden, and not at all once no shown email is pending.
const POLL_FIRST_MS = 2000;
const POLL_MAX_MS = 30_000;
const poll = { timer: null, delay: POLL_FIRST_MS };

function stopPolling() {
  clearTimeout(poll.timer);
  poll.timer = null;
}

function schedulePoll(restart) {
  stopPolling();
  if (restart) poll.delay = POLL_FIRST_MS;
  if (document.hidden || !state.subscriptions.some((s) => s.emailStatus === 'pending')) return;
  poll.timer = setTimeout(pollOnce, poll.delay);
  poll.delay = Math.min(Math.round(poll.delay * 1.5), POLL_MAX_MS);
}

async function pollOnce() {
  poll.timer = null;
  try {
    const subscriptions = await fetchSubscriptions();
    if (!subscriptions) return; // a newer request answers, and schedules what follows
    state.subscriptions = subscriptions;
    render();
  } catch (err) {
    // Signed out: the next action says so; anything else is tried again later.
    if (err.status === 401) return;
  }
  schedulePoll(false);
}

document.addEventListener('visibilitychange', () => {
  if (document.hidden) stopPolling();
  else if (signedIn() && !poll.timer) schedulePoll(true);
});

function render() {
  renderTable(state.subscriptions, {
    mayChange: state.me.mayChange,
    selected: state.selected,
    onSelect(id, checked) {
      if (checked) state.selected.add(id);
      else state.selected.delete(id);
      renderSelectionBar();
    },
    open(kind, sub) {
      if (kind === 'history') return openHistory(sub);
      if (kind === 'remove') return openRemove(sub);
      openPartner(sub, kind);
    },
  });
  renderSelectionBar();
}

/** The buttons for the ticked rows: shown to owners, with how many are ticked. */
function renderSelectionBar() {
  // A row that is gone (or no longer the tenant's) is no longer selected.
  const ids = new Set(state.subscriptions.map((s) => s.id));
  for (const id of state.selected) if (!ids.has(id)) state.selected.delete(id);
  $('selection-bar').hidden = !state.me?.mayChange;
  $('selection-count').textContent = t('tab.selection.count', { count: state.selected.size });
  $('attach-selected').disabled = state.selected.size === 0;
  $('change-selected').disabled = state.selected.size === 0;
}

/** A stale write shows what changed and refreshes the table; everything else is said in the dialog. */
async function handleError(err, where, dialog) {
  if (err.status === 409 && err.data.code === 'stale') {
    dialog.hide();
    await load();
    show($('message'), err.message);
    return;
  }
  if (err.status === 401) {
    dialog.hide();
    show($('message'), t('tab.signInAgain', { message: err.message }));
    return;
  }
  show(where, err.message);
}

const page = {
  load,
  handleError,
  announce: (text) => show($('announce'), text),
  showMessage: (text) => show($('message'), text),
  unselect: (ids) => {
    for (const id of ids) state.selected.delete(id);
  },
};
wireDialogs(page);
$('export-csv').addEventListener('click', (e) =>
  busy(e.currentTarget, () => {
    show($('message'), '');
    return downloadHistory().catch((err) => show($('message'), err.message));
  }),
);
$('attach-selected').addEventListener('click', () =>
  openSelection('attach', state.subscriptions, state.selected, page),
);
$('change-selected').addEventListener('click', () =>
  openSelection('change', state.subscriptions, state.selected, page),
);

start().catch((err) => {
  const said = t('tab.couldNotStart', { error: err.message || err });
  show($('message'), said === 'tab.couldNotStart' ? WORDING_FAILED : said);
});
