// Pipeline runs: each run's steps as a timeline with their outcomes, and the contenders' backtests.
import { get, path } from './api.js';
import { page, h, table, num, when, admin } from './layout.js';

/** The steps on one line, from the run's start to its end (or now): each bar placed and sized by its times. */
function timeline(run) {
  const start = Date.parse(run.started_at);
  const ends = run.steps.map(s => Date.parse(s.finished_at || s.started_at || run.started_at));
  const end = Math.max(run.finished_at ? Date.parse(run.finished_at) : Date.now(), ...ends);
  const span = Math.max(1, end - start);
  return h('div', { class: 'timeline', 'data-steps': run.steps.length }, run.steps.filter(s => s.started_at).map(s => {
    const from = Date.parse(s.started_at) - start, to = (s.finished_at ? Date.parse(s.finished_at) : Date.now()) - start;
    return h('span', { class: `step-${s.state}`, style: `left:${(100 * from) / span}%;width:${(100 * (to - from)) / span}%`,
      title: `${s.name}: ${s.state}${s.duration_ms !== null ? `, ${s.duration_ms} ms` : ''}${s.detail ? ` — ${s.detail}` : ''}` });
  }));
}

function run(r) {
  return h('section', { class: 'run', 'data-run': r.id },
    h('h2', {}, `${r.model} · ${when(r.started_at)} · `, h('span', { class: `state-${r.outcome || r.state}` }, r.outcome || r.state)),
    h('p', {}, `trigger ${r.trigger}${r.reason ? ` (${r.reason})` : ''} · series ${r.series_id ?? '—'} · live ${r.live_version ?? '—'} · candidate ${r.candidate_version ?? '—'}`,
      r.experiment ? ` · canary ${r.experiment}` : '', r.duration_ms !== null ? ` · ${(r.duration_ms / 1000).toFixed(1)} s` : '', r.detail ? ` · ${r.detail}` : ''),
    timeline(r),
    table(['#', 'step', 'outcome', 'started', 'ms', 'detail'], r.steps.map(s => [s.position, s.name, h('td', { class: `state-${s.state}` }, s.state),
      when(s.started_at), num(s.duration_ms, 0), s.detail ?? ''])),
    r.contenders.length ? table(['contender', 'version', 'family', 'MAPE %', 'sMAPE %', 'MASE', 'RMSE', 'coverage 80', 'coverage 95', 'MSIS'],
      r.contenders.map(c => [c.role, c.version ?? '—', c.algorithm ?? '', num(c.mape), num(c.smape), num(c.mase), num(c.rmse), num(c.coverage80), num(c.coverage95), num(c.msis)]))
      : h('p', { class: 'muted' }, 'No contenders (the run ended before the backtests).'));
}

page('Pipeline runs', async main => {
  const section = h('section', { id: 'runs' });
  main.append(section);
  await admin(section, 'The pipeline runs need the admin API key.', async s => {
    const id = new URLSearchParams(location.search).get('run');
    const runs = id ? [await get(path('pipeline', 'runs', id))] : (await get('/pipeline/runs?limit=20')).runs;
    s.append(h('p', { class: 'muted' }, 'Steps: green succeeded, red failed, grey skipped, blue running; hover a bar for its detail.'),
      ...(runs.length ? runs.map(run) : [h('p', {}, 'No run yet.')]));
  });
});
