package forecast.adapters.ml;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;

/**
 * Estimates one seasonal ARIMA model in the manner of R's {@code stats::arima}, differencing first
 * (R's reference checks show the log-likelihood then differs from R's diffuse-prior filter by
 * about 1e-3 at most). Exact maximum likelihood runs on a parameterization that keeps both AR
 * parts stationary (R's {@code transform.pars}); MA parts are free and made invertible afterwards,
 * which leaves the exact likelihood unchanged. The mean, when there is one, is a parameter
 * scaled by ten OLS standard errors, as R's {@code parscale} does.
 *
 * <p>Optimizers: commons-math3 BOBYQA (derivative-free, bounded) for two or more parameters,
 * Brent for one; a model with no ARMA term has a closed form.
 */
final class ArimaEstimator {
    /** How coefficients are estimated. */
    enum Method {
        /** Conditional sum of squares only: fast, used by the order search on long series. */
        CSS,
        /** CSS for starting values, then exact maximum likelihood (R's default "CSS-ML"). */
        CSS_ML,
        /** Exact maximum likelihood from zero ARMA coefficients (R's "ML"). */
        ML
    }

    private static final double PENALTY = 1e10;
    private static final double AR_BOUND = 10;  // tanh(10) = 1 - 4e-9: the AR part may come that close to a unit root
    private static final double MA_BOUND = 8;
    private static final double MEAN_BOUND = 1e3;
    // R's BFGS stops after 100 iterations; a similar budget here keeps a model that runs along a
    // ridge toward a unit root (to be rejected anyway) from costing thousands of evaluations
    private static final int BASE_EVALUATIONS = 300;
    private static final int EVALUATIONS_PER_PARAMETER = 150;
    // trust-region radii at which BOBYQA stops, in the transformed parameters: CSS gives only
    // starting values or approximate criteria, exact ML the estimates
    private static final double CSS_START_RADIUS = 1e-4;
    private static final double CSS_RADIUS = 1e-5;
    private static final double ML_RADIUS = 1e-6;

    private ArimaEstimator() {}

    /**
     * Fits {@code spec} to {@code x} (already transformed; no gaps).
     *
     * @throws IllegalArgumentException when the series is too short for the model
     */
    static ArimaFit fit(double[] x, ArimaSpec spec, Method method) {
        double[] w = ArimaPolynomials.difference(x, ArimaPolynomials.differencing(spec.d(), spec.D(), spec.period()));
        int needed = Math.max(spec.arDegree() + 1, spec.coefficients() + 1);
        if (w.length < needed)
            throw new IllegalArgumentException(spec + " needs at least " + (needed + spec.differences()) + " observations, got " + x.length);
        var layout = new Layout(spec, w);
        if (layout.size() == 0) return whiteNoise(spec, w, method == Method.CSS);

        double[] zero = layout.start();
        if (method == Method.CSS) {
            double[] raw = minimize(layout.cssObjective(), zero, layout, CSS_RADIUS);
            Coefficients c = layout.unpack(raw);
            double s2 = ArimaCss.meanSquare(w, c.mean, c.arExpanded(spec), c.maExpanded(spec), null);
            return new ArimaFit(spec, c.ar, c.ma, c.sar, c.sma, c.mean, s2, Double.NaN, w.length, true);
        }
        double[] start = zero;
        if (method == Method.CSS_ML) {
            double[] raw = minimize(layout.cssObjective(), zero, layout, CSS_START_RADIUS);
            if (layout.cssObjective().applyAsDouble(raw) < PENALTY) start = layout.invertMa(raw);
        }
        double[] raw = minimize(layout.mlObjective(), start, layout, ML_RADIUS);
        Coefficients c = layout.unpack(layout.invertMa(raw));
        var pass = new KalmanArma(c.arExpanded(spec), c.maExpanded(spec)).filter(layout.centered(c.mean));
        return new ArimaFit(spec, c.ar, c.ma, c.sar, c.sma, c.mean, pass.sigma2(), pass.loglik(), w.length, false);
    }

    /** No ARMA terms: the mean (when any) is the sample mean and sigma2 the mean square about it. */
    private static ArimaFit whiteNoise(ArimaSpec spec, double[] w, boolean css) {
        double mean = 0;
        if (spec.constant()) {
            for (double v : w) mean += v;
            mean /= w.length;
        }
        double ss = 0;
        for (double v : w) ss += (v - mean) * (v - mean);
        double s2 = ss / w.length;
        double loglik = css ? Double.NaN : -0.5 * w.length * (Math.log(2 * Math.PI * s2) + 1);
        double[] none = new double[0];
        return new ArimaFit(spec, none, none, none, none, mean, s2, loglik, w.length, css);
    }

