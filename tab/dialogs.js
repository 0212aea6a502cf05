// The Partner ID dialog (attach or change, one subscription or the selected ones), the remove confirmation and a
// subscription's history: Fluent dialogs, each action through the bot's API at the version the page showed.
import { api } from './api.js';
import { titleOf } from './table.js';
import { t, timedText } from './wording.js';

const $ = (id) => document.getElementById(id);

/** One action on the selection changes at most this many subscriptions (the API answers 400 beyond). */
export const MAX_SELECTED = 100;

/** The dialog open now: its kind, the subscription or the selected ones, the checked partner, the request id. */
let active = null;

export function show(el, text) {
  el.textContent = text;
  el.hidden = !text;
}

/** Opens a Fluent dialog, named by its title for screen readers (its label cannot cross into its shadow root). */
function open(dialog, title) {
  title.textContent = title.textContent.trim();
  dialog.setAttribute('aria-label', title.textContent);
  dialog.show();
}

export async function busy(button, work) {
  button.disabled = true;
  try {
    await work();
  } finally {
    button.disabled = false;
  }
}

function openPartnerDialog(title, current) {
  $('partner-title').textContent = title;
  show($('partner-current'), current);
  $('partner-id').value = '';
  show($('partner-found'), '');
  show($('partner-error'), '');
  $('partner-submit').hidden = true;
  open($('partner-dialog'), $('partner-title'));
}

/** Attach to, or change, one subscription. */
export function openPartner(sub, mode) {
  active = { sub, mode, checked: null };
  const title = t(mode === 'attach' ? 'tab.dialog.attachOne' : 'tab.dialog.changeOne', { subscription: titleOf(sub) });
  openPartnerDialog(title, t('tab.dialog.current', { partner: sub.text.partner }));
}

/** Attach to, or change, the ticked rows this applies to: those without a partner, or those with one. */
export function openSelection(mode, subscriptions, selected, page) {
  const subs = subscriptions.filter((s) => selected.has(s.id) && (mode === 'attach') === !s.partner);
  if (subs.length === 0 || subs.length > MAX_SELECTED) {
    const none = mode === 'attach' ? 'tab.selection.noneWithout' : 'tab.selection.noneWith';
    page.showMessage(subs.length === 0 ? t(none) : t('tab.selection.tooMany', { max: MAX_SELECTED }));
    return;
  }
  page.showMessage('');
  active = { mode, several: subs, checked: null };
  const title = t(mode === 'attach' ? 'tab.dialog.attachSeveral' : 'tab.dialog.changeSeveral', { count: subs.length });
  const now = subs.map((s) => t('tab.dialog.nowPartner', { subscription: titleOf(s), partner: s.text.partner }));
  openPartnerDialog(title, now.join('; '));
}

/** The rows of an action on several, each at the version the page showed. */
function selectionOf(subs) {
  return subs.map((s) => ({ id: s.id, version: s.version }));
}

async function checkPartnerId(page) {
  const { sub, mode, several } = active;
  show($('partner-error'), '');
  const partnerId = $('partner-id').value;
  try {
    const result = several
      ? await api('POST', '/api/tab/selection/check', { kind: mode, selection: selectionOf(several), partnerId })
      : await api('POST', `/api/tab/subscriptions/${encodeURIComponent(sub.id)}/check`, {
          partnerId,
          version: sub.version,
        });
    // One request id per checked partner: a double click on Submit, or a retry, changes data once.
    active.checked = { partnerId: result.partner.partnerId, requestId: crypto.randomUUID() };
    show($('partner-found'), result.question);
    $('partner-submit').hidden = false;
    $('partner-submit').focus();
  } catch (err) {
    $('partner-submit').hidden = true;
    await page.handleError(err, $('partner-error'), $('partner-dialog'));
  }
}

async function submitPartner(page) {
  const { sub, mode, several, checked } = active;
  try {
    const { partnerId, requestId } = checked;
    const result = several
      ? await api('POST', `/api/tab/selection/${mode}`, { selection: selectionOf(several), partnerId, requestId })
      : await api('POST', `/api/tab/subscriptions/${encodeURIComponent(sub.id)}/${mode}`, {
          partnerId,
          version: sub.version,
          requestId,
        });
    if (several) page.unselect(several.map((s) => s.id));
    $('partner-dialog').hide();
    await page.load();
    page.announce(result.message);
  } catch (err) {
    await page.handleError(err, $('partner-error'), $('partner-dialog'));
  }
}

export function openRemove(sub) {
  active = { sub, mode: 'remove', requestId: crypto.randomUUID() };
  $('remove-text').textContent = t('tab.remove.text', { partner: sub.partner.label, subscription: titleOf(sub) });
  show($('remove-error'), '');
  open($('remove-dialog'), $('remove-title'));
}

async function confirmRemove(page) {
  const { sub, requestId } = active;
  try {
    const result = await api('POST', `/api/tab/subscriptions/${encodeURIComponent(sub.id)}/remove`, {
      version: sub.version,
      requestId,
    });
    $('remove-dialog').hide();
    await page.load();
    page.announce(result.message);
  } catch (err) {
    await page.handleError(err, $('remove-error'), $('remove-dialog'));
  }
}

export async function openHistory(sub) {
  $('history-title').textContent = t('tab.history.title', { subscription: titleOf(sub) });
  const list = $('history-list');
  list.replaceChildren();
  const item = (text) => {
    const li = document.createElement('li');
    li.textContent = text;
    list.append(li);
  };
  try {
    const entries = await api('GET', `/api/tab/subscriptions/${encodeURIComponent(sub.id)}/history`);
    if (entries.length === 0) item(t('tab.history.none'));
    for (const e of entries) item(timedText(e.timed));
  } catch (err) {
    item(err.message);
  }
  open($('history-dialog'), $('history-title'));
}

/** The dialogs' buttons; `page` reloads the table, announces, says errors and forgets a selection. */
export function wireDialogs(page) {
  $('partner-check').addEventListener('click', (e) => busy(e.currentTarget, () => checkPartnerId(page)));
  $('partner-submit').addEventListener('click', (e) => busy(e.currentTarget, () => submitPartner(page)));
  $('partner-cancel').addEventListener('click', () => $('partner-dialog').hide());
  $('partner-id').addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      void busy($('partner-check'), () => checkPartnerId(page));
    }
  });
  $('partner-id').addEventListener('input', () => {
    $('partner-submit').hidden = true;
    show($('partner-found'), '');
  });
  $('remove-confirm').addEventListener('click', (e) => busy(e.currentTarget, () => confirmRemove(page)));
  $('remove-cancel').addEventListener('click', () => $('remove-dialog').hide());
  $('history-close').addEventListener('click', () => $('history-dialog').hide());
}
