package forecast.adapters.ml;

/**
 * The KPSS test of level stationarity (Kwiatkowski et al. 1992) as {@code urca::ur.kpss(type =
 * "mu")} computes it with the lag {@code trunc(3*sqrt(n)/13)} that {@code forecast::ndiffs} uses,
 * and {@code ndiffs} itself: difference while the test rejects stationarity at 5%.
 */
final class KpssTest {
    // urca's critical values for type "mu" and their levels; p-values interpolate between them
    private static final double[] CRITICAL = {0.347, 0.463, 0.574, 0.739};
    private static final double[] LEVELS = {0.10, 0.05, 0.025, 0.01};

    private KpssTest() {}

    /** The test statistic on {@code x} (no gaps). */
    static double statistic(double[] x) {
        int n = x.length;
        double mean = 0;
        for (double v : x) mean += v;
        mean /= n;
        double[] e = new double[n];
        for (int i = 0; i < n; i++) e[i] = x[i] - mean;
        double s = 0;
        double sumS2 = 0;
        double sumE2 = 0;
        for (int i = 0; i < n; i++) {
            s += e[i];
            sumS2 += s * s;
            sumE2 += e[i] * e[i];
        }
        int lags = (int) (3 * Math.sqrt(n) / 13);
        double longRun = sumE2 / n;
        for (int l = 1; l <= lags; l++) {
            double cov = 0;
            for (int i = l; i < n; i++) cov += e[i] * e[i - l];
            longRun += 2.0 / n * (1 - l / (lags + 1.0)) * cov;
        }
        return sumS2 / ((double) n * n) / longRun;
    }

    /** The p-value as R's {@code approx(..., rule = 2)} reads it off the table: clamped to [0.01, 0.10]. */
    static double pValue(double statistic) {
        if (statistic <= CRITICAL[0]) return LEVELS[0];
        for (int i = 1; i < CRITICAL.length; i++) {
            if (statistic <= CRITICAL[i]) {
                double f = (statistic - CRITICAL[i - 1]) / (CRITICAL[i] - CRITICAL[i - 1]);
                return LEVELS[i - 1] + f * (LEVELS[i] - LEVELS[i - 1]);
            }
        }
        return LEVELS[LEVELS.length - 1];
    }

    /** {@code forecast::ndiffs(x, test = "kpss")}: the first differences, at most {@code maxD}, that make x stationary. */
    static int ndiffs(double[] x, int maxD) {
        int d = 0;
        if (constant(x)) return 0;
        boolean reject = x.length > 1 && pValue(statistic(x)) < 0.05;
        while (reject && d < maxD) {
            d++;
            x = ArimaPolynomials.difference(x, new double[] {1, -1});
            if (x.length < 2 || constant(x)) return d;
            reject = pValue(statistic(x)) < 0.05;
        }
        return d;
    }

    /**
     * forecast's {@code is.constant}: {@code all.equal(x, rep(x[1]))}, that is, over the values
     * that differ from the first, the mean absolute difference relative to their mean absolute
     * value is below 1.5e-8.
     */
    static boolean constant(double[] x) {
        double diff = 0;
        double scale = 0;
        int n = 0;
        for (double v : x) {
            if (v == x[0]) continue;
            diff += Math.abs(v - x[0]);
            scale += Math.abs(v);
            n++;
        }
        if (n == 0) return true;
        diff /= n;
        scale /= n;
        if (scale > 1.5e-8) diff /= scale;
        return diff < 1.5e-8;
    }
}
