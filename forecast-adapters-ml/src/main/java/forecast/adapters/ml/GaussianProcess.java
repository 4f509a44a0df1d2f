package forecast.adapters.ml;

/**
 * A Gaussian-process regression on points of the unit cube, as Optuna 4's {@code optuna/_gp/gp.py}:
 * a Matérn-5/2 kernel with automatic relevance determination (one inverse squared length scale
 * per dimension), a kernel scale and a noise variance, all fitted by maximising the log marginal
 * likelihood plus Optuna's log priors ({@code optuna/_gp/prior.py}).
 *
 * <p>Squared distance: r² = Σ_d ils_d (u_d - v_d)² over continuous dimensions plus Σ_d ils_d [u_d ≠ v_d]
 * over categorical ones (Optuna's Hamming distance: a categorical's coordinate is its index, and
 * two choices are either equal or not). k(u, v) = scale (1 + √5 r + 5/3 r²) exp(-√5 r).
 *
 * <p>Hyperparameters are optimised in log space, θ = (log ils_1..d, log scale, log(noise - floor)),
 * by {@link Lbfgs} with the analytic gradient ½ tr((αα' - K⁻¹) ∂K/∂θ); the noise stays above
 * {@link #MIN_NOISE} so that K is positive definite even for a noiseless objective.
 * The targets are expected standardised (mean 0, variance 1), which the priors assume.
 */
final class GaussianProcess {
    /** Optuna's {@code DEFAULT_MINIMUM_NOISE_VAR}. */
    static final double MIN_NOISE = 1e-6;
    private static final int SECOND_START_UP_TO = 30;
    private static final double SQRT5 = Math.sqrt(5);
    private static final double LOG_2PI = Math.log(2 * Math.PI);
    // log-space bounds: wide enough never to bind in practice, they keep exp() finite
    private static final double LOG_ILS_LOW = Math.log(1e-4);
    private static final double LOG_ILS_HIGH = Math.log(1e4);
    private static final double LOG_SCALE_LOW = Math.log(1e-3);
    private static final double LOG_SCALE_HIGH = Math.log(1e3);
    private static final double LOG_NOISE_LOW = Math.log(1e-9);
    private static final double LOG_NOISE_HIGH = Math.log(10);

    private final double[][] x;
    private final boolean[] categorical;
    private final double[] ils;
    private final double scale;
    private final double noise;
    private final double[] alpha;   // K⁻¹ y
    private final double[] linv;    // L⁻¹ (row-major, lower), K = L L'

    private GaussianProcess(double[][] x, boolean[] categorical, double[] ils, double scale, double noise, double[] alpha, double[] linv) {
        this.x = x;
        this.categorical = categorical;
        this.ils = ils;
        this.scale = scale;
        this.noise = noise;
        this.alpha = alpha;
        this.linv = linv;
    }

    /** The fitted inverse squared length scales, kernel scale and noise variance, in that order. */
    double[] hyperparameters() {
        double[] h = new double[ils.length + 2];
        System.arraycopy(ils, 0, h, 0, ils.length);
        h[ils.length] = scale;
        h[ils.length + 1] = noise;
        return h;
    }

