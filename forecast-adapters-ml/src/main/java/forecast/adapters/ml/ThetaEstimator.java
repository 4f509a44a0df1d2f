package forecast.adapters.ml;

import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;
import java.util.function.DoubleFunction;

/**
 * Fits {@link ThetaFit}s. Both variants are least squares in the initial level (and, optimized,
 * in k = 1 - 1/theta) for a given alpha, because the one-step errors are linear in them: those
 * are solved exactly and only alpha is searched, on a grid of 200 then by Brent's method around
 * the best grid point. That lands on the optimum R's Nelder-Mead approaches, without depending on
 * its starting point, in a few milliseconds.
 *
 * <ul>
 * <li>Standard: R's {@code ses}, that is {@code ets(x, "ANN", opt.crit = "mse")}: alpha in
 * [1e-4, 0.9999] and l0 minimise the sum of squared one-step errors (the same optimum as ets's
 * likelihood n log SSE); sigma^2 = SSE / (n - 2), ets's divisor for its two parameters.</li>
 * <li>Optimized: statsforecast's objective, the squared one-step errors from the fourth on, with
 * alpha in [0.1, 0.99] and theta >= 1 (k in [0, 1)); sigma is the sample standard deviation of
 * those errors, as statsforecast scales its intervals.</li>
 * </ul>
 */
final class ThetaEstimator {
    static final double MIN_ALPHA = 1e-4;
    static final double MAX_ALPHA = 0.9999;
    static final double MIN_ALPHA_OPTIMIZED = 0.1;
    static final double MAX_ALPHA_OPTIMIZED = 0.99;
    /** statsforecast leaves the first three errors out of its objective (the level is still settling). */
    static final int BURN_IN = 3;
    private static final int GRID = 200;
    /** theta at most 1e10, statsforecast's bound, so k stays below 1. */
    private static final double MAX_K = 1 - 1e-10;

    private ThetaEstimator() {}

    /** R's {@code thetaf} on {@code x} (no gaps, at least 4 values). */
    static ThetaFit standard(double[] x) {
        int n = x.length;
        double slope = slope(x);
        double alpha = minimise(a -> sesProfile(x, a)[0], MIN_ALPHA, MAX_ALPHA);
        double[] p = sesProfile(x, alpha);
        double sse = p[0];
        return new ThetaFit(false, alpha, 2, p[1], intercept(x, slope), slope, Math.sqrt(sse / (n - 2)), sse / n);
    }

    /** The optimised Theta model on {@code x} (no gaps, at least 6 values). */
    static ThetaFit optimized(double[] x) {
        double slope = slope(x);
        double intercept = intercept(x, slope);
        double alpha = minimise(a -> otmProfile(x, a, intercept, slope)[0], MIN_ALPHA_OPTIMIZED, MAX_ALPHA_OPTIMIZED);
        double[] p = otmProfile(x, alpha, intercept, slope);
        double k = p[2];
        double theta = 1 / (1 - k);
        double[] e = otmErrors(x, alpha, p[1], k, intercept, slope);
        int m = e.length - BURN_IN;
        double mean = 0;
        double all = 0;
        for (int i = 0; i < e.length; i++) all += e[i] * e[i];
        for (int i = BURN_IN; i < e.length; i++) mean += e[i];
        mean /= m;
        double ss = 0;
        for (int i = BURN_IN; i < e.length; i++) ss += (e[i] - mean) * (e[i] - mean);
        return new ThetaFit(true, alpha, theta, p[1], intercept, slope, Math.sqrt(ss / (m - 1)), all / e.length);
    }

    /** The least-squares slope of x against its index (R's {@code lsfit(0:(n-1), x)}). */
    static double slope(double[] x) {
        int n = x.length;
        double tMean = (n - 1) / 2.0;
        double xMean = 0;
        for (double v : x) xMean += v;
        xMean /= n;
        double sxy = 0;
        double sxx = 0;
        for (int t = 0; t < n; t++) {
            sxy += (t - tMean) * (x[t] - xMean);
            sxx += (t - tMean) * (t - tMean);
        }
        return sxx == 0 ? 0 : sxy / sxx;
    }

