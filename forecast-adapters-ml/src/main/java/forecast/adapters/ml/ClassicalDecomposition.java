package forecast.adapters.ml;

/**
 * R's seasonality test of {@code forecast::thetaf} and the classical multiplicative decomposition
 * of {@code stats::decompose}, which the Theta method uses to remove a season before smoothing and
 * to put it back on the forecasts.
 *
 * <p>The test (Assimakopoulos and Nikolopoulos, as {@code thetaf} codes it): with r_k the sample
 * autocorrelations, the series is seasonal when |r_m| exceeds 1.645 (the one-sided 95% normal
 * quantile) standard errors sqrt((1 + 2 sum_{k<m} r_k^2) / n), Bartlett's standard error of r_m
 * under an MA(m-1). It is run only for m > 1, a non-constant series and n > 2m (forecast 8.19 to
 * 8.21 code {@code n > 2 * m}).
 *
 * <p>The decomposition: the trend is the centred moving average over one season (weights 1/m, or
 * for even m the 2-by-m average with half weights at both ends); the ratios x/trend are averaged
 * per phase (phase 0 is the first observation) and the m averages scaled to mean 1.
 */
final class ClassicalDecomposition {
    /** R's {@code qnorm(0.95)}. */
    private static final double Z95 = 1.6448536269514722;

    private ClassicalDecomposition() {}

    /** Whether {@code thetaf} would call {@code x} seasonal with period {@code m} (no gaps). */
    static boolean seasonal(double[] x, int m) {
        int n = x.length;
        if (m <= 1 || n <= 2 * m || constant(x)) return false;
        double mean = 0;
        for (double v : x) mean += v;
        mean /= n;
        double c0 = 0;
        for (double v : x) c0 += (v - mean) * (v - mean);
        double sumSquares = 0;
        double rm = 0;
        for (int k = 1; k <= m; k++) {
            double ck = 0;
            for (int t = 0; t + k < n; t++) ck += (x[t] - mean) * (x[t + k] - mean);
            double r = ck / c0;
            if (k < m) sumSquares += r * r;
            else rm = r;
        }
        double se = Math.sqrt((1 + 2 * sumSquares) / n);
        return Math.abs(rm) / se > Z95;
    }

    /** R's {@code is.constant}: every value equal to the first within {@code all.equal}'s relative 1.5e-8. */
    static boolean constant(double[] x) {
        double scale = 0;
        double diff = 0;
        for (double v : x) {
            scale += Math.abs(v);
            diff += Math.abs(v - x[0]);
        }
        return scale == 0 ? true : diff / scale < 1.5e-8;
    }

    /**
     * The m seasonal indices of {@code x} (no gaps, at least two seasons long), phase 0 at
     * {@code x[0]}, scaled to mean 1.
     */
    static double[] multiplicativeIndices(double[] x, int m) {
        int n = x.length;
        if (m < 2 || n < 2 * m) throw new IllegalArgumentException("a decomposition needs two seasons of " + m + ", got " + n + " values");
        double[] weights = new double[m % 2 == 0 ? m + 1 : m];
        java.util.Arrays.fill(weights, 1.0 / m);
        if (m % 2 == 0) {
            weights[0] = 0.5 / m;
            weights[m] = 0.5 / m;
        }
        int half = weights.length / 2;
        double[] sum = new double[m];
        int[] count = new int[m];
        for (int t = half; t + half < n; t++) {
            double trend = 0;
            for (int j = 0; j < weights.length; j++) trend += weights[j] * x[t - half + j];
            double ratio = x[t] / trend;
            if (Double.isNaN(ratio)) continue;
            sum[t % m] += ratio;
            count[t % m]++;
        }
        double[] figure = new double[m];
        double mean = 0;
        for (int i = 0; i < m; i++) {
            figure[i] = sum[i] / count[i];
            mean += figure[i];
        }
        mean /= m;
        for (int i = 0; i < m; i++) figure[i] /= mean;
        return figure;
    }
}
