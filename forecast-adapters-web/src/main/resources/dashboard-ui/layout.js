// The shared layout: the nav bar, the admin-key form, visible errors, small DOM and number helpers.
import { adminKey, setAdminKey, forgetAdminKey } from './api.js';

const PAGES = [
  ['index.html', 'Overview'], ['forecast.html', 'Forecast'], ['models.html', 'Models'], ['ab.html', 'A/B tests'],
  ['tuning.html', 'Tuning'], ['drift.html', 'Drift and alerts'], ['pipeline.html', 'Pipeline runs'],
];

/** An element: h('td', {class: 'n', 'data-value': 3}, 'text', child...). Attributes starting with "on" are listeners. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}

/** A number for people: null/NaN as an em dash, else `digits` decimals. */
export const fmt = (n, digits = 3) => (n === null || n === undefined || Number.isNaN(n) ? '—' : Number(n).toFixed(digits));
/** A p-value: small ones in exponent notation rather than as 0.0000. */
export const pval = p => (p === null || p === undefined || Number.isNaN(p) ? '—' : p < 1e-3 ? Number(p).toExponential(2) : Number(p).toFixed(4));
export const pct = (share, digits = 1) => (share === null || share === undefined ? '—' : (100 * share).toFixed(digits) + '%');
export const when = iso => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '—');
/** A numeric cell that carries the exact value it shows, for anyone (or any test) checking it. */
export const num = (value, digits = 3, attrs = {}) => h('td', { class: 'n', 'data-value': value ?? 'null', ...attrs }, digits === 'p' ? pval(value) : fmt(value, digits));

/** A table: columns as header strings, rows as arrays of cells (strings, numbers or td elements). */
export function table(columns, rows, attrs = {}) {
  return h('table', attrs, h('thead', {}, h('tr', {}, columns.map(c => h('th', {}, c)))),
    h('tbody', {}, rows.map(r => (r instanceof Node ? r : h('tr', {}, r.map(c => (c instanceof Node && c.tagName === 'TD' ? c : h('td', {}, c))))))));
}

/** An API error on the page, with the problem's detail. */
export const problem = err => h('div', { class: 'problem', role: 'alert' },
  h('strong', {}, err.status ? `${err.status} ${err.title}` : 'Error'), ' ', err.detail || err.message || String(err),
  err.request ? h('div', { class: 'muted' }, err.request) : null);

/** The form that asks for the admin key; kept in this tab's sessionStorage, then the page loads again. */
export function keyForm(why) {
  const input = h('input', { type: 'password', id: 'admin-key', placeholder: 'admin API key', autocomplete: 'off' });
  return h('form', { class: 'keyform', id: 'key-form', onsubmit: e => {
    e.preventDefault();
    if (input.value.trim()) { setAdminKey(input.value.trim()); location.reload(); }
  } }, h('p', {}, why || 'This needs the admin API key.',
    ' It is kept in this tab\u2019s session storage only, and sent as a bearer token to this server.'),
  input, ' ', h('button', { type: 'submit', id: 'key-submit' }, 'Use key'));
}

/** A section that needs the admin key: the key form when there is none, else what `render` builds. */
export async function admin(section, why, render) {
  if (!adminKey()) { section.append(keyForm(why)); return; }
  try { await render(section); } catch (err) {
    section.append(problem(err));
    if (err.status === 403) section.append(keyForm('That key was not accepted.'));
  }
}

/** Builds the page: nav bar, title, then `render(main)`; an error shows on the page. Marks the body ready when done. */
export async function page(title, render) {
  const here = location.pathname.split('/').pop() || 'index.html';
  const key = adminKey()
    ? h('span', { class: 'key' }, 'admin key set (this tab) ', h('button', { id: 'forget-key', onclick: () => { forgetAdminKey(); location.reload(); } }, 'forget'))
    : h('span', { class: 'key muted' }, 'no admin key');
  document.body.prepend(h('nav', {}, h('b', {}, 'Forecast'),
    PAGES.map(([href, label]) => h('a', { href, class: href === here ? 'here' : null }, label)), key));
  document.title = `Forecast · ${title}`;
  const main = document.getElementById('main');
  main.append(h('h1', {}, title));
  try { await render(main); } catch (err) { main.append(problem(err)); }
  document.body.dataset.ready = 'true';
}

/** A button that runs an admin action: asks to confirm, shows the outcome or the problem next to it. */
export function action(label, id, confirmText, run) {
  const out = h('span', { class: 'outcome' });
  const button = h('button', { id, onclick: async () => {
    if (!adminKey()) { out.replaceChildren(keyForm('This action needs the admin API key.')); return; }
    if (confirmText && !confirm(confirmText)) return;
    button.disabled = true;
    try { out.replaceChildren(h('span', { class: 'ok' }, await run())); } catch (err) { out.replaceChildren(problem(err)); }
    button.disabled = false;
  } }, label);
  return h('span', {}, button, ' ', out);
}
