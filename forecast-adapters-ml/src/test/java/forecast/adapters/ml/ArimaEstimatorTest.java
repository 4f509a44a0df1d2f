package forecast.adapters.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ArimaEstimatorTest {
    /** R's coefficient names for a fit. */
    static Map<String, Double> coefficients(ArimaFit fit) {
        var out = new LinkedHashMap<String, Double>();
        for (int i = 0; i < fit.ar().length; i++) out.put("ar" + (i + 1), fit.ar()[i]);
        for (int i = 0; i < fit.ma().length; i++) out.put("ma" + (i + 1), fit.ma()[i]);
        for (int i = 0; i < fit.sar().length; i++) out.put("sar" + (i + 1), fit.sar()[i]);
        for (int i = 0; i < fit.sma().length; i++) out.put("sma" + (i + 1), fit.sma()[i]);
        if (fit.spec().constant()) out.put(fit.spec().drift() ? "drift" : "intercept", fit.constant());
        return out;
    }

    @Test
    void stationaryCovarianceSolvesTheLyapunovEquation() {
        double[] ar = ArimaPolynomials.arProduct(new double[] {0.5, -0.2}, new double[] {0.3}, 4);
        double[] ma = ArimaPolynomials.maProduct(new double[] {0.4}, new double[] {-0.6}, 4);
        int r = Math.max(ar.length, ma.length + 1);
        double[] phi = pad(ar, r);
        double[] rv = new double[r];
        rv[0] = 1;
        System.arraycopy(ma, 0, rv, 1, ma.length);
        double[] q = KalmanArma.stationaryCovariance(phi, rv, ar.length, r);
        double[][] t = companion(phi);
        for (int i = 0; i < r; i++)
            for (int j = 0; j < r; j++) {
                double v = rv[i] * rv[j];
                for (int a = 0; a < r; a++) for (int b = 0; b < r; b++) v += t[i][a] * q[a * r + b] * t[j][b];
                assertEquals(q[i * r + j], v, 1e-10 * Math.max(1, Math.abs(q[i * r + j])), "Q[" + i + "][" + j + "]");
            }
    }

    @Test
    void filterAgreesWithATextbookKalmanFilter() {
        // a seasonal ARMA whose MA part keeps the filter from settling for a while, then settles
        double[] ar = ArimaPolynomials.arProduct(new double[] {0.6}, new double[] {0.4}, 12);
        double[] ma = ArimaPolynomials.maProduct(new double[] {-0.5}, new double[] {-0.7}, 12);
        double[] y = simulate(ar, ma, 600, 12);
        var pass = new KalmanArma(ar, ma).filter(y);
        double[] reference = textbook(ar, ma, y);
        assertEquals(reference[0], pass.ssq(), 1e-6 * reference[0], "sum of squared standardized innovations");
        assertEquals(reference[1], pass.sumLog(), 1e-6, "sum of log variances");
        double[] state = java.util.Arrays.copyOfRange(reference, 2, reference.length);
        assertArrayEquals(state, pass.state(), 1e-6);
    }

    @Test
    void mlFromZeroAndFromCssStartsReachTheSameOptimum() {
        for (String name : ArimaReference.NAMES) {
            var ref = ArimaReference.load(name);
            for (var model : ref.models()) {
                var spec = ArimaReference.spec(model);
                var ml = ArimaEstimator.fit(ref.modelled(), spec, ArimaEstimator.Method.ML);
                var cssMl = ArimaEstimator.fit(ref.modelled(), spec, ArimaEstimator.Method.CSS_ML);
                assertEquals(ml.loglik(), cssMl.loglik(), 1e-3, name + " " + spec);
            }
        }
    }

    @Test
    void cssFitIsCloseToTheExactOneOnALongSeries() {
        double[] y = simulate(new double[] {0.7}, new double[] {0.3}, 2000, 1);
        var spec = new ArimaSpec(1, 0, 1, 0, 0, 0, 1, false);
        var css = ArimaEstimator.fit(y, spec, ArimaEstimator.Method.CSS);
        var ml = ArimaEstimator.fit(y, spec, ArimaEstimator.Method.CSS_ML);
        assertTrue(css.css() && !ml.css());
        assertEquals(ml.ar()[0], css.ar()[0], 0.02);
        assertEquals(ml.ma()[0], css.ma()[0], 0.02);
        assertEquals(0.7, ml.ar()[0], 0.05);
        assertEquals(1, ml.sigma2(), 0.1);
    }

    @Test
    void polynomialHelpersFollowR() {
        double[] raw = {0.3, -1.2, 2.0};
        assertArrayEquals(raw, ArimaPolynomials.fromStationary(ArimaPolynomials.toStationary(raw, 0, 3)), 1e-10);
        assertArrayEquals(new double[] {0.5}, ArimaPolynomials.invertible(new double[] {2}), 1e-12);
        assertArrayEquals(new double[] {0.4}, ArimaPolynomials.invertible(new double[] {0.4}), 0);
        // (1 + 2B)(1 + 0.5B) = 1 + 2.5B + B^2 has the root -0.5 inside: flipped to (1 + 0.5B)^2
        assertArrayEquals(new double[] {1, 0.25}, ArimaPolynomials.invertible(new double[] {2.5, 1}), 1e-9);
        assertArrayEquals(new double[] {1, -2, 1}, ArimaPolynomials.differencing(2, 0, 4), 0);
        assertArrayEquals(new double[] {1, -1, 0, 0, -1, 1}, ArimaPolynomials.differencing(1, 1, 4), 0);
        // ARIMA(0,1,1): psi_j = 1 + theta for j >= 1
        double[] psi = ArimaPolynomials.psi(ArimaPolynomials.arTimes(new double[0], new double[] {1, -1}), new double[] {-0.4}, 4);
        assertArrayEquals(new double[] {1, 0.6, 0.6, 0.6}, psi, 1e-12);
        assertEquals(1 / 0.9, ArimaPolynomials.minRootModulus(new double[] {0.9}, -1), 1e-9);
    }

    private static double[] simulate(double[] ar, double[] ma, int n, long seed) {
        var random = new Random(seed);
        int burn = 500;
        double[] y = new double[n + burn];
        double[] e = new double[n + burn];
        for (int t = 0; t < y.length; t++) {
            e[t] = random.nextGaussian();
            double v = e[t];
            for (int i = 1; i <= ar.length && t - i >= 0; i++) v += ar[i - 1] * y[t - i];
            for (int i = 1; i <= ma.length && t - i >= 0; i++) v += ma[i - 1] * e[t - i];
            y[t] = v;
        }
        return java.util.Arrays.copyOfRange(y, burn, y.length);
    }

    /** {ssq, sumLog, state...} from a dense filter started at a covariance found by plain iteration. */
    private static double[] textbook(double[] ar, double[] ma, double[] y) {
        int r = Math.max(ar.length, ma.length + 1);
        double[][] t = companion(pad(ar, r));
        double[] rv = new double[r];
        rv[0] = 1;
        System.arraycopy(ma, 0, rv, 1, ma.length);
        double[][] v = new double[r][r];
        for (int i = 0; i < r; i++) for (int j = 0; j < r; j++) v[i][j] = rv[i] * rv[j];
        double[][] p = v;
        for (int k = 0; k < 3000; k++) p = add(sandwich(t, p), v);
        double[] a = new double[r];
        double ssq = 0, sumLog = 0;
        for (int step = 0; step < y.length; step++) {
            if (step > 0) {
                a = times(t, a);
                p = add(sandwich(t, p), v);
            }
            double f = p[0][0];
            double innovation = y[step] - a[0];
            ssq += innovation * innovation / f;
            sumLog += Math.log(f);
            double[] gain = new double[r];
            for (int i = 0; i < r; i++) gain[i] = p[i][0] / f;
            for (int i = 0; i < r; i++) a[i] += gain[i] * innovation;
            double[][] next = new double[r][r];
            for (int i = 0; i < r; i++) for (int j = 0; j < r; j++) next[i][j] = p[i][j] - gain[i] * p[0][j];
            p = next;
        }
        double[] out = new double[r + 2];
        out[0] = ssq;
        out[1] = sumLog;
        System.arraycopy(a, 0, out, 2, r);
        return out;
    }

    private static double[] pad(double[] c, int r) {
        double[] out = new double[r];
        System.arraycopy(c, 0, out, 0, c.length);
        return out;
    }

    private static double[][] companion(double[] phi) {
        int r = phi.length;
        double[][] t = new double[r][r];
        for (int i = 0; i < r; i++) {
            t[i][0] = phi[i];
            if (i + 1 < r) t[i][i + 1] = 1;
        }
        return t;
    }

    private static double[][] sandwich(double[][] t, double[][] p) {
        int r = t.length;
        double[][] tp = new double[r][r];
        for (int i = 0; i < r; i++) for (int k = 0; k < r; k++) if (t[i][k] != 0) for (int j = 0; j < r; j++) tp[i][j] += t[i][k] * p[k][j];
        double[][] out = new double[r][r];
        for (int i = 0; i < r; i++) for (int j = 0; j < r; j++) {
            double s = 0;
            for (int k = 0; k < r; k++) s += tp[i][k] * t[j][k];
            out[i][j] = s;
        }
        return out;
    }

    private static double[][] add(double[][] a, double[][] b) {
        double[][] out = new double[a.length][a.length];
        for (int i = 0; i < a.length; i++) for (int j = 0; j < a.length; j++) out[i][j] = a[i][j] + b[i][j];
        return out;
    }

    private static double[] times(double[][] t, double[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) for (int j = 0; j < a.length; j++) out[i] += t[i][j] * a[j];
        return out;
    }
}