    /**
     * Fits the hyperparameters to {@code y} (standardised) at points {@code x} by maximum a posteriori
     * (marginal likelihood times Optuna's priors), with Optuna's tolerance (largest gradient
     * component 0.01). Optuna starts from its previous trial's fit (a cache), falling back to its
     * defaults (all 1); a stateless sampler has no previous fit, so it starts from every ils 1 and
     * scale 1 with noise 0.01 (not 1: a start where noise explains everything lies near that poor
     * optimum; not compared by measurement) and, up to {@value #SECOND_START_UP_TO} points, also from
     * length scales five times shorter (ils 25), and keeps the better: with few points the likelihood
     * can have a second mode there (a smooth trend against a wiggly interpolant). With more points
     * the two starts agreed in the few cases looked at, and a second fit would double the cost where
     * it is highest.
     */
    static GaussianProcess fit(double[][] x, boolean[] categorical, double[] y) {
        int d = categorical.length;
        var data = new Data(x, categorical, y);
        double[] lower = new double[d + 2];
        double[] upper = new double[d + 2];
        for (int i = 0; i < d; i++) {
            lower[i] = LOG_ILS_LOW;
            upper[i] = LOG_ILS_HIGH;
        }
        lower[d] = LOG_SCALE_LOW;
        upper[d] = LOG_SCALE_HIGH;
        lower[d + 1] = LOG_NOISE_LOW;
        upper[d + 1] = LOG_NOISE_HIGH;
        Lbfgs.Minimum best = null;
        for (double startIls : x.length <= SECOND_START_UP_TO ? new double[] {1, 25} : new double[] {1}) {
            double[] theta = new double[d + 2];
            java.util.Arrays.fill(theta, 0, d, Math.log(startIls));
            theta[d] = 0;
            theta[d + 1] = Math.log(0.01 - MIN_NOISE);
            var m = Lbfgs.minimize((t, g) -> {
                double v = -data.logPosterior(t, g, true);
                for (int i = 0; i < g.length; i++) g[i] = -g[i];
                return v;
            }, theta, lower, upper, 100, 1e-2);
            if (best == null || m.value() < best.value() || !Double.isFinite(best.value())) best = m;
        }
        return data.at(best.point());
    }

    /**
     * The log marginal likelihood of {@code y} at hyperparameters θ = (log ils.., log scale,
     * log(noise - {@link #MIN_NOISE})), with Optuna's log priors when {@code prior}; its gradient
     * in θ goes to {@code gradient}. -∞ when K is not positive definite.
     */
    static double logMarginal(double[][] x, boolean[] categorical, double[] y, double[] theta, double[] gradient, boolean prior) {
        return new Data(x, categorical, y).logPosterior(theta, gradient, prior);
    }

    /** The posterior mean and variance of the latent function at {@code u}: {mean, variance}. */
    double[] posterior(double[] u) {
        int n = x.length;
        double[] k = new double[n];
        for (int i = 0; i < n; i++) k[i] = kernel(u, x[i], null, 0);
        double mean = 0;
        for (int i = 0; i < n; i++) mean += k[i] * alpha[i];
        double[] v = lowerTimes(k);
        double quad = 0;
        for (double e : v) quad += e * e;
        return new double[] {mean, Math.max(scale - quad, 1e-12 * scale)};
    }

    /**
     * log EI at {@code u} over {@code best} (of the latent, maximised), and its gradient in the
     * continuous coordinates of {@code u} into {@code gradient} (0 for categorical ones) if not null.
     */
    double logEi(double[] u, double best, double[] gradient) {
        int n = x.length;
        int d = u.length;
        double[] k = new double[n];
        double[] dkdr2 = gradient == null ? null : new double[n];
        for (int i = 0; i < n; i++) k[i] = kernel(u, x[i], dkdr2, i);
        double mean = 0;
        for (int i = 0; i < n; i++) mean += k[i] * alpha[i];
        double[] v = lowerTimes(k);
        double quad = 0;
        for (double e : v) quad += e * e;
        double floor = 1e-12 * scale;
        double variance = Math.max(scale - quad, floor);
        double sigma = Math.sqrt(variance);
        double z = (mean - best) / sigma;
        double value = Math.log(sigma) + LogEi.logH(z);
        if (gradient == null) return value;
        double slope = LogEi.dLogH(z);
        double byMean = slope / sigma;
        double bySigma = (1 - z * slope) / sigma;
        double[] w = upperTimes(v); // K⁻¹ k
        java.util.Arrays.fill(gradient, 0);
        boolean clipped = scale - quad <= floor;
        for (int i = 0; i < n; i++) {
            // dk_i/du_d = dk/dr² · 2 ils_d (u_d - x_id); dμ = Σ α_i dk_i; dσ² = -2 Σ (K⁻¹k)_i dk_i
            double common = dkdr2[i] * 2 * (byMean * alpha[i] + (clipped ? 0 : bySigma * (-2 * w[i]) / (2 * sigma)));
            for (int j = 0; j < d; j++) if (!categorical[j]) gradient[j] += common * ils[j] * (u[j] - x[i][j]);
        }
        return value;
    }

