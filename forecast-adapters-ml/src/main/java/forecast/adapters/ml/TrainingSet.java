package forecast.adapters.ml;

import forecast.domain.series.TimeSeries;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Supervised rows for the direct strategy, row-major: one row per (origin t, step h) with
 * {@code t + h} inside its series, every origin from the warm-up ({@code lags - 1}) on. When there
 * are more than {@code maxRows} pairs, a uniform sample of them is taken with a seeded
 * {@link Random} (selection sampling, so the order stays chronological and the sample is the same
 * on every run).
 *
 * <p>Across several series (a global fit) the rows of each are built as for one, from its own
 * values and times, and follow one another in the panel's order. Over {@code maxRows}, each series
 * gets an equal share of the rows (a series with fewer pairs keeps them all and leaves the rest to
 * the others), so that long series do not crowd out short ones; within its share a series is
 * sampled as above, one seeded {@link Random} drawing for every series in turn. One series alone
 * gets exactly the rows it would get by itself.
 */
record TrainingSet(float[] data, float[] labels, int rows, int width) {

    static TrainingSet build(TimeSeries series, XGBoostFeatures features, XGBoostSettings settings) {
        return build(List.of(series), features, settings);
    }

    /** The rows of every series of {@code panel}, which share their feature columns. */
    static TrainingSet build(List<TimeSeries> panel, XGBoostFeatures features, XGBoostSettings settings) {
        int width = features.columns(panel.getFirst().featureCount());
        long[] pairs = new long[panel.size()];
        for (int i = 0; i < pairs.length; i++) pairs[i] = pairs(panel.get(i).size(), settings);
        int[] quotas = quotas(pairs, settings.maxRows());
        int wanted = Arrays.stream(quotas).sum();
        var random = new Random(settings.seed());
        float[] data = new float[wanted * width];
        float[] labels = new float[wanted];
        int rows = 0;
        for (int i = 0; i < pairs.length; i++)
            rows += sample(panel.get(i), features, settings, pairs[i], quotas[i], random, data, labels, rows);
        if (rows < wanted) {
            data = Arrays.copyOf(data, rows * width);
            labels = Arrays.copyOf(labels, rows);
        }
        return new TrainingSet(data, labels, rows, width);
    }

    /** The (origin, step) pairs of a series of {@code n} observations. */
    private static long pairs(int n, XGBoostSettings settings) {
        long total = 0;
        for (int t = Math.max(0, settings.lags() - 1); t < n - 1; t++) total += Math.min(settings.maxHorizon(), n - 1 - t);
        return total;
    }

    /**
     * How many rows each series gets: all its pairs while they fit in {@code maxRows}, else equal
     * shares, the smallest series first so that what they leave goes to the larger ones.
     */
    static int[] quotas(long[] pairs, int maxRows) {
        int[] out = new int[pairs.length];
        Integer[] order = new Integer[pairs.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingLong(i -> pairs[i]));
        long budget = maxRows;
        int left = pairs.length;
        for (int i : order) {
            out[i] = (int) Math.min(pairs[i], budget / left--);
            budget -= out[i];
        }
        return out;
    }

    /**
     * Writes up to {@code wanted} of the series' {@code total} pairs from row {@code at} on; returns
     * how many it wrote (fewer when sampled targets are gaps).
     */
    private static int sample(TimeSeries series, XGBoostFeatures features, XGBoostSettings settings, long total, int wanted,
                              Random random, float[] data, float[] labels, int at) {
        double[] y = series.values();
        int n = y.length;
        int extras = series.featureCount();
        int width = features.columns(extras);
        int horizon = settings.maxHorizon();
        int rows = 0;
        long remaining = total;
        for (int t = Math.max(0, settings.lags() - 1); t < n - 1 && rows < wanted; t++) {
            double level = Double.NaN;
            float[] originPart = null;
            for (int h = 1; h <= Math.min(horizon, n - 1 - t); h++, remaining--) {
                // Knuth's selection sampling: keep this pair with probability needed / remaining
                if (random.nextDouble() * remaining >= wanted - rows) continue;
                if (Double.isNaN(y[t + h])) continue;
                if (originPart == null) {
                    level = features.level(y, t);
                    originPart = features.originPart(y, t, level);
                }
                if (Double.isNaN(level)) continue;
                double[] x = extras == 0 ? null : features.extras(series, t, h, series.featureRow(t + h));
                features.fill(data, at + rows, width, originPart, y, t, h, level, series.time(t + h), x);
                labels[at + rows++] = (float) (y[t + h] - level);
            }
        }
        return rows;
    }

    /** The same rows with only their first {@code w} columns. */
    TrainingSet firstColumns(int w) {
        return withoutLastColumns(width - w);
    }

    /** The same rows without their last {@code k} columns. */
    TrainingSet withoutLastColumns(int k) {
        if (k == 0) return this;
        int w = width - k;
        float[] out = new float[rows * w];
        for (int r = 0; r < rows; r++) System.arraycopy(data, r * width, out, r * w, w);
        return new TrainingSet(out, labels, rows, w);
    }
}
