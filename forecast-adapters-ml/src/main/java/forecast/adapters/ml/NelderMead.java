package forecast.adapters.ml;

import java.util.function.ToDoubleFunction;

/**
 * The Nelder-Mead minimiser of R's {@code optim} ({@code nmmin} in R's {@code optim.c}), which
 * {@code forecast::ets} calls directly: reflection 1, contraction 0.5, expansion 2, a first simplex
 * one step of a tenth of the largest starting value along each axis, and a stop when the simplex's
 * values lie within {@code reltol * (|f0| + reltol)} or after {@code maxit} evaluations.
 *
 * <p>Why not commons-math3's {@code SimplexOptimizer}: ETS likelihoods over smoothing parameters
 * and initial states are flat and multimodal, so where the search stops depends on the first
 * simplex and the stopping rule. Following R's exactly lands on R's estimates, which is what the
 * reference tests (and users comparing with R) check; commons-math3's simplex is built and stopped
 * differently. Non-finite values count as 1e35, as in R.
 */
final class NelderMead {
    private static final double BIG = 1.0e35;

    private NelderMead() {}

    /** The minimum found: its point and value. */
    record Minimum(double[] point, double value, int evaluations) {}

    static Minimum minimize(ToDoubleFunction<double[]> f, double[] start, double reltol, int maxit) {
        int n = start.length;
        double[] b = start.clone();
        double fv = f.applyAsDouble(b);
        if (!Double.isFinite(fv)) throw new IllegalArgumentException("the objective cannot be evaluated at the starting values");
        int evaluations = 1;
        double convtol = reltol * (Math.abs(fv) + reltol);
        int n1 = n + 1;
        double[][] p = new double[n1 + 1][n1 + 1]; // p[i][j]: coordinate i (row n1-1: value) of vertex j; column n1: centroid
        p[n1 - 1][0] = fv;
        for (int i = 0; i < n; i++) p[i][0] = b[i];
        int low = 1;
        double size = 0;
        double step = 0;
        for (int i = 0; i < n; i++) step = Math.max(step, 0.1 * Math.abs(b[i]));
        if (step == 0) step = 0.1;
        for (int j = 2; j <= n1; j++) {
            for (int i = 0; i < n; i++) p[i][j - 1] = b[i];
            double trystep = step;
            while (p[j - 2][j - 1] == b[j - 2]) {
                p[j - 2][j - 1] = b[j - 2] + trystep;
                trystep *= 10;
            }
            size += trystep;
        }
        double oldsize = size;
        boolean calcvert = true;
        int c = n + 2;
        while (true) {
            if (calcvert) {
                for (int j = 0; j < n1; j++) {
                    if (j + 1 == low) continue;
                    for (int i = 0; i < n; i++) b[i] = p[i][j];
                    p[n1 - 1][j] = finite(f.applyAsDouble(b));
                    evaluations++;
                }
                calcvert = false;
            }
            double vl = p[n1 - 1][low - 1], vh = vl;
            int high = low;
            for (int j = 1; j <= n1; j++) {
                if (j == low) continue;
                double v = p[n1 - 1][j - 1];
                if (v < vl) {
                    low = j;
                    vl = v;
                }
                if (v > vh) {
                    high = j;
                    vh = v;
                }
            }
            if (vh <= vl + convtol) break;
            for (int i = 0; i < n; i++) {
                double t = -p[i][high - 1];
                for (int j = 0; j < n1; j++) t += p[i][j];
                p[i][c - 1] = t / n;
            }
            for (int i = 0; i < n; i++) b[i] = 2 * p[i][c - 1] - p[i][high - 1];
            double vr = finite(f.applyAsDouble(b));
            evaluations++;
            if (vr < vl) {
                p[n1 - 1][c - 1] = vr;
                for (int i = 0; i < n; i++) {
                    double e = 2 * b[i] - p[i][c - 1];
                    p[i][c - 1] = b[i];
                    b[i] = e;
                }
                double ve = finite(f.applyAsDouble(b));
                evaluations++;
                if (ve < vr) {
                    for (int i = 0; i < n; i++) p[i][high - 1] = b[i];
                    p[n1 - 1][high - 1] = ve;
                } else {
                    for (int i = 0; i < n; i++) p[i][high - 1] = p[i][c - 1];
                    p[n1 - 1][high - 1] = vr;
                }
            } else {
                if (vr < vh) {
                    for (int i = 0; i < n; i++) p[i][high - 1] = b[i];
                    p[n1 - 1][high - 1] = vr;
                }
                for (int i = 0; i < n; i++) b[i] = 0.5 * p[i][high - 1] + 0.5 * p[i][c - 1];
                double vc = finite(f.applyAsDouble(b));
                evaluations++;
                if (vc < p[n1 - 1][high - 1]) {
                    for (int i = 0; i < n; i++) p[i][high - 1] = b[i];
                    p[n1 - 1][high - 1] = vc;
                } else if (vr >= vh) { // shrink towards the best vertex
                    calcvert = true;
                    size = 0;
                    for (int j = 0; j < n1; j++) {
                        if (j + 1 == low) continue;
                        for (int i = 0; i < n; i++) {
                            p[i][j] = 0.5 * (p[i][j] - p[i][low - 1]) + p[i][low - 1];
                            size += Math.abs(p[i][j] - p[i][low - 1]);
                        }
                    }
                    if (size < oldsize) oldsize = size;
                    else break; // the simplex no longer shrinks
                }
            }
            if (evaluations > maxit) break;
        }
        double[] best = new double[n];
        for (int i = 0; i < n; i++) best[i] = p[i][low - 1];
        return new Minimum(best, p[n1 - 1][low - 1], evaluations);
    }

    private static double finite(double v) {
        return Double.isFinite(v) ? v : BIG;
    }
}
