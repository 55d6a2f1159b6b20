// The canary analysis of one bake as inline SVG: per look, the canary's and the baseline's error ratio so far, and the
// e-value against its threshold 1/α (log scale). Colours and lines come from console.css classes: no inline style.
import { h, s, percent } from './dom.js';

const W = 720;
const H = 170;
const PAD = { left: 56, right: 12, top: 14, bottom: 26 };

/** Per look of `metric`: cumulative error ratios, the e-value and its threshold (null where the look has no numbers). */
export function series(looks, metric) {
  return looks.map((look) => {
    const m = (look.metrics || []).find((x) => x.metric === metric);
    if (!m || !m.baseline || !m.canary) return { look: look.look, verdict: look.verdict };
    const ratio = (c) => (c.requests > 0 ? c.bad / c.requests : null);
    // An e-value too large for a double is sent as null with its logarithm: plot the logarithm.
    const log10E = m.eValue !== null && m.eValue !== undefined ? Math.log10(Math.max(m.eValue, 1e-300)) : m.logEValue / Math.LN10;
    return {
      look: look.look, verdict: look.verdict, canary: ratio(m.canary), baseline: ratio(m.baseline),
      log10E, threshold: m.threshold,
    };
  });
}

function scale(d0, d1, r0, r1) {
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

function line(points, cls) {
  const d = points.filter(([, y]) => y !== null && Number.isFinite(y)).map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ');
  return d ? s('polyline', { points: d, class: cls, fill: 'none' }) : null;
}

function frame(label, yTicks, x, n) {
  const g = s('g', { class: 'axes' });
  g.append(s('line', { x1: PAD.left, y1: H - PAD.bottom, x2: W - PAD.right, y2: H - PAD.bottom, class: 'axis' }));
  g.append(s('line', { x1: PAD.left, y1: PAD.top, x2: PAD.left, y2: H - PAD.bottom, class: 'axis' }));
  for (const [y, text] of yTicks) {
    g.append(s('line', { x1: PAD.left, y1: y, x2: W - PAD.right, y2: y, class: 'grid' }));
    g.append(s('text', { x: PAD.left - 4, y: y + 4, 'text-anchor': 'end', class: 'tick' }, text));
  }
  g.append(s('text', { x: PAD.left, y: H - 6, class: 'tick' }, 'look 1'));
  g.append(s('text', { x: W - PAD.right, y: H - 6, 'text-anchor': 'end', class: 'tick' }, `look ${n}`));
  g.append(s('text', { x: PAD.left + 6, y: PAD.top + 2, class: 'label' }, label));
  return g;
}

function ratioPanel(points) {
  const n = points.length;
  const x = scale(0, Math.max(n - 1, 1), PAD.left, W - PAD.right);
  const top = Math.max(0.001, ...points.flatMap((p) => [p.canary ?? 0, p.baseline ?? 0])) * 1.15;
  const y = scale(0, top, H - PAD.bottom, PAD.top);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart ratio', role: 'img',
    'aria-label': `Error ratio per look: canary ${percent(points.at(-1)?.canary)}, baseline ${percent(points.at(-1)?.baseline)} at the last look` });
  svg.append(frame('error ratio (cumulative)', [[y(0), '0%'], [y(top / 2), percent(top / 2, 1)], [y(top), percent(top, 1)]], x, n));
  svg.append(line(points.map((p, i) => [x(i), p.baseline === null || p.baseline === undefined ? null : y(p.baseline)]), 'baseline') || s('g'));
  svg.append(line(points.map((p, i) => [x(i), p.canary === null || p.canary === undefined ? null : y(p.canary)]), 'canary') || s('g'));
  return svg;
}

function evidencePanel(points) {
  const n = points.length;
  const x = scale(0, Math.max(n - 1, 1), PAD.left, W - PAD.right);
  const threshold = points.find((p) => p.threshold)?.threshold || 100;
  const logT = Math.log10(threshold);
  const values = points.map((p) => p.log10E).filter((v) => v !== undefined && Number.isFinite(v));
  const lo = Math.min(-1, ...values);
  const hi = Math.max(logT + 1, ...values);
  const y = scale(lo, hi, H - PAD.bottom, PAD.top);
  const last = values.at(-1);
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart evidence', role: 'img',
    'aria-label': `e-value per look against 1/α = ${threshold}: ${last === undefined ? 'no value yet' : `last ${fmtE(last)}`}` });
  svg.append(frame('e-value (log scale)', [[y(lo), fmtE(lo)], [y(0), '1'], [y(hi), fmtE(hi)]], x, n));
  svg.append(s('line', { x1: PAD.left, y1: y(logT), x2: W - PAD.right, y2: y(logT), class: 'threshold' }));
  svg.append(s('text', { x: W - PAD.right - 4, y: y(logT) - 4, 'text-anchor': 'end', class: 'label' }, `1/α = ${threshold}`));
  svg.append(line(points.map((p, i) => [x(i), p.log10E === undefined ? null : y(p.log10E)]), 'evalue') || s('g'));
  return svg;
}

function fmtE(log10) {
  if (Math.abs(log10) < 3) return String(Number(10 ** log10).toPrecision(3));
  return `1e${Math.round(log10)}`;
}

/** A figure for one bake: the verdict, then both panels with a legend. */
export function bakeFigure(bake, metric) {
  const points = series(bake.looks || [], metric);
  const caption = h('figcaption',
    h('strong', `${bake.stage}: ${bake.verdict || '—'}`), ` (${bake.state}, ${points.length} looks, metric ${metric}) `,
    bake.explanation ? h('span', bake.explanation) : null);
  const legend = h('ul.legend', { 'aria-hidden': 'true' },
    h('li.canary', 'canary'), h('li.baseline', 'baseline'), h('li.evalue', 'e-value'), h('li.threshold', '1/α'));
  return h('figure.analysis', { dataset: { stage: bake.stage, looks: points.length } },
    caption, ratioPanel(points), evidencePanel(points), legend);
}
