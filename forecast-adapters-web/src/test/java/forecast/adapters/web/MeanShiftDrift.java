package forecast.adapters.web;

import forecast.domain.monitoring.DriftDetector;
import forecast.domain.monitoring.DriftScore;

/**
 * Input drift for the tests: the shift of the recent mean from the reference mean, in reference
 * standard deviations; drift above {@value #THRESHOLD}. No p-value.
 */
final class MeanShiftDrift implements DriftDetector {
    static final double THRESHOLD = 3;

    @Override
    public String name() {
        return "mean_shift";
    }

    @Override
    public DriftScore compare(double[] reference, double[] recent) {
        double mean = mean(reference);
        double var = 0;
        for (double x : reference) var += (x - mean) * (x - mean);
        double sd = Math.sqrt(var / Math.max(1, reference.length - 1));
        double shift = Math.abs(mean(recent) - mean) / (sd > 0 ? sd : 1);
        return new DriftScore(name(), shift, Double.NaN, THRESHOLD, shift > THRESHOLD);
    }

    private static double mean(double[] xs) {
        double s = 0;
        for (double x : xs) s += x;
        return xs.length == 0 ? Double.NaN : s / xs.length;
    }
}
