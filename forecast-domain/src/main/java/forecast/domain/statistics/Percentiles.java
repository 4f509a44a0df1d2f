package forecast.domain.statistics;

import java.util.Arrays;

/** Percentiles as numpy computes them by default, shared by the pruners and the experiment reports. */
public final class Percentiles {
    private Percentiles() {}

    /**
     * The {@code p}-th percentile (0 to 100) of {@code values} with linear interpolation between
     * the closest ranks ({@code numpy.nanpercentile}): NaN values are left out, and the answer is
     * NaN when nothing is left.
     */
    public static double linear(double[] values, double p) {
        double[] v = Arrays.stream(values).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (v.length == 0) return Double.NaN;
        double rank = p / 100 * (v.length - 1);
        int lo = (int) Math.floor(rank);
        int hi = Math.min(lo + 1, v.length - 1);
        return v[lo] + (v[hi] - v[lo]) * (rank - lo);
    }
}