    /** Minimises {@code f} from {@code start} within the layout's bounds; the best point seen if it stops early. */
    private static double[] minimize(ToDoubleFunction<double[]> f, double[] start, Layout layout, double stopRadius) {
        int dim = start.length;
        var best = new Best(start, f.applyAsDouble(start));
        ToDoubleFunction<double[]> tracked = x -> {
            double v = f.applyAsDouble(x);
            best.offer(x, v);
            return v;
        };
        double[] lower = layout.lower();
        double[] upper = layout.upper();
        var budget = new MaxEval(BASE_EVALUATIONS + EVALUATIONS_PER_PARAMETER * dim);
        try {
            if (dim == 1) {
                // one ARMA coefficient: a bracket that holds its optimum (the exact likelihood is
                // symmetric in theta and 1/theta, and the CSS recursion explodes beyond |theta| = 1)
                double lo = layout.maOnly() ? -1 : lower[0];
                double hi = layout.maOnly() ? 1 : upper[0];
                double x0 = Math.max(lo, Math.min(hi, start[0]));
                new BrentOptimizer(1e-10, stopRadius * 1e-2).optimize(budget,
                        new UnivariateObjectiveFunction(v -> tracked.applyAsDouble(new double[] {v})),
                        GoalType.MINIMIZE, new SearchInterval(lo, hi, x0));
            } else {
                double[] x0 = start.clone();
                for (int i = 0; i < dim; i++) x0[i] = Math.max(lower[i] * 0.999, Math.min(upper[i] * 0.999, x0[i]));
                new BOBYQAOptimizer(2 * dim + 1, 0.1, stopRadius).optimize(budget,
                        new ObjectiveFunction(tracked::applyAsDouble), GoalType.MINIMIZE,
                        new InitialGuess(x0), new SimpleBounds(lower, upper));
            }
        } catch (MathIllegalStateException e) {
            // too many evaluations or a degenerate step: keep the best point found
        }
        return best.point;
    }

    private static final class Best {
        double[] point;
        double value;

        Best(double[] point, double value) {
            this.point = point.clone();
            this.value = Double.isNaN(value) ? Double.POSITIVE_INFINITY : value;
        }

        void offer(double[] x, double v) {
            if (v < value) {
                value = v;
                point = x.clone();
            }
        }
    }

    /** One set of coefficients on the model's scale. */
    record Coefficients(double[] ar, double[] ma, double[] sar, double[] sma, double mean) {
        double[] arExpanded(ArimaSpec spec) {
            return ArimaPolynomials.arProduct(ar, sar, spec.period());
        }

        double[] maExpanded(ArimaSpec spec) {
            return ArimaPolynomials.maProduct(ma, sma, spec.period());
        }
    }

    /**
     * The optimizer's parameter vector: AR (transformed), MA, seasonal AR (transformed), seasonal
     * MA, then the scaled mean.
     */
    private static final class Layout {
        private final ArimaSpec spec;
        private final double[] w;
        private final double mean0;
        private final double scale;

        Layout(ArimaSpec spec, double[] w) {
            this.spec = spec;
            this.w = w;
            double m = 0;
            for (double v : w) m += v;
            m /= w.length;
            double ss = 0;
            for (double v : w) ss += (v - m) * (v - m);
            double se = Math.sqrt(ss / Math.max(1, w.length - 1) / w.length);
            this.mean0 = spec.constant() ? m : 0;
            this.scale = Math.max(10 * se, Math.max(1e-8 * Math.abs(m), 1e-12));
        }

        int size() {
            return spec.coefficients();
        }

        boolean maOnly() {
            return size() == 1 && (spec.q() == 1 || spec.Q() == 1);
        }

        double[] start() {
            return new double[size()];
        }

        double[] lower() {
            return bounds(-1);
        }

        double[] upper() {
            return bounds(1);
        }

        private double[] bounds(double sign) {
            double[] b = new double[size()];
            int k = 0;
            for (int i = 0; i < spec.p(); i++) b[k++] = sign * AR_BOUND;
            for (int i = 0; i < spec.q(); i++) b[k++] = sign * MA_BOUND;
            for (int i = 0; i < spec.P(); i++) b[k++] = sign * AR_BOUND;
            for (int i = 0; i < spec.Q(); i++) b[k++] = sign * MA_BOUND;
            if (spec.constant()) b[k] = sign * MEAN_BOUND;
            return b;
        }

        Coefficients unpack(double[] raw) {
            int p = spec.p(), q = spec.q(), sp = spec.P(), sq = spec.Q();
            double[] ar = ArimaPolynomials.toStationary(raw, 0, p);
            double[] ma = Arrays.copyOfRange(raw, p, p + q);
            double[] sar = ArimaPolynomials.toStationary(raw, p + q, sp);
            double[] sma = Arrays.copyOfRange(raw, p + q + sp, p + q + sp + sq);
            double mean = spec.constant() ? mean0 + scale * raw[p + q + sp + sq] : 0;
            return new Coefficients(ar, ma, sar, sma, mean);
        }

        /** The same parameters with both MA parts made invertible. */
        double[] invertMa(double[] raw) {
            double[] out = raw.clone();
            int p = spec.p(), q = spec.q(), sp = spec.P(), sq = spec.Q();
            double[] ma = ArimaPolynomials.invertible(Arrays.copyOfRange(raw, p, p + q));
            double[] sma = ArimaPolynomials.invertible(Arrays.copyOfRange(raw, p + q + sp, p + q + sp + sq));
            System.arraycopy(ma, 0, out, p, q);
            System.arraycopy(sma, 0, out, p + q + sp, sq);
            return out;
        }

        double[] centered(double mean) {
            double[] y = new double[w.length];
            for (int t = 0; t < y.length; t++) y[t] = w[t] - mean;
            return y;
        }

        ToDoubleFunction<double[]> cssObjective() {
            return raw -> {
                Coefficients c = unpack(raw);
                double s2 = ArimaCss.meanSquare(w, c.mean, c.arExpanded(spec), c.maExpanded(spec), null);
                return s2 > 0 && Double.isFinite(s2) ? 0.5 * Math.log(s2) : PENALTY;
            };
        }

        ToDoubleFunction<double[]> mlObjective() {
            return raw -> {
                Coefficients c = unpack(raw);
                var kalman = new KalmanArma(c.arExpanded(spec), c.maExpanded(spec));
                if (!kalman.stationary()) return PENALTY;
                double v = kalman.filter(centered(c.mean)).objective();
                return Double.isFinite(v) ? v : PENALTY;
            };
        }
    }
}
