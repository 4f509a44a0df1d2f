package forecast.adapters.ml;

/**
 * Seasonal strength and {@code forecast::nsdiffs(test = "seas")}: one seasonal difference when the
 * strength of the seasonal component of an STL decomposition (Wang, Smith and Hyndman 2006)
 * exceeds 0.64. The decomposition is a transcription of R's {@code stl.f} (Cleveland et al. 1990)
 * with the settings {@code forecast::mstl} passes: non-robust, R's default trend and low-pass
 * windows and jumps for the seasonal window given ({@code s.window = 11} for one seasonal period,
 * {@code 7 + 4 i} for the i-th of several in {@link MstlDecomposition}). Arrays below are 1-based, as in
 * the Fortran, to keep the transcription checkable line by line.
 */
final class ArimaStl {
    static final double THRESHOLD = 0.64;
    /** {@code forecast::mstl}'s {@code s.window} for its first (or only) seasonal period. */
    static final int SEASONAL_WINDOW = 11;

    private ArimaStl() {}

    /** The number of seasonal differences (0 or 1) for {@code x} (no gaps) with period {@code m}. */
    static int nsdiffs(double[] x, int m) {
        if (m <= 1 || KpssTest.constant(x)) return 0;
        // mstl drops a period without two full cycles, and the test then fails to 0 differences
        if (2 * m >= x.length) return 0;
        return strength(x, m) > THRESHOLD ? 1 : 0;
    }

    /** 1 - var(remainder) / var(remainder + seasonal), clamped to [0, 1]. */
    static double strength(double[] x, int m) {
        double[][] st = decompose(x, m);
        int n = x.length;
        double[] rem = new double[n];
        double[] rs = new double[n];
        for (int i = 0; i < n; i++) {
            rem[i] = x[i] - st[0][i] - st[1][i];
            rs[i] = rem[i] + st[0][i];
        }
        return Math.max(0, Math.min(1, 1 - variance(rem) / variance(rs)));
    }

    private static double variance(double[] v) {
        double mean = 0;
        for (double x : v) mean += x;
        mean /= v.length;
        double ss = 0;
        for (double x : v) ss += (x - mean) * (x - mean);
        return ss / (v.length - 1);
    }

    /** {seasonal, trend} (0-based) of {@code stl(x, s.window = 11)}; x must hold more than two periods. */
    static double[][] decompose(double[] x, int period) {
        return decompose(x, period, SEASONAL_WINDOW);
    }

    /**
     * {seasonal, trend} (0-based) of {@code stl(x, s.window = seasonalWindow)} (odd, at least 3;
     * Cleveland et al. recommend at least 7); x must hold more than two periods.
     */
    static double[][] decompose(double[] x, int period, int seasonalWindow) {
        if (seasonalWindow < 3 || seasonalWindow % 2 == 0) throw new IllegalArgumentException("the seasonal window must be odd and at least 3: " + seasonalWindow);
        int n = x.length;
        int np = Math.max(2, period);
        int ns = seasonalWindow;
        int nt = nextOdd(Math.ceil(1.5 * period / (1 - 1.5 / seasonalWindow)));
        int nl = nextOdd(period);
        int nsjump = (int) Math.ceil(ns / 10.0);
        int ntjump = (int) Math.ceil(nt / 10.0);
        int nljump = (int) Math.ceil(nl / 10.0);
        double[] y = new double[n + 1];
        System.arraycopy(x, 0, y, 1, n);
        double[] season = new double[n + 1];
        double[] trend = new double[n + 1];
        double[] rw = new double[n + 1];
        // inner = 2, outer = 0 (robust = FALSE); degrees s = 0, t = l = 1
        step(y, n, np, ns, nt, nl, 0, 1, 1, nsjump, ntjump, nljump, 2, rw, season, trend);
        double[][] out = new double[2][n];
        System.arraycopy(season, 1, out[0], 0, n);
        System.arraycopy(trend, 1, out[1], 0, n);
        return out;
    }

    private static int nextOdd(double v) {
        int x = (int) Math.round(v);
        return x % 2 == 0 ? x + 1 : x;
    }

    /** stlstp: the inner loop, without robustness weights. */
    private static void step(double[] y, int n, int np, int ns, int nt, int nl, int isdeg, int itdeg, int ildeg,
                             int nsjump, int ntjump, int nljump, int ni, double[] rw, double[] season, double[] trend) {
        int len = n + 2 * np;
        double[] w1 = new double[len + 1];
        double[] w2 = new double[len + 1];
        double[] w3 = new double[len + 1];
        double[] w4 = new double[len + 1];
        double[] w5 = new double[len + 1];
        for (int j = 1; j <= ni; j++) {
            for (int i = 1; i <= n; i++) w1[i] = y[i] - trend[i];
            subseries(w1, n, np, ns, isdeg, nsjump, rw, w2, w3, w4, w5, season);
            lowPass(w2, len, np, w3, w1);
            smooth(w3, n, nl, ildeg, nljump, false, w4, w1, w5);
            for (int i = 1; i <= n; i++) season[i] = w2[np + i] - w1[i];
            for (int i = 1; i <= n; i++) w1[i] = y[i] - season[i];
            smooth(w1, n, nt, itdeg, ntjump, false, rw, trend, w3);
        }
    }

