package forecast.adapters.ml;

import forecast.domain.monitoring.DriftDetector;
import forecast.domain.monitoring.DriftScore;
import java.util.Arrays;
import org.apache.commons.math3.exception.TooManyIterationsException;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * Two-sample Kolmogorov-Smirnov drift with commons-math3: the statistic D (the largest gap between
 * the two empirical CDFs, ties counted together) is the effect size. Drift needs both D above
 * {@code maxDistance} and a p-value below {@code alpha}: large windows make tiny, harmless shifts
 * significant, and small windows make large D likely by chance.
 */
final class KolmogorovSmirnovDrift implements DriftDetector {
    // commons-math3 3.6.1's own switch (its protected LARGE_SAMPLE_PRODUCT): below it the exact
    // lattice-path count is cheap (O(n m)); above it C(n + m, n) overflows a double, so the
    // Kolmogorov limit distribution takes over.
    private static final long EXACT_PRODUCT = 10_000;

    private final KolmogorovSmirnovTest test = new KolmogorovSmirnovTest();
    private final double maxDistance;
    private final double alpha;

    KolmogorovSmirnovDrift(double maxDistance, double alpha) {
        if (!(maxDistance >= 0 && maxDistance < 1)) throw new IllegalArgumentException("maxDistance must be in [0, 1): " + maxDistance);
        if (!(alpha > 0 && alpha <= 1)) throw new IllegalArgumentException("alpha must be in (0, 1]: " + alpha);
        this.maxDistance = maxDistance;
        this.alpha = alpha;
    }

    @Override
    public String name() {
        return "ks";
    }

    @Override
    public DriftScore compare(double[] reference, double[] recent) {
        double[] x = present(reference);
        double[] y = present(recent);
        if (x.length < 2 || y.length < 2) return new DriftScore(name(), Double.NaN, Double.NaN, maxDistance, false);
        double d = test.kolmogorovSmirnovStatistic(x, y);
        double p = pValue(d, x.length, y.length);
        return new DriftScore(name(), d, p, maxDistance, d > maxDistance && p < alpha);
    }

    /**
     * P(D >= d) under the null, as SciPy's {@code ks_2samp} defines it. Not
     * {@code kolmogorovSmirnovTest(x, y)}: that is the strict P(D > d), and for small tied samples
     * it jitters the data, so its p-value would belong to another D than the one reported.
     */
    private double pValue(double d, int n, int m) {
        if ((long) n * m < EXACT_PRODUCT) return clamp(test.exactP(d, n, m, false));
        try {
            return clamp(test.approximateP(d, n, m));
        } catch (TooManyIterationsException e) {
            // the series behind approximateP converges slowly only for a D near 0 (tied samples of
            // coprime sizes), where the p-value is 1 to double precision
            return 1;
        }
    }

    private static double clamp(double p) {
        return Math.min(1, Math.max(0, p)); // 1 - (sum near 1) can round past the bounds
    }

    /** NaN and infinite values are missing or broken readings, not part of a distribution. */
    private static double[] present(double[] values) {
        return Arrays.stream(values).filter(Double::isFinite).toArray();
    }
}
