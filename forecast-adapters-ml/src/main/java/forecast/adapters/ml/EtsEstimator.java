package forecast.adapters.ml;

import static forecast.adapters.ml.EtsParameters.LOWER;
import static forecast.adapters.ml.EtsParameters.PHI_LOWER;
import static forecast.adapters.ml.EtsParameters.PHI_UPPER;
import static forecast.adapters.ml.EtsParameters.UPPER;

import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;

/**
 * Maximum likelihood for ETS models as R's {@code forecast::ets} does it (its {@code etsmodel}):
 * smoothing parameters and free initial states together by {@link NelderMead} (relative tolerance
 * sqrt(machine epsilon), 2000 evaluations) from {@link EtsInitialization}'s values, inside R's
 * default {@code bounds = "both"}: the "usual" region (each parameter within its limits, beta below
 * alpha, gamma below 1 - alpha) and the "admissible" one (the model forecasts stably: the
 * characteristic roots of a seasonal model within the unit circle). Among candidates, the lowest
 * AICc wins.
 */
final class EtsEstimator {
    private static final double RELTOL = Math.sqrt(Math.ulp(1.0));
    private static final int MAX_EVALUATIONS = 2000;

    private EtsEstimator() {}

    /** The candidate with the lowest AICc; the first in R's order on a tie. */
    static EtsFit select(double[] y, List<EtsSpec> candidates) {
        EtsFit best = null;
        for (EtsSpec spec : candidates) {
            EtsFit fit = fit(y, spec);
            if (fit != null && !Double.isNaN(fit.aicc()) && (best == null || fit.aicc() < best.aicc())) best = fit;
        }
        if (best == null) throw new IllegalArgumentException("no ETS model could be fitted to " + y.length + " observations");
        return best;
    }

    /** The estimate, or null when there are too few observations for its parameters or no finite likelihood. */
    static EtsFit fit(double[] y, EtsSpec spec) {
        EtsParameters start = EtsInitialization.parameters(spec);
        double[] states;
        try {
            states = EtsInitialization.states(spec, y);
        } catch (IllegalArgumentException e) {
            return null;
        }
        double[] smoothing = pack(spec, start);
        int np = smoothing.length + states.length;
        if (np >= y.length - 1) return null;
        double[] x0 = new double[np];
        System.arraycopy(smoothing, 0, x0, 0, smoothing.length);
        System.arraycopy(states, 0, x0, smoothing.length, states.length);
        NelderMead.Minimum min;
        try {
            min = NelderMead.minimize(x -> objective(spec, x, y), x0, RELTOL, MAX_EVALUATIONS);
        } catch (IllegalArgumentException e) {
            return null;
        }
        EtsParameters p = unpack(spec, min.point());
        double[] initial = fullState(spec, min.point(), smoothing.length);
        var pass = EtsFilter.run(spec, p, initial, y);
        if (!Double.isFinite(pass.lik())) return null;
        return new EtsFit(spec, p, initial, pass.lik(), y.length, np, pass.sse());
    }

    /** R's target: +Inf outside the region or with a negative multiplicative seasonal value. */
    private static double objective(EtsSpec spec, double[] x, double[] y) {
        EtsParameters p = unpack(spec, x);
        if (!usual(spec, p) || !admissible(spec, p)) return Double.POSITIVE_INFINITY;
        double[] initial = fullState(spec, x, spec.smoothingParameters());
        if (spec.season() == 'M')
            for (int i = spec.trended() ? 2 : 1; i < initial.length; i++) if (initial[i] < 0) return Double.POSITIVE_INFINITY;
        double lik = EtsFilter.run(spec, p, initial, y).lik();
        if (Double.isNaN(lik)) return Double.POSITIVE_INFINITY;
        return Math.max(lik, -1e10); // a perfect fit would be -Inf
    }

    private static double[] pack(EtsSpec spec, EtsParameters p) {
        double[] out = new double[spec.smoothingParameters()];
        int i = 0;
        out[i++] = p.alpha();
        if (spec.trended()) out[i++] = p.beta();
        if (spec.seasonal()) out[i++] = p.gamma();
        if (spec.damped()) out[i] = p.phi();
        return out;
    }

    private static EtsParameters unpack(EtsSpec spec, double[] x) {
        int i = 0;
        double alpha = x[i++];
        double beta = spec.trended() ? x[i++] : 0;
        double gamma = spec.seasonal() ? x[i++] : 0;
        double phi = spec.damped() ? x[i] : 1;
        return new EtsParameters(alpha, beta, gamma, phi);
    }

    /** The free states from {@code x} and the last seasonal value, which makes the season sum to 0 (additive) or m (multiplicative). */
    private static double[] fullState(EtsSpec spec, double[] x, int offset) {
        double[] state = new double[spec.stateSize()];
        int free = spec.freeStates();
        System.arraycopy(x, offset, state, 0, free);
        if (spec.seasonal()) {
            double sum = 0;
            for (int i = spec.trended() ? 2 : 1; i < free; i++) sum += state[i];
            state[free] = (spec.season() == 'M' ? spec.period() : 0) - sum;
        }
        return state;
    }

