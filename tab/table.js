// The subscriptions as a table: one row each, with its actions. Below 700 px wide (tab.css) each row is a stacked
// item, each cell under its column's name, its actions within the screen.
import { t, timedText } from './wording.js';

/** "Dynamics 365 (CRM Online): Contoso": a subscription as every list and title names it. */
export function titleOf(s) {
  return `${s.serviceName}: ${s.name}`;
}

function badge(text, color) {
  const b = document.createElement('fluent-badge');
  b.setAttribute('appearance', 'tint');
  b.setAttribute('color', color);
  b.setAttribute('shape', 'rounded');
  b.textContent = text;
  return b;
}

/** A dot before where the partner's email stands: its colour says the same as its words. */
const EMAIL_COLORS = {
  sent: 'success',
  filed: 'warning',
  pending: 'informative',
  failed: 'danger',
  noContact: 'warning',
};

function emailCell(td, s) {
  if (!s.text.email) return;
  const dot = document.createElement('fluent-badge');
  dot.setAttribute('size', 'extra-small');
  dot.setAttribute('color', EMAIL_COLORS[s.emailStatus ?? 'noContact'] ?? 'informative');
  dot.setAttribute('aria-hidden', 'true');
  td.append(dot, s.text.email);
}

/**
 * Draws the rows. `actions` has `mayChange` (the person's), `selected` (a Set of ids), `onSelect(id, checked)` and
 * `open(kind, subscription)` for attach, change, remove and history.
 */
export function renderTable(subscriptions, actions) {
  const table = document.getElementById('subscriptions');
  const tbody = table.querySelector('tbody');
  // A keyboard user's place survives a refresh: the control with the same name is focused again.
  const focused = tbody.contains(document.activeElement) ? document.activeElement.getAttribute('aria-label') : null;
  tbody.replaceChildren();
  // A narrow screen shows each cell under its column's name (tab.css), as the header says it.
  const labels = [...table.querySelectorAll('thead th')].map((th) => th.textContent);
  // The rows come in the record's order of services, then by name (the API's order).
  for (const s of subscriptions) tbody.append(row(s, labels, actions));
  table.hidden = false;
  if (focused) {
    const again = [...tbody.querySelectorAll('[aria-label]')].find((b) => b.getAttribute('aria-label') === focused);
    again?.focus();
  }
}

function row(s, labels, actions) {
  const tr = document.createElement('tr');
  tr.dataset.subscriptionId = s.id;
  const cell = () => {
    const td = document.createElement('td');
    td.dataset.label = labels[tr.children.length] ?? '';
    tr.append(td);
    return td;
  };
  cell().textContent = s.serviceName;
  cell().textContent = s.name;
  const partner = cell();
  if (s.partner) partner.textContent = s.text.partner;
  else partner.append(badge(s.text.partner, 'warning'));
  const last = cell();
  last.textContent = timedText(s.timed.lastChange);
  if (s.timed.answer.length > 0) {
    // What the partner said about the change, under it.
    const answer = document.createElement('div');
    answer.className = 'partner-answer subtle';
    answer.textContent = timedText(s.timed.answer);
    last.append(answer);
  }
  emailCell(cell(), s);
  const buttons = cell();
  buttons.className = 'actions';
  for (const control of rowActions(s, actions)) buttons.append(control);
  return tr;
}

function rowActions(s, actions) {
  const out = [];
  const button = (label, kind) => {
    const b = document.createElement('fluent-button');
    b.setAttribute('size', 'small');
    b.textContent = label;
    b.setAttribute('aria-label', t('tab.action.label', { action: label, subscription: titleOf(s) }));
    b.addEventListener('click', () => actions.open(kind, s));
    out.push(b);
  };
  // Only on the rows this person may change: an Azure subscription's own Owners decide it.
  if (actions.mayChange && s.mayChange) {
    const tick = document.createElement('fluent-checkbox');
    tick.checked = actions.selected.has(s.id);
    tick.setAttribute('aria-label', t('tab.action.select', { subscription: titleOf(s) }));
    tick.addEventListener('change', () => actions.onSelect(s.id, tick.checked));
    out.push(tick);
    if (s.partner) {
      button(t('status.change'), 'change');
      button(t('status.remove'), 'remove');
    } else {
      button(t('tab.action.attach'), 'attach');
    }
  }
  button(t('tab.action.history'), 'history');
  return out;
}
