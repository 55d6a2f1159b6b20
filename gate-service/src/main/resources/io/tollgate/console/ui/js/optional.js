// The delivery metrics page (GET /v1/delivery-metrics), shown generically; where the running service has no such
// endpoint (404) the page says so.
import { api, query, ApiError } from './api.js';
import { h, fill, field, table } from './dom.js';

function notAvailable(container, title, what) {
  fill(container, h('h1', title), h('p.unavailable', { role: 'status' }, `Not available: this Tollgate does not serve ${what} yet.`));
  container.dataset.loaded = 'true';
}

/** Renders a value readably without knowing its shape: objects as definition lists, arrays of objects as tables. */
export function generic(value) {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) {
    if (value.length && value.every((x) => x && typeof x === 'object' && !Array.isArray(x))) {
      const keys = [...new Set(value.flatMap(Object.keys))];
      return table('', keys, value.map((row) => h('tr', keys.map((k) => h('td', generic(row[k]))))));
    }
    return value.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(', ');
  }
  if (typeof value === 'object') {
    return h('dl.facts', Object.entries(value).flatMap(([k, v]) => [h('dt', k), h('dd', generic(v))]));
  }
  return String(value);
}

async function optionalPage(container, ctx, title, what, path, describe) {
  try {
    const body = await api.get(path);
    fill(container, h('h1', title), describe(body));
    container.dataset.loaded = 'true';
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      notAvailable(container, title, what);
      return;
    }
    ctx.failed(e);
    fill(container, h('h1', title), h('p.error', { role: 'alert' }, e instanceof ApiError ? e.describe() : String(e)));
  }
}

export const delivery = {
  async render(container, ctx) {
    const form = h('form.filters', { role: 'search', 'aria-label': 'Delivery metrics window' },
      field('m-service', 'Service', h('input')), field('m-environment', 'Environment', h('input')),
      field('m-window', 'Window', h('input', { value: '30d' })), h('button', { type: 'submit' }, 'Show'));
    const out = h('div');
    const load = async () => {
      const v = (id) => form.querySelector(`#${id}`).value.trim();
      await optionalPage(out, ctx, 'Delivery metrics', 'delivery metrics (DORA)',
        `/v1/delivery-metrics${query({ service: v('m-service'), environment: v('m-environment'), window: v('m-window') })}`, generic);
      container.dataset.loaded = 'true';
    };
    form.addEventListener('submit', (ev) => {
      ev.preventDefault();
      load();
    });
    fill(container, form, out);
    await load();
    return () => {};
  },
};
