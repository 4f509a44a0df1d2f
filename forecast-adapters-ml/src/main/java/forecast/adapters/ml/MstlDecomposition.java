package forecast.adapters.ml;

import forecast.domain.series.Frequency;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A multi-seasonal decomposition {@code x = seasonal_1 + ... + seasonal_k + trend + remainder} as
 * R's {@code forecast::mstl} computes it (Bandara, Hyndman and Bergmeir 2021): the periods in
 * increasing order, each seasonal component by {@link ArimaStl}'s STL with
 * {@code s.window = 7 + 4 i} for the i-th period (11, 15, 19 ...), non-robust; two passes, in
 * which each component is re-estimated on the series less the others; the trend from the last
 * STL. Without a period the whole series is "trend" here (R smooths it with {@code supsmu}; the
 * families that use this class only need the deseasonalized series, which is then the series).
 * Immutable once built.
 */
final class MstlDecomposition {
    /** R's {@code mstl(iterate = 2)}. */
    static final int ITERATIONS = 2;

    private final int[] periods;
    private final double[][] seasonal;
    private final double[] trend;
    private final double[] deseasonalized;
    private final boolean constant;

    private MstlDecomposition(int[] periods, double[][] seasonal, double[] trend, double[] deseasonalized, boolean constant) {
        this.constant = constant;
        this.periods = periods;
        this.seasonal = seasonal;
        this.trend = trend;
        this.deseasonalized = deseasonalized;
    }

    /** The s.window of the i-th period (0-based): {@code 7 + 4 (i + 1)}, R's default. */
    static int seasonalWindow(int i) {
        return 7 + 4 * (i + 1);
    }

    /**
     * The decomposition of {@code x} (no gaps) over {@code periods} (each at least 2 and fewer than
     * half of x's length, so that two full cycles are there; any order, duplicates not allowed).
     *
     * @throws IllegalArgumentException when a period is out of that range or x holds a NaN
     */
    static MstlDecomposition of(double[] x, int... periods) {
        int n = x.length;
        int[] sorted = periods.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            if (sorted[i] < 2 || 2 * sorted[i] >= n)
                throw new IllegalArgumentException("MSTL needs each period in [2, n/2): period " + sorted[i] + " with " + n + " observations");
            if (i > 0 && sorted[i] == sorted[i - 1]) throw new IllegalArgumentException("period " + sorted[i] + " is given twice");
        }
        for (double v : x) if (!Double.isFinite(v)) throw new IllegalArgumentException("MSTL needs finite values without gaps, found " + v);
        int k = sorted.length;
        double[][] seasonal = new double[k][n];
        double[] deseason = x.clone();
        double[] trend = x.clone();
        for (int pass = 0; pass < (k == 0 ? 0 : ITERATIONS); pass++) {
            for (int i = 0; i < k; i++) {
                for (int t = 0; t < n; t++) deseason[t] += seasonal[i][t];
                double[][] st = ArimaStl.decompose(deseason, sorted[i], seasonalWindow(i));
                seasonal[i] = st[0];
                trend = st[1];
                for (int t = 0; t < n; t++) deseason[t] -= seasonal[i][t];
            }
        }
        return new MstlDecomposition(sorted, seasonal, trend, deseason, KpssTest.constant(x));
    }

    /**
     * The seasonal periods worth decomposing {@code n} observations on {@code frequency} by: its
     * seasonal periods ({@link Frequency#seasonalPeriods()}) and, for daily data, a year (365),
     * those with at least two full cycles ({@code 2 m < n}, R's {@code mstl} rule), shortest first.
     */
    static int[] usablePeriods(Frequency frequency, int n) {
        return candidatePeriods(frequency).stream().filter(m -> m > 1 && 2 * m < n).mapToInt(Integer::intValue).toArray();
    }

    /** The frequency's seasonal periods and, for daily data, 365; shortest first. */
    static List<Integer> candidatePeriods(Frequency frequency) {
        if (frequency == null) return List.of();
        var out = new ArrayList<>(frequency.seasonalPeriods());
        if (frequency.equals(Frequency.DAILY)) out.add(365);
        return out;
    }

    /** The periods, shortest first. */
    int[] periods() {
        return periods.clone();
    }

    /** The seasonal component of the i-th period (shortest first). */
    double[] seasonal(int i) {
        return seasonal[i].clone();
    }

    /** The trend of the last STL (the series itself without a period). */
    double[] trend() {
        return trend.clone();
    }

    /** The series less every seasonal component: trend plus remainder. */
    double[] deseasonalized() {
        return deseasonalized.clone();
    }

    /** The series less every seasonal component and the trend. */
    double[] remainder() {
        double[] r = deseasonalized.clone();
        for (int t = 0; t < r.length; t++) r[t] -= trend[t];
        return r;
    }

    /**
     * The strength of the i-th seasonal component as {@code tsfeatures::stl_features} measures it
     * for several seasons (Wang, Smith and Hyndman 2006): {@code 1 - var(remainder) /
     * var(remainder + seasonal_i)}, clamped to [0, 1]. With one period it is
     * {@link ArimaStl#strength}. 0 for a constant series, whose components are rounding errors.
     */
    double strength(int i) {
        if (constant) return 0;
        double[] rem = remainder();
        double[] rs = new double[rem.length];
        for (int t = 0; t < rs.length; t++) rs[t] = rem[t] + seasonal[i][t];
        double v = variance(rs);
        if (!(v > 0)) return 0;
        return Math.max(0, Math.min(1, 1 - variance(rem) / v));
    }

    /** Every period's strength, shortest period first. */
    double[] strengths() {
        double[] out = new double[periods.length];
        for (int i = 0; i < out.length; i++) out[i] = strength(i);
        return out;
    }

    /** The last full cycle of the i-th seasonal component: its last {@code periods()[i]} values. */
    double[] lastCycle(int i) {
        int m = periods[i];
        return Arrays.copyOfRange(seasonal[i], seasonal[i].length - m, seasonal[i].length);
    }

    /**
     * The sum of the seasonal components over the {@code h} steps after the series, each repeating
     * its last cycle (the seasonal naive forecast, as R's {@code stlf} and statsforecast's MSTL).
     */
    double[] seasonalForecast(int h) {
        double[] out = new double[h];
        for (int i = 0; i < periods.length; i++) {
            double[] cycle = lastCycle(i);
            for (int s = 0; s < h; s++) out[s] += cycle[s % cycle.length];
        }
        return out;
    }

    private static double variance(double[] v) {
        double mean = 0;
        for (double x : v) mean += x;
        mean /= v.length;
        double ss = 0;
        for (double x : v) ss += (x - mean) * (x - mean);
        return ss / (v.length - 1);
    }
}
