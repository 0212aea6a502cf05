// The Partners tab: the owner's subscriptions as a table, with attach / change / remove going through the
// bot's own JSON API (and so through the same rules as the chat). Plain browser JavaScript, no build step.
'use strict';

const $ = (id) => document.getElementById(id);
const SIGNING_IN = 'Signing you in through Teams…';
const state = {
  token: null,
  me: null,
  subscriptions: [],
  active: null,
  requestId: null,
  checked: null,
  // The rows ticked for Attach / Change on the selection, by subscription id; kept across refreshes.
  selected: new Set(),
};
// One action on the selection changes at most this many subscriptions (the API answers 400 beyond).
const MAX_SELECTED = 100;
const SERVICE_ORDER = ['Office 365', 'CRM Online', 'AX7', 'Intune', 'Enterprise Mobility Suite', 'Power BI', 'Azure'];
// Words the chat shows too (partner labels, who changed what and when, where the partner's email stands,
// refusals) come from the API with the data (`text`, `label`, `readOnlyReason`, error messages): worded once,
// on the server.

function show(el, text) {
  el.textContent = text;
  el.hidden = !text;
}

function partnerLabel(p) {
  return p ? p.label : 'None';
}

async function api(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: { authorization: `Bearer ${state.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw await apiError(res);
  return res.json().catch(() => ({}));
}

/** The error the API answered with, its message as the server worded it. */
async function apiError(res) {
  const data = await res.json().catch(() => ({}));
  const err = new Error(data.error?.message || `The request failed (${res.status}).`);
  err.status = res.status;
  err.data = data.error || {};
  return err;
}

function applyTheme(theme) {
  document.body.dataset.theme = ['dark', 'contrast'].includes(theme) ? theme : 'default';
}

/** Rejects after `ms` with an error marked `timedOut`, unless the promise settles first. */
function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`${what} timed out`), { timedOut: true })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const params = new URLSearchParams(window.location.search);

/** A whole number of milliseconds from the query string, within bounds, else the default. */
function millisecondsParam(name, fallback, min, max) {
  const value = Number(params.get(name));
  return Number.isInteger(value) && value >= min && value <= max ? value : fallback;
}

// How long one getAuthToken call may take. Teams sometimes never answers it (a known Teams issue), so the tab
// waits this long, asks once more, and then offers Try again. Tests shorten it with ?authTimeoutMs=.
const AUTH_TIMEOUT_MS = millisecondsParam('authTimeoutMs', 10_000, 100, 60_000);

/**
 * Is a Teams host there to talk to? Teams shows a tab in an iframe on the web and on the desktop, and in a
 * webview with a native bridge (`nativeInterface`) on mobile. Anywhere else teams-js is not loaded at all: it
 * would only fail, and on loading it asks Microsoft's CDN for its list of host origins.
 */
function inTeamsHost() {
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

async function start() {
  if (params.get('theme')) applyTheme(params.get('theme'));
  if (inTeamsHost()) {
    await startInTeams();
    return;
  }
  show(
    $('context-banner'),
    'This page is the Partners tab of the Partner of Record app, and it is not running inside Microsoft Teams. Open it from the app in Teams to sign in.',
  );
  const config = await fetch('/api/tab/config')
    .then((r) => r.json())
    .catch(() => ({ devSignIn: false }));
  if (config.devSignIn) await offerDevSignIn(config.directory);
}

async function startInTeams() {
  show($('progress'), SIGNING_IN);
  let teams;
  try {
    teams = await loadTeamsJs();
    await withTimeout(teams.app.initialize(), 8000, 'Teams initialization');
    const context = await withTimeout(teams.app.getContext(), 8000, 'Reading the Teams context');
    applyTheme(context.app?.theme);
    teams.app.registerOnThemeChangeHandler(applyTheme);
  } catch (err) {
    show($('progress'), '');
    show($('message'), `Could not connect to Teams: ${err.message || err}. Reload the tab to try again.`);
    return;
  }
  $('retry-signin').addEventListener('click', (e) => busy(e.currentTarget, () => signInThroughTeams(teams)));
  await signInThroughTeams(teams);
}

/** Teams' sign-in token, asked for twice at most when Teams does not answer in time; then Try again. */
async function signInThroughTeams(teams) {
  $('retry').hidden = true;
  show($('message'), '');
  show($('progress'), SIGNING_IN);
  const ask = () => withTimeout(teams.authentication.getAuthToken(), AUTH_TIMEOUT_MS, 'Teams sign-in');
  try {
    state.token = await ask().catch((err) => {
      if (err.timedOut) return ask();
      throw err;
    });
  } catch (err) {
    show($('progress'), '');
    const seconds = Math.round(AUTH_TIMEOUT_MS / 1000);
    show(
      $('message'),
      err.timedOut
        ? `Teams did not hand over your sign-in: it was asked twice and did not answer within ${seconds} seconds either time. Try again; if it keeps happening, reload the tab or restart Teams.`
        : `Teams could not sign you in: ${err.message || err}. Try again; if it keeps happening, reload the tab.`,
    );
    $('retry').hidden = false;
    $('retry-signin').focus();
    return;
  }
  show($('progress'), '');
  await load();
}

/** The directory the dev sign-in lists people from, as the server describes it. */
function directoryText(directory) {
  if (!directory) return "the bot's directory";
  if (directory.kind === 'graph') return 'the Microsoft Entra ID directories the bot reads through Microsoft Graph';
  if (directory.demo) return `the demo seed's directory (${directory.seedFile})`;
  return `the directory in the seed file ${directory.seedFile}`;
}

async function offerDevSignIn(directory) {
  $('dev-directory').textContent = directoryText(directory);
  const tenants = await fetch('/api/tab/dev/users').then((r) => r.json());
  const select = $('dev-user');
  for (const t of tenants) {
    const group = document.createElement('optgroup');
    group.label = t.tenant.name;
    for (const u of t.users) {
      const option = document.createElement('option');
      option.value = JSON.stringify({ tenantId: t.tenant.id, aadObjectId: u.aadObjectId });
      // One level of parentheses at most: a role label may have its own, "Owner (administrator)".
      option.textContent = `${u.name} \u2014 ${u.roleLabel}`;
      group.append(option);
    }
    select.append(group);
  }
  $('dev-signin').hidden = false;
  $('dev-go').addEventListener('click', async () => {
    const res = await fetch('/api/tab/dev/sign-in', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: select.value,
    });
    const data = await res.json();
    if (!res.ok) return show($('message'), data.error ? data.error.message : 'Sign-in failed.');
    state.token = data.token;
    // Signed in: the notice that nobody can sign in here no longer holds. The dev section stays, to switch people.
    show($('context-banner'), '');
    await load();
  });
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
  show($('who'), `${me.user.name}, ${me.user.roleLabel}, ${me.tenant.name}`);
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
  else if (state.token && !poll.timer) schedulePoll(true);
});

