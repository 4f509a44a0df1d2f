// Models: a model's versions (family, backtest metrics, created, status), its deployment history
// as a timeline, and deploy / roll back.
import { get, post, path } from './api.js';
import { page, h, table, num, when, action } from './layout.js';
import { chart, seconds } from './chart.js';

const ACTOR = { actor: 'dashboard' };

page('Models', async main => {
  const { models } = await get('/models');
  if (!models.length) { main.append(h('p', {}, 'No model yet.')); return; }
  const model = new URLSearchParams(location.search).get('model') || models[0].name;
  main.append(h('p', {}, 'model ', h('select', { id: 'model', onchange: e => { location.search = new URLSearchParams({ model: e.target.value }); } },
    models.map(m => h('option', { value: m.name, selected: m.name === model }, `${m.name} (${m.versions} versions)`)))));
  const [{ versions, live }, { deployments }] = await Promise.all([get(path('models', model, 'versions')), get(path('models', model, 'deployments'))]);
  const reload = () => setTimeout(() => location.reload(), 600);

  main.append(h('h2', {}, 'Versions'), h('p', {}, 'live: ', h('b', { id: 'live' }, live ?? 'none'), ' ',
    action('Roll back', 'rollback', `Roll ${model} back to the version live before ${live}?`, async () => {
      const e = await post(path('models', model, 'rollback'), { reason: 'rolled back from the dashboard', ...ACTOR });
      reload();
      return `rolled back to ${e.version}`;
    })));
  main.append(table(['id', 'label', 'family', 'MAPE %', 'MASE', 'RMSE', 'coverage 80', 'coverage 95', 'series', 'created', 'status', ''],
    versions.slice().reverse().map(v => h('tr', { 'data-version': v.id },
      h('td', {}, v.id), h('td', {}, v.label ?? ''), h('td', {}, v.algorithm),
      num(v.portfolio ? v.portfolio.mape_mean : v.metrics.mape), num(v.portfolio ? v.portfolio.mase_mean : v.metrics.mase), num(v.metrics.rmse),
      num(v.metrics.coverage_80), num(v.metrics.coverage_95), h('td', {}, v.portfolio ? `${v.portfolio.series} (means)` : (v.provenance.series_id ?? '')),
      h('td', {}, when(v.created_at)), h('td', { class: `state-${v.status}` }, v.status),
      h('td', {}, v.status === 'live' ? '' : action('Deploy', `deploy-${v.id}`, `Make ${v.id} the live version of ${model}?`, async () => {
        const e = await post(path('models', model, 'deploy'), { model_version: v.id, reason: 'deployed from the dashboard', ...ACTOR });
        reload();
        return `${e.version} is live`;
      })))), { id: 'versions' }));

  main.append(h('h2', {}, 'Deployment history'));
  if (!deployments.length) { main.append(h('p', {}, 'Never deployed.')); return; }
  // the timeline: which version was live when, a step line over the versions in registration order
  const order = new Map(versions.map((v, i) => [v.id, i]));
  const x = deployments.map(e => seconds(e.at));
  const el = h('div', { id: 'deployments-chart' });
  main.append(el, h('p', { class: 'muted' }, 'The live version over time: a step at each deploy, rollback or promotion; the versions in the order they were registered.'));
  chart(el, 'deployments', {
    x: [...x, Date.now() / 1000],
    series: [{ label: 'live version', values: [...deployments.map(e => order.get(e.version) ?? null), order.get(live) ?? null], stroke: '#1d6fd6', width: 2, stepped: true, markers: true }],
    height: Math.max(160, 60 + 36 * versions.length),
    yTicks: versions.map(v => (v.label && v.label !== v.id ? `${v.id} (${v.label})` : v.id)),
  });
  main.append(table(['#', 'at', 'action', 'version', 'from', 'reason', 'actor'],
    deployments.slice().reverse().map(e => [e.sequence, when(e.at), e.action, e.version, e.previous_version ?? '—', e.reason ?? '', e.actor ?? '']), { id: 'deployments' }));
});
