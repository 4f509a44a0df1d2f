// Forecast: a model, one of its versions and a stored series; the history, the forecast with its
// 80% and 95% bands, and the stored values after the forecast's origin (the recorded actuals:
// POST /actuals with a series_id extends the stored series) drawn over it.
import { get, post, path } from './api.js';
import { page, h, admin, problem, table, num, when } from './layout.js';
import { chart, seconds } from './chart.js';

const params = new URLSearchParams(location.search);
const value = id => document.getElementById(id).value;

function select(id, label, options, chosen) {
  return h('label', {}, label + ' ', h('select', { id }, options.map(([value, text]) => h('option', { value, selected: value === chosen }, text))));
}

/** Two forecasts from the same origin, at 80% and 95%: the API gives one interval level per request. */
async function forecasts(model, version, body) {
  const ask = level => post('/predict', { model, model_version: version, confidence_level: level, ...body });
  return Promise.all([ask(0.8), ask(0.95)]);
}

async function draw(out, { model, version, series, horizon, history, holdout }) {
  const summary = await get(path('series', series) + '?limit=1');
  const rows = history + (holdout ? horizon : 0);
  const offset = Math.max(0, summary.length - rows);
  const stored = (await get(path('series', series) + `?offset=${offset}&limit=${rows}`)).rows;
  const cut = holdout ? Math.max(1, stored.length - horizon) : stored.length;
  const past = stored.slice(0, cut), after = stored.slice(cut);
  // from the end, the server reads the stored history itself; held out, the page sends the history and the features it knew
  const body = holdout
    ? { data: past, forecast_horizon: horizon, ...(summary.feature_names.length ? { future_features: after.map(r => r.slice(2)) } : {}) }
    : { series_id: series, forecast_horizon: horizon };
  const [p80, p95] = await forecasts(model, version, body);
  const times = [...past.map(r => seconds(r[0])), ...p95.timestamps.map(seconds)];
  const n = past.length, pad = k => Array(k).fill(null);
  const actual = new Map(after.map(r => [seconds(r[0]), r[1]]));
  const el = h('div', { id: 'forecast-chart' });
  out.replaceChildren(el, h('p', { class: 'muted' }, `${p95.model_version}${p95.model_label ? ` (${p95.model_label})` : ''}, `,
    `${n} rows of history from ${when(past[0]?.[0])}; ${after.length ? `${after.length} stored actuals after the origin` : 'no stored actuals after the origin yet'}.`));
  chart(el, 'forecast', {
    x: times,
    series: [
      { label: 'history', values: [...past.map(r => r[1]), ...pad(horizon)], stroke: '#555' },
      { label: 'forecast', values: [...pad(n), ...p95.predictions], stroke: '#1d6fd6', width: 2 },
      { label: '95% low', values: [...pad(n), ...p95.confidence_intervals.map(c => c[0])], stroke: '#9ec1f0', dash: [4, 4] },
      { label: '95% high', values: [...pad(n), ...p95.confidence_intervals.map(c => c[1])], stroke: '#9ec1f0', dash: [4, 4] },
      { label: '80% low', values: [...pad(n), ...p80.confidence_intervals.map(c => c[0])], stroke: '#5e9be6' },
      { label: '80% high', values: [...pad(n), ...p80.confidence_intervals.map(c => c[1])], stroke: '#5e9be6' },
      { label: 'actual', values: times.map((t, i) => (i < n ? null : actual.get(t) ?? null)), stroke: '#e5534b', points: true },
    ],
    bands: [[4, 3, 'rgba(29,111,214,0.08)'], [6, 5, 'rgba(29,111,214,0.16)']],
    height: 360,
  });
  out.append(table(['time', 'forecast', '80% low', '80% high', '95% low', '95% high', 'actual'],
    p95.timestamps.map((t, i) => [when(t), num(p95.predictions[i]), num(p80.confidence_intervals[i][0]), num(p80.confidence_intervals[i][1]),
      num(p95.confidence_intervals[i][0]), num(p95.confidence_intervals[i][1]), num(actual.get(seconds(t)))]), { id: 'forecast-table' }));
}

page('Forecast', async main => {
  const section = h('section');
  main.append(section);
  await admin(section, 'The stored series are your data: reading them needs the admin API key.', async s => {
    const [{ models }, { series }] = await Promise.all([get('/models'), get('/series?limit=1000')]);
    if (!models.length || !series.length) { s.append(h('p', {}, 'No model or no stored series yet.')); return; }
    const model = params.get('model') || models[0].name;
    const { versions, live } = await get(path('models', model, 'versions'));
    const version = params.get('version') || live || versions[versions.length - 1].id;
    const first = models.find(m => m.name === model);
    const stored = params.get('series') || (series.some(x => x.id === model) ? model : series.find(x => x.id === 'default')?.id || series[0].id);
    const form = h('form', { id: 'forecast-form' },
      select('model', 'model', models.map(m => [m.name, m.name]), model),
      select('version', 'version', versions.slice().reverse().map(v => [v.id, `${v.id}${v.label && v.label !== v.id ? ` (${v.label})` : ''} · ${v.algorithm} · ${v.status}`]), version),
      select('series', 'series', series.map(x => [x.id, x.id]), stored),
      h('label', {}, 'horizon ', h('input', { id: 'horizon', type: 'number', min: 1, max: 500, value: params.get('horizon') || 24, size: 4 })),
      h('label', {}, 'history shown ', h('input', { id: 'history', type: 'number', min: 10, max: 5000, value: params.get('history') || 168, size: 5 })),
      h('label', {}, h('input', { id: 'holdout', type: 'checkbox', checked: params.get('holdout') !== 'false' }), ' hold out the last horizon (its stored actuals drawn over the forecast)'),
      h('button', { type: 'submit' }, 'Show'));
    form.addEventListener('submit', e => { // the choice goes in the URL, so a view can be linked
      e.preventDefault();
      const q = new URLSearchParams({ model: value('model'), version: value('version'), series: value('series'),
        horizon: value('horizon'), history: value('history'), holdout: document.getElementById('holdout').checked });
      if (value('model') !== model) q.delete('version');
      location.search = q;
    });
    const out = h('div', { id: 'forecast-out' });
    s.append(form, h('p', { class: 'muted' }, first?.live_version ? `live: ${first.live_version}` : 'no live version'), out);
    try {
      await draw(out, { model, version, series: stored, horizon: Number(value('horizon')), history: Number(value('history')), holdout: document.getElementById('holdout').checked });
    } catch (err) { out.replaceChildren(problem(err)); }
  });
});
