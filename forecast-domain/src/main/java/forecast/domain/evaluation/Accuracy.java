package forecast.domain.evaluation;

/**
 * Point and interval accuracy measures. Pairs whose actual is {@code NaN} (a gap) are skipped;
 * MAPE also skips zero actuals, where it is undefined. A measure with nothing to measure is
 * {@code NaN}.
 */
public final class Accuracy {
    private Accuracy() {}

    /** Mean absolute percentage error, in percent. */
    public static double mape(double[] actual, double[] forecast) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < actual.length; i++) {
            if (Double.isNaN(actual[i]) || actual[i] == 0) continue;
            sum += Math.abs((actual[i] - forecast[i]) / actual[i]);
            n++;
        }
        return n == 0 ? Double.NaN : 100 * sum / n;
    }

    /** Symmetric MAPE, in percent (0 to 200). */
    public static double smape(double[] actual, double[] forecast) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < actual.length; i++) {
            if (Double.isNaN(actual[i])) continue;
            double denominator = Math.abs(actual[i]) + Math.abs(forecast[i]);
            n++;
            if (denominator > 0) sum += 2 * Math.abs(actual[i] - forecast[i]) / denominator;
        }
        return n == 0 ? Double.NaN : 100 * sum / n;
    }

    /** Root mean squared error. */
    public static double rmse(double[] actual, double[] forecast) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < actual.length; i++) {
            if (Double.isNaN(actual[i])) continue;
            double e = actual[i] - forecast[i];
            sum += e * e;
            n++;
        }
        return n == 0 ? Double.NaN : Math.sqrt(sum / n);
    }

    /** Mean absolute error. */
    public static double mae(double[] actual, double[] forecast) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < actual.length; i++) {
            if (Double.isNaN(actual[i])) continue;
            sum += Math.abs(actual[i] - forecast[i]);
            n++;
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /**
     * The MASE scale: the in-sample mean absolute error of the seasonal-naive forecast with period
     * {@code m} (falling back to the naive forecast, m = 1, when the series is shorter than a season
     * or perfectly seasonal).
     */
    public static double maseScale(double[] insample, int m) {
        double scale = naiveMae(insample, Math.max(1, m));
        if ((Double.isNaN(scale) || scale == 0) && m > 1) scale = naiveMae(insample, 1);
        return scale;
    }

    private static double naiveMae(double[] y, int m) {
        double sum = 0;
        int n = 0;
        for (int t = m; t < y.length; t++) {
            if (Double.isNaN(y[t]) || Double.isNaN(y[t - m])) continue;
            sum += Math.abs(y[t] - y[t - m]);
            n++;
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Mean absolute scaled error against the seasonal-naive scale of {@code insample}. */
    public static double mase(double[] actual, double[] forecast, double[] insample, int m) {
        double scale = maseScale(insample, m);
        if (Double.isNaN(scale) || scale == 0) return Double.NaN;
        return mae(actual, forecast) / scale;
    }

    /** The fraction of actuals inside {@code [lo, hi]}. */
    public static double coverage(double[] actual, double[] lo, double[] hi) {
        int inside = 0;
        int n = 0;
        for (int i = 0; i < actual.length; i++) {
            if (Double.isNaN(actual[i])) continue;
            n++;
            if (actual[i] >= lo[i] && actual[i] <= hi[i]) inside++;
        }
        return n == 0 ? Double.NaN : (double) inside / n;
    }
}
