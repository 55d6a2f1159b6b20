// Building the DOM from nodes, never from HTML strings: text is always text, so nothing from the API can become markup.

/** h('tag.class#id', {attr: value, onclick: fn}, ...children) */
export function h(spec, attrs, ...children) {
  const [, tag = 'div', rest = ''] = /^([a-z0-9]+)?(.*)$/i.exec(spec);
  const el = document.createElement(tag);
  for (const part of rest.match(/[.#][^.#]+/g) || []) {
    if (part[0] === '.') el.classList.add(part.slice(1));
    else el.id = part.slice(1);
  }
  if (attrs && (typeof attrs !== 'object' || attrs instanceof Node || Array.isArray(attrs))) {
    children.unshift(attrs);
    attrs = null;
  }
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replaces the children of el. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

const SVG = 'http://www.w3.org/2000/svg';

/** An SVG element with attributes (never style: the CSP allows no inline style). */
export function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

export function time(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

export function duration(ms) {
  if (ms === undefined || ms === null) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}

export function percent(v, digits = 2) {
  return v === null || v === undefined || Number.isNaN(v) ? '—' : `${(v * 100).toFixed(digits)}%`;
}

/** A labelled form control: label + input/select, ids tied together. */
export function field(id, label, control) {
  control.id = id;
  if (!control.name) control.name = id;
  return h('div.field', h('label', { for: id }, label), control);
}

export function select(options, value) {
  return h('select', options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)));
}

/** A table with a caption (for screen readers) and header cells. */
export function table(caption, headers, rows) {
  return h('table', h('caption', caption),
    h('thead', h('tr', headers.map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', rows));
}

/** Announces text in the polite live region. */
export function announce(text) {
  const status = document.getElementById('status');
  status.textContent = '';
  // A fresh text node after clearing makes screen readers announce a repeat of the same message too.
  requestAnimationFrame(() => { status.textContent = text; });
}
