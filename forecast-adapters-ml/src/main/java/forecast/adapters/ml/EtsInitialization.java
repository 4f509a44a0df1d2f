package forecast.adapters.ml;

import static forecast.adapters.ml.EtsParameters.LOWER;
import static forecast.adapters.ml.EtsParameters.PHI_LOWER;
import static forecast.adapters.ml.EtsParameters.PHI_UPPER;
import static forecast.adapters.ml.EtsParameters.UPPER;

/**
 * R's starting values for the likelihood search ({@code initparam} and {@code initstate} in
 * forecast's {@code ets.R}), kept identical so that the search starts where R's does: seasonal
 * values from a classical decomposition (a trend plus one Fourier pair by least squares when the
 * series holds fewer than three seasons), then the level and slope from a straight line through the
 * first max(10, 2m) seasonally adjusted values.
 */
final class EtsInitialization {
    private EtsInitialization() {}

    /** alpha, beta, gamma, phi as R starts them: small, beta below alpha, gamma below 1 - alpha, phi near its upper limit. */
    static EtsParameters parameters(EtsSpec spec) {
        int m = spec.seasonal() ? spec.period() : 1;
        double alpha = LOWER + 0.2 * (UPPER - LOWER) / m;
        double beta = spec.trended() ? LOWER + 0.1 * (Math.min(UPPER, alpha) - LOWER) : 0;
        double gamma = spec.seasonal() ? LOWER + 0.05 * (Math.min(UPPER, 1 - alpha) - LOWER) : 0;
        double phi = spec.damped() ? PHI_LOWER + 0.99 * (PHI_UPPER - PHI_LOWER) : 1;
        return new EtsParameters(alpha, beta, gamma, phi);
    }

    /** The free initial states: level, slope, and seasonal values s_1..s_{m-1} (most recent first). */
    static double[] states(EtsSpec spec, double[] y) {
        int n = y.length;
        int m = spec.seasonal() ? spec.period() : 1;
        double[] adjusted = y;
        double[] seasons = new double[0];
        if (spec.seasonal()) {
            if (n < 4) throw new IllegalArgumentException("a seasonal ETS model needs at least 4 observations");
            boolean multiplicative = spec.season() == 'M';
            double[] seasonal = n < 3 * m ? fourierSeasonal(y, m, multiplicative) : decompose(y, m, multiplicative);
            seasons = new double[m - 1];
            for (int i = 0; i < m - 1; i++) seasons[i] = seasonal[m - 1 - i];
            adjusted = new double[n];
            if (multiplicative) {
                double sum = 0;
                for (int i = 0; i < m - 1; i++) {
                    seasons[i] = Math.max(seasons[i], 1e-2);
                    sum += seasons[i];
                }
                if (sum > m) for (int i = 0; i < m - 1; i++) seasons[i] /= sum + 1e-2 * (m - 1);
                for (int t = 0; t < n; t++) adjusted[t] = y[t] / Math.max(seasonal[t], 1e-2);
            } else {
                for (int t = 0; t < n; t++) adjusted[t] = y[t] - seasonal[t];
            }
        }
        int maxn = Math.min(Math.max(10, 2 * m), n);
        double[] out = new double[spec.freeStates()];
        if (!spec.trended()) {
            double sum = 0;
            for (int t = 0; t < maxn; t++) sum += adjusted[t];
            out[0] = sum / maxn;
        } else {
            double[] line = line(adjusted, maxn);
            double l0 = line[0], b0 = line[1];
            if (Math.abs(l0 + b0) < 1e-8) { // so that a multiplicative error's first forecast is not 0
                l0 *= 1 + 1e-3;
                b0 *= 1 + 1e-3;
            }
            out[0] = l0;
            out[1] = b0;
        }
        System.arraycopy(seasons, 0, out, spec.trended() ? 2 : 1, seasons.length);
        return out;
    }

    /** Intercept and slope of y[t] on t = 1..k by least squares (R's {@code lsfit(1:k, y[1:k])}). */
    private static double[] line(double[] y, int k) {
        double mt = (k + 1) / 2.0, my = 0;
        for (int t = 0; t < k; t++) my += y[t];
        my /= k;
        double sxy = 0, sxx = 0;
        for (int t = 0; t < k; t++) {
            sxy += (t + 1 - mt) * (y[t] - my);
            sxx += (t + 1 - mt) * (t + 1 - mt);
        }
        double slope = sxx == 0 ? 0 : sxy / sxx;
        return new double[] {my - slope * mt, slope};
    }

    /**
     * R's {@code decompose}: a centred moving average of one season as the trend, the mean
     * detrended value at each position of the season (positions counted from the first
     * observation), centred to sum 0 (or average 1); returned for every observation.
     */
    static double[] decompose(double[] y, int m, boolean multiplicative) {
        int n = y.length;
        double[] w = new double[m % 2 == 0 ? m + 1 : m];
        java.util.Arrays.fill(w, 1.0 / m);
        if (m % 2 == 0) w[0] = w[m] = 0.5 / m;
        int half = w.length / 2;
        double[] sum = new double[m];
        int[] count = new int[m];
        for (int t = half; t < n - half; t++) {
            double trend = 0;
            for (int j = 0; j < w.length; j++) trend += w[j] * y[t - half + j];
            double detrended = multiplicative ? y[t] / trend : y[t] - trend;
            if (Double.isNaN(detrended)) continue;
            sum[t % m] += detrended;
            count[t % m]++;
        }
        double[] figure = new double[m];
        double mean = 0;
        for (int i = 0; i < m; i++) {
            figure[i] = sum[i] / count[i];
            mean += figure[i] / m;
        }
        for (int i = 0; i < m; i++) figure[i] = multiplicative ? figure[i] / mean : figure[i] - mean;
        double[] seasonal = new double[n];
        for (int t = 0; t < n; t++) seasonal[t] = figure[t % m];
        return seasonal;
    }

    /**
     * For fewer than three seasons, R regresses y on a linear trend and the first Fourier pair
     * (only the cosine for m = 2) and takes y less the trend line (or over it) as the seasonal part.
     */
    private static double[] fourierSeasonal(double[] y, int m, boolean multiplicative) {
        int n = y.length;
        int k = m == 2 ? 3 : 4;
        double[][] x = new double[n][k];
        for (int t = 0; t < n; t++) {
            double angle = 2 * Math.PI * (t + 1) / m;
            x[t][0] = 1;
            x[t][1] = t + 1;
            if (m == 2) x[t][2] = Math.cos(angle);
            else {
                x[t][2] = Math.sin(angle);
                x[t][3] = Math.cos(angle);
            }
        }
        var qr = new org.apache.commons.math3.linear.QRDecomposition(new org.apache.commons.math3.linear.Array2DRowRealMatrix(x, false));
        double[] coef = qr.getSolver().solve(new org.apache.commons.math3.linear.ArrayRealVector(y)).toArray();
        double[] seasonal = new double[n];
        for (int t = 0; t < n; t++) {
            double line = coef[0] + coef[1] * (t + 1);
            seasonal[t] = multiplicative ? y[t] / line : y[t] - line;
        }
        return seasonal;
    }
}
