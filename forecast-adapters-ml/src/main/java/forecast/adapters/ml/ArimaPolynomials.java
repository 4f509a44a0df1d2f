package forecast.adapters.ml;

import org.apache.commons.math3.analysis.solvers.LaguerreSolver;
import org.apache.commons.math3.complex.Complex;

/**
 * Lag polynomials of ARIMA models, with R's sign conventions: AR coefficients c enter as
 * {@code 1 - c1 B - c2 B^2 - ...}, MA coefficients as {@code 1 + c1 B + c2 B^2 + ...}; arrays hold
 * c1, c2, ... (lag 1 first).
 */
final class ArimaPolynomials {
    private ArimaPolynomials() {}

    /** The coefficients of phi(B)Phi(B^m) in AR convention, of length p + P*m (R's transPars). */
    static double[] arProduct(double[] ar, double[] sar, int m) {
        double[] out = new double[ar.length + sar.length * m];
        System.arraycopy(ar, 0, out, 0, ar.length);
        for (int j = 0; j < sar.length; j++) {
            out[(j + 1) * m - 1] += sar[j];
            for (int i = 0; i < ar.length; i++) out[(j + 1) * m + i] -= ar[i] * sar[j];
        }
        return out;
    }

    /** The coefficients of theta(B)Theta(B^m) in MA convention, of length q + Q*m. */
    static double[] maProduct(double[] ma, double[] sma, int m) {
        double[] out = new double[ma.length + sma.length * m];
        System.arraycopy(ma, 0, out, 0, ma.length);
        for (int j = 0; j < sma.length; j++) {
            out[(j + 1) * m - 1] += sma[j];
            for (int i = 0; i < ma.length; i++) out[(j + 1) * m + i] += ma[i] * sma[j];
        }
        return out;
    }

    /** The differencing polynomial (1-B)^d (1-B^m)^D as plain coefficients, index = lag, [0] = 1. */
    static double[] differencing(int d, int sd, int m) {
        double[] poly = {1};
        for (int i = 0; i < d; i++) poly = timesOneMinusLag(poly, 1);
        for (int i = 0; i < sd; i++) poly = timesOneMinusLag(poly, m);
        return poly;
    }

    private static double[] timesOneMinusLag(double[] poly, int lag) {
        double[] out = new double[poly.length + lag];
        for (int i = 0; i < poly.length; i++) {
            out[i] += poly[i];
            out[i + lag] -= poly[i];
        }
        return out;
    }

    /** {@code x} differenced by {@code delta} (from {@link #differencing}); shorter by delta.length - 1. */
    static double[] difference(double[] x, double[] delta) {
        int k = delta.length - 1;
        double[] w = new double[Math.max(0, x.length - k)];
        for (int t = 0; t < w.length; t++) {
            double v = 0;
            for (int i = 0; i <= k; i++) if (delta[i] != 0) v += delta[i] * x[t + k - i];
            w[t] = v;
        }
        return w;
    }

    /**
     * Maps unconstrained values to the coefficients of a stationary AR polynomial (R's partrans):
     * tanh gives partial autocorrelations in (-1, 1), Durbin-Levinson turns them into coefficients.
     */
    static double[] toStationary(double[] raw, int from, int p) {
        double[] out = new double[p];
        double[] work = new double[p];
        for (int j = 0; j < p; j++) work[j] = out[j] = Math.tanh(raw[from + j]);
        for (int j = 1; j < p; j++) {
            double a = out[j];
            for (int k = 0; k < j; k++) work[k] -= a * out[j - k - 1];
            System.arraycopy(work, 0, out, 0, j);
        }
        return out;
    }

