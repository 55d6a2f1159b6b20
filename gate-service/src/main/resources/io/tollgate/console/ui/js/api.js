// The JSON API with the signed-in token. The token lives in this tab's sessionStorage only: never in a URL, a cookie
// or localStorage, so it is not sent by the browser on its own and is forgotten when the tab closes.
const KEY = 'tollgate.token';

export function token() {
  return sessionStorage.getItem(KEY);
}

export function setToken(value) {
  sessionStorage.setItem(KEY, value);
}

export function clearToken() {
  sessionStorage.removeItem(KEY);
}

/** An error answer of the API: status, code, message, field and (refusals) the policy's reasons. */
export class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || `HTTP ${status}`);
    this.status = status;
    this.code = body && body.code;
    this.field = body && body.field;
    this.reasons = (body && body.reasons) || [];
  }

  /** One line for a person: the message, the field it names and the policy's reasons. */
  describe() {
    const parts = [this.message];
    if (this.field) parts.push(`(field: ${this.field})`);
    for (const r of this.reasons) parts.push(`${r.code}: ${r.message}`);
    return parts.join(' — ');
  }
}

async function call(method, path, body) {
  const headers = { Accept: 'application/json' };
  const t = token();
  if (t) headers.Authorization = `Bearer ${t}`;
  const init = { method, headers, cache: 'no-store', credentials: 'omit', redirect: 'error' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  const text = await res.text();
  let json = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = { message: text.slice(0, 200) };
    }
  }
  if (!res.ok) throw new ApiError(res.status, json);
  return json;
}

export const api = {
  get: (path) => call('GET', path),
  post: (path, body) => call('POST', path, body),
  del: (path, body) => call('DELETE', path, body),
};

/** A query string of the non-empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') q.set(k, v);
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}
