// Releases: every release, those needing attention first (halted, held on insufficient data, failed), filterable.
import { api, query, ApiError } from './api.js';
import { h, fill, field, select, table, duration, announce } from './dom.js';
import { poll } from './widgets.js';

export const STATES = ['pending', 'gating', 'applying', 'baking', 'halted', 'promoted', 'rolled_back', 'aborted', 'failed'];
/** The list endpoint's largest page. */
const LIMIT = 1000;
const filters = { state: '', service: '', environment: '' };

/** Why a release needs a person, or null. */
export function attention(r) {
  if (r.state === 'halted') return 'halted';
  if (r.state === 'failed') return 'failed';
  const message = (r.reason && r.reason.message) || '';
  if (r.state === 'gating' && r.reason && r.reason.code === 'gate_held' && message.includes('insufficient_data')) {
    return 'held: insufficient data';
  }
  return null;
}

export function sortForAttention(items) {
  // Stable: within each group the API's order (newest first) stays.
  return items.map((r, i) => [attention(r) ? 0 : 1, i, r]).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map((x) => x[2]);
}

export function stateBadge(state) {
  return h(`span.badge.state-${state}`, state.replace('_', ' '));
}

function row(r) {
  const why = attention(r);
  return h('tr', { dataset: { id: r.id, state: r.state }, class: why ? 'attention' : null },
    h('td', h('a', { href: `#/releases/${r.id}` }, r.service), ' ', h('span.muted', r.version)),
    h('td', r.environment),
    h('td', stateBadge(r.state), why ? h('span.flag', { title: 'needs attention' }, ` ⚠ ${why}`) : null),
    h('td', r.stage),
    h('td', `${r.flag.observedPercent} / ${r.flag.desiredPercent}%`),
    h('td', `${r.traffic.observedCanaryWeight} / ${r.traffic.desiredCanaryWeight}%`),
    h('td', duration(r.timeInStateMillis)),
    h('td.reason', r.reason ? `${r.reason.code}: ${r.reason.message}` : ''));
}

export async function render(container, ctx) {
  const state = select([['', 'any state'], ...STATES.map((s) => [s, s.replace('_', ' ')])], filters.state);
  const service = h('input', { value: filters.service, placeholder: 'e.g. checkout' });
  const environment = h('input', { value: filters.environment, placeholder: 'e.g. production' });
  const summary = h('p.summary', { 'aria-live': 'polite' });
  const body = h('div.table-wrap');
  const error = h('p.error', { role: 'alert' });
  const form = h('form.filters', { role: 'search', 'aria-label': 'Filter releases' },
    field('f-state', 'State', state), field('f-service', 'Service', service), field('f-environment', 'Environment', environment),
    h('button', { type: 'submit' }, 'Filter'));
  fill(container, h('h1', 'Releases'), form, summary, error, body);

  let first = true;
  const load = async () => {
    let items;
    try {
      const page = await api.get(`/v1/releases${query({ service: filters.service, state: filters.state, limit: LIMIT })}`);
      items = page.items;
      error.textContent = '';
    } catch (e) {
      ctx.failed(e);
      error.textContent = e instanceof ApiError ? e.describe() : String(e);
      return;
    }
    if (filters.environment) items = items.filter((r) => r.environment === filters.environment);
    const sorted = sortForAttention(items);
    const needing = sorted.filter(attention).length;
    summary.textContent = `${sorted.length} release${sorted.length === 1 ? '' : 's'}, ${needing} needing attention`;
    fill(body, table('Releases, those needing attention first',
      ['Service', 'Environment', 'State', 'Stage', 'Flag observed / desired', 'Canary weight observed / desired', 'In state', 'Reason'],
      sorted.map(row)));
    body.dataset.loaded = 'true';
    if (first) {
      first = false;
      // For the page-load measurement: the moment the list is on screen.
      performance.mark('tollgate:releases-rendered');
    }
  };
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    filters.state = state.value;
    filters.service = service.value.trim();
    filters.environment = environment.value.trim();
    load().then(() => announce(summary.textContent));
  });
  return poll(load, 3000);
}
