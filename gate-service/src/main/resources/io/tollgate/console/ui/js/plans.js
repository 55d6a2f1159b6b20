// Release plans: the list (newest first) and one plan's dependency graph with each entry's state, its entries, the
// plan's timeline and its controls (pause, resume, abort, rollback with a reason). Both pages poll.
import { api, query, ApiError } from './api.js';
import { h, s, fill, time, table, announce } from './dom.js';
import { poll, askReason } from './widgets.js';
import { stateBadge } from './releases.js';

const CONTROLS = [
  ['pause', 'Pause', 'No new entry starts and running ones are paused; resume continues the plan.'],
  ['resume', 'Resume', 'Continues a paused or halted plan.'],
  ['abort', 'Abort', 'Stops the plan: no new entry starts; entries already applied stay as they are.'],
  ['rollback', 'Roll back', 'Compensates: every applied entry is rolled back, dependents before what they depend on.'],
];
const ENDED = new Set(['completed', 'rolled_back', 'failed', 'aborted']);
const NEEDS_ATTENTION = new Set(['halted', 'failed', 'rolling_back']);

function notServed(container) {
  fill(container, h('h1', 'Release plans'), h('p.unavailable', { role: 'status' }, 'Not available: this Tollgate does not serve release plans.'));
  container.dataset.loaded = 'true';
}

/** Depth of each entry: 0 without dependencies, else one more than its deepest dependency (the plan is acyclic). */
function depths(entries) {
  const byKey = new Map(entries.map((e) => [e.key, e]));
  const depth = new Map();
  const of = (key, seen = new Set()) => {
    if (depth.has(key)) return depth.get(key);
    if (seen.has(key) || !byKey.has(key)) return 0;
    seen.add(key);
    const d = Math.max(-1, ...(byKey.get(key).dependsOn || []).map((k) => of(k, seen))) + 1;
    depth.set(key, d);
    return d;
  };
  entries.forEach((e) => of(e.key));
  return depth;
}

/** The dependency graph as SVG: one column per depth, an arrow from each dependency to its dependent. */
export function graph(entries) {
  const W = 170, H = 46, GX = 60, GY = 18, PAD = 10;
  const depth = depths(entries);
  const columns = [];
  for (const e of entries) (columns[depth.get(e.key)] ||= []).push(e);
  const at = new Map();
  columns.forEach((col, c) => col.forEach((e, r) => at.set(e.key, { x: PAD + c * (W + GX), y: PAD + r * (H + GY) })));
  const width = PAD * 2 + columns.length * W + Math.max(0, columns.length - 1) * GX;
  const height = PAD * 2 + Math.max(1, ...columns.map((c) => c.length)) * (H + GY) - GY;
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, width, class: 'plan-graph', role: 'img',
    'aria-label': `Dependency graph: ${entries.map((e) => `${e.key} ${e.state}${(e.dependsOn || []).length ? ` after ${e.dependsOn.join(', ')}` : ''}`).join('; ')}` },
  s('defs', {}, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto-start-reverse' },
    s('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow-head' }))));
  for (const e of entries) {
    for (const dep of e.dependsOn || []) {
      const from = at.get(dep), to = at.get(e.key);
      if (!from || !to) continue;
      svg.append(s('line', { x1: from.x + W, y1: from.y + H / 2, x2: to.x, y2: to.y + H / 2, class: 'edge', 'marker-end': 'url(#arrow)' }));
    }
  }
  for (const e of entries) {
    const p = at.get(e.key);
    svg.append(s('g', { class: `node state-${e.state}`, 'data-key': e.key },
      s('rect', { x: p.x, y: p.y, width: W, height: H, rx: 6 }),
      s('text', { x: p.x + 8, y: p.y + 18, class: 'key' }, `${e.key} ${e.version || ''}`),
      s('text', { x: p.x + 8, y: p.y + 36, class: 'state' }, e.stage && e.state !== 'waiting' ? `${e.state} · ${e.stage}` : e.state)));
  }
  return svg;
}

function entriesTable(plan) {
  return table('Entries', ['Key', 'Service', 'Version', 'Depends on', 'Starts when', 'State', 'Release', 'Started', 'Ended', 'Compensation'],
    plan.releases.map((e) => h('tr', { dataset: { key: e.key, state: e.state } },
      h('td', e.key), h('td', e.service), h('td', e.version), h('td', (e.dependsOn || []).join(', ') || '—'), h('td', e.startWhen || 'promoted'),
      h('td', stateBadge(e.state), e.reason ? ` ${e.reason.code}` : ''),
      h('td', e.releaseId ? h('a', { href: `#/releases/${e.releaseId}` }, 'open') : '—'),
      h('td', time(e.startedAt)), h('td', time(e.endedAt)), h('td', e.compensation ? JSON.stringify(e.compensation) : '—'))));
}

