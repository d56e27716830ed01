// Building DOM without innerHTML: every value from the API goes in as text, never as markup.

/** h('tag.class#id', {attr: v, on: {click: f}}, child, …): an element; strings become text nodes. */
export function h(spec, attrs, ...children) {
  const m = /^([a-z0-9]+)((?:[.#][\w-]+)*)$/i.exec(spec);
  const el = document.createElement(m ? m[1] : spec);
  if (m && m[2]) {
    for (const part of m[2].match(/[.#][\w-]+/g)) {
      if (part[0] === '.') el.classList.add(part.slice(1)); else el.id = part.slice(1);
    }
  }
  if (attrs && (typeof attrs !== 'object' || attrs instanceof Node || Array.isArray(attrs))) {
    children.unshift(attrs);
    attrs = null;
  }
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'on') {
      for (const [ev, fn] of Object.entries(v)) el.addEventListener(ev, fn);
    } else if (k === 'dataset') {
      Object.assign(el.dataset, v);
    } else if (k in el && typeof v !== 'string' && k !== 'list') {
      el[k] = v;
    } else {
      el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replaces the children of el. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A status word as a badge (complete, failed, running …); the word itself stays readable text. */
export function badge(word) {
  const w = word == null ? 'none' : String(word);
  return h('span.badge', { dataset: { state: w } }, w);
}

/** Bytes in the units the CLI and the API use: 1024 steps over B, KB, MB, GB, TB (the original's 818.9 KB). */
export function bytes(n) {
  if (n == null || isNaN(n)) return '–';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = Number(n);
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return (i === 0 ? String(v) : v.toFixed(1)) + ' ' + units[i];
}

/** An execution's mode, with its step only when it ran one (step mode). */
export function mode(e) {
  return e.execution_mode + (e.execution_mode === 'step' && e.step_name ? ' ' + e.step_name : '');
}

/** An amount in its unit: bytes readable, anything else as a number with the unit. */
export function amount(n, unit) {
  if (n == null) return '?';
  return unit === 'bytes' ? bytes(n) : Number(n).toLocaleString('en') + (unit ? ' ' + unit : '');
}

export function seconds(s) {
  if (s == null) return '–';
  const v = Math.round(Number(s));
  if (v < 60) return v + ' s';
  if (v < 3600) return Math.floor(v / 60) + ' min ' + (v % 60) + ' s';
  return Math.floor(v / 3600) + ' h ' + Math.floor((v % 3600) / 60) + ' min';
}

/** ISO instants shown in the browser's time zone, to the second. */
export function when(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  if (isNaN(d)) return String(iso);
  const p = (x) => String(x).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** A labelled form control: label + control (+ hint), wired by id. */
export function field(label, control, hint) {
  const hintEl = hint ? h('span.hint', { id: control.id + '-hint' }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div.field', h('label', { for: control.id }, label), control, hintEl);
}

/** A checkbox with its label after it. */
export function check(id, label, checked, hint) {
  const box = h('input', { type: 'checkbox', id, name: id, checked: !!checked });
  const hintEl = hint ? h('span.hint', { id: id + '-hint' }, hint) : null;
  if (hintEl) box.setAttribute('aria-describedby', hintEl.id);
  return h('div.field.check', box, h('label', { for: id }, label), hintEl);
}

/** A table from rows; columns are [header, row => cell]. On a phone each row becomes a card (see console.css). */
export function table(caption, columns, rows, rowAttrs) {
  return h('div.table-wrap', { tabindex: '0', role: 'region', 'aria-label': caption },
    h('table',
      h('caption', caption),
      h('thead', h('tr', columns.map(([head]) => h('th', { scope: 'col' }, head)))),
      h('tbody', rows.length === 0
        ? h('tr', h('td', { colspan: String(columns.length) }, 'none'))
        : rows.map((r) => h('tr', rowAttrs ? rowAttrs(r) : null,
          columns.map(([head, cell]) => h('td', { 'data-label': head }, cell(r))))))));
}

/** A list of key/value pairs. */
export function pairs(entries) {
  return h('dl.pairs', entries.filter(Boolean).flatMap(([k, v]) => [h('dt', k), h('dd', v)]));
}

/** A collapsed JSON document (results are documents; their shape is the API's, shown as is). */
export function json(summary, value) {
  return h('details.json', h('summary', summary), h('pre', JSON.stringify(value, null, 2)));
}

/** Shows a message in the polite live region (and as a visible line). */
export function notify(text, kind) {
  const el = document.getElementById('notice');
  fill(el, text ? h('p', { class: kind === 'error' ? 'error' : 'ok' }, text) : null);
}

/** An error from the API, with the field it names, as an alert. */
export function errorBox(err) {
  const data = err && err.data ? err.data : null;
  const text = data && data.response ? data.response : String(err && err.message ? err.message : err);
  return h('div.error-box', { role: 'alert' },
    h('p', text),
    data && data.field ? h('p.hint', 'field: ' + data.field) : null);
}

let flash = null;

/** Goes to a route, with a message to show once the new view is there. */
export function go(hash, message) {
  flash = message || null;
  if (location.hash === hash) {
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    location.hash = hash;
  }
}

/** The message given to the last go(), once. */
export function takeFlash() {
  const f = flash;
  flash = null;
  return f;
}
