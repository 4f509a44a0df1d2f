package forecast.adapters.ml;

/**
 * The conditional sum of squares of an ARMA model on a differenced series, as R's
 * {@code ARIMA_CSS}: residuals before the first {@code p + P*m} values are taken as zero and not
 * counted. It is cheap (only the non-zero lags are visited), so it gives starting values for
 * exact maximum likelihood and the approximate criteria of the order search on long series.
 */
final class ArimaCss {
    private ArimaCss() {}

    /**
     * The mean squared residual {@code ssq / count} over t >= ar.length, or NaN when nothing is
     * left; {@code residuals} (may be null) receives every residual, zeros before the start.
     */
    static double meanSquare(double[] w, double mean, double[] ar, double[] ma, double[] residuals) {
        int[] arLags = nonZero(ar);
        int[] maLags = nonZero(ma);
        int start = ar.length;
        double[] e = residuals != null ? residuals : new double[w.length];
        double ssq = 0;
        int count = 0;
        for (int t = 0; t < Math.min(start, w.length); t++) e[t] = 0;
        for (int t = start; t < w.length; t++) {
            double v = w[t] - mean;
            for (int lag : arLags) v -= ar[lag - 1] * (w[t - lag] - mean);
            for (int lag : maLags) if (lag <= t - start) v -= ma[lag - 1] * e[t - lag];
            e[t] = v;
            ssq += v * v;
            count++;
        }
        return count == 0 ? Double.NaN : ssq / count;
    }

    private static int[] nonZero(double[] c) {
        int n = 0;
        for (double v : c) if (v != 0) n++;
        int[] lags = new int[n];
        for (int i = 0, k = 0; i < c.length; i++) if (c[i] != 0) lags[k++] = i + 1;
        return lags;
    }
}
