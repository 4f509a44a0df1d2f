package forecast.adapters.ml;

import java.util.Arrays;

/**
 * The exact Gaussian likelihood of a zero-mean stationary ARMA process through a Kalman filter on
 * the state-space form that R's {@code stats::arima} uses (Gardner, Harvey and Phillips 1980): state
 * dimension r = max(p, q + 1), y_t = a_t[0], a_{t+1} = T a_t + R e_{t+1} with T the companion
 * matrix of the AR coefficients and R = (1, theta_1, ..., theta_{r-1}). Variances are relative to
 * the innovation variance, which the likelihood concentrates out.
 *
 * <p>The filter starts from the stationary distribution. Its covariance is computed from the
 * process's autocovariances in O(r^3) rather than by Gardner's O(r^4) algorithm; both solve
 * P = T P T' + R R'. Once the filtered covariance has vanished (the state is then known from the
 * past, which happens for every invertible MA part) the filter switches to the O(r) steady-state
 * recursion, which changes the likelihood by less than 1e-6 but makes long series cheap.
 *
 * <p>Immutable; {@link #filter} allocates its own work arrays, so one instance may serve
 * concurrent callers.
 */
final class KalmanArma {
    private static final double STEADY_TOLERANCE = 1e-10;

    private final int r;
    private final double[] phi;   // length r, zero beyond p
    private final double[] rvec;  // length r: 1, theta_1, ..., zero beyond q
    private final double[] q0;    // r x r, row-major
    private final double tolerance;

    /** @param ar AR coefficients of the (expanded) model; {@code ma} its MA coefficients */
    KalmanArma(double[] ar, double[] ma) {
        r = Math.max(ar.length, ma.length + 1);
        phi = new double[r];
        System.arraycopy(ar, 0, phi, 0, ar.length);
        rvec = new double[r];
        rvec[0] = 1;
        System.arraycopy(ma, 0, rvec, 1, ma.length);
        q0 = stationaryCovariance(phi, rvec, ar.length, r);
        tolerance = STEADY_TOLERANCE * Math.max(1, Math.abs(q0[0]));
    }

    int stateSize() {
        return r;
    }

    /** Whether the stationary covariance is finite (false for AR parts at or beyond a unit root). */
    boolean stationary() {
        for (double v : q0) if (!Double.isFinite(v)) return false;
        return q0[0] > 0;
    }

    /** The result of filtering: the likelihood's parts and the filtered state at the end. */
    record Pass(double ssq, double sumLog, int count, double[] state, double[] covariance) {
        /** The maximum-likelihood innovation variance, {@code ssq / n}. */
        double sigma2() {
            return ssq / count;
        }

        /** Minus the concentrated log-likelihood per observation, as R's optimizer sees it. */
        double objective() {
            return 0.5 * (Math.log(ssq / count) + sumLog / count);
        }

        /** The full Gaussian log-likelihood with sigma2 at its maximum, constants included. */
        double loglik() {
            return -0.5 * (count * Math.log(2 * Math.PI * sigma2()) + sumLog + count);
        }
    }

    /**
     * Runs the filter over {@code y} (zero-mean, no gaps). The returned state is a_{T|T} and the
     * covariance P_{T|T} (all zero once in steady state), both relative to the innovation variance.
     */
    Pass filter(double[] y) {
        double[] a = new double[r];
        double[] anew = new double[r];
        double[] pnew = q0.clone();
        double[] pf = new double[r * r];
        double ssq = 0;
        double sumLog = 0;
        boolean steady = false;
        for (int t = 0; t < y.length; t++) {
            if (t > 0) {
                for (int i = 0; i < r; i++) anew[i] = (i < r - 1 ? a[i + 1] : 0) + phi[i] * a[0];
                if (!steady) predictCovariance(pf, pnew);
            }
            double v = y[t] - anew[0];
            if (steady) {
                ssq += v * v;
                for (int i = 0; i < r; i++) a[i] = anew[i] + rvec[i] * v;
                continue;
            }
            double f = pnew[0];
            ssq += v * v / f;
            sumLog += Math.log(f);
            for (int i = 0; i < r; i++) a[i] = anew[i] + pnew[i * r] * v / f;
            double largest = 0;
            for (int i = 0; i < r; i++) {
                double mi = pnew[i * r] / f;
                for (int j = i; j < r; j++) {
                    double value = pnew[i * r + j] - mi * pnew[j * r];
                    pf[i * r + j] = value;
                    pf[j * r + i] = value;
                    largest = Math.max(largest, Math.abs(value));
                }
            }
            if (largest < tolerance) {
                steady = true;
                Arrays.fill(pf, 0);
            }
        }
        return new Pass(ssq, sumLog, y.length, a, pf);
    }

    /** pnew = T pf T' + R R', using the companion structure of T (O(r^2)). */
    private void predictCovariance(double[] pf, double[] pnew) {
        double p00 = pf[0];
        for (int i = 0; i < r; i++) {
            for (int j = i; j < r; j++) {
                double v = rvec[i] * rvec[j] + phi[i] * phi[j] * p00;
                if (i < r - 1 && j < r - 1) v += pf[(i + 1) * r + j + 1];
                if (j < r - 1) v += phi[i] * pf[j + 1];
                if (i < r - 1) v += phi[j] * pf[i + 1];
                pnew[i * r + j] = v;
                pnew[j * r + i] = v;
            }
        }
    }

