package forecast.adapters.ml;

import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;

/**
 * The settings of {@link TpeSampler}, named as Optuna's {@code TPESampler} arguments.
 *
 * @param considerPrior     add a prior component (a wide normal at the range's centre, or a uniform categorical)
 * @param priorWeight       the prior component's weight, > 0
 * @param considerMagicClip keep bandwidths at least {@code range / min(100, 1 + kernels)}
 * @param considerEndpoints let the outermost kernels' bandwidths reach to the range's ends
 * @param nStartupTrials    sample at random until this many trials are complete or pruned
 * @param nEiCandidates     candidates drawn from l(x) to pick the best l(x)/g(x) from
 * @param gamma             how many of {@code n} complete or pruned trials form l(x), the good group
 * @param weights           the weights of {@code n} observations, oldest first
 * @param equalHeightKernels score candidates as Optuna 3.0-3.4 did: in l(x) and g(x) each continuous
 *                          kernel counts with its density times its bandwidth (no {@code -log sigma}),
 *                          see {@link Kernels.Numerical}; false for the exact mixture density of
 *                          Optuna 3.5 and later. Optuna 3.1's multivariate estimator scores with the
 *                          same {@code logpdf}, so the flag applies to both.
 * @param multivariate      propose the parameters of the relative search space jointly
 *                          ({@link MultivariateParzenEstimator}), with one bandwidth per parameter
 *                          by Scott's rule; as in Optuna, that bandwidth rule then also applies to
 *                          the parameters sampled one at a time
 * @param group             (with {@code multivariate}) split the relative search space into groups of
 *                          parameters that always occur together, for conditional (define-by-run)
 *                          spaces, and propose each group jointly; without it, only the parameters
 *                          every finished trial has are proposed jointly
 * @param constantLiar      count the other RUNNING trials as the worst results, in g(x), so that
 *                          workers tuning one study at once do not propose the same point
 */
record TpeSettings(boolean considerPrior, double priorWeight, boolean considerMagicClip, boolean considerEndpoints,
                   int nStartupTrials, int nEiCandidates, IntUnaryOperator gamma, IntFunction<double[]> weights,
                   boolean equalHeightKernels, boolean multivariate, boolean group, boolean constantLiar) {
    /**
     * Optuna 3.1's {@code TPESampler()}: the arguments' defaults, which 3.x and 4.x share
     * (independent sampling, no constant liar), and 3.1's scoring of candidates
     * ({@code equalHeightKernels}), which finds better values on bench/tuning's functions than the
     * exact density of 3.5 and later.
     */
    static final TpeSettings OPTUNA_DEFAULTS = new TpeSettings(true, 1.0, true, false, 10, 24, TpeSettings::defaultGamma,
            TpeSettings::defaultWeights, true, false, false, false);

    /**
     * The registered {@code tpe}: {@link #OPTUNA_DEFAULTS} with the constant liar. A study with one
     * worker never has another trial running while one samples, so the liar changes nothing there;
     * workers sharing one study ({@code parallelism} > 1, several ask-and-tell clients, several
     * replicas) would otherwise all propose the same point from the same finished trials, and with
     * it each sees the others' pending points as bad ones and proposes elsewhere.
     */
    static final TpeSettings TPE = OPTUNA_DEFAULTS.withConstantLiar(true);

    /**
     * The registered {@code multivariate_tpe}: Optuna 3.1's
     * {@code TPESampler(multivariate=True, group=True, constant_liar=True)} (the liar for the reason
     * given at {@link #TPE}), with 3.1's scoring.
     */
    static final TpeSettings MULTIVARIATE_TPE = TPE.withMultivariate(true, true);

    TpeSettings {
        if (considerPrior && !(priorWeight > 0)) throw new IllegalArgumentException("prior weight must be > 0, not " + priorWeight);
        if (nStartupTrials < 0) throw new IllegalArgumentException("n_startup_trials must be >= 0");
        if (nEiCandidates < 1) throw new IllegalArgumentException("n_ei_candidates must be >= 1");
        if (gamma == null || weights == null) throw new IllegalArgumentException("gamma and weights are required");
        if (group && !multivariate) throw new IllegalArgumentException("group can only be enabled with multivariate");
    }

    /** Independent sampling without the constant liar (Optuna's defaults for those three). */
    TpeSettings(boolean considerPrior, double priorWeight, boolean considerMagicClip, boolean considerEndpoints, int nStartupTrials,
                int nEiCandidates, IntUnaryOperator gamma, IntFunction<double[]> weights, boolean equalHeightKernels) {
        this(considerPrior, priorWeight, considerMagicClip, considerEndpoints, nStartupTrials, nEiCandidates, gamma, weights,
                equalHeightKernels, false, false, false);
    }

    /** Optuna's {@code default_gamma}: the best 10%, rounded up, at most 25. */
    static int defaultGamma(int n) {
        return Math.min((int) Math.ceil(0.1 * n), 25);
    }

    /**
     * Optuna's {@code default_weights}: equal weights below 25 observations; beyond, the newest 25
     * weigh 1 and the older ones ramp linearly from {@code 1/n} up to 1 (older results matter less).
     */
    static double[] defaultWeights(int n) {
        double[] w = new double[n];
        int ramp = n < 25 ? 0 : n - 25;
        for (int i = 0; i < n; i++) w[i] = i < ramp ? linspace(1.0 / n, 1.0, ramp, i) : 1.0;
        return w;
    }

    // numpy's linspace(start, stop, num)[i]
    private static double linspace(double start, double stop, int num, int i) {
        if (num == 1) return start;
        double step = (stop - start) / (num - 1);
        return i == num - 1 ? stop : start + i * step;
    }

    TpeSettings withStartupTrials(int n) {
        return new TpeSettings(considerPrior, priorWeight, considerMagicClip, considerEndpoints, n, nEiCandidates, gamma, weights,
                equalHeightKernels, multivariate, group, constantLiar);
    }

    TpeSettings withEqualHeightKernels(boolean equalHeights) {
        return new TpeSettings(considerPrior, priorWeight, considerMagicClip, considerEndpoints, nStartupTrials, nEiCandidates, gamma,
                weights, equalHeights, multivariate, group, constantLiar);
    }

    TpeSettings withMultivariate(boolean multivariate, boolean group) {
        return new TpeSettings(considerPrior, priorWeight, considerMagicClip, considerEndpoints, nStartupTrials, nEiCandidates, gamma,
                weights, equalHeightKernels, multivariate, group, constantLiar);
    }

    TpeSettings withConstantLiar(boolean liar) {
        return new TpeSettings(considerPrior, priorWeight, considerMagicClip, considerEndpoints, nStartupTrials, nEiCandidates, gamma,
                weights, equalHeightKernels, multivariate, group, liar);
    }
}
