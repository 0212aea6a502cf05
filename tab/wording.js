// The page's words, in its language, from the bot's API (GET /api/tab/wording): the page writes none of its own.
// Messages come with `{name}`s to fill in here, and a plural as its forms; sentences built from data come with the
// data, from the server, their times as instants that are said here in the browser's time zone.

/** What the API answered: language, locale, date shapes and messages. */
let wording = null;
/** Date formats of that locale, by shape. */
const formats = new Map();

/** Only if the words themselves cannot be had: the one sentence the page says in English whatever the language. */
export const WORDING_FAILED = 'The page could not load its texts. Please reload the tab.';

/** Loads the words for a language tag (teams-js's `app.locale`, or the browser's language): `<html lang>` follows. */
export async function loadWording(tag) {
  const query = tag ? `?language=${encodeURIComponent(tag)}` : '';
  const res = await fetch(`/api/tab/wording${query}`);
  if (!res.ok) throw new Error(`${res.status}`);
  wording = await res.json();
  formats.clear();
  document.documentElement.lang = wording.language;
  return wording.language;
}

/** The language the API answered in: the page names it in every request, so data sentences come in it too. */
export function language() {
  return wording?.language ?? 'en';
}

/** Fills `{name}`s in one pass: a value is never read for names of its own. */
function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

/** A message with its values; a plural's form picked by the number under its name. */
export function t(key, values = {}) {
  const message = wording?.messages[key];
  if (message === undefined) return key;
  if (typeof message === 'string') return fill(message, values);
  const count = Number(values[message.plural]);
  const form = new Intl.PluralRules(wording.locale).select(count);
  const template = message.forms[`=${count}`] ?? message.forms[form] ?? message.forms.other;
  return fill(template, { ...values, [message.plural]: new Intl.NumberFormat(wording.locale).format(count) });
}

/** A message as nodes, some `{name}`s filled with elements (a link): the text around them stays text. */
export function fragment(key, nodes) {
  const out = document.createDocumentFragment();
  const message = t(key);
  let from = 0;
  for (const match of message.matchAll(/\{(\w+)\}/g)) {
    if (!(match[1] in nodes)) continue;
    out.append(message.slice(from, match.index), nodes[match[1]]);
    from = match.index + match[0].length;
  }
  out.append(message.slice(from));
  return out;
}

/** A time in the browser's time zone, its offset named ("8 Dec 2026, 08:05 GMT+9"), as the chat's cards say it. */
export function timeText(iso, shape = 'dateTime') {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  if (!formats.has(shape)) {
    const options = shape === 'date' ? wording.date : wording.dateTime;
    formats.set(shape, new Intl.DateTimeFormat(wording.locale, options));
  }
  return formats.get(shape).format(date);
}

/** A sentence the server built, its times (`{ at, shape }`) said here. */
export function timedText(parts) {
  return parts.map((part) => (typeof part === 'string' ? part : timeText(part.at, part.shape))).join('');
}

/** Puts the messages the markup names in: data-text (content), data-label-text, data-placeholder-text. */
export function applyTexts(root = document) {
  for (const el of root.querySelectorAll('[data-text]')) el.textContent = t(el.dataset.text);
  for (const el of root.querySelectorAll('[data-label-text]')) el.setAttribute('aria-label', t(el.dataset.labelText));
  for (const el of root.querySelectorAll('[data-placeholder-text]')) el.placeholder = t(el.dataset.placeholderText);
  document.title = t('tab.title');
}
