package forecast.adapters.ml;

import forecast.domain.tuning.CategoricalDistribution;
import forecast.domain.tuning.Distribution;
import forecast.domain.tuning.FloatDistribution;
import forecast.domain.tuning.IntDistribution;
import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A weighted mixture with one kernel per observation of a parameter (plus the prior), built as
 * Optuna's univariate {@code _ParzenEstimator} builds it: truncated normals in the transformed space
 * (log for log scales) with bandwidths from the distances to neighbouring observations, clipped
 * by the "magic clip"; a grid (integers, stepped floats) uses the normals' mass per grid cell;
 * categoricals add 1 to the observed choice of a uniform prior row.
 *
 * <p>Values in and out are in the distribution's internal representation.
 */
final class ParzenEstimator {
    private static final double EPS = 1e-12;

    private final Distribution distribution;
    private final double[] weights;
    private final Kernels kernels;

    private ParzenEstimator(Distribution distribution, double[] weights, Kernels kernels) {
        this.distribution = distribution;
        this.weights = weights;
        this.kernels = kernels;
    }

    /** The estimator of {@code observations} (internal values, oldest first) of {@code distribution}. */
    static ParzenEstimator of(double[] observations, Distribution distribution, TpeSettings settings) {
        double[] x = Arrays.stream(observations).map(v -> transform(distribution, v)).toArray();
        return new ParzenEstimator(distribution, mixtureWeights(x.length, settings), kernels(x, distribution, settings, Double.NaN));
    }

    /**
     * The components for transformed observations {@code x} of {@code distribution}: numerical
     * kernels as wide as the gaps to their neighbours ({@code sigma0} NaN, univariate), or all
     * {@code sigma0} times the range wide (Optuna's multivariate rule); categorical rows either way.
     */
    static Kernels kernels(double[] x, Distribution distribution, TpeSettings settings, double sigma0) {
        return switch (distribution) {
            case CategoricalDistribution c -> categorical(x, c.choices().size(), settings);
            case FloatDistribution f when f.log() -> numerical(x, Math.log(f.low()), Math.log(f.high()), 0, settings, sigma0);
            case FloatDistribution f -> numerical(x, f.low(), f.high(), f.step() == null ? 0 : f.step(), settings, sigma0);
            // Optuna's "log-int hack": a continuous normal on [log(low - 1/2), log(high + 1/2)], rounded afterwards
            case IntDistribution i when i.log() -> numerical(x, Math.log(i.low() - 0.5), Math.log(i.high() + 0.5), 0, settings, sigma0);
            case IntDistribution i -> numerical(x, i.low(), i.high(), i.step(), settings, sigma0);
        };
    }

    /** The mixture's weights: the observations' (oldest first), then the prior's; they sum to 1. */
    double[] weights() {
        return weights.clone();
    }

    /** The components, in the order of {@link #weights()}. */
    Kernels kernels() {
        return kernels;
    }

    /** {@code size} values drawn from the mixture. */
    double[] sample(SplittableRandom random, int size) {
        int[] active = choose(random, size);
        double[] sampled = kernels.sample(active, random);
        for (int i = 0; i < size; i++) sampled[i] = untransform(sampled[i]);
        return sampled;
    }

    /** The mixture's log density (log mass, on a grid) at each of {@code values}. */
    double[] logPdf(double[] values) {
        double[] x = Arrays.stream(values).map(v -> transform(distribution, v)).toArray();
        return mixtureLogPdf(kernels.logPdf(x), weights);
    }

