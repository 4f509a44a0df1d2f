// A/B tests: each arm's MAPE with its confidence interval, its share of the traffic against the
// split, the comparisons' p-values, the sample-ratio check and the decision; stop and promote.
import { get, post, path } from './api.js';
import { page, h, table, num, fmt, pct, pval, when, admin, action } from './layout.js';

/** Each arm's estimate as a dot and its interval as a whisker, on one shared scale. */
function whiskers(arms, key) {
  const values = arms.flatMap(a => [a[key].ci_low, a[key].ci_high, a[key].value]).filter(Number.isFinite);
  if (!values.length) return h('p', { class: 'muted' }, 'No scored predictions yet: no interval to draw.');
  const lo = Math.min(...values), hi = Math.max(...values), W = 420, pad = 10;
  const x = v => pad + (hi === lo ? (W - 2 * pad) / 2 : ((v - lo) / (hi - lo)) * (W - 2 * pad));
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('class', 'ci'); svg.setAttribute('width', W + 320); svg.setAttribute('height', 28 * arms.length + 20);
  svg.innerHTML = arms.map((a, i) => {
    const e = a[key], y = 18 + 28 * i;
    if (!Number.isFinite(e.value)) return `<text x="${W + 10}" y="${y + 4}" font-size="12">${a.version}: no data</text>`;
    const l = Number.isFinite(e.ci_low) ? x(e.ci_low) : x(e.value), r = Number.isFinite(e.ci_high) ? x(e.ci_high) : x(e.value);
    return `<line x1="${l}" x2="${r}" y1="${y}" y2="${y}" stroke-width="2"/><line x1="${l}" x2="${l}" y1="${y - 5}" y2="${y + 5}"/>`
      + `<line x1="${r}" x2="${r}" y1="${y - 5}" y2="${y + 5}"/><circle cx="${x(e.value)}" cy="${y}" r="4"/>`
      + `<text x="${W + 10}" y="${y + 4}" font-size="12">${a.reference}: ${fmt(e.value)} [${fmt(e.ci_low)}, ${fmt(e.ci_high)}]</text>`;
  }).join('') + `<text x="${pad}" y="${28 * arms.length + 16}" font-size="10">${fmt(lo)}</text><text x="${W - 40}" y="${28 * arms.length + 16}" font-size="10">${fmt(hi)}</text>`;
  return svg;
}

