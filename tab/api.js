// The bot's JSON API for the tab, with the person's token, in the page's language (Accept-Language): rows, history,
// checks and what a change did come worded in it.
import { language, t } from './wording.js';

let token = null;

export function setToken(value) {
  token = value;
}

export function signedIn() {
  return token !== null;
}

function headers(extra = {}) {
  return { authorization: `Bearer ${token}`, 'accept-language': language(), ...extra };
}

export async function api(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: headers(body ? { 'content-type': 'application/json' } : {}),
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw await apiError(res);
  return res.json().catch(() => ({}));
}

/** The error the API answered with, its message as the server worded it. */
export async function apiError(res) {
  const data = await res.json().catch(() => ({}));
  const err = new Error(data.error?.message || t('tab.requestFailed', { status: res.status }));
  err.status = res.status;
  err.data = data.error || {};
  return err;
}

// The whole audit history as a CSV file. The API wants the bearer token, which a plain link cannot carry, so the
// file is fetched here and handed to the browser as a download under the name the server gave it.
export async function downloadHistory() {
  const res = await fetch('/api/tab/history.csv', { headers: headers() });
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
}