    /** R's "usual" bounds. */
    static boolean usual(EtsSpec spec, EtsParameters p) {
        if (p.alpha() < LOWER || p.alpha() > UPPER) return false;
        if (spec.trended() && (p.beta() < LOWER || p.beta() > p.alpha() || p.beta() > UPPER)) return false;
        if (spec.damped() && (p.phi() < PHI_LOWER || p.phi() > PHI_UPPER)) return false;
        return !spec.seasonal() || (p.gamma() >= LOWER && p.gamma() <= 1 - p.alpha() && p.gamma() <= UPPER);
    }

    /** R's "admissible" region (Hyndman et al. 2008, ch. 10): the forecasts forget the initial state. */
    static boolean admissible(EtsSpec spec, EtsParameters p) {
        double a = p.alpha(), b = p.beta(), g = p.gamma(), phi = p.phi();
        if (phi < 0 || phi > 1 + 1e-8) return false;
        if (!spec.seasonal()) {
            if (a < 1 - 1 / phi || a > 1 + 1 / phi) return false;
            return !spec.trended() || (b >= a * (phi - 1) && b <= (1 + phi) * (2 - a));
        }
        int m = spec.period();
        if (g < Math.max(1 - 1 / phi - a, 0) || g > 1 + 1 / phi - a) return false;
        if (a < 1 - 1 / phi - g * (1 - m + phi + phi * m) / (2 * phi * m)) return false;
        if (b < -(1 - phi) * (g / m + a)) return false;
        // the characteristic polynomial, constant term first
        double[] c = new double[m + 2];
        c[0] = phi * (1 - a - g);
        c[1] = a + b - a * phi + g - 1;
        for (int i = 2; i < m; i++) c[i] = a + b - a * phi;
        c[m] = a + b - phi;
        c[m + 1] = 1;
        if (!spec.trended() && !spec.damped()) c = withoutUnitRoot(c); // R's check passes that root (modulus 1)
        return rootsWithin(c, 1 + 1e-10);
    }

    /**
     * The polynomial divided by (z - 1). Without trend and damping, p(1) = 0 for every alpha and
     * gamma; left in, a root exactly on the circle would send every check to the slow path.
     */
    private static double[] withoutUnitRoot(double[] c) {
        int d = c.length - 1;
        double[] q = new double[d];
        q[d - 1] = c[d];
        for (int i = d - 1; i >= 1; i--) q[i - 1] = c[i] + q[i];
        return q;
    }

    /**
     * Whether every root of the monic polynomial {@code c} (constant first) has modulus at most
     * {@code radius}, by the Schur-Cohn step-down on the polynomial scaled to that radius: a few
     * dozen multiplications, against an eigen decomposition, for the thousands of checks of one
     * search. When a reflection coefficient lies within 1e-6 of 1 the roots sit too close to the
     * circle for its divisions, and the companion matrix's eigenvalues decide.
     */
    static boolean rootsWithin(double[] c, double radius) {
        int d = c.length - 1;
        double[] a = new double[d + 1]; // a[i]: coefficient of z^(d-i) of p(radius * z) / radius^d
        double scale = 1;
        for (int i = 0; i <= d; i++) {
            a[i] = c[d - i] / c[d] * scale;
            scale /= radius;
        }
        for (int k = d; k >= 1; k--) {
            double reflection = a[k];
            double margin = 1 - Math.abs(reflection);
            if (Math.abs(margin) < 1e-6) return spectralRadius(c) <= radius;
            if (margin < 0) return false;
            double norm = 1 - reflection * reflection;
            double[] next = new double[k];
            next[0] = 1;
            for (int i = 1; i < k; i++) next[i] = (a[i] - reflection * a[k - i]) / norm;
            a = next;
        }
        return true;
    }

    /**
     * The largest root modulus of the monic polynomial {@code c} (constant first), as the largest
     * eigenvalue modulus of its companion matrix: without damping the roots crowd the unit circle
     * (a=g=0 gives the m-th roots of unity and a double root at 1), where Laguerre's method in
     * commons-math3 may not converge; the QR iteration of {@link EigenDecomposition} does.
     */
    private static double spectralRadius(double[] c) {
        int d = c.length - 1;
        var companion = new Array2DRowRealMatrix(d, d);
        for (int j = 0; j < d; j++) companion.setEntry(0, j, -c[d - 1 - j] / c[d]);
        for (int i = 1; i < d; i++) companion.setEntry(i, i - 1, 1);
        try {
            var eigen = new EigenDecomposition(companion);
            double max = 0;
            double[] re = eigen.getRealEigenvalues(), im = eigen.getImagEigenvalues();
            for (int i = 0; i < d; i++) max = Math.max(max, Math.hypot(re[i], im[i]));
            return max;
        } catch (RuntimeException e) { // no convergence: outside, as a failed check in R would be
            return Double.POSITIVE_INFINITY;
        }
    }
}