    /** stlss: smooths each cycle-subseries and extends it by one value at each end. */
    private static void subseries(double[] y, int n, int np, int ns, int isdeg, int nsjump, double[] rw,
                                  double[] season, double[] work1, double[] work2, double[] work3, double[] work4) {
        for (int j = 1; j <= np; j++) {
            int k = (n - j) / np + 1;
            for (int i = 1; i <= k; i++) work1[i] = y[(i - 1) * np + j];
            double[] smoothed = new double[k + 1];
            smooth(work1, k, ns, isdeg, nsjump, false, work3, smoothed, work4);
            for (int i = 1; i <= k; i++) work2[i + 1] = smoothed[i];
            double first = estimate(work1, k, ns, isdeg, 0, 1, Math.min(ns, k), work4, false, work3);
            work2[1] = Double.isNaN(first) ? work2[2] : first;
            double last = estimate(work1, k, ns, isdeg, k + 1, Math.max(1, k - ns + 1), k, work4, false, work3);
            work2[k + 2] = Double.isNaN(last) ? work2[k + 1] : last;
            for (int m = 1; m <= k + 2; m++) season[(m - 1) * np + j] = work2[m];
        }
    }

    /** stlfts: moving averages of lengths np, np and 3. */
    private static void lowPass(double[] x, int n, int np, double[] trend, double[] work) {
        movingAverage(x, n, np, trend);
        movingAverage(trend, n - np + 1, np, work);
        movingAverage(work, n - 2 * np + 2, 3, trend);
    }

    private static void movingAverage(double[] x, int n, int len, double[] ave) {
        int newn = n - len + 1;
        double v = 0;
        for (int i = 1; i <= len; i++) v += x[i];
        ave[1] = v / len;
        for (int j = 2, k = len, m = 0; j <= newn; j++) {
            k++;
            m++;
            v = v - x[m] + x[k];
            ave[j] = v / len;
        }
    }

    /** stless: loess smoothing at every njump-th point, linear interpolation in between. */
    private static void smooth(double[] y, int n, int len, int ideg, int njump, boolean userw, double[] rw,
                               double[] ys, double[] res) {
        if (n < 2) {
            ys[1] = y[1];
            return;
        }
        int newnj = Math.min(njump, n - 1);
        int nleft = 0;
        int nright = 0;
        if (len >= n) {
            nleft = 1;
            nright = n;
            for (int i = 1; i <= n; i += newnj) ys[i] = orData(estimate(y, n, len, ideg, i, nleft, nright, res, userw, rw), y[i]);
        } else if (newnj == 1) {
            int nsh = (len + 1) / 2;
            nleft = 1;
            nright = len;
            for (int i = 1; i <= n; i++) {
                if (i > nsh && nright != n) {
                    nleft++;
                    nright++;
                }
                ys[i] = orData(estimate(y, n, len, ideg, i, nleft, nright, res, userw, rw), y[i]);
            }
        } else {
            int nsh = (len + 1) / 2;
            for (int i = 1; i <= n; i += newnj) {
                if (i < nsh) {
                    nleft = 1;
                    nright = len;
                } else if (i >= n - nsh + 1) {
                    nleft = n - len + 1;
                    nright = n;
                } else {
                    nleft = i - nsh + 1;
                    nright = len + i - nsh;
                }
                ys[i] = orData(estimate(y, n, len, ideg, i, nleft, nright, res, userw, rw), y[i]);
            }
        }
        if (newnj != 1) {
            for (int i = 1; i <= n - newnj; i += newnj) {
                double delta = (ys[i + newnj] - ys[i]) / newnj;
                for (int j = i + 1; j <= i + newnj - 1; j++) ys[j] = ys[i] + delta * (j - i);
            }
            int k = ((n - 1) / newnj) * newnj + 1;
            if (k != n) {
                ys[n] = orData(estimate(y, n, len, ideg, n, nleft, nright, res, userw, rw), y[n]);
                if (k != n - 1) {
                    double delta = (ys[n] - ys[k]) / (n - k);
                    for (int j = k + 1; j <= n - 1; j++) ys[j] = ys[k] + delta * (j - k);
                }
            }
        }
    }

    private static double orData(double estimate, double data) {
        return Double.isNaN(estimate) ? data : estimate;
    }

    /** stlest: the local (degree 0 or 1) tricube-weighted fit at xs; NaN when no weight is positive. */
    private static double estimate(double[] y, int n, int len, int ideg, double xs, int nleft, int nright,
                                   double[] w, boolean userw, double[] rw) {
        double range = n - 1.0;
        double h = Math.max(xs - nleft, nright - xs);
        if (len > n) h += (len - n) / 2;
        double h9 = 0.999 * h;
        double h1 = 0.001 * h;
        double a = 0;
        for (int j = nleft; j <= nright; j++) {
            double r = Math.abs(j - xs);
            if (r <= h9) {
                if (r <= h1) w[j] = 1;
                else {
                    double u = r / h;
                    double t = 1 - u * u * u;
                    w[j] = t * t * t;
                }
                if (userw) w[j] *= rw[j];
                a += w[j];
            } else {
                w[j] = 0;
            }
        }
        if (a <= 0) return Double.NaN;
        for (int j = nleft; j <= nright; j++) w[j] /= a;
        if (h > 0 && ideg > 0) {
            double center = 0;
            for (int j = nleft; j <= nright; j++) center += w[j] * j;
            double b = xs - center;
            double c = 0;
            for (int j = nleft; j <= nright; j++) c += w[j] * (j - center) * (j - center);
            if (Math.sqrt(c) > 0.001 * range) {
                b /= c;
                for (int j = nleft; j <= nright; j++) w[j] *= b * (j - center) + 1;
            }
        }
        double ys = 0;
        for (int j = nleft; j <= nright; j++) ys += w[j] * y[j];
        return ys;
    }
}
