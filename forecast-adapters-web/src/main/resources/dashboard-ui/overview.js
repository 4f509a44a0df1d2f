// Overview: every model with its live version, backtest against live accuracy, open alerts, the
// last pipeline run, and request rate and p99 latency from /observe/metrics.
import { get, text, path } from './api.js';
import { page, h, table, num, fmt, pct, when, admin, problem } from './layout.js';
import { parse, sum, quantile } from './metrics.js';

async function models(main) {
  const [{ models }, drift] = await Promise.all([get('/models'), get('/drift')]);
  const live = new Map(drift.live_accuracy.map(a => [a.version, a]));
  const rows = await Promise.all(models.map(async m => {
    const versions = m.live_version ? (await get(path('models', m.name, 'versions'))).versions : [];
    const v = versions.find(x => x.id === m.live_version);
    const acc = live.get(m.live_version) || {};
    return h('tr', { 'data-model': m.name },
      h('td', {}, h('a', { href: `models.html?model=${encodeURIComponent(m.name)}` }, m.name)),
      h('td', {}, m.live_version ? `${m.live_version}${m.live_label && m.live_label !== m.live_version ? ` (${m.live_label})` : ''}` : 'none live'),
      h('td', {}, m.algorithm ?? '—'), h('td', { class: 'n' }, m.versions), h('td', { class: 'n' }, m.series),
      num(v?.metrics.mape), num(v?.metrics.mase), num(v?.metrics.coverage_95),
      num(acc.mape), num(acc.mase), num(acc.coverage), num(acc.nominal_coverage), h('td', { class: 'n' }, acc.points ?? 0));
  }));
  main.append(h('h2', {}, 'Models'),
    table(['model', 'live version', 'family', 'versions', 'series', 'backtest MAPE %', 'backtest MASE', 'backtest coverage 95',
      'live MAPE %', 'live MASE', 'live coverage', 'nominal coverage', 'scored points'], rows, { id: 'models' }),
    h('p', { class: 'muted' }, 'Backtest figures are the live version\u2019s own, from its registration; live figures come from GET /drift, over the actuals scored so far (— until some are).'));
}

async function alerts(main) {
  const { alerts } = await get('/alerts?state=open');
  main.append(h('h2', {}, `Open alerts (${alerts.length})`), alerts.length
    ? table(['raised', 'model', 'kind', 'severity', 'message', 'value', 'threshold'],
      alerts.map(a => [when(a.raised_at), a.model, a.kind, a.severity, a.message, num(a.value), num(a.threshold)]), { id: 'alerts' })
    : h('p', { id: 'alerts' }, 'None. ', h('a', { href: 'drift.html' }, 'Drift and alerts')));
}

async function lastRun(main) {
  const section = h('section', { id: 'last-run' }, h('h2', {}, 'Last pipeline run'));
  main.append(section);
  await admin(section, 'The pipeline runs need the admin API key.', async s => {
    const { runs } = await get('/pipeline/runs?limit=1');
    const r = runs[0];
    s.append(r ? table(['started', 'model', 'trigger', 'state', 'outcome', 'candidate', 'reason'],
      [[when(r.started_at), r.model, r.trigger, r.state, r.outcome ?? '—', r.candidate_version ?? '—', r.reason ?? '']])
      : h('p', {}, 'No run yet.'), h('p', {}, h('a', { href: 'pipeline.html' }, 'All runs')));
  });
}

function traffic(main) {
  const section = h('section', { id: 'traffic' }, h('h2', {}, 'Requests'));
  const note = h('p', { class: 'muted' }, 'From /observe/metrics, read every 5 s: the rate is over the last interval, p99 over every request since the server started (its histogram\u2019s buckets, interpolated as histogram_quantile does).');
  main.append(section);
  let previous = null;
  const scrape = async () => {
    const samples = parse(await text('/observe/metrics'));
    const now = performance.now();
    const routes = [...new Set(samples.filter(s => s.name === 'forecast_http_requests_total').map(s => s.labels.route))].sort();
    const total = sum(samples, 'forecast_http_requests_total');
    const rate = previous ? (total - previous.total) / ((now - previous.at) / 1000) : null;
    previous = { total, at: now };
    const rows = routes.map(route => {
      const only = l => l.route === route;
      return [route, h('td', { class: 'n' }, sum(samples, 'forecast_http_requests_total', only)),
        num(1000 * (quantile(samples, 'forecast_http_request_duration_seconds', 0.99, only) ?? NaN), 1)];
    });
    const p99 = quantile(samples, 'forecast_http_request_duration_seconds', 0.99, l => l.route === '/predict');
    const p99All = quantile(samples, 'forecast_http_request_duration_seconds', 0.99);
    section.replaceChildren(h('h2', {}, 'Requests'),
      h('p', {}, 'rate: ', h('b', { id: 'rate' }, rate === null ? '— (after the next read)' : `${fmt(rate, 2)} req/s`), ' (API requests)',
        ' · p99 of /predict: ', h('b', { id: 'p99' }, p99 === null ? '— (no forecast yet)' : `${fmt(1000 * p99, 1)} ms`),
        ' · p99 of every API route: ', h('b', { id: 'p99-all' }, p99All === null ? '—' : `${fmt(1000 * p99All, 1)} ms`),
        ' · predictions served: ', h('b', {}, sum(samples, 'forecast_predictions_total'))),
      table(['route', 'requests', 'p99 ms'], rows, { id: 'routes' }), note);
  };
  const loop = () => scrape().catch(err => section.append(problem(err)));
  return scrape().then(() => setInterval(loop, 5000));
}

page('Overview', async main => {
  const parts = [models, alerts, lastRun, traffic].map(f => {
    const holder = h('div');
    main.append(holder);
    return f(holder).catch(err => holder.append(problem(err)));
  });
  await Promise.all(parts);
});
