// One release: state, stages (current highlighted), desired vs observed, controls with a reason, the canary analysis
// chart and the timeline of history lines and adapter actions. Polls, so the page follows the release live.
import { api, ApiError } from './api.js';
import { h, fill, time, duration, table, announce } from './dom.js';
import { poll, askReason } from './widgets.js';
import { stateBadge, attention } from './releases.js';
import { bakeFigure } from './chart.js';

const CONTROLS = [
  ['pause', 'Pause', 'Stops the release where it is; resume continues it.'],
  ['resume', 'Resume', 'Continues a paused or halted release.'],
  ['promote', 'Promote', 'Ends the current bake now and moves to the next gate.'],
  ['abort', 'Abort', 'Stops the release and resets flag and traffic to the stable version.'],
  ['rollback', 'Roll back', 'Resets flag and traffic to the stable version, also after promotion.'],
];
const ENDED = new Set(['rolled_back', 'aborted', 'failed']);

function stages(r) {
  const list = (r.spec && r.spec.stages) || [];
  return h('ol.stages', { 'aria-label': 'Stages' }, list.map((st, i) => {
    const current = i === r.stageIndex;
    const done = i < r.stageIndex || (i === r.stageIndex && r.state === 'promoted');
    return h('li', { class: current ? 'current' : done ? 'done' : null, 'aria-current': current ? 'step' : null },
      h('span.name', st.name), ` traffic ${st.trafficPercent}%, flag ${st.flagPercent}%`,
      st.bakeMillis ? `, bake ${duration(st.bakeMillis)}` : '', current ? h('span.sr', ' (current stage)') : null);
  }));
}

function levels(r) {
  return table('Desired and observed', ['', 'Desired', 'Observed'], [
    h('tr', h('th', { scope: 'row' }, 'Flag rollout'), h('td.desired-flag', `${r.flag.desiredPercent}%`),
      h('td.observed-flag', `${r.flag.observedPercent}${r.flag.observedPercent === 'unknown' ? '' : '%'}`)),
    h('tr', h('th', { scope: 'row' }, 'Canary weight'), h('td.desired-weight', `${r.traffic.desiredCanaryWeight}%`),
      h('td.observed-weight', `${r.traffic.observedCanaryWeight}${r.traffic.observedCanaryWeight === 'unknown' ? '' : '%'}`)),
  ]);
}

