package forecast.adapters.ml;

/**
 * A small limited-memory BFGS minimiser in a box (bounds may be infinite), for the Gaussian-process
 * sampler's two inner problems: its hyperparameters (marginal likelihood) and the acquisition
 * function. commons-math3 has no L-BFGS, hence this one.
 *
 * <p>It is a projected variant, simpler than L-BFGS-B: variables at a bound whose gradient points
 * outwards are held there for the step; the two-loop recursion gives the direction over the others;
 * a backtracking (Armijo) line search walks along the path clipped to the box. Pairs with too little
 * curvature are not stored. It stops when the projected gradient is below {@code gradientTolerance}
 * (largest component), when the value no longer falls, or after {@code maxIterations}. A non-finite
 * value counts as a failed step. Deterministic: no randomness.
 */
final class Lbfgs {
    private static final int MEMORY = 10;

    private Lbfgs() {}

    /** A function and its gradient: returns f(x) and writes the gradient into {@code gradient}. */
    @FunctionalInterface
    interface Objective {
        double value(double[] x, double[] gradient);
    }

    /** The lowest point found and its value. */
    record Minimum(double[] point, double value, int iterations) {}

    static Minimum minimize(Objective f, double[] start, double[] lower, double[] upper, int maxIterations, double gradientTolerance) {
        int n = start.length;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = clip(start[i], lower[i], upper[i]);
        double[] g = new double[n];
        double fx = f.value(x, g);
        if (!Double.isFinite(fx)) return new Minimum(x, fx, 0);
        double[][] s = new double[MEMORY][];
        double[][] y = new double[MEMORY][];
        double[] rho = new double[MEMORY];
        int stored = 0;
        int head = 0; // index of the oldest pair when full
        double[] d = new double[n];
        double[] xNew = new double[n];
        double[] gNew = new double[n];
        double[] alpha = new double[MEMORY];
        int iteration = 0;
        while (iteration < maxIterations) {
            iteration++;
            boolean[] free = new boolean[n];
            double largest = 0;
            for (int i = 0; i < n; i++) {
                free[i] = !(x[i] <= lower[i] && g[i] > 0 || x[i] >= upper[i] && g[i] < 0);
                if (free[i]) largest = Math.max(largest, Math.abs(g[i]));
            }
            if (largest < gradientTolerance) break;
            // two-loop recursion over the free variables
            for (int i = 0; i < n; i++) d[i] = free[i] ? -g[i] : 0;
            for (int k = stored - 1; k >= 0; k--) {
                int j = (head + k) % MEMORY;
                alpha[j] = rho[j] * dot(s[j], d, free);
                axpy(-alpha[j], y[j], d, free);
            }
            if (stored > 0) {
                int last = (head + stored - 1) % MEMORY;
                double yy = dot(y[last], y[last], free);
                double gamma = yy > 0 ? dot(s[last], y[last], free) / yy : 1;
                if (gamma > 0) for (int i = 0; i < n; i++) d[i] *= gamma;
            }
            for (int k = 0; k < stored; k++) {
                int j = (head + k) % MEMORY;
                double beta = rho[j] * dot(y[j], d, free);
                axpy(alpha[j] - beta, s[j], d, free);
            }
            double slope = 0;
            for (int i = 0; i < n; i++) slope += g[i] * d[i];
            if (!(slope < 0)) { // not a descent direction: forget the curvature and go down the gradient
                stored = 0;
                head = 0;
                for (int i = 0; i < n; i++) d[i] = free[i] ? -g[i] : 0;
            }
            // the first step (no curvature known yet) is kept to a unit move of the largest component
            double t = stored == 0 ? Math.min(1, 1 / maxAbs(d)) : 1;
            double fNew = Double.NaN;
            boolean moved = false;
            for (int tries = 0; tries < 40; tries++) {
                double decrease = 0;
                for (int i = 0; i < n; i++) {
                    xNew[i] = clip(x[i] + t * d[i], lower[i], upper[i]);
                    decrease += g[i] * (xNew[i] - x[i]);
                }
                fNew = f.value(xNew, gNew);
                if (Double.isFinite(fNew) && fNew <= fx + 1e-4 * decrease) {
                    moved = true;
                    break;
                }
                t *= 0.5;
            }
            if (!moved) break;
            int slot = stored < MEMORY ? (head + stored) % MEMORY : head;
            double[] sk = new double[n];
            double[] yk = new double[n];
            double sy = 0;
            for (int i = 0; i < n; i++) {
                sk[i] = xNew[i] - x[i];
                yk[i] = gNew[i] - g[i];
                sy += sk[i] * yk[i];
            }
            if (sy > 1e-10 * Math.sqrt(dot(yk, yk, null) * dot(sk, sk, null))) {
                s[slot] = sk;
                y[slot] = yk;
                rho[slot] = 1 / sy;
                if (stored < MEMORY) stored++;
                else head = (head + 1) % MEMORY;
            }
            double previous = fx;
            System.arraycopy(xNew, 0, x, 0, n);
            System.arraycopy(gNew, 0, g, 0, n);
            fx = fNew;
            if (previous - fx <= 1e-12 * Math.max(1, Math.abs(fx))) break;
        }
        return new Minimum(x, fx, iteration);
    }

    private static double clip(double v, double low, double high) {
        return Math.min(Math.max(v, low), high);
    }

    private static double dot(double[] a, double[] b, boolean[] free) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) if (free == null || free[i]) sum += a[i] * b[i];
        return sum;
    }

    private static void axpy(double a, double[] x, double[] y, boolean[] free) {
        for (int i = 0; i < x.length; i++) if (free[i]) y[i] += a * x[i];
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double e : v) m = Math.max(m, Math.abs(e));
        return m == 0 ? 1 : m;
    }
}