    /**
     * The row vectors g_k = Z T^k for k = 1..h (row k-1), which map the state at the forecast
     * origin to the k-step-ahead value.
     */
    double[][] loadings(int h) {
        double[][] g = new double[h][r];
        double[] row = new double[r];
        row[0] = 1;
        for (int k = 0; k < h; k++) {
            double[] next = g[k];
            double first = 0;
            for (int i = 0; i < r; i++) first += row[i] * phi[i];
            next[0] = first;
            for (int j = 1; j < r; j++) next[j] = row[j - 1];
            row = next;
        }
        return g;
    }

    /** The mean forecasts Z T^k a for k = 1..h. */
    double[] project(double[] state, int h) {
        double[] a = state.clone();
        double[] out = new double[h];
        double[] next = new double[r];
        for (int k = 0; k < h; k++) {
            for (int i = 0; i < r; i++) next[i] = (i < r - 1 ? a[i + 1] : 0) + phi[i] * a[0];
            double[] swap = a;
            a = next;
            next = swap;
            out[k] = a[0];
        }
        return out;
    }

    /** c' P c for a symmetric r x r {@code p}. */
    double quadratic(double[] c, double[] p) {
        double s = 0;
        for (int i = 0; i < r; i++) {
            if (c[i] == 0) continue;
            double row = 0;
            for (int j = 0; j < r; j++) row += p[i * r + j] * c[j];
            s += c[i] * row;
        }
        return s;
    }

    /**
     * Solves P = T P T' + R R' from the autocovariances gamma(0..r) of the ARMA process
     * (Brockwell and Davis, section 3.3): the first row is Cov(y_t, a_t[j]), and the rest follows
     * from the equation itself, bottom-right first.
     */
    static double[] stationaryCovariance(double[] phi, double[] rvec, int p, int r) {
        double[] psi = new double[r + 1];
        psi[0] = 1;
        for (int j = 1; j <= r; j++) {
            double v = j < r ? rvec[j] : 0;
            for (int i = 1; i <= Math.min(j, p); i++) v += phi[i - 1] * psi[j - i];
            psi[j] = v;
        }
        double[] gamma = autocovariances(phi, rvec, psi, p, r);
        double[] q = new double[r * r];
        q[0] = gamma[0];
        for (int j = 1; j < r; j++) {
            double v = 0;
            for (int k = j + 1; k <= r; k++) if (k <= p) v += phi[k - 1] * gamma[k - j];
            for (int k = j; k < r; k++) v += rvec[k] * psi[k - j];
            q[j] = v;
            q[j * r] = v;
        }
        for (int i = r - 1; i >= 1; i--) {
            for (int j = r - 1; j >= i; j--) {
                double v = phi[i] * phi[j] * q[0] + rvec[i] * rvec[j];
                if (j + 1 < r) v += phi[i] * q[j + 1];
                if (i + 1 < r) v += phi[j] * q[i + 1];
                if (i + 1 < r && j + 1 < r) v += q[(i + 1) * r + j + 1];
                q[i * r + j] = v;
                q[j * r + i] = v;
            }
        }
        return q;
    }

    /** gamma(0..r): a (p+1)-dimensional linear system for lags 0..p, the AR recursion beyond. */
    private static double[] autocovariances(double[] phi, double[] rvec, double[] psi, int p, int r) {
        double[] gamma = new double[r + 1];
        int n = p + 1;
        double[][] a = new double[n][n + 1];
        for (int k = 0; k < n; k++) {
            a[k][k] += 1;
            for (int i = 1; i <= p; i++) a[k][Math.abs(k - i)] -= phi[i - 1];
            a[k][n] = maSide(rvec, psi, k, r);
        }
        double[] solved = solve(a, n);
        System.arraycopy(solved, 0, gamma, 0, Math.min(n, r + 1));
        for (int k = n; k <= r; k++) {
            double v = maSide(rvec, psi, k, r);
            for (int i = 1; i <= p; i++) v += phi[i - 1] * gamma[k - i];
            gamma[k] = v;
        }
        return gamma;
    }

    /** sum_{j >= k} theta_j psi_{j-k}, theta_0 = 1: the MA side of the autocovariance equations. */
    private static double maSide(double[] rvec, double[] psi, int k, int r) {
        double s = 0;
        for (int j = k; j < r; j++) s += rvec[j] * psi[j - k];
        return s;
    }

    /** Gaussian elimination with partial pivoting on the augmented n x (n+1) matrix. */
    private static double[] solve(double[][] a, int n) {
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int i = col + 1; i < n; i++) if (Math.abs(a[i][col]) > Math.abs(a[pivot][col])) pivot = i;
            double[] swap = a[col];
            a[col] = a[pivot];
            a[pivot] = swap;
            double d = a[col][col];
            if (d == 0) {
                double[] out = new double[n];
                Arrays.fill(out, Double.POSITIVE_INFINITY);
                return out;
            }
            for (int i = col + 1; i < n; i++) {
                double f = a[i][col] / d;
                if (f == 0) continue;
                for (int j = col; j <= n; j++) a[i][j] -= f * a[col][j];
            }
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = a[i][n];
            for (int j = i + 1; j < n; j++) s -= a[i][j] * x[j];
            x[i] = s / a[i][i];
        }
        return x;
    }
}