function render() {
  const tbody = $('subscriptions').querySelector('tbody');
  // A keyboard user's place survives a refresh: the button with the same label is focused again.
  const focused = tbody.contains(document.activeElement) ? document.activeElement.getAttribute('aria-label') : null;
  tbody.replaceChildren();
  const rows = [...state.subscriptions].sort(
    (a, b) => SERVICE_ORDER.indexOf(a.service) - SERVICE_ORDER.indexOf(b.service) || a.name.localeCompare(b.name),
  );
  // A narrow screen shows each cell under its column's name (tab.css), as the header says it.
  const labels = [...$('subscriptions').querySelectorAll('thead th')].map((th) => th.textContent);
  for (const s of rows) {
    const tr = document.createElement('tr');
    tr.dataset.subscriptionId = s.id;
    const cell = (text, className) => {
      const td = document.createElement('td');
      td.textContent = text;
      td.dataset.label = labels[tr.children.length] ?? '';
      if (className) td.className = className;
      tr.append(td);
      return td;
    };
    cell(s.service);
    cell(s.name);
    cell(s.text.partner, s.partner ? '' : 'none');
    const last = cell(s.text.lastChange);
    if (s.text.answer) {
      // What the partner said about the change, under it.
      const answer = document.createElement('div');
      answer.className = 'partner-answer';
      answer.textContent = s.text.answer;
      last.append(answer);
    }
    cell(s.text.email);
    const actions = cell('');
    const button = (label, onClick) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = label;
      b.setAttribute('aria-label', `${label}: ${s.service} ${s.name}`);
      b.addEventListener('click', () => onClick(s));
      actions.append(b);
    };
    // Only on the rows this person may change: an Azure subscription's own Owners decide it.
    if (state.me.mayChange && s.mayChange) {
      const tick = document.createElement('input');
      tick.type = 'checkbox';
      tick.checked = state.selected.has(s.id);
      tick.setAttribute('aria-label', `Select: ${s.service} ${s.name}`);
      tick.addEventListener('change', () => {
        if (tick.checked) state.selected.add(s.id);
        else state.selected.delete(s.id);
        renderSelectionBar();
      });
      actions.append(tick);
      if (s.partner) {
        button('Change', (sub) => openPartnerDialog(sub, 'change'));
        button('Remove', openRemoveDialog);
      } else {
        button('Attach', (sub) => openPartnerDialog(sub, 'attach'));
      }
    }
    button('History', openHistory);
    tbody.append(tr);
  }
  $('subscriptions').hidden = false;
  renderSelectionBar();
  if (focused) {
    const again = [...tbody.querySelectorAll('button')].find((b) => b.getAttribute('aria-label') === focused);
    if (again) again.focus();
  }
}