function timeline(history) {
  return h('ol.timeline', { reversed: true, 'aria-label': 'Plan history, newest first' }, [...(history || [])].reverse().map((l) =>
    h(`li.kind-${l.kind}`, h('time', { datetime: l.at }, time(l.at)), ' ', h('strong', l.event || l.kind), ' ',
      h('span.actor', `by ${l.actor}`), l.reason ? h('div.detail', typeof l.reason === 'object' ? JSON.stringify(l.reason) : l.reason) : null)));
}

function controls(plan, ctx, refresh) {
  if (!ctx.session.can('CONTROL_RELEASES') || ENDED.has(plan.state)) return null;
  return h('div.controls', { role: 'group', 'aria-label': 'Plan controls' }, CONTROLS.map(([action, label, help]) =>
    h('button', {
      type: 'button', dataset: { action },
      onclick: async () => {
        const done = await askReason(`${label} plan ${plan.name}`, help,
          (reason) => api.post(`/v1/release-plans/${plan.id}/${action}`, { reason }));
        if (done) {
          announce(`${label}: the plan is now ${done.state.replace('_', ' ')}`);
          await refresh();
        }
      },
    }, label)));
}

export const list = {
  async render(container, ctx) {
    const error = h('p.error', { role: 'alert' });
    const body = h('div');
    fill(container, h('h1', 'Release plans'), error, body);
    let last = null;
    return poll(async () => {
      let page;
      try {
        page = await api.get(`/v1/release-plans${query({ limit: 100 })}`);
        error.textContent = '';
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return notServed(container);
        ctx.failed(e);
        error.textContent = e instanceof ApiError ? e.describe() : String(e);
        return;
      }
      const signature = JSON.stringify(page.items);
      if (signature === last) return;
      last = signature;
      // Plans needing a human first, then newest first as the API lists them.
      const items = [...page.items].sort((a, b) => NEEDS_ATTENTION.has(b.state) - NEEDS_ATTENTION.has(a.state));
      fill(body, items.length ? table('Release plans', ['Plan', 'Environment', 'State', 'Entries', 'Created'], items.map((p) =>
        h('tr', { dataset: { plan: p.id, state: p.state } },
          h('td', h('a', { href: `#/plans/${p.id}` }, p.name)), h('td', p.environment),
          h('td', stateBadge(p.state), p.dryRun ? ' (dry run)' : ''),
          h('td', p.releases.map((e) => `${e.key}: ${e.state}`).join(', ')), h('td', time(p.createdAt)))))
        : h('p', 'No release plans.'));
      container.dataset.loaded = 'true';
    }, 3000);
  },
};

export const one = {
  async render(container, ctx, [id]) {
    const error = h('p.error', { role: 'alert' });
    const head = h('div');
    const body = h('div');
    fill(container, h('p', h('a', { href: '#/plans' }, '← Release plans')), error, head, body);
    let last = null;
    let lastState = null;
    const load = async () => {
      let plan;
      try {
        plan = await api.get(`/v1/release-plans/${id}`);
        error.textContent = '';
      } catch (e) {
        if (e instanceof ApiError && e.status === 404 && last === null) return notServed(container);
        ctx.failed(e);
        error.textContent = e instanceof ApiError ? e.describe() : String(e);
        return;
      }
      const signature = JSON.stringify(plan);
      if (signature === last) return;
      last = signature;
      fill(head, h('h1', `Plan ${plan.name}`, ' ', h('span.env', plan.environment)),
        h('dl.facts',
          h('dt', 'State'), h('dd#plan-state', { dataset: { state: plan.state } }, stateBadge(plan.state)),
          h('dt', 'Reason'), h('dd', plan.reason ? `${plan.reason.code}: ${plan.reason.message}` : '—'),
          h('dt', 'On failure'), h('dd', plan.onFailure || 'the policy decides when one happens'),
          h('dt', 'Watched'), h('dd', (plan.watch || []).join(', ') || '—'),
          h('dt', 'Created'), h('dd', `${time(plan.createdAt)} by ${plan.createdBy}${plan.dryRun ? ' (dry run)' : ''}`)),
        controls(plan, ctx, load));
      fill(body, h('h2', 'Dependency graph'), graph(plan.releases), entriesTable(plan), h('h2', 'Timeline'), timeline(plan.history));
      if (lastState !== null && lastState !== plan.state) announce(`Plan is now ${plan.state.replace('_', ' ')}`);
      lastState = plan.state;
      container.dataset.loaded = 'true';
    };
    return poll(load, 2000);
  },
};
