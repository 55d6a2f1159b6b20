// Decisions: search (service, outcome, since via the API; reason code on the page), one decision with its reasons,
// policy revision, exact policy input, trace id and place in the audit chain, and the audit chain's verify status.
import { api, query, ApiError } from './api.js';
import { h, fill, field, select, table, time } from './dom.js';

const search = { service: '', outcome: '', reason: '', since: '' };

function outcomeBadge(o) {
  return h(`span.badge.outcome-${o}`, o);
}

/** The audit chain's state: an incremental verify (cheap: only records after the last intact point) and the newest checkpoint. */
async function auditStatus(el, ctx) {
  if (!ctx.session.can('READ_AUDIT')) return;
  fill(el, h('h2', 'Audit chain'), h('p', 'Verifying…'));
  try {
    const v = await api.get('/v1/audit/verify?from=verified');
    const newest = (v.checkpoints || []).reduce((a, c) => (!a || c.seq > a.seq ? c : a), null);
    fill(el, h('h2', 'Audit chain'),
      h('p#audit-status', { class: v.intact ? 'ok' : 'error' },
        v.intact ? `Intact: ${v.recordsChecked} records checked from seq ${v.fromSeq} to head ${v.headSeq}, signed through ${v.signedThroughSeq}.`
          : `NOT intact: ${(v.problems || []).length} problem(s); first: ${v.firstBroken ? v.firstBroken.problem : '?'}`),
      newest ? h('p', `Newest checkpoint: seq ${newest.seq} at ${time(newest.time)} (${newest.source}), `,
        newest.matches ? 'matches the log.' : 'does NOT match the log.') : h('p', 'No checkpoint yet.'),
      v.intact ? null : h('ul', (v.problems || []).slice(0, 10).map((p) => h('li', p.problem))));
  } catch (e) {
    ctx.failed(e);
    fill(el, h('h2', 'Audit chain'), h('p.error', e instanceof ApiError ? e.describe() : String(e)));
  }
}

export async function render(container, ctx) {
  const service = h('input', { value: search.service });
  const outcome = select([['', 'any'], ['allow', 'allow'], ['deny', 'deny'], ['hold', 'hold']], search.outcome);
  const reason = h('input', { value: search.reason, placeholder: 'e.g. burn_rate_too_high' });
  const since = h('input', { type: 'datetime-local', value: search.since });
  const results = h('div.table-wrap');
  const more = h('div');
  const error = h('p.error', { role: 'alert' });
  const audit = h('section.audit', { 'aria-live': 'polite' });
  const form = h('form.filters', { role: 'search', 'aria-label': 'Search decisions' },
    field('d-service', 'Service', service), field('d-outcome', 'Outcome', outcome),
    field('d-reason', 'Reason code', reason), field('d-since', 'Since (your local time)', since),
    h('button', { type: 'submit' }, 'Search'));
  fill(container, h('h1', 'Decisions'), form, error, results, more, audit);

  let rows = [];
  const show = (page, append) => {
    const code = search.reason;
    const items = code ? page.items.filter((d) => (d.reasons || []).some((r) => r.code === code)) : page.items;
    rows = append ? rows.concat(items) : items;
    fill(results, table('Decisions, newest first', ['Decision', 'Outcome', 'Service', 'Environment', 'Stage', 'Reasons', 'Evaluated'],
      rows.map((d) => h('tr', { dataset: { id: d.decisionId } },
        h('td', h('a', { href: `#/decisions/${d.decisionId}` }, d.decisionId.slice(0, 8))), h('td', outcomeBadge(d.outcome)),
        h('td', `${d.service} ${d.version}`), h('td', d.environment), h('td', d.stage),
        h('td', (d.reasons || []).map((r) => r.code).join(', ')), h('td', time(d.evaluatedAt))))));
    fill(more, page.nextCursor ? h('button', { type: 'button', onclick: () => load(page.nextCursor) }, 'More') : null);
    results.dataset.loaded = 'true';
  };
  const load = async (cursor) => {
    try {
      const sinceIso = search.since ? new Date(search.since).toISOString() : '';
      show(await api.get(`/v1/decisions${query({ service: search.service, outcome: search.outcome, since: sinceIso, limit: 200, cursor })}`), !!cursor);
      error.textContent = '';
    } catch (e) {
      ctx.failed(e);
      error.textContent = e instanceof ApiError ? e.describe() : String(e);
    }
  };
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    Object.assign(search, { service: service.value.trim(), outcome: outcome.value, reason: reason.value.trim(), since: since.value });
    load();
  });
  await load();
  auditStatus(audit, ctx);
  return () => {};
}

/** One decision: everything needed to explain it from the record alone. */
export const one = {
  async render(container, ctx, [id]) {
    const d = await api.get(`/v1/decisions/${id}`);
    fill(container, h('p', h('a', { href: '#/decisions' }, '← Decisions')),
      h('h1', 'Decision ', h('code', d.decisionId)),
      h('dl.facts',
        h('dt', 'Outcome'), h('dd#decision-outcome', outcomeBadge(d.outcome), d.dryRun ? ' (dry run)' : ''),
        h('dt', 'Release'), h('dd', `${d.service} ${d.version} → ${d.environment} / ${d.stage}`),
        h('dt', 'Actor'), h('dd', d.actor),
        h('dt', 'Evaluated'), h('dd', time(d.evaluatedAt)),
        h('dt', 'Policy revision'), h('dd', h('code#decision-revision', d.policyRevision), ` (${d.policyEngine})`),
        h('dt', 'Trace id'), h('dd', h('code#decision-trace', d.traceId || '—')),
        h('dt', 'Audit chain'), h('dd#decision-audit', d.audit ? [`seq ${d.audit.seq}, hash `, h('code', d.audit.hash),
          ', previous ', h('code', d.audit.previousHash || '—')] : '—')),
      h('h2', 'Reasons'), h('ul.reasons', (d.reasons || []).map((r) => h('li', h('code', r.code), ` ${r.message}`))),
      h('h2', 'Exact policy input'), h('pre#decision-input', { tabindex: '0' }, JSON.stringify(d.policyInput, null, 2)),
      h('h2', 'Request as received'), h('pre', { tabindex: '0' }, JSON.stringify(d.request, null, 2)));
    container.dataset.loaded = 'true';
    return () => {};
  },
};