    // k(u, v), and dk/dr² into derivative[i] if not null
    private double kernel(double[] u, double[] v, double[] derivative, int i) {
        double r2 = 0;
        for (int j = 0; j < u.length; j++) {
            if (categorical[j]) {
                if (u[j] != v[j]) r2 += ils[j];
            } else {
                double diff = u[j] - v[j];
                r2 += ils[j] * diff * diff;
            }
        }
        double r = Math.sqrt(r2);
        double e = Math.exp(-SQRT5 * r);
        if (derivative != null) derivative[i] = -5.0 / 6 * scale * (1 + SQRT5 * r) * e;
        return scale * (1 + SQRT5 * r + 5.0 / 3 * r2) * e;
    }

    // L⁻¹ k
    private double[] lowerTimes(double[] k) {
        int n = k.length;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            int row = i * n;
            for (int j = 0; j <= i; j++) s += linv[row + j] * k[j];
            v[i] = s;
        }
        return v;
    }

    // L⁻ᵀ v
    private double[] upperTimes(double[] v) {
        int n = v.length;
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            double vi = v[i];
            int row = i * n;
            for (int j = 0; j <= i; j++) w[j] += linv[row + j] * vi;
        }
        return w;
    }

    /** The training data with its pairwise squared differences, shared by every likelihood evaluation of a fit. */
    private static final class Data {
        final double[][] x;
        final boolean[] categorical;
        final double[] y;
        final int n;
        final int d;
        final double[] sq; // (pair i<j, dimension) squared difference (or 0/1 for a categorical)
        final double[] k;
        final double[] chol;
        final double[] inv;
        final double[] kinv;
        final double[] dkdr2;

        Data(double[][] x, boolean[] categorical, double[] y) {
            this.x = x;
            this.categorical = categorical;
            this.y = y;
            this.n = y.length;
            this.d = categorical.length;
            int pairs = n * (n - 1) / 2;
            sq = new double[pairs * d];
            int p = 0;
            for (int i = 0; i < n; i++)
                for (int j = 0; j < i; j++, p++)
                    for (int c = 0; c < d; c++) {
                        double diff = x[i][c] - x[j][c];
                        sq[p * d + c] = categorical[c] ? (diff != 0 ? 1 : 0) : diff * diff;
                    }
            k = new double[n * n];
            chol = new double[n * n];
            inv = new double[n * n];
            kinv = new double[n * n];
            dkdr2 = new double[pairs];
        }

        // fills k (with noise on the diagonal) and dkdr2; returns false if K is not positive definite
        private boolean factor(double[] ils, double scale, double noise) {
            int p = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < i; j++, p++) {
                    double r2 = 0;
                    int base = p * d;
                    for (int c = 0; c < d; c++) r2 += ils[c] * sq[base + c];
                    double r = Math.sqrt(r2);
                    double e = Math.exp(-SQRT5 * r);
                    double kij = scale * (1 + SQRT5 * r + 5.0 / 3 * r2) * e;
                    k[i * n + j] = kij;
                    k[j * n + i] = kij;
                    dkdr2[p] = -5.0 / 6 * scale * (1 + SQRT5 * r) * e;
                }
                k[i * n + i] = scale + noise;
            }
            // Cholesky, lower, row-major
            for (int i = 0; i < n; i++) {
                int ri = i * n;
                for (int j = 0; j <= i; j++) {
                    int rj = j * n;
                    double s = k[ri + j];
                    for (int m = 0; m < j; m++) s -= chol[ri + m] * chol[rj + m];
                    if (i == j) {
                        if (!(s > 0)) return false;
                        chol[ri + i] = Math.sqrt(s);
                    } else {
                        chol[ri + j] = s / chol[rj + j];
                    }
                }
            }
            // L⁻¹ (lower), by forward substitution column by column
            // (row i: L⁻¹_ij = -Σ_{j<=m<i} L_im L⁻¹_mj / L_ii, summed a row of L⁻¹ at a time)
            java.util.Arrays.fill(inv, 0);
            for (int i = 0; i < n; i++) {
                int ri = i * n;
                for (int m = 0; m < i; m++) {
                    double lim = chol[ri + m];
                    int rm = m * n;
                    for (int j = 0; j <= m; j++) inv[ri + j] -= lim * inv[rm + j];
                }
                double diagonal = 1 / chol[ri + i];
                for (int j = 0; j < i; j++) inv[ri + j] *= diagonal;
                inv[ri + i] = diagonal;
            }
            return true;
        }

        // α = K⁻¹ y = L⁻ᵀ (L⁻¹ y), from the last factor()
        private double[] alpha() {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = 0; j <= i; j++) s += inv[i * n + j] * y[j];
                v[i] = s;
            }
            double[] a = new double[n];
            for (int i = 0; i < n; i++) for (int j = 0; j <= i; j++) a[j] += inv[i * n + j] * v[i];
            return a;
        }

        double logPosterior(double[] theta, double[] gradient, boolean prior) {
            double[] ils = new double[d];
            for (int c = 0; c < d; c++) ils[c] = Math.exp(theta[c]);
            double scale = Math.exp(theta[d]);
            double noiseExcess = Math.exp(theta[d + 1]);
            double noise = MIN_NOISE + noiseExcess;
            if (!factor(ils, scale, noise)) {
                java.util.Arrays.fill(gradient, 0);
                return Double.NEGATIVE_INFINITY;
            }
            double[] a = alpha();
            double value = -0.5 * n * LOG_2PI;
            for (int i = 0; i < n; i++) value += -0.5 * y[i] * a[i] - Math.log(chol[i * n + i]);
            // K⁻¹ = L⁻ᵀ L⁻¹, accumulated row by row of L⁻¹ (lower triangle of K⁻¹ only); W = αα' - K⁻¹
            java.util.Arrays.fill(kinv, 0);
            for (int m = 0; m < n; m++) {
                int rm = m * n;
                for (int i = 0; i <= m; i++) {
                    double lmi = inv[rm + i];
                    if (lmi == 0) continue;
                    int ri = i * n;
                    for (int j = 0; j <= i; j++) kinv[ri + j] += lmi * inv[rm + j];
                }
            }
            java.util.Arrays.fill(gradient, 0);
            double traceW = 0;
            double scaleGradient = 0;
            int p = 0;
            for (int i = 0; i < n; i++) {
                int ri = i * n;
                double wII = a[i] * a[i] - kinv[ri + i];
                traceW += wII;
                scaleGradient += 0.5 * wII * scale;
                for (int j = 0; j < i; j++, p++) {
                    double w = a[i] * a[j] - kinv[ri + j];
                    // both (i,j) and (j,i): ½ · 2
                    scaleGradient += w * k[ri + j];
                    double wg = w * dkdr2[p];
                    int base = p * d;
                    for (int c = 0; c < d; c++) gradient[c] += wg * sq[base + c];
                }
            }
            for (int c = 0; c < d; c++) gradient[c] *= ils[c];
            gradient[d] = scaleGradient;
            gradient[d + 1] = 0.5 * traceW * noiseExcess;
            if (prior) {
                // Optuna's default_log_prior: -(0.1/ils + 0.1 ils) per dimension, Gamma(2, 1) on the
                // scale and Gamma(1.1, 30) on the noise (which favours little noise)
                for (int c = 0; c < d; c++) {
                    value += -(0.1 / ils[c] + 0.1 * ils[c]);
                    gradient[c] += 0.1 / ils[c] - 0.1 * ils[c];
                }
                value += Math.log(scale) - scale;
                gradient[d] += 1 - scale;
                value += 0.1 * Math.log(noise) - 30 * noise;
                gradient[d + 1] += (0.1 / noise - 30) * noiseExcess;
            }
            return value;
        }

        GaussianProcess at(double[] theta) {
            double[] ils = new double[d];
            for (int c = 0; c < d; c++) ils[c] = Math.exp(theta[c]);
            double scale = Math.exp(theta[d]);
            double noise = MIN_NOISE + Math.exp(theta[d + 1]);
            if (!factor(ils, scale, noise)) throw new IllegalStateException("the kernel matrix is not positive definite");
            double[] a = alpha();
            return new GaussianProcess(x, categorical, ils, scale, noise, a, inv.clone());
        }
    }
}
