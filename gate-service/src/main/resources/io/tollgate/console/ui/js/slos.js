// SLOs: each SLO's error budget remaining and its burn rates per window.
import { api, ApiError } from './api.js';
import { h, fill, table, percent, time } from './dom.js';
import { poll } from './widgets.js';

function num(v, digits = 2) {
  return v === null || v === undefined ? '—' : Number(v).toFixed(digits);
}

function slo(x) {
  const b = x.errorBudget || {};
  const remaining = b.remainingRatio;
  return h('section.slo', { dataset: { slo: x.name }, 'aria-labelledby': `slo-${x.name}` },
    h('h2', { id: `slo-${x.name}` }, x.name, ' ', h('span.muted', `${x.service || ''} target ${x.target} over ${x.window}`)),
    x.status !== 'ok' ? h('p.error', `unavailable: ${x.problem || 'no data'}`) : null,
    h('p', 'Budget remaining: ', h('strong.budget', percent(remaining, 1)),
      h('meter', { min: 0, max: 1, low: 0.25, high: 0.5, optimum: 1, value: Math.max(0, remaining ?? 0), 'aria-label': 'error budget remaining' }),
      b.remainingMinutes !== undefined && b.remainingMinutes !== null ? ` (${num(b.remainingMinutes, 0)} minutes)` : '',
      `; SLI ${percent(x.sli, 3)}; data at ${time(x.dataAt)}${x.dataComplete === false ? ' (window not yet complete)' : ''}`),
    table(`Burn rates of ${x.name}`, ['Alert', 'Severity', 'Long window', 'Short window', 'Threshold', 'Firing'],
      (x.burnRates || []).map((r) => h('tr', { class: r.firing ? 'firing' : null },
        h('td', r.name), h('td', r.severity), h('td', `${r.longWindow}: ${num(r.longRate)}×`),
        h('td', `${r.shortWindow}: ${num(r.shortRate)}×`), h('td', `${num(r.threshold, 1)}×`), h('td', r.firing ? 'yes' : 'no')))));
}

export async function render(container, ctx) {
  const list = h('div');
  const error = h('p.error', { role: 'alert' });
  fill(container, h('h1', 'SLOs'), error, list);
  return poll(async () => {
    try {
      const all = await api.get('/v1/slos');
      const items = all.slos || all.items || [];
      fill(list, items.length ? items.map(slo) : h('p', 'No SLO definitions loaded.'));
      list.dataset.loaded = 'true';
      error.textContent = '';
    } catch (e) {
      ctx.failed(e);
      error.textContent = e instanceof ApiError ? e.describe() : String(e);
    }
  }, 15000);
}