    /** The inverse of {@link #toStationary} for a stationary AR polynomial (R's invpartrans). */
    static double[] fromStationary(double[] phi) {
        int p = phi.length;
        double[] out = phi.clone();
        double[] work = phi.clone();
        for (int j = p - 1; j > 0; j--) {
            double a = out[j];
            for (int k = 0; k < j; k++) work[k] = (out[k] + a * out[j - k - 1]) / (1 - a * a);
            System.arraycopy(work, 0, out, 0, j);
        }
        for (int j = 0; j < p; j++) {
            double v = Math.max(-1 + 1e-12, Math.min(1 - 1e-12, out[j]));
            out[j] = 0.5 * Math.log((1 + v) / (1 - v));
        }
        return out;
    }

    /**
     * The invertible MA polynomial with the same autocovariances (R's maInvert): roots inside the
     * unit circle are replaced by their reciprocals.
     */
    static double[] invertible(double[] ma) {
        int q0 = ma.length;
        while (q0 > 0 && ma[q0 - 1] == 0) q0--;
        if (q0 == 0) return ma.clone();
        Complex[] roots = roots(ma, q0, 1);
        boolean inside = false;
        for (Complex r : roots) inside |= r.abs() < 1;
        if (!inside) return ma.clone();
        double[] out = new double[ma.length];
        if (q0 == 1) {
            out[0] = 1 / ma[0];
            return out;
        }
        Complex[] x = {Complex.ONE};
        for (Complex r : roots) {
            Complex root = r.abs() < 1 ? r.reciprocal() : r;
            Complex[] next = new Complex[x.length + 1];
            for (int i = 0; i < next.length; i++) {
                Complex v = i < x.length ? x[i] : Complex.ZERO;
                if (i > 0) v = v.subtract(x[i - 1].divide(root));
                next[i] = v;
            }
            x = next;
        }
        for (int i = 0; i < q0; i++) out[i] = x[i + 1].getReal();
        return out;
    }

    /**
     * The smallest modulus among the roots of {@code 1 + sign*(c1 z + ... + ck z^k)}; 2 when there
     * are none (R's auto.arima caps it there). sign is -1 for AR, +1 for MA.
     */
    static double minRootModulus(double[] c, double sign) {
        int k = c.length;
        while (k > 0 && Math.abs(c[k - 1]) <= 1e-8) k--;
        if (k == 0) return 2;
        double min = Double.POSITIVE_INFINITY;
        for (Complex r : roots(c, k, sign)) min = Math.min(min, r.abs());
        return min;
    }

    private static Complex[] roots(double[] c, int k, double sign) {
        double[] poly = new double[k + 1];
        poly[0] = 1;
        for (int i = 0; i < k; i++) poly[i + 1] = sign * c[i];
        // an evaluation cap, since the solver's own default is unbounded
        return new LaguerreSolver(1e-12, 1e-12, 1e-15).solveAllComplex(poly, 0, 100_000);
    }

    /**
     * The first {@code h} psi weights of {@code (1 + sum ma_i B^i) / (1 - sum ar_i B^i)}: the
     * response of the series to one innovation, psi[0] = 1.
     */
    static double[] psi(double[] ar, double[] ma, int h) {
        double[] psi = new double[h];
        if (h == 0) return psi;
        psi[0] = 1;
        for (int j = 1; j < h; j++) {
            double v = j <= ma.length ? ma[j - 1] : 0;
            for (int i = 1; i <= Math.min(j, ar.length); i++) v += ar[i - 1] * psi[j - i];
            psi[j] = v;
        }
        return psi;
    }

    /** AR-convention coefficients of (1 - sum ar_i B^i) times the plain polynomial {@code delta}. */
    static double[] arTimes(double[] ar, double[] delta) {
        double[] plain = new double[ar.length + 1];
        plain[0] = 1;
        for (int i = 0; i < ar.length; i++) plain[i + 1] = -ar[i];
        double[] product = new double[plain.length + delta.length - 1];
        for (int i = 0; i < plain.length; i++) for (int j = 0; j < delta.length; j++) product[i + j] += plain[i] * delta[j];
        double[] out = new double[product.length - 1];
        for (int i = 0; i < out.length; i++) out[i] = -product[i + 1];
        return out;
    }
}