    /**
     * {@code log sum_k weights[k] exp(perKernel[i][k])} for each point i: the mixture's log density
     * from its components' (overwrites {@code perKernel}).
     */
    static double[] mixtureLogPdf(double[][] perKernel, double[] weights) {
        double[] out = new double[perKernel.length];
        for (int i = 0; i < perKernel.length; i++) {
            double[] row = perKernel[i];
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < weights.length; k++) {
                row[k] += Math.log(weights[k]);
                max = Math.max(max, row[k]);
            }
            if (max == Double.NEGATIVE_INFINITY) max = 0; // all zero: avoid -inf - -inf
            double sum = 0;
            for (double v : row) sum += Math.exp(v - max);
            out[i] = Math.log(sum) + max;
        }
        return out;
    }

    // The observations' weights (oldest first), then the prior's; the prior alone when nothing is observed.
    static double[] mixtureWeights(int n, TpeSettings settings) {
        if (n == 0) return new double[] {1.0};
        double[] w = Arrays.copyOf(settings.weights().apply(n), n + (settings.considerPrior() ? 1 : 0));
        for (int i = 0; i < n; i++)
            if (!(w[i] >= 0) || Double.isInfinite(w[i])) throw new IllegalArgumentException("weights must be finite and >= 0: " + w[i]);
        if (settings.considerPrior()) w[n] = settings.priorWeight();
        double sum = Arrays.stream(w).sum();
        if (!(sum > 0)) throw new IllegalArgumentException("weights must not all be 0");
        for (int i = 0; i < w.length; i++) w[i] /= sum;
        return w;
    }

    private static Kernels categorical(double[] observed, int nChoices, TpeSettings settings) {
        if (observed.length == 0) {
            double[][] uniform = {new double[nChoices]};
            Arrays.fill(uniform[0], 1.0 / nChoices);
            return new Kernels.Categorical(uniform);
        }
        int nKernels = observed.length + (settings.considerPrior() ? 1 : 0);
        double[][] w = new double[nKernels][nChoices];
        for (int k = 0; k < nKernels; k++) {
            Arrays.fill(w[k], settings.priorWeight() / nKernels);
            if (k < observed.length) w[k][(int) observed[k]] += 1;
            double sum = Arrays.stream(w[k]).sum();
            for (int c = 0; c < nChoices; c++) w[k][c] /= sum;
        }
        return new Kernels.Categorical(w);
    }

    // Optuna's _calculate_numerical_distributions (3.1: _calculate_numerical_params).
    private static Kernels numerical(double[] mus, double low, double high, double step, TpeSettings settings, double sigma0) {
        int n = mus.length;
        boolean considerPrior = settings.considerPrior() || n == 0;
        double priorMu = 0.5 * (low + high);
        double range = high - low + step;
        if (!Double.isNaN(sigma0)) return multivariate(mus, low, high, step, settings, sigma0, considerPrior, priorMu, range);
        double[] withPrior = considerPrior ? append(mus, priorMu) : mus;

        // Each kernel is as wide as the larger gap to its sorted neighbours (the range's ends count as neighbours).
        // A stable sort: numpy's argsort may order ties differently, which only permutes equal kernels.
        Integer[] order = IntStream.range(0, withPrior.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble(k -> withPrior[k]));
        int m = withPrior.length;
        double[] ends = new double[m + 2];
        ends[0] = low - step / 2;
        for (int r = 0; r < m; r++) ends[r + 1] = withPrior[order[r]];
        ends[m + 1] = high + step / 2;
        double[] sortedSigmas = new double[m];
        for (int r = 0; r < m; r++) sortedSigmas[r] = Math.max(ends[r + 1] - ends[r], ends[r + 2] - ends[r + 1]);
        if (!settings.considerEndpoints() && ends.length >= 4) {
            sortedSigmas[0] = ends[2] - ends[1];
            sortedSigmas[m - 1] = ends[m] - ends[m - 1];
        }
        double maxSigma = range;
        // the "magic clip": no kernel narrower than the range over the number of kernels (at most 100)
        double minSigma = settings.considerMagicClip() ? range / Math.min(100.0, 1.0 + n + (considerPrior ? 1 : 0)) : EPS;
        double[] sigmas = new double[n + (considerPrior ? 1 : 0)];
        for (int r = 0; r < m; r++) {
            int k = order[r];
            if (k < n) sigmas[k] = Math.min(Math.max(sortedSigmas[r], minSigma), maxSigma);
        }
        double[] kernelMus = mus;
        if (considerPrior) {
            kernelMus = append(mus, priorMu);
            sigmas[n] = range; // the prior is as wide as the whole range
        }
        return new Kernels.Numerical(kernelMus, sigmas, low, high, step, settings.equalHeightKernels());
    }

    // Optuna 3.1's multivariate branch: every observation's kernel sigma0 times the range wide, clipped
    // as the univariate ones (the magic clip counts the kernels with the prior), the prior the range.
    private static Kernels multivariate(double[] mus, double low, double high, double step, TpeSettings settings, double sigma0,
                                        boolean considerPrior, double priorMu, double range) {
        int n = mus.length;
        double minSigma = settings.considerMagicClip() ? range / Math.min(100.0, 1.0 + n + (considerPrior ? 1 : 0)) : EPS;
        double sigma = Math.min(Math.max(sigma0 * range, minSigma), range);
        double[] sigmas = new double[n + (considerPrior ? 1 : 0)];
        Arrays.fill(sigmas, sigma);
        double[] kernelMus = mus;
        if (considerPrior) {
            kernelMus = append(mus, priorMu);
            sigmas[n] = range;
        }
        return new Kernels.Numerical(kernelMus, sigmas, low, high, step, settings.equalHeightKernels());
    }

    // numpy's RandomState.choice(len(p), size, p=p): inverse CDF of one uniform per draw.
    private int[] choose(SplittableRandom random, int size) {
        return choose(weights, random, size);
    }

    static int[] choose(double[] weights, SplittableRandom random, int size) {
        double[] cdf = new double[weights.length];
        double total = 0;
        for (int k = 0; k < weights.length; k++) cdf[k] = total += weights[k];
        for (int k = 0; k < cdf.length; k++) cdf[k] /= total;
        int[] active = new int[size];
        for (int i = 0; i < size; i++) {
            double u = random.nextDouble();
            int k = 0;
            while (k < cdf.length - 1 && cdf[k] <= u) k++; // searchsorted(side="right"), kept in range
            active[i] = k;
        }
        return active;
    }

    static double transform(Distribution d, double v) {
        boolean log = d instanceof FloatDistribution f && f.log() || d instanceof IntDistribution i && i.log();
        return log ? Math.log(v) : v;
    }

    private double untransform(double x) {
        return untransform(distribution, x);
    }

    /** A value drawn in the transformed space as an internal value of {@code distribution}: back from log, onto the grid. */
    static double untransform(Distribution distribution, double x) {
        return switch (distribution) {
            case CategoricalDistribution c -> x;
            case FloatDistribution f -> f.log() ? Math.exp(x) : x;
            case IntDistribution i -> {
                double v = i.log() ? Math.exp(x) : x;
                yield Math.min(Math.max(i.low() + Math.rint((v - i.low()) / i.step()) * i.step(), i.low()), i.high());
            }
        };
    }

    private static double[] append(double[] values, double last) {
        double[] out = Arrays.copyOf(values, values.length + 1);
        out[values.length] = last;
        return out;
    }
}