/** What a history line says, beyond its time, kind and actor. */
function describeLine(line) {
  const skip = new Set(['seq', 'at', 'kind', 'actor', 'event']);
  return Object.entries(line).filter(([k, v]) => !skip.has(k) && v !== null && v !== undefined)
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`).join(', ');
}

function timeline(history) {
  const items = [...(history || [])].reverse();
  return h('ol.timeline', { reversed: true, 'aria-label': 'History, newest first' }, items.map((l) =>
    h(`li.kind-${l.kind}`, { dataset: { kind: l.kind, event: l.event || '' } },
      h('time', { datetime: l.at }, time(l.at)), ' ', h('span.kind', l.kind), ' ', h('strong', l.event || ''),
      ' ', h('span.actor', `by ${l.actor}`), h('div.detail', describeLine(l)))));
}

function controls(r, ctx, refresh) {
  if (!ctx.session.can('CONTROL_RELEASES')) return null;
  const ended = ENDED.has(r.state);
  return h('div.controls', { role: 'group', 'aria-label': 'Release controls' }, CONTROLS.map(([action, label, help]) =>
    h('button', {
      type: 'button', dataset: { action },
      disabled: ended || (r.state === 'promoted' && action !== 'rollback'),
      onclick: async () => {
        const done = await askReason(`${label} ${r.service} ${r.version}`, help,
          (reason) => api.post(`/v1/releases/${r.id}/${action}`, { reason }));
        if (done) {
          announce(`${label}: the release is now ${done.state.replace('_', ' ')}`);
          await refresh();
        }
      },
    }, label)));
}

export async function render(container, ctx, [id]) {
  const head = h('div.release-head');
  const body = h('div.release-body');
  const analysis = h('section.analysis-section', { 'aria-labelledby': 'analysis-title' });
  const history = h('section', { 'aria-labelledby': 'history-title' });
  const error = h('p.error', { role: 'alert' });
  fill(container, h('p', h('a', { href: '#/releases' }, '← Releases')), error, head, body, analysis, history);
  let lastState = null;
  let lastKey = null;
  let lastSignature = null;
  let firstAnalysis = true;

  // The first load asks for the release and its analysis at once; later ones only when the analysis can have changed.
  let pendingAnalysis = api.get(`/v1/releases/${id}/analysis`).catch(() => null);
  const loadAnalysis = async (r) => {
    const a = (await pendingAnalysis) || await api.get(`/v1/releases/${r.id}/analysis`);
    pendingAnalysis = Promise.resolve(null);
    const metric = (a.settings && a.settings.metrics && a.settings.metrics[0]) || 'errors';
    const bakes = a.stages || [];
    fill(analysis, h('h2#analysis-title', 'Canary analysis'),
      a.settings ? h('p.muted', `α ${a.settings.alpha}, max ratio ${a.settings.maxRatio}, look every ${a.settings.interval}; metrics ${a.settings.metrics.join(', ')}`) : null,
      bakes.length ? bakes.map((b) => bakeFigure(b, metric)) : h('p', 'No bake analysed yet.'));
    analysis.dataset.looks = String(bakes.reduce((n, b) => n + (b.looks || []).length, 0));
    if (firstAnalysis) {
      firstAnalysis = false;
      performance.mark('tollgate:analysis-rendered');
    }
  };

  const load = async () => {
    let r;
    try {
      r = await api.get(`/v1/releases/${id}`);
      error.textContent = '';
    } catch (e) {
      ctx.failed(e);
      error.textContent = e instanceof ApiError ? e.describe() : String(e);
      return;
    }
    // Re-render only what changed: rebuilding the controls every second would take the keyboard focus away.
    const { timeInStateMillis, ...rest } = r;
    const signature = JSON.stringify(rest);
    if (signature === lastSignature) {
      const inState = head.querySelector('.in-state');
      if (inState) inState.textContent = duration(timeInStateMillis);
      return;
    }
    lastSignature = signature;
    const why = attention(r);
    fill(head, h('h1', `${r.service} ${r.version}`, ' ', h('span.env', r.environment)),
      h('dl.facts',
        h('dt', 'State'), h('dd#release-state', { dataset: { state: r.state } }, stateBadge(r.state), why ? ` ⚠ needs attention (${why})` : ''),
        h('dt', 'Stage'), h('dd', `${r.stage} (${r.stageIndex + 1} of ${(r.spec.stages || []).length})`),
        h('dt', 'In state'), h('dd.in-state', duration(r.timeInStateMillis)),
        h('dt', 'Reason'), h('dd#release-reason', r.reason ? `${r.reason.code}: ${r.reason.message}` : '—'),
        h('dt', 'Change'), h('dd', `${r.spec.change.commit} by ${r.spec.change.author}`),
        h('dt', 'Created'), h('dd', `${time(r.createdAt)} by ${r.createdBy}${r.dryRun ? ' (dry run)' : ''}`)),
      controls(r, ctx, load));
    fill(body, h('h2', 'Stages'), stages(r), levels(r));
    fill(history, h('h2#history-title', 'Timeline'), timeline(r.history));
    if (lastState !== null && lastState !== r.state) announce(`Release is now ${r.state.replace('_', ' ')}`);
    lastState = r.state;
    // The analysis is fetched again only when it can have changed: a new look, another apply or state.
    const key = r.analysis ? `${r.state}/${r.applyCount}/${r.analysis.state}/${r.analysis.looks}` : null;
    if (r.analysis && key !== lastKey) {
      lastKey = key;
      await loadAnalysis(r);
    } else if (!r.analysis) {
      pendingAnalysis = Promise.resolve(null);
      fill(analysis);
    }
    container.dataset.loaded = 'true';
  };
  return poll(load, 1000);
}
