// Prometheus text (GET /observe/metrics) read in the page: samples, summed counters, and a
// quantile from a histogram's cumulative buckets as Prometheus' histogram_quantile does it.

/** Every sample: {name, labels, value}. Comments and blank lines are skipped. */
export function parse(text) {
  const samples = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = line.match(/^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)/);
    if (!m) continue;
    const labels = {};
    for (const l of (m[2] || '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]] = l[2].replace(/\\(.)/g, '$1');
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return samples;
}

/** The sum of the samples named `name` whose labels pass `where`. */
export const sum = (samples, name, where = () => true) =>
  samples.filter(s => s.name === name && where(s.labels)).reduce((t, s) => t + s.value, 0);

/**
 * The q-quantile of histogram `name` (its `_bucket` samples, `le` cumulative, summed over the
 * other labels that pass `where`), interpolated linearly within the bucket; null without samples.
 */
export function quantile(samples, name, q, where = () => true) {
  const byLe = new Map();
  for (const s of samples) if (s.name === name + '_bucket' && where(s.labels)) {
    const le = s.labels.le === '+Inf' ? Infinity : Number(s.labels.le);
    byLe.set(le, (byLe.get(le) || 0) + s.value);
  }
  const buckets = [...byLe.entries()].sort((a, b) => a[0] - b[0]);
  const total = buckets.length ? buckets[buckets.length - 1][1] : 0;
  if (!total) return null;
  const rank = q * total;
  let lower = 0, below = 0;
  for (const [le, count] of buckets) {
    if (count >= rank) {
      if (le === Infinity) return lower; // beyond the last finite bucket: its bound, as Prometheus does
      return lower + (le - lower) * (count === below ? 0 : (rank - below) / (count - below));
    }
    lower = le; below = count;
  }
  return lower;
}
