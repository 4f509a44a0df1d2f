package forecast.adapters.ml;

import forecast.domain.series.TimeSeries;
import java.util.Arrays;
import java.util.Random;

/**
 * Supervised rows for the direct strategy, row-major: one row per (origin t, step h) with
 * {@code t + h} inside the series, every origin from the warm-up ({@code lags - 1}) on. When there
 * are more than {@code maxRows} pairs, a uniform sample of them is taken with a seeded
 * {@link Random} (selection sampling, so the order stays chronological and the sample is the same
 * on every run).
 */
record TrainingSet(float[] data, float[] labels, int rows, int width) {

    static TrainingSet build(TimeSeries series, XGBoostFeatures features, XGBoostSettings settings) {
        double[] y = series.values();
        int n = y.length;
        int extras = series.featureCount();
        int width = features.columns(extras);
        int horizon = settings.maxHorizon();
        int first = Math.max(0, settings.lags() - 1);
        long total = 0;
        for (int t = first; t < n - 1; t++) total += Math.min(horizon, n - 1 - t);
        int wanted = (int) Math.min(total, settings.maxRows());
        var random = new Random(settings.seed());
        float[] data = new float[wanted * width];
        float[] labels = new float[wanted];
        int rows = 0;
        long remaining = total;
        for (int t = first; t < n - 1 && rows < wanted; t++) {
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
                features.fill(data, rows, width, originPart, y, t, h, level, series.time(t + h), x);
                labels[rows++] = (float) (y[t + h] - level);
            }
        }
        if (rows < wanted) {
            data = Arrays.copyOf(data, rows * width);
            labels = Arrays.copyOf(labels, rows);
        }
        return new TrainingSet(data, labels, rows, width);
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
