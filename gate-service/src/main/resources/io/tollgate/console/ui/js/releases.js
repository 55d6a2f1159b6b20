// Releases: every release, those needing attention first (halted, held on insufficient data, failed), filterable.
import { api, query, ApiError } from './api.js';
import { h, fill, field, select, table, time, announce } from './dom.js';
import { poll } from './widgets.js';

export const STATES = ['pending', 'gating', 'applying', 'baking', 'halted', 'promoted', 'rolled_back', 'aborted', 'failed'];
/** How many of the newest releases are shown, growing with "Show older" up to the list endpoint's largest page. */
const SIZES = [100, 250, 500, 1000];
const MAX = SIZES.at(-1);
/** States that can need attention: asked for separately, so such a release is listed however old it is. */
const ATTENTION_STATES = ['halted', 'failed', 'gating'];
const filters = { state: '', service: '', environment: '' };
let shown = SIZES[0];

/**
 * The newest `shown` releases, plus (without a state filter) every release that may need attention, each asked for
 * with its state so the answers stay small: one large page of every release costs the service far more than four small
 * ones, and the newest few hundred are what a person reads.
 */
async function fetchReleases() {
  const newest = api.get(`/v1/releases${query({ service: filters.service, state: filters.state, limit: shown })}`);
  const extra = filters.state ? [] : ATTENTION_STATES.map((state) =>
    api.get(`/v1/releases${query({ service: filters.service, state, limit: MAX })}`));
  const pages = await Promise.all([newest, ...extra]);
  const byId = new Map();
  for (const page of pages) for (const r of page.items) byId.set(r.id, r);
  const all = [...byId.values()].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  return { items: all, more: pages[0].items.length === shown && shown < MAX };
}

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
    h('td', time(r.stateSince)),
    h('td.reason', r.reason ? `${r.reason.code}: ${r.reason.message}` : ''));
}

export async function render(container, ctx) {
  const state = select([['', 'any state'], ...STATES.map((s) => [s, s.replace('_', ' ')])], filters.state);
  const service = h('input', { value: filters.service, placeholder: 'e.g. checkout' });
  const environment = h('input', { value: filters.environment, placeholder: 'e.g. production' });
  const summary = h('p.summary', { 'aria-live': 'polite' });
  const body = h('div.table-wrap');
  const older = h('div.older');
  const error = h('p.error', { role: 'alert' });
  const form = h('form.filters', { role: 'search', 'aria-label': 'Filter releases' },
    field('f-state', 'State', state), field('f-service', 'Service', service), field('f-environment', 'Environment', environment),
    h('button', { type: 'submit' }, 'Filter'));
  fill(container, h('h1', 'Releases'), form, summary, error, body, older);

  let first = true;
  let lastSignature = null;
  const load = async () => {
    let items;
    let more;
    try {
      ({ items, more } = await fetchReleases());
      error.textContent = '';
    } catch (e) {
      ctx.failed(e);
      error.textContent = e instanceof ApiError ? e.describe() : String(e);
      return;
    }
    if (filters.environment) items = items.filter((r) => r.environment === filters.environment);
    // Re-render only when something changed, so the keyboard focus stays where it is between polls.
    const signature = JSON.stringify([shown, filters, items.map(({ timeInStateMillis, ...rest }) => rest)]);
    if (signature === lastSignature) return;
    lastSignature = signature;
    const sorted = sortForAttention(items);
    const needing = sorted.filter(attention).length;
    summary.textContent = `${sorted.length} release${sorted.length === 1 ? '' : 's'} shown (the newest ${shown} and all needing`
      + ` attention), ${needing} needing attention`;
    fill(older, more ? h('button', { type: 'button', onclick: () => { shown = SIZES.find((n) => n > shown) || MAX; load(); } }, 'Show older releases') : null);
    fill(body, table('Releases, those needing attention first',
      ['Service', 'Environment', 'State', 'Stage', 'Flag observed / desired', 'Canary weight observed / desired', 'State since', 'Reason'],
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
