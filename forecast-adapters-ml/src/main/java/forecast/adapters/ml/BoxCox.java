package forecast.adapters.ml;

import java.util.Locale;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;

/**
 * The variance-stabilising transformation applied before an ARIMA model, as {@code forecast::BoxCox}:
 * {@code none}, {@code log}, or {@code boxcox} with parameter lambda,
 * {@code (x^lambda - 1) / lambda} (the log at lambda 0). Forecasts are transformed back with
 * {@link #inverse}, which gives the median of the forecast distribution (no bias adjustment), and
 * so are interval bounds: the transformation is increasing, so they keep their coverage.
 */
record BoxCox(String kind, double lambda) {
    static final BoxCox NONE = new BoxCox("none", 1);
    static final BoxCox LOG = new BoxCox("log", 0);

    BoxCox {
        if (!kind.equals("none") && !kind.equals("log") && !kind.equals("boxcox"))
            throw new IllegalArgumentException("hyperparameter transform must be none, log or boxcox: " + kind);
        if (!Double.isFinite(lambda)) throw new IllegalArgumentException("hyperparameter lambda must be finite: " + lambda);
    }

    static BoxCox of(double lambda) {
        return new BoxCox("boxcox", lambda);
    }

    /** Reads the kind as configured: {@code none}, {@code log} or {@code boxcox}. */
    static String parseKind(String text) {
        String k = text.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        return switch (k) {
            case "none", "identity" -> "none";
            case "log" -> "log";
            case "boxcox" -> "boxcox";
            default -> throw new IllegalArgumentException("hyperparameter transform must be none, log or boxcox: " + text);
        };
    }

    boolean identity() {
        return kind.equals("none");
    }

    /** The transformed value; NaN where it is undefined (a non-positive value under log or lambda <= 0). */
    double apply(double x) {
        if (identity()) return x;
        if (lambda == 0) return x > 0 ? Math.log(x) : Double.NaN;
        if (lambda < 0 && x <= 0) return Double.NaN;
        return (Math.signum(x) * Math.pow(Math.abs(x), lambda) - 1) / lambda;
    }

    double[] apply(double[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) out[i] = apply(x[i]);
        return out;
    }

    /**
     * The inverse; for lambda < 0 a value beyond the transformation's range (1 + lambda*z <= 0)
     * maps to a very large finite value rather than R's NA, so that an upper bound stays usable.
     */
    double inverse(double z) {
        if (identity()) return z;
        if (lambda == 0) return Math.exp(z);
        double v = z * lambda + 1;
        if (lambda < 0 && v <= 1e-12) v = 1e-12;
        return Math.signum(v) * Math.pow(Math.abs(v), 1 / lambda);
    }

    /**
     * Guerrero's (1993) lambda as {@code forecast::BoxCox.lambda(x, "guerrero")}: the value in
     * [-1, 2] (in [0, 2] when a value is not positive) that makes the coefficient of variation of
     * {@code sd / mean^(1-lambda)} over consecutive seasons smallest; 1 when the series holds two
     * seasons or fewer.
     */
    static double guerrero(double[] x, int period) {
        double lower = -1;
        for (double v : x) if (v <= 0) lower = 0;
        if (x.length <= 2 * period) return 1;
        int m = Math.max(2, period);
        int years = x.length / m;
        int offset = x.length - years * m;
        double[] means = new double[years];
        double[] sds = new double[years];
        for (int y = 0; y < years; y++) {
            double s = 0;
            for (int i = 0; i < m; i++) s += x[offset + y * m + i];
            double mean = s / m;
            double ss = 0;
            for (int i = 0; i < m; i++) ss += Math.pow(x[offset + y * m + i] - mean, 2);
            means[y] = mean;
            sds[y] = Math.sqrt(ss / (m - 1));
        }
        var result = new BrentOptimizer(1e-10, 1e-8).optimize(new MaxEval(1000),
                new UnivariateObjectiveFunction(lam -> variation(means, sds, lam)), GoalType.MINIMIZE,
                new SearchInterval(lower, 2, (lower + 2) / 2));
        return result.getPoint();
    }

    private static double variation(double[] means, double[] sds, double lambda) {
        int n = 0;
        double sum = 0;
        double[] ratio = new double[means.length];
        for (int i = 0; i < ratio.length; i++) {
            ratio[i] = sds[i] / Math.pow(means[i], 1 - lambda);
            if (Double.isFinite(ratio[i])) {
                sum += ratio[i];
                n++;
            }
        }
        if (n < 2) return Double.MAX_VALUE;
        double mean = sum / n;
        double ss = 0;
        for (double r : ratio) if (Double.isFinite(r)) ss += (r - mean) * (r - mean);
        return Math.sqrt(ss / (n - 1)) / mean;
    }

    @Override
    public String toString() {
        return identity() ? "none" : lambda == 0 ? "log" : "boxcox(" + lambda + ")";
    }
}
