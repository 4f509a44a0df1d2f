// Drift and alerts: each detector's latest statistic against its threshold, the live accuracy by
// version, the alerts' values against their thresholds over time, and open and resolved alerts.
import { get } from './api.js';
import { page, h, table, num, when } from './layout.js';
import { chart, seconds } from './chart.js';

const ratioBar = (statistic, threshold, state) => {
  if (!Number.isFinite(statistic) || !Number.isFinite(threshold) || threshold <= 0) return '';
  const r = statistic / threshold;
  return h('span', { class: `bar${state === 'drift' ? ' over' : ''}`, style: `width:${Math.round(Math.min(2, r) * 80)}px`, title: `${(100 * r).toFixed(0)}% of the threshold` });
};

function detectors(main, drift) {
  const rows = drift.models.flatMap(m => m.detectors.map(d => ({ model: m.model, ...d })));
  main.append(h('h2', {}, 'Detectors'), h('p', { class: 'muted' }, `checked ${when(drift.checked_at)}. The API keeps each detector\u2019s latest check only; the bar is the statistic over its threshold (1 = 80 px), red when the detector found drift (coverage drifts below its threshold, the others above).`),
    rows.length ? table(['model', 'detector', 'kind', 'series', 'version', 'state', 'statistic', 'threshold', 'statistic / threshold', 'p', 'reference', 'recent', 'detail'],
      rows.map(d => h('tr', { 'data-detector': d.detector }, h('td', {}, d.model), h('td', {}, d.detector), h('td', {}, d.kind), h('td', {}, d.series ?? ''), h('td', {}, d.version ?? ''),
        h('td', { class: `state-${d.state}` }, d.state), num(d.statistic, 4), num(d.threshold, 4), h('td', {}, ratioBar(d.statistic, d.threshold, d.state)),
        num(d.p_value, 4), h('td', { class: 'n' }, d.reference_size ?? ''), h('td', { class: 'n' }, d.recent_size ?? ''), h('td', {}, d.detail ?? ''))), { id: 'detectors' })
      : h('p', { id: 'detectors' }, 'No detector has run yet.'));
  main.append(h('h2', {}, 'Live accuracy by version'), table(['version', 'points', 'MAPE %', 'backtest MAPE %', 'MASE', 'coverage', 'nominal', 'change detector', 'statistic', 'threshold', 'last scored'],
    drift.live_accuracy.map(a => [a.version, num(a.points, 0), num(a.mape), num(a.backtest_mape), num(a.mase), num(a.coverage), num(a.nominal_coverage),
      a.change_detector.name ?? '', num(a.change_detector.statistic), num(a.change_detector.threshold), when(a.last_scored)]), { id: 'accuracy' }));
}

function alerts(main, open, resolved) {
  const all = [...open, ...resolved].sort((a, b) => a.raised_at.localeCompare(b.raised_at));
  main.append(h('h2', {}, 'Alerts over time'));
  const withValues = all.filter(a => Number.isFinite(a.value));
  if (withValues.length) {
    const el = h('div', { id: 'alerts-chart' });
    main.append(el, h('p', { class: 'muted' }, 'Each alert at the time it was raised: its value (dots) and its threshold (line), all kinds together.'));
    chart(el, 'alerts', {
      x: withValues.map(a => seconds(a.raised_at)),
      series: [{ label: 'value', values: withValues.map(a => a.value), stroke: '#e5534b', points: true },
        { label: 'threshold', values: withValues.map(a => a.threshold ?? null), stroke: '#555', dash: [4, 4], markers: true }],
      height: 220,
    });
  } else main.append(h('p', { class: 'muted' }, 'No alert with a value yet.'));
  const list = (id, items) => (items.length
    ? table(['raised', 'last seen', 'resolved', 'model', 'kind', 'severity', 'subject', 'message', 'value', 'threshold', 'times'],
      items.map(a => [when(a.raised_at), when(a.last_seen_at), when(a.resolved_at), a.model, a.kind, a.severity, a.subject ?? '', a.message,
        num(a.value, 4), num(a.threshold, 4), num(a.occurrences, 0)]), { id })
    : h('p', { id }, 'None.'));
  main.append(h('h2', {}, `Open alerts (${open.length})`), list('open-alerts', open), h('h2', {}, `Resolved alerts (${resolved.length})`), list('resolved-alerts', resolved));
}

page('Drift and alerts', async main => {
  const [drift, open, resolved] = await Promise.all([get('/drift'), get('/alerts?state=open&limit=200'), get('/alerts?state=resolved&limit=200')]);
  detectors(main, drift);
  alerts(main, open.alerts, resolved.alerts);
});