function report(main, r) {
  const requests = r.arms.reduce((t, a) => t + a.requests, 0);
  const weights = r.arms.reduce((t, a) => t + a.weight, 0);
  main.append(h('p', { id: 'summary' }, `model ${r.model} · state `, h('b', { id: 'state' }, r.state), ` · metric ${r.metric} · min samples ${r.min_samples}`,
    ` · ${r.scope ? `series ${r.scope}` : 'all traffic'} · ${r.sticky ? 'sticky' : 'not sticky'} · started ${when(r.started_at)} by ${r.started_by ?? '—'}`,
    ` · ends ${when(r.ends_at)}`, r.ended_at ? ` · ended ${when(r.ended_at)} by ${r.ended_by ?? '—'}` : '',
    r.promoted_version ? ` · promoted ${r.promoted_version}` : ''));
  main.append(h('h2', {}, 'Arms'), table(['arm', 'version', 'split', 'traffic share', 'requests', 'scored', 'MAPE %', 'CI low', 'CI high', 'MAE', 'p50 ms', 'p99 ms'],
    r.arms.map(a => h('tr', { 'data-arm': a.index },
      h('td', {}, a.reference), h('td', {}, a.version), num(a.weight / weights, 4, { 'data-field': 'split' }),
      h('td', { class: 'n', 'data-field': 'share', 'data-value': requests ? a.requests / requests : 'null' },
        h('span', { class: 'bar', style: `width:${requests ? (100 * a.requests) / requests : 0}px` }), ' ', requests ? pct(a.requests / requests) : '—'),
      num(a.requests, 0, { 'data-field': 'requests' }), num(a.scored_predictions, 0, { 'data-field': 'scored_predictions' }),
      num(a.mape.value, 3, { 'data-field': 'mape' }), num(a.mape.ci_low, 3, { 'data-field': 'mape_ci_low' }), num(a.mape.ci_high, 3, { 'data-field': 'mape_ci_high' }),
      num(a.mae.value, 3, { 'data-field': 'mae' }), num(a.latency_ms.p50, 2), num(a.latency_ms.p99, 2))), { id: 'arms' }),
  h('p', { class: 'muted' }, 'Traffic share: this arm\u2019s requests over all the experiment\u2019s; split: its weight. MAPE with its confidence interval:'),
  whiskers(r.arms, 'mape'));
  main.append(h('h2', {}, 'Comparisons'), table(['challenger', 'control', 'metric', 'difference', 'CI low', 'CI high', 'Welch p', 'Mann-Whitney p'],
    r.comparisons.map((c, i) => h('tr', { 'data-comparison': i }, h('td', {}, c.challenger), h('td', {}, c.control), h('td', {}, c.metric),
      num(c.difference.value, 3, { 'data-field': 'difference' }), num(c.difference.ci_low), num(c.difference.ci_high),
      num(c.welch_p, 'p', { 'data-field': 'welch_p' }), num(c.mann_whitney_p, 'p', { 'data-field': 'mann_whitney_p' }))), { id: 'comparisons' }));
  main.append(h('h2', {}, 'Sample ratio and decision'),
    h('p', { id: 'sample-ratio' }, 'sample-ratio check p = ', h('b', { 'data-value': r.sample_ratio.p_value ?? 'null' }, pval(r.sample_ratio.p_value)), ' · ',
      r.sample_ratio.mismatch ? h('b', { class: 'state-failed' }, 'mismatch: the traffic does not follow the split') : 'no mismatch'),
    h('p', { id: 'decision', 'data-status': r.decision.status }, 'decision: ', h('b', {}, r.decision.status), r.decision.winner ? ` · winner ${r.decision.winner}` : '',
      ' · ', r.decision.reason ?? ''));
  if (r.state !== 'running') return;
  const reload = () => setTimeout(() => location.reload(), 600);
  const actor = { actor: 'dashboard' };
  main.append(h('p', {}, action('Stop', 'stop', `Stop ${r.name} without deploying anything?`, async () => { await post(path('ab-test', r.name, 'stop'), actor); reload(); return 'stopped'; }), ' ',
    r.decision.winner ? action(`Promote winner ${r.decision.winner}`, 'promote', `Deploy ${r.decision.winner} and end ${r.name}?`, async () => {
      const e = await post(path('ab-test', r.name, 'promote'), actor); reload(); return `promoted ${e.promoted_version} (deploy ${e.deployment?.status})`;
    }) : '',
    r.arms.map(a => [' ', action(`Promote ${a.reference}`, `promote-${a.index}`, `Deploy ${a.version} and end ${r.name}?`, async () => {
      const e = await post(path('ab-test', r.name, 'promote'), { arm: a.version, ...actor }); reload(); return `promoted ${e.promoted_version} (deploy ${e.deployment?.status})`;
    })])));
}

page('A/B tests', async main => {
  const section = h('section');
  main.append(section);
  await admin(section, 'The A/B tests need the admin API key.', async s => {
    const { experiments } = await get('/ab-test');
    if (!experiments.length) { s.append(h('p', {}, 'No experiment yet.')); return; }
    const name = new URLSearchParams(location.search).get('name') || experiments[0].name;
    s.append(table(['name', 'model', 'state', 'arms', 'started', 'decision'], experiments.map(e => h('tr', {},
      h('td', {}, h('a', { href: `?name=${encodeURIComponent(e.name)}` }, e.name)), h('td', {}, e.model), h('td', {}, e.state),
      h('td', {}, e.arms.map(a => `${a.reference} ${pct(a.weight, 0)}`).join(' / ')), h('td', {}, when(e.started_at)),
      h('td', {}, e.decision.status + (e.decision.winner ? ` (${e.decision.winner})` : ''))))), h('h2', { id: 'experiment', 'data-name': name }, name));
    report(s, await get(path('ab-test', name)));
  });
});
