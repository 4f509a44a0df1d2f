package forecast.adapters.ml;

import forecast.domain.tuning.Distribution;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A Parzen estimator over several parameters at once, as Optuna 3.1's {@code _ParzenEstimator}
 * builds it with {@code multivariate=True}: one component per observed trial (plus the prior), each
 * the product of one kernel per parameter, so that a draw picks a trial's component and then a value
 * near that trial's value of every parameter. Each parameter's kernels are {@link ParzenEstimator}'s
 * ({@link Kernels}: truncated normals in the transformed space, grids, categoricals, the prior and the
 * magic clip), except that every observation's kernel of a numerical parameter has the same width,
 * {@code 0.2 * n^(-1 / (d + 4))} times the range (Scott's rule as BOHB uses it, for {@code n}
 * observations of {@code d} parameters), instead of the gaps to its neighbours.
 *
 * <p>Values in and out are internal representations, by parameter name in the search space's order.
 */
final class MultivariateParzenEstimator {
    /** Optuna's {@code SIGMA0_MAGNITUDE}. */
    static final double SIGMA0_MAGNITUDE = 0.2;

    private final Map<String, Distribution> space;
    private final double[] weights;
    private final Map<String, Kernels> kernels;

    private MultivariateParzenEstimator(Map<String, Distribution> space, double[] weights, Map<String, Kernels> kernels) {
        this.space = space;
        this.weights = weights;
        this.kernels = kernels;
    }

    /**
     * The estimator of {@code observations}: for each parameter of {@code space}, its internal values
     * in the same trials, oldest first (all arrays of one length).
     */
    static MultivariateParzenEstimator of(Map<String, double[]> observations, Map<String, Distribution> space, TpeSettings settings) {
        if (space.isEmpty()) throw new IllegalArgumentException("an empty search space");
        int n = observations.get(space.keySet().iterator().next()).length;
        double sigma0 = sigma0(n, space.size());
        var ordered = new LinkedHashMap<String, Distribution>(space);
        var kernels = new LinkedHashMap<String, Kernels>();
        for (var e : ordered.entrySet()) {
            double[] values = observations.get(e.getKey());
            if (values.length != n) throw new IllegalArgumentException("every parameter needs " + n + " observations: " + e.getKey());
            double[] x = Arrays.stream(values).map(v -> ParzenEstimator.transform(e.getValue(), v)).toArray();
            kernels.put(e.getKey(), ParzenEstimator.kernels(x, e.getValue(), settings, sigma0));
        }
        return new MultivariateParzenEstimator(ordered, ParzenEstimator.mixtureWeights(n, settings), kernels);
    }

    /** Optuna's {@code _precompute_sigmas0}: Scott's rule's factor for {@code n} observations (at least 1) of {@code d} parameters. */
    static double sigma0(int n, int d) {
        return SIGMA0_MAGNITUDE * Math.pow(Math.max(n, 1), -1.0 / (d + 4));
    }

    /** The mixture's weights: the observations' (oldest first), then the prior's; they sum to 1. */
    double[] weights() {
        return weights.clone();
    }

    /** Parameter {@code name}'s kernels, in the order of {@link #weights()}. */
    Kernels kernels(String name) {
        return kernels.get(name);
    }

    /** The parameters, in the order they are sampled. */
    List<String> names() {
        return List.copyOf(space.keySet());
    }

    /** {@code size} joint draws: each draw's component is chosen once and gives every parameter's kernel. */
    Map<String, double[]> sample(SplittableRandom random, int size) {
        int[] active = ParzenEstimator.choose(weights, random, size);
        var out = new LinkedHashMap<String, double[]>();
        for (var e : space.entrySet()) {
            double[] sampled = kernels.get(e.getKey()).sample(active, random);
            for (int i = 0; i < size; i++) sampled[i] = ParzenEstimator.untransform(e.getValue(), sampled[i]);
            out.put(e.getKey(), sampled);
        }
        return out;
    }

    /** The mixture's log density at each joint point: {@code log sum_k w_k prod_p kernel_kp(x_p)}. */
    double[] logPdf(Map<String, double[]> values) {
        int size = values.get(space.keySet().iterator().next()).length;
        double[][] perComponent = new double[size][weights.length];
        for (var e : space.entrySet()) {
            double[] x = Arrays.stream(values.get(e.getKey())).map(v -> ParzenEstimator.transform(e.getValue(), v)).toArray();
            double[][] log = kernels.get(e.getKey()).logPdf(x);
            for (int i = 0; i < size; i++)
                for (int k = 0; k < weights.length; k++) perComponent[i][k] += log[i][k];
        }
        return ParzenEstimator.mixtureLogPdf(perComponent, weights);
    }
}