/** The buttons for the ticked rows: shown to owners, with how many are ticked. */
function renderSelectionBar() {
  // A row that is gone (or no longer the tenant's) is no longer selected.
  const ids = new Set(state.subscriptions.map((s) => s.id));
  for (const id of state.selected) if (!ids.has(id)) state.selected.delete(id);
  $('selection-bar').hidden = !state.me?.mayChange;
  $('selection-count').textContent = `${state.selected.size} selected`;
  $('attach-selected').disabled = state.selected.size === 0;
  $('change-selected').disabled = state.selected.size === 0;
}

/** Attach to, or change, the ticked rows this applies to: those without a partner, or those with one. */
function openSelectionDialog(mode) {
  const subs = state.subscriptions.filter((s) => state.selected.has(s.id) && (mode === 'attach') === !s.partner);
  if (subs.length === 0 || subs.length > MAX_SELECTED) {
    show(
      $('message'),
      subs.length === 0
        ? `None of the selected subscriptions ${mode === 'attach' ? 'is without' : 'has'} a partner of record.`
        : `Select at most ${MAX_SELECTED} subscriptions for one action.`,
    );
    return;
  }
  show($('message'), '');
  state.active = { mode, several: subs };
  state.checked = null;
  $('partner-title').textContent = partnerDialogTitle(
    mode,
    `${subs.length} subscription${subs.length === 1 ? '' : 's'}`,
  );
  show($('partner-current'), subs.map((s) => `${s.service}: ${s.name} (now: ${partnerLabel(s.partner)})`).join('; '));
  $('partner-id').value = '';
  show($('partner-found'), '');
  show($('partner-error'), '');
  $('partner-submit').hidden = true;
  $('partner-dialog').showModal();
  $('partner-id').focus();
}

function announce(text) {
  show($('announce'), text);
}

/** The partner dialog's title, for one subscription or several. */
function partnerDialogTitle(mode, what) {
  return `${mode === 'attach' ? 'Attach a partner of record to' : 'Change the partner of record of'} ${what}`;
}

function openPartnerDialog(sub, mode) {
  state.active = { sub, mode };
  state.checked = null;
  $('partner-title').textContent = partnerDialogTitle(mode, `${sub.service}: ${sub.name}`);
  show($('partner-current'), `Current partner: ${partnerLabel(sub.partner)}`);
  $('partner-id').value = '';
  show($('partner-found'), '');
  show($('partner-error'), '');
  $('partner-submit').hidden = true;
  $('partner-dialog').showModal();
  $('partner-id').focus();
}

async function busy(button, work) {
  button.disabled = true;
  try {
    await work();
  } finally {
    button.disabled = false;
  }
}

/** The rows of an action on several, each at the version the page showed. */
function selectionOf(subs) {
  return subs.map((s) => ({ id: s.id, version: s.version }));
}

async function checkPartnerId() {
  const { sub, mode, several } = state.active;
  show($('partner-error'), '');
  try {
    const result = several
      ? await api('POST', '/api/tab/selection/check', {
          kind: mode,
          selection: selectionOf(several),
          partnerId: $('partner-id').value,
        })
      : await api('POST', `/api/tab/subscriptions/${encodeURIComponent(sub.id)}/check`, {
          partnerId: $('partner-id').value,
          version: sub.version,
        });
    // One request id per checked partner: a double click on Submit, or a retry, changes data once.
    state.checked = { partnerId: result.partner.partnerId, requestId: crypto.randomUUID() };
    show($('partner-found'), result.question);
    $('partner-submit').hidden = false;
    $('partner-submit').focus();
  } catch (err) {
    $('partner-submit').hidden = true;
    await handleError(err, $('partner-error'), $('partner-dialog'));
  }
}