    /** The line's value at t = 0 when x_1 sits at t = 1 (statsforecast's A_n). */
    private static double intercept(double[] x, double slope) {
        double xMean = 0;
        for (double v : x) xMean += v;
        xMean /= x.length;
        return xMean - slope * (x.length + 1) / 2.0;
    }

    /** SES's SSE at {@code alpha} with the best l0, and that l0: e_t = c_t - (1 - alpha)^(t-1) l0. */
    static double[] sesProfile(double[] x, double alpha) {
        double decay = 1 - alpha;
        double level = 0;
        double w = 1;
        double cw = 0;
        double ww = 0;
        double cc = 0;
        for (double v : x) {
            double c = v - level;
            cw += c * w;
            ww += w * w;
            cc += c * c;
            level += alpha * c;
            w *= decay;
        }
        double l0 = cw / ww;
        return new double[] {Math.max(0, cc - cw * cw / ww), l0};
    }

    /**
     * The optimised model's objective at {@code alpha} with the best l0 and k: e_i = c_i - u_i l0
     * - D_i k for i >= 3, u_i = (1 - alpha)^i, D_i the drift term's factor. Returns {objective,
     * l0, k}.
     */
    static double[] otmProfile(double[] x, double alpha, double a, double b) {
        double decay = 1 - alpha;
        double suu = 0, sud = 0, sdd = 0, scu = 0, scd = 0, scc = 0;
        double level = alpha * x[0]; // with l0 = 0
        for (int i = 1; i < x.length; i++) {
            double u = Math.pow(decay, i);
            double d = a * u + b * (1 - Math.pow(decay, i + 1)) / alpha;
            double c = x[i] - level;
            if (i >= BURN_IN) {
                suu += u * u;
                sud += u * d;
                sdd += d * d;
                scu += c * u;
                scd += c * d;
                scc += c * c;
            }
            level = alpha * x[i] + decay * level;
        }
        double det = suu * sdd - sud * sud;
        double l0;
        double k;
        if (Math.abs(det) > 1e-12 * Math.max(1e-300, suu * sdd)) {
            l0 = (scu * sdd - scd * sud) / det;
            k = (suu * scd - sud * scu) / det;
        } else {
            l0 = suu > 0 ? scu / suu : 0;
            k = 0;
        }
        if (k < 0 || k > MAX_K || Double.isNaN(k)) {
            k = Double.isNaN(k) || k < 0 ? 0 : MAX_K;
            l0 = suu > 0 ? (scu - k * sud) / suu : 0;
        }
        double sse = scc - 2 * l0 * scu - 2 * k * scd + l0 * l0 * suu + 2 * l0 * k * sud + k * k * sdd;
        return new double[] {Math.max(0, sse), l0, k};
    }

    /** Every one-step error of the optimised model (e_0 included). */
    static double[] otmErrors(double[] x, double alpha, double l0, double k, double a, double b) {
        double decay = 1 - alpha;
        double[] e = new double[x.length];
        e[0] = x[0] - (l0 + k * (a + b));
        double level = alpha * x[0] + decay * l0;
        for (int i = 1; i < x.length; i++) {
            double mu = level + k * (a * Math.pow(decay, i) + b * (1 - Math.pow(decay, i + 1)) / alpha);
            e[i] = x[i] - mu;
            level = alpha * x[i] + decay * level;
        }
        return e;
    }

    /** The minimum of {@code f} over [lo, hi]: the best of a grid, refined by Brent between its neighbours. */
    static double minimise(DoubleFunction<Double> f, double lo, double hi) {
        double step = (hi - lo) / GRID;
        int best = 0;
        double bestValue = Double.POSITIVE_INFINITY;
        for (int i = 0; i <= GRID; i++) {
            double v = f.apply(lo + i * step);
            if (v < bestValue) {
                bestValue = v;
                best = i;
            }
        }
        double a = lo + Math.max(0, best - 1) * step;
        double c = lo + Math.min(GRID, best + 1) * step;
        var result = new BrentOptimizer(1e-12, 1e-14).optimize(new MaxEval(500), GoalType.MINIMIZE,
                new UnivariateObjectiveFunction(f::apply), new SearchInterval(a, c, lo + best * step));
        return result.getValue() <= bestValue ? result.getPoint() : lo + best * step;
    }
}
