// Tuning: a study's trial values with the best-so-far line, its best parameters, the trials and an
// estimate of which parameters mattered, computed here (see importance()).
import { get, path } from './api.js';
import { page, h, table, num, fmt, pct, when, admin } from './layout.js';
import { chart } from './chart.js';

const BINS = 4;

/**
 * Each parameter's share of the objective's variance explained by its values, binned: the
 * complete trials are grouped by the parameter (a categorical's choices, a number's values in up
 * to BINS bins of equal counts), and the between-group sum of squares over the total sum of
 * squares is its correlation ratio eta². The ratios are shown as they are and as shares of their sum.
 */
export function importance(trials) {
  const done = trials.filter(t => t.state === 'complete' && Number.isFinite(t.value));
  const names = [...new Set(done.flatMap(t => Object.keys(t.params)))];
  const mean = xs => xs.reduce((a, b) => a + b, 0) / xs.length;
  const all = mean(done.map(t => t.value));
  const total = done.reduce((s, t) => s + (t.value - all) ** 2, 0);
  const eta = names.map(name => {
    const having = done.filter(t => name in t.params);
    const numeric = having.every(t => typeof t.params[name] === 'number');
    const groups = new Map();
    if (numeric) {
      const sorted = having.slice().sort((a, b) => a.params[name] - b.params[name]);
      sorted.forEach((t, i) => { const b = Math.floor((i * BINS) / sorted.length); groups.set(b, [...(groups.get(b) || []), t.value]); });
    } else {
      having.forEach(t => { const k = String(t.params[name]); groups.set(k, [...(groups.get(k) || []), t.value]); });
    }
    const between = [...groups.values()].reduce((s, g) => s + g.length * (mean(g) - all) ** 2, 0);
    return { name, eta2: total > 0 && having.length > 1 ? between / total : 0, groups: groups.size };
  });
  const sum = eta.reduce((s, e) => s + e.eta2, 0);
  return eta.map(e => ({ ...e, share: sum > 0 ? e.eta2 / sum : 0 })).sort((a, b) => b.eta2 - a.eta2);
}

function study(main, s) {
  const sign = s.direction === 'maximize' ? -1 : 1;
  const trials = s.trials.slice().sort((a, b) => a.number - b.number);
  let best = null;
  const bestSoFar = trials.map(t => {
    if (t.state === 'complete' && Number.isFinite(t.value) && (best === null || sign * t.value < sign * best)) best = t.value;
    return best;
  });
  const c = s.trial_counts;
  main.append(h('p', {}, `${s.direction} · sampler ${s.sampler ?? '—'} · pruner ${s.pruner ?? '—'} · seed ${s.seed ?? '—'} · algorithm ${s.algorithm ?? 'ask-and-tell'}`,
    ` · ${c.total} trials: ${Object.entries(c).filter(([k, n]) => k !== 'total' && n).map(([k, n]) => `${n} ${k}`).join(', ')}`,
    s.job ? ` · job ${s.job.status}` : ''));
  const el = h('div', { id: 'trials-chart' });
  main.append(h('h2', {}, 'Objective by trial'), el);
  chart(el, 'trials', {
    x: trials.map(t => t.number), time: false, xLabel: 'trial',
    series: [{ label: 'value', values: trials.map(t => (t.state === 'complete' ? t.value : null)), stroke: '#1d6fd6', points: true },
      { label: `best so far (${s.direction})`, values: bestSoFar, stroke: '#e5534b', width: 2, stepped: true }],
  });
  main.append(h('h2', {}, 'Best trial'), s.best
    ? h('div', { id: 'best' }, h('p', {}, `trial ${s.best.trial}, value `, h('b', { 'data-value': s.best.value }, fmt(s.best.value, 6))),
      table(['parameter', 'value'], Object.entries(s.best.params).map(([k, v]) => [k, typeof v === 'number' ? num(v, 6) : String(v)])))
    : h('p', { id: 'best' }, 'No complete trial yet.'));
  const imp = importance(trials);
  main.append(h('h2', {}, 'Which parameters mattered'), table(['parameter', 'groups', 'η² (variance explained)', 'share'],
    imp.map(e => h('tr', { 'data-param': e.name }, h('td', {}, e.name), h('td', { class: 'n' }, e.groups), num(e.eta2, 3),
      h('td', {}, h('span', { class: 'bar', style: `width:${Math.round(200 * e.share)}px` }), ' ', pct(e.share)))), { id: 'importance' }),
  h('p', { class: 'muted' }, `How it is computed, here in the page: over the complete trials, each parameter\u2019s values are grouped `
    + `(a categorical by its choices, a number into ${BINS} bins of equal counts by its order), and the share of the objective\u2019s `
    + 'variance that the groups\u2019 means explain (between-group over total sum of squares, the correlation ratio η²) is its importance. '
    + 'Shares are η² over the sum of all η². A rough guide: parameters sampled together are not separated, and few trials make it noisy.'));
  const names = [...new Set(trials.flatMap(t => Object.keys(t.params)))];
  main.append(h('h2', {}, 'Trials'), table(['#', 'state', 'value', ...names, 'started', 'duration ms', 'note'],
    trials.slice().reverse().map(t => h('tr', { 'data-trial': t.number }, h('td', {}, t.number), h('td', { class: `state-${t.state}` }, t.state), num(t.value, 6),
      names.map(n => (typeof t.params[n] === 'number' ? num(t.params[n], 4) : h('td', {}, t.params[n] ?? ''))),
      h('td', {}, when(t.started_at)), num(t.duration_ms, 0), h('td', {}, t.fail_reason ?? ''))), { id: 'trials' }));
}

page('Tuning', async main => {
  const section = h('section');
  main.append(section);
  await admin(section, 'The studies need the admin API key.', async s => {
    const { studies } = await get('/tuning/studies');
    if (!studies.length) { s.append(h('p', {}, 'No study yet.')); return; }
    const name = new URLSearchParams(location.search).get('study') || studies[0].name;
    s.append(table(['study', 'algorithm', 'direction', 'trials', 'best value', 'created'], studies.map(x => [
      h('a', { href: `?study=${encodeURIComponent(x.name)}` }, x.name), x.algorithm ?? 'ask-and-tell', x.direction, x.trial_counts.total, num(x.best_value, 6), when(x.created_at)]
      .map(c => (c instanceof Node && c.tagName === 'TD' ? c : h('td', {}, c))))), h('h2', { id: 'study', 'data-name': name }, name));
    study(s, await get(path('tuning', 'studies', name)));
  });
});
