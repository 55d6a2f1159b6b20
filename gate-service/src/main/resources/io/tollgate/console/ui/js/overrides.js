// Overrides: active and ended ones, creating one (the policy's rules shown beside the form) and revoking with a reason.
// A refusal shows the policy's reasons; the policy, not the page, decides.
import { api, query, ApiError } from './api.js';
import { h, fill, field, select, table, time, announce } from './dom.js';
import { askReason } from './widgets.js';

/** The shipped policy's rules (policies/tollgate/override/permission.rego and its data); the answer of the API decides. */
const RULES = [
  'A loosening override (allow, skip-analysis) in a strict environment (production as shipped) needs a ticket.',
  'In a strict environment it may last at most 24 hours (override_max_hours).',
  'During a freeze window of the environment it needs the label "emergency".',
  'The author of the release\'s change may not override it; revoking a freeze needs a ticket in production and may not be done by the author of a change it holds.',
  'allow needs "suppress": the reason codes it may let through (never policy_unavailable, policy_data_invalid, input_invalid, frozen_by_override).',
];

export function isActive(o, now = Date.now()) {
  return !o.revokedAt && (!o.expiresAt || Date.parse(o.expiresAt) > now);
}

function scopeText(o) {
  const sc = o.scope || {};
  return sc.release ? `release ${sc.release}` : [sc.service, sc.environment, sc.version].filter(Boolean).join(' / ');
}

function list(items, ctx, reload, caption, revocable) {
  if (!items.length) return h('p', `None (${caption.toLowerCase()}).`);
  const headers = ['Id', 'Effect', 'Scope', 'Reason', 'Ticket', 'By', 'Expires', revocable ? 'Action' : 'Ended'];
  return table(caption, headers, items.map((o) => h('tr', { dataset: { id: o.id } },
    h('td', h('code', o.id)), h('td', o.effect + (o.suppress && o.suppress.length ? ` (${o.suppress.join(', ')})` : '')),
    h('td', scopeText(o)), h('td', o.reason), h('td', o.ticket || '—'), h('td', `${o.createdBy}, ${time(o.createdAt)}`),
    h('td', o.expiresAt ? time(o.expiresAt) : 'until revoked'),
    revocable
      ? h('td', ctx.session.can('OVERRIDE') ? h('button', {
        type: 'button', dataset: { revoke: o.id },
        onclick: async () => {
          const ticket = field('revoke-ticket', 'Ticket (needed to revoke a freeze in production)', h('input', { name: 'ticket' }));
          const done = await askReason(`Revoke ${o.id}`, `${o.effect} on ${scopeText(o)}`,
            (reason, extra) => api.del(`/v1/overrides/${o.id}`, extra.ticket ? { reason, ticket: extra.ticket } : { reason }), [ticket]);
          if (done) {
            announce(`Override ${o.id} revoked`);
            await reload();
          }
        },
      }, 'Revoke') : '')
      : h('td', o.revokedAt ? `revoked by ${o.revokedBy}: ${o.revokeReason}` : 'expired'))));
}

function inFourHours() {
  const d = new Date(Date.now() + 4 * 3600 * 1000);
  d.setSeconds(0, 0);
  // datetime-local wants local time without a zone.
  return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
}

function createForm(reload) {
  const effect = select([['allow', 'allow (suppress reasons)'], ['skip-analysis', 'skip-analysis'], ['freeze', 'freeze']], 'allow');
  const inputs = {
    service: h('input', { placeholder: 'checkout' }), environment: h('input', { placeholder: 'production' }),
    version: h('input', { placeholder: 'optional' }), release: h('input', { placeholder: 'or a release id' }),
    suppress: h('input', { placeholder: 'burn_rate_too_high, …' }), reason: h('input', { required: true }),
    ticket: h('input', { placeholder: 'INC-1234' }), labels: h('input', { placeholder: 'emergency, …' }),
    expiresAt: h('input', { type: 'datetime-local', value: inFourHours() }),
  };
  const result = h('div.result', { role: 'alert' });
  const form = h('form.create', { 'aria-labelledby': 'create-title' },
    h('h2#create-title', 'Create an override'),
    h('div.rules', h('h3', 'The policy\'s rules'), h('ul', RULES.map((r) => h('li', r)))),
    field('o-effect', 'Effect', effect),
    h('fieldset', h('legend', 'Scope: service and environment, or a release'),
      field('o-service', 'Service', inputs.service), field('o-environment', 'Environment', inputs.environment),
      field('o-version', 'Version', inputs.version), field('o-release', 'Release id', inputs.release)),
    field('o-suppress', 'Suppress (reason codes, comma-separated; allow only)', inputs.suppress),
    field('o-reason', 'Reason', inputs.reason), field('o-ticket', 'Ticket', inputs.ticket),
    field('o-labels', 'Labels (comma-separated)', inputs.labels),
    field('o-expires', 'Expires at (your local time; empty: until revoked, freeze only)', inputs.expiresAt),
    h('button', { type: 'submit' }, 'Create override'), result);
  const words = (v) => v.split(',').map((x) => x.trim()).filter(Boolean);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const v = Object.fromEntries(Object.entries(inputs).map(([k, el]) => [k, el.value.trim()]));
    const scope = v.release ? { release: v.release } : { service: v.service, environment: v.environment, ...(v.version ? { version: v.version } : {}) };
    const body = { scope, effect: effect.value, reason: v.reason, labels: words(v.labels) };
    if (effect.value === 'allow') body.suppress = words(v.suppress);
    if (v.ticket) body.ticket = v.ticket;
    if (v.expiresAt) body.expiresAt = new Date(v.expiresAt).toISOString().replace(/\.\d+Z$/, 'Z');
    try {
      const created = await api.post('/v1/overrides', body);
      fill(result, h('p.ok', `Created ${created.id}.`));
      announce(`Override ${created.id} created`);
      await reload();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      fill(result, h('p.error', e.code === 'override_refused' ? 'Refused by the policy:' : e.describe()),
        e.reasons.length ? h('ul.refusal', e.reasons.map((r) => h('li', h('code', r.code), ` ${r.message}`))) : null);
    }
  });
  return form;
}

export async function render(container, ctx) {
  const lists = h('div.lists');
  const error = h('p.error', { role: 'alert' });
  const reload = async () => {
    try {
      const page = await api.get(`/v1/overrides${query({ limit: 500 })}`);
      const now = Date.now();
      fill(lists, h('h2', 'Active'), list(page.items.filter((o) => isActive(o, now)), ctx, reload, 'Active overrides', true),
        h('h2', 'Expired or revoked'), list(page.items.filter((o) => !isActive(o, now)), ctx, reload, 'Ended overrides', false));
      lists.dataset.loaded = 'true';
    } catch (e) {
      ctx.failed(e);
      error.textContent = e instanceof ApiError ? e.describe() : String(e);
    }
  };
  fill(container, h('h1', 'Overrides'), error, ctx.session.can('OVERRIDE') ? createForm(reload) : null, lists);
  await reload();
  return () => {};
}
