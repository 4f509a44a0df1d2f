// uPlot charts (uPlot 1.6.30 from the webjar, a global loaded by a classic script). Each chart's
// element tells how many points it drew (data-points, set in uPlot's draw hook) for the tests.
const uPlot = window.uPlot;

/** Epoch seconds of an ISO-8601 time, as uPlot's time axis wants them. */
export const seconds = iso => Date.parse(iso) / 1000;

/**
 * A chart in `el`: `x` the x values, `series` [{label, values, stroke, dash?, width?, points? (points
 * only), stepped? (a step line), markers? (a line with its points)}],
 * `bands` [[upperIndex, lowerIndex, fill]] (indices into series, from 1), `time` whether x is time,
 * `yTicks` labels for y = 0, 1, 2... (a y axis of categories).
 */
export function chart(el, name, { x, series, bands = [], time = true, height = 300, xLabel, yLabel, yTicks }) {
  el.classList.add('chart');
  el.dataset.chart = name;
  const drawn = () => series.reduce((n, s) => n + s.values.filter(v => v !== null && v !== undefined && Number.isFinite(v)).length, 0);
  const opts = {
    width: Math.max(320, el.clientWidth || 800),
    height,
    scales: { x: { time }, ...(yTicks ? { y: { range: [-0.5, yTicks.length - 0.5] } } : {}) },
    axes: [{ label: xLabel }, yTicks
      ? { label: yLabel, size: 200, splits: () => yTicks.map((_, i) => i), values: (u, splits) => splits.map(i => yTicks[i] ?? '') }
      : { label: yLabel }],
    series: [{ label: xLabel || (time ? 'time' : 'x') }, ...series.map(s => ({
      label: s.label,
      stroke: s.stroke,
      width: s.width ?? 1.5,
      dash: s.dash,
      fill: s.fill,
      paths: s.points ? () => null : s.stepped ? uPlot.paths.stepped({ align: 1 }) : undefined,
      points: s.points || s.markers ? { show: true, size: 6, fill: s.stroke } : { show: false },
      spanGaps: false,
    }))],
    bands: bands.map(([upper, lower, fill]) => ({ series: [upper, lower], fill })),
    hooks: { draw: [() => { el.dataset.points = drawn(); }] },
  };
  const u = new uPlot(opts, [x, ...series.map(s => s.values)], el);
  (window.__charts ||= {})[name] = u;
  return u;
}