async function submitPartner() {
  const { sub, mode, several } = state.active;
  try {
    const { partnerId, requestId } = state.checked;
    const result = several
      ? await api('POST', `/api/tab/selection/${mode}`, { selection: selectionOf(several), partnerId, requestId })
      : await api('POST', `/api/tab/subscriptions/${encodeURIComponent(sub.id)}/${mode}`, {
          partnerId,
          version: sub.version,
          requestId,
        });
    if (several) for (const s of several) state.selected.delete(s.id);
    $('partner-dialog').close();
    await load();
    announce(result.message);
  } catch (err) {
    await handleError(err, $('partner-error'), $('partner-dialog'));
  }
}

function openRemoveDialog(sub) {
  state.active = { sub, mode: 'remove' };
  state.requestId = crypto.randomUUID();
  $('remove-text').textContent =
    `${sub.partner.name} (${sub.partner.partnerId}) will no longer be the partner of record for ${sub.service}: ${sub.name}, and will be told by email.`;
  show($('remove-error'), '');
  $('remove-dialog').showModal();
  $('remove-cancel').focus();
}

async function confirmRemove() {
  const { sub } = state.active;
  try {
    const result = await api('POST', `/api/tab/subscriptions/${encodeURIComponent(sub.id)}/remove`, {
      version: sub.version,
      requestId: state.requestId,
    });
    $('remove-dialog').close();
    await load();
    announce(result.message);
  } catch (err) {
    await handleError(err, $('remove-error'), $('remove-dialog'));
  }
}

/** A stale write shows what changed and refreshes the table; everything else is said in the dialog. */
async function handleError(err, where, dialog) {
  if (err.status === 409 && err.data.code === 'stale') {
    dialog.close();
    await load();
    show($('message'), err.message);
    return;
  }
  if (err.status === 401) {
    dialog.close();
    show($('message'), `${err.message} Reload the tab to sign in again.`);
    return;
  }
  show(where, err.message);
}

async function openHistory(sub) {
  $('history-title').textContent = `History: ${sub.service}: ${sub.name}`;
  const list = $('history-list');
  list.replaceChildren();
  try {
    const entries = await api('GET', `/api/tab/subscriptions/${encodeURIComponent(sub.id)}/history`);
    if (entries.length === 0) {
      const li = document.createElement('li');
      li.textContent = 'No changes made through this app yet.';
      list.append(li);
    }
    for (const e of entries) {
      const li = document.createElement('li');
      li.textContent = e.text;
      list.append(li);
    }
  } catch (err) {
    const li = document.createElement('li');
    li.textContent = err.message;
    list.append(li);
  }
  $('history-dialog').showModal();
  $('history-close').focus();
}

// The whole audit history as a CSV file. The API wants the bearer token, which a plain link cannot carry, so the
// file is fetched here and handed to the browser as a download under the name the server gave it.
async function downloadHistory() {
  show($('message'), '');
  try {
    const res = await fetch('/api/tab/history.csv', { headers: { authorization: `Bearer ${state.token}` } });
    if (!res.ok) throw await apiError(res);
    const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') || '');
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = name ? name[1] : 'partner-of-record-history.csv';
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch (err) {
    show($('message'), err.message);
  }
}

$('export-csv').addEventListener('click', (e) => busy(e.currentTarget, downloadHistory));
$('attach-selected').addEventListener('click', () => openSelectionDialog('attach'));
$('change-selected').addEventListener('click', () => openSelectionDialog('change'));
$('partner-check').addEventListener('click', (e) => busy(e.currentTarget, checkPartnerId));
$('partner-submit').addEventListener('click', (e) => busy(e.currentTarget, submitPartner));
$('partner-cancel').addEventListener('click', () => $('partner-dialog').close());
$('partner-id').addEventListener('keydown', (e) => {
  if (e.key === 'Enter') {
    e.preventDefault();
    void busy($('partner-check'), checkPartnerId);
  }
});
$('partner-id').addEventListener('input', () => {
  $('partner-submit').hidden = true;
  show($('partner-found'), '');
});
$('remove-confirm').addEventListener('click', (e) => busy(e.currentTarget, confirmRemove));
$('remove-cancel').addEventListener('click', () => $('remove-dialog').close());

start().catch((err) => show($('message'), `The page could not start: ${err.message || err}`));
