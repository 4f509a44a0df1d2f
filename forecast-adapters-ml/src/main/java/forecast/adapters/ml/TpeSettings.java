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
 *                          Optuna 3.5 and later
 */
record TpeSettings(boolean considerPrior, double priorWeight, boolean considerMagicClip, boolean considerEndpoints,
                   int nStartupTrials, int nEiCandidates, IntUnaryOperator gamma, IntFunction<double[]> weights,
                   boolean equalHeightKernels) {
    /**
     * Optuna 3.1's defaults for independent (not multivariate) sampling: the arguments' defaults,
     * which 3.x and 4.x share, and 3.1's scoring of candidates ({@code equalHeightKernels}), which
     * finds better values on bench/tuning's functions than the exact density of 3.5 and later.
     */
    static final TpeSettings OPTUNA_DEFAULTS =
            new TpeSettings(true, 1.0, true, false, 10, 24, TpeSettings::defaultGamma, TpeSettings::defaultWeights, true);

    TpeSettings {
        if (considerPrior && !(priorWeight > 0)) throw new IllegalArgumentException("prior weight must be > 0, not " + priorWeight);
        if (nStartupTrials < 0) throw new IllegalArgumentException("n_startup_trials must be >= 0");
        if (nEiCandidates < 1) throw new IllegalArgumentException("n_ei_candidates must be >= 1");
        if (gamma == null || weights == null) throw new IllegalArgumentException("gamma and weights are required");
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
                equalHeightKernels);
    }

    TpeSettings withEqualHeightKernels(boolean equalHeights) {
        return new TpeSettings(considerPrior, priorWeight, considerMagicClip, considerEndpoints, nStartupTrials, nEiCandidates, gamma,
                weights, equalHeights);
    }
}
